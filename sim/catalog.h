#pragma once
// Fixed facts of the Microsoft cloud that every tenant shares: first-party applications and
// resources with their real app ids, sign-in result codes with their real descriptions.
#include <cstdint>
#include <string_view>

namespace td::sim {

struct AppInfo {
  std::string_view app_id;
  std::string_view name;
  bool resource;
};

// First-party apps and resource APIs (real, public application ids).
namespace app {
inline constexpr AppInfo kExchange{"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", true};
inline constexpr AppInfo kGraph{"00000003-0000-0000-c000-000000000000", "Microsoft Graph", true};
inline constexpr AppInfo kSharePoint{"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online", true};
inline constexpr AppInfo kAzureMgmt{"797f4846-ba00-4fd7-ba43-dac1f8f63013", "Windows Azure Service Management API", true};
inline constexpr AppInfo kOfficeHome{"4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome", false};
inline constexpr AppInfo kOutlookWeb{"9199bf20-a13f-4107-85dc-02114787ef48", "One Outlook Web", false};
inline constexpr AppInfo kOffice{"d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office", false};
inline constexpr AppInfo kTeams{"1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams", false};
inline constexpr AppInfo kOutlookMobile{"27922004-5251-4030-b22d-91ecd9a37ea4", "Outlook Mobile", false};
inline constexpr AppInfo kOneDriveSync{"ab9b8c07-8f02-4f72-87fa-80105867a763", "OneDrive SyncEngine", false};
inline constexpr AppInfo kAzurePortal{"c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal", false};
inline constexpr AppInfo kAuthBroker{"29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Authentication Broker", false};
inline constexpr AppInfo kWindowsSignIn{"38aa3b87-a06d-4817-b275-7a316988d93b", "Windows Sign In", false};
inline constexpr AppInfo kMySignins{"19db86c3-b2b9-44cc-b339-36da233a3be2", "My Signins", false};
}  // namespace app

inline constexpr AppInfo kFirstPartyApps[] = {
    app::kExchange, app::kGraph, app::kSharePoint, app::kAzureMgmt, app::kOfficeHome, app::kOutlookWeb, app::kOffice,
    app::kTeams, app::kOutlookMobile, app::kOneDriveSync, app::kAzurePortal, app::kAuthBroker, app::kWindowsSignIn,
    app::kMySignins};

// Position of a first-party app in kFirstPartyApps, which is also its index in Tenant::apps
// (BuildTenant adds them first, in this order). kNone-like 0xffffffff when not in the catalog.
constexpr uint32_t CatalogIndex(const AppInfo& info) {
  for (uint32_t i = 0; i < std::size(kFirstPartyApps); ++i)
    if (kFirstPartyApps[i].app_id == info.app_id) return i;
  return 0xffffffffu;
}
template <const AppInfo& Info>
constexpr uint32_t kAppIndex = [] {
  constexpr uint32_t i = CatalogIndex(Info);
  static_assert(i != 0xffffffffu, "not a first-party app of the catalog");
  return i;
}();

struct ThirdPartyApp {
  std::string_view app_id;
  std::string_view name;
  std::string_view publisher;
  std::string_view scopes;
};
// Legitimate third-party apps (from the public Microsoft.OAuth.KnownApplications feed).
inline constexpr ThirdPartyApp kThirdPartyApps[] = {
    {"5523c0ac-586d-491e-bc73-fc18f9ed2c28", "DocuSign NA1", "DocuSign", "openid profile email User.Read"},
    {"3190d40e-82d9-44ee-af78-4ce2aafd4f15", "Zoom Video Communications", "Zoom Video Communications, Inc.", "openid profile email offline_access Calendars.ReadWrite User.Read"},
    {"4e6c12ac-5ba4-424c-9e3c-7b3a087ebd2e", "Slack", "Slack Technologies", "openid profile email User.Read"},
    {"0771c6f9-71c7-46d4-87a9-3b57443ee250", "Zoom OneDrive", "Zoom Video Communications, Inc.", "Files.Read offline_access User.Read"},
    {"043557f6-c3d0-4e33-8af3-c962a4e85994", "iOS Accounts", "Apple Inc.", "openid profile email offline_access Mail.ReadWrite Calendars.ReadWrite"},
};

// Sign-in result codes (ResultType is a string in Log Analytics).
enum class SignInResult : uint8_t {
  kSuccess,            // 0
  kBadPassword,        // 50126
  kMfaDenied,          // 500121
  kMfaRequired,        // 50074 (interrupt: strong auth required)
  kCaBlocked,          // 53003
  kAccountDisabled,    // 50057
  kLocked,             // 50053
  kTokenRevoked,       // 50173 (grant expired: password changed / sessions revoked)
  kRefreshRevoked,     // 70043 (refresh token expired / revoked by CA sign-in frequency)
  kInterrupt,          // 50140 (keep me signed in interrupt)
  kSilentSsoFail,      // 50058
  kPhishResistantRequired,  // 53003 with auth strength (shown as CA failure)
  kDeviceNotCompliant, // 53000 (CA requires a compliant device)
  kCount
};

struct ResultInfo {
  std::string_view code;
  std::string_view description;
  std::string_view failure_reason;  // Status.failureReason
};
const ResultInfo& Describe(SignInResult r);

}  // namespace td::sim
