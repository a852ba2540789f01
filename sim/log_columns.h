#pragma once
// Internal to the log tables: field layouts and small JSON composition helpers shared by the
// per-table column files (log_signin.cpp, log_audit.cpp, log_office.cpp).
#include <string>

#include "engine/hash.h"
#include "engine/log_store.h"
#include "sim/tenant.h"

namespace td::sim::cols {

// Field layouts (field 0 is always the time).
namespace si { enum : int { kTime, kRid, kUser, kApp, kRes, kSrc, kDev, kSess, kResult, kFlags, kAuth, kGate, kCorr, kCount }; }
namespace sp { enum : int { kTime, kRid, kSp, kRes, kSrc, kResult, kCorr, kGate, kCount }; }
namespace au { enum : int { kTime, kRid, kOp, kActor, kTarget, kTarget2, kModified, kExtra, kCorr, kSrc, kDev, kResult, kGate, kCount }; }
namespace of { enum : int { kTime, kRid, kOp, kUser, kMailbox, kObject, kSrc, kSess, kApp, kDetail, kCount_, kResult, kGate, kCount }; }

// Id namespaces: each table's row ids come from its own hash namespace.
inline constexpr uint64_t kNsSignIn = 0x51, kNsNonInteractive = 0x52, kNsSpSignIn = 0x53, kNsAudit = 0x54,
                          kNsOffice = 0x55, kNsSession = 0x56, kNsCorrelation = 0x57, kNsMessage = 0x58, kNsToken = 0x59;

inline uint64_t F(const engine::LogTable& t, int field, size_t row) { return t.Field(static_cast<size_t>(field), row); }
inline uint32_t F32(const engine::LogTable& t, int field, size_t row) {
  return static_cast<uint32_t>(t.Field(static_cast<size_t>(field), row));
}

inline void Kv(std::string& o, const char* key, std::string_view value, bool first = false) {
  if (!first) o.push_back(',');
  o.push_back('"');
  o += key;
  o += "\":";
  engine::AppendJsonString(o, value);
}
inline void KvRaw(std::string& o, const char* key, std::string_view raw, bool first = false) {
  if (!first) o.push_back(',');
  o.push_back('"');
  o += key;
  o += "\":";
  o += raw;
}

std::string_view SourceIp(const Tenant& t, uint32_t src);
void AppendLocationJson(std::string& o, const Tenant& t, uint32_t src);  // LocationDetails
void AppendDeviceJson(std::string& o, const Tenant& t, uint32_t dev);    // DeviceDetail
std::string_view UserAgentFor(const Tenant& t, uint32_t dev, uint32_t app);
bool IsRichClient(const App& app);

}  // namespace td::sim::cols

namespace td::sim {
class TenantLogs;
// Shared by the alert and mail-flow tables (sim/alert_tables.cpp, sim/log_alerts_*.cpp).
namespace alerts {
engine::LogTable& TableOf(TenantLogs& logs, std::string_view name);  // aborts: every table is built up front
uint64_t NextRid(const engine::LogTable& t);                          // row id: committed + staged rows
uint32_t InternOrEmpty(TenantLogs& logs, std::string_view s);         // 0 for the empty string
}  // namespace alerts
}  // namespace td::sim
