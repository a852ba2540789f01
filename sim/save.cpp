// [SECTION] Writing the document
// [SECTION] Parsing and validation
// [SECTION] Sources and rebuilding
// [SECTION] Files
#include "sim/save.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/json_load.h"
#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim/exercise.h"
#include "sim/plan.h"
#include "sim/posture.h"
#include "sim/tenant_template.h"

namespace td::sim {

using engine::JsonChecker;
using engine::LoadError;
using engine::PointerJoin;
using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

namespace {

// [SECTION] Writing the document

ordered SourceJson(const SourceText& s) {
  ordered o;
  o["name"] = s.name;
  o["file"] = s.file;
  o["json"] = s.text;
  return o;
}

ordered CommandJson(const WorldCommand& c) {
  ordered o;
  o["at"] = engine::FormatIso(c.at);
  o["command"] = ToString(c.kind);
  switch (c.kind) {
    case CommandKind::Action: {
      o["action"] = std::string(Describe(c.action.kind).id);
      o["target"] = c.action.target;
      ordered args = ordered::object();
      for (const auto& [k, v] : c.action.args) args[k] = v;
      o["args"] = std::move(args);
      o["actor"] = c.action.actor;
      break;
    }
    case CommandKind::EditInject:
      o["inject"] = c.inject;
      o["subject"] = c.subject;
      o["message"] = c.message;
      break;
    default:
      o["inject"] = c.inject;
      break;
  }
  return o;
}

// A verbatim object, with its keys sorted (as it reads back), so a save round-trips byte for byte.
ordered Verbatim(const std::string& text) { return ordered::parse(json::parse(text).dump()); }

}  // namespace

std::string SaveToJson(const SaveData& s) {
  ordered doc;
  doc["format"] = kSaveFormat;
  doc["version"] = kSaveVersion;
  doc["saved_at_sim"] = engine::FormatIso(s.saved_at_sim);
  doc["scenario"] = SourceJson(s.scenario);
  doc["seed"] = s.seed;
  doc["template"] = s.tenant_template.Empty() ? ordered() : SourceJson(s.tenant_template);
  doc["plan"] = s.plan.Empty() ? ordered() : SourceJson(s.plan);
  doc["posture"] = s.posture_json.empty() ? ordered() : Verbatim(s.posture_json);
  doc["clock"] = engine::FormatIso(s.clock);
  ordered journal = ordered::array();
  for (const auto& c : s.journal) journal.push_back(CommandJson(c));
  doc["journal"] = std::move(journal);
  ordered ui;
  ui["case_notes"] = s.ui.case_notes;
  ui["findings"] = s.ui.findings;
  ui["query_history"] = s.ui.query_history;
  ui["facilitator"] = s.ui.facilitator_json.empty() ? ordered::object() : Verbatim(s.ui.facilitator_json);
  doc["ui"] = std::move(ui);
  return doc.dump(2) + "\n";
}

// [SECTION] Parsing and validation

namespace {

engine::SimTime Time(JsonChecker& check, const json& obj, const std::string& ptr, const char* key) {
  const std::string text = check.String(obj, ptr, key, true);
  if (text.empty()) return 0;
  auto t = engine::ParseIso(text);
  if (!t) {
    check.Report(PointerJoin(ptr, key), "\"" + text + "\" is not an ISO-8601 time; write it like \"2026-03-02T09:15:00.000Z\".");
    return 0;
  }
  return *t;
}

SourceText Source(JsonChecker& check, const json& doc, const char* key, bool required) {
  SourceText s;
  const std::string ptr = PointerJoin("", key);
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) {
    if (required) check.Report(ptr, "the required field \"" + std::string(key) + "\" is missing; this is not a complete save.");
    return s;
  }
  if (!check.IsObject(*it, ptr)) return s;
  check.NoUnknownKeys(*it, ptr, {"name", "file", "json"});
  s.name = check.String(*it, ptr, "name", true);
  s.file = check.String(*it, ptr, "file", true);
  s.text = check.String(*it, ptr, "json", true);
  if (!s.text.empty()) {
    try {
      (void)engine::ParseJsonText(s.text, s.file);
    } catch (const LoadError& e) {
      check.Report(PointerJoin(ptr, "json"), std::string("the embedded JSON text does not parse: ") + e.what());
    }
  }
  return s;
}

std::vector<std::string> Strings(JsonChecker& check, const json& obj, const std::string& ptr, const char* key) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  const std::string p = PointerJoin(ptr, key);
  if (!it->is_array()) {
    check.Report(p, "must be an array of strings.");
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) check.Report(PointerJoin(p, i), "must be a string.");
    else out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

WorldCommand Command(JsonChecker& check, const json& e, const std::string& p) {
  WorldCommand c;
  if (!check.IsObject(e, p)) return c;
  c.at = Time(check, e, p, "at");
  const std::string kind = check.Enum(e, p, "command", true, {"action", "hold_inject", "release_inject", "edit_inject"}, "action");
  if (kind == "action") {
    c.kind = CommandKind::Action;
    check.NoUnknownKeys(e, p, {"at", "command", "action", "target", "args", "actor"});
    const std::string id = check.String(e, p, "action", true);
    if (auto k = ParseAction(id)) {
      c.action.kind = *k;
    } else if (!id.empty()) {
      std::vector<std::string> ids;
      for (size_t i = 0; i < static_cast<size_t>(ActionKind::Count); ++i) ids.emplace_back(Describe(static_cast<ActionKind>(i)).id);
      const std::string near = engine::ClosestMatch(id, ids);
      check.Report(PointerJoin(p, "action"), "unknown responder action \"" + id + "\"" + (near.empty() ? "." : "; did you mean \"" + near + "\"?"));
    }
    c.action.target = check.String(e, p, "target", false);
    c.action.actor = check.String(e, p, "actor", false, "responder");
    if (auto a = e.find("args"); a != e.end()) {
      const std::string ap = PointerJoin(p, "args");
      if (check.IsObject(*a, ap))
        for (const auto& [k, v] : a->items()) {
          if (v.is_string()) c.action.args[k] = v.get<std::string>();
          else check.Report(PointerJoin(ap, k), "an action argument must be a string.");
        }
    }
  } else {
    c.kind = kind == "hold_inject" ? CommandKind::HoldInject : kind == "release_inject" ? CommandKind::ReleaseInject : CommandKind::EditInject;
    if (c.kind == CommandKind::EditInject) check.NoUnknownKeys(e, p, {"at", "command", "inject", "subject", "message"});
    else check.NoUnknownKeys(e, p, {"at", "command", "inject"});
    c.inject = check.String(e, p, "inject", true);
    if (c.kind == CommandKind::EditInject) {
      c.subject = check.String(e, p, "subject", true);
      c.message = check.String(e, p, "message", false);
    }
  }
  return c;
}

// A version newer than this build: refused before anything else is read (fields may differ).
void RefuseNewer(const json& doc, const std::string& file) {
  int64_t version = 0;
  if (auto v = doc.find("version"); v != doc.end() && v->is_number_integer()) version = v->get<int64_t>();
  if (auto f = doc.find("format"); f != doc.end() && f->is_string()) {
    const std::string fmt = f->get<std::string>();
    const std::string prefix = "tenantdrill/save@";
    if (fmt.rfind(prefix, 0) == 0) {
      try {
        version = std::max<int64_t>(version, std::stoll(fmt.substr(prefix.size())));
      } catch (const std::exception&) {
      }
    }
  }
  if (version > kSaveVersion)
    throw LoadError(file, "/version", "saved by a newer TenantDrill (version " + std::to_string(version) + "); this build reads up to " +
                                          std::to_string(kSaveVersion) + ". Open it with a newer TenantDrill, or load an earlier save.");
}

}  // namespace

SaveData ParseSave(std::string_view text, std::string_view file_name) {
  const std::string file(file_name);
  json doc;
  try {
    doc = engine::ParseJsonText(text, file);
  } catch (const LoadError& e) {
    throw LoadError(file, e.Place(), e.Advice() + " The save is damaged or incomplete (cut short?); load an earlier save or an autosave.");
  }
  if (!doc.is_object()) throw LoadError(file, "", "a save is a JSON object with \"format\": \"tenantdrill/save@1\"; this file is not a save.");
  RefuseNewer(doc, file);
  JsonChecker check(file);
  check.NoUnknownKeys(doc, "", {"format", "version", "saved_at_sim", "scenario", "seed", "template", "plan", "posture", "clock", "journal", "ui"});
  SaveData s;
  const std::string format = check.String(doc, "", "format", true);
  if (!format.empty() && format != kSaveFormat)
    check.Report("/format", "this is not a TenantDrill save (\"" + format + "\"); saves have \"format\": \"" + kSaveFormat + "\".");
  s.version = static_cast<int>(check.Int(doc, "", "version", true, kSaveVersion, 1, kSaveVersion));
  s.saved_at_sim = Time(check, doc, "", "saved_at_sim");
  s.scenario = Source(check, doc, "scenario", true);
  s.seed = static_cast<uint64_t>(check.Int(doc, "", "seed", true, 1, 0, INT64_MAX));
  s.tenant_template = Source(check, doc, "template", false);
  s.plan = Source(check, doc, "plan", false);
  if (auto p = doc.find("posture"); p != doc.end() && !p->is_null()) {
    if (check.IsObject(*p, "/posture")) s.posture_json = p->dump();
  }
  s.clock = Time(check, doc, "", "clock");
  if (auto j = doc.find("journal"); j == doc.end()) {
    check.Report("/journal", "the required field \"journal\" is missing; this is not a complete save.");
  } else if (!j->is_array()) {
    check.Report("/journal", "must be an array of commands.");
  } else if (j->size() > kMaxJournalEntries) {
    check.Report("/journal", "holds " + std::to_string(j->size()) + " commands; more than " + std::to_string(kMaxJournalEntries) + " is refused.");
  } else {
    engine::SimTime last = INT64_MIN;
    for (size_t i = 0; i < j->size(); ++i) {
      const std::string p = PointerJoin("/journal", i);
      s.journal.push_back(Command(check, (*j)[i], p));
      if (s.journal.back().at < last) check.Report(PointerJoin(p, "at"), "commands must be in time order; this one is earlier than the one before.");
      last = s.journal.back().at;
    }
    if (!s.journal.empty() && s.clock < last) check.Report("/clock", "the clock is before the last command of the journal.");
  }
  if (auto u = doc.find("ui"); u != doc.end()) {
    if (check.IsObject(*u, "/ui")) {
      check.NoUnknownKeys(*u, "/ui", {"case_notes", "findings", "query_history", "facilitator"});
      s.ui.case_notes = check.String(*u, "/ui", "case_notes", false);
      s.ui.findings = Strings(check, *u, "/ui", "findings");
      s.ui.query_history = Strings(check, *u, "/ui", "query_history");
      if (auto f = u->find("facilitator"); f != u->end() && check.IsObject(*f, "/ui/facilitator") && !f->empty())
        s.ui.facilitator_json = f->dump();
    }
  }
  check.ThrowIfProblems();
  return s;
}

// [SECTION] Sources and rebuilding

namespace {
std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
bool IsFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}
}  // namespace

SourceText ScenarioSource(const std::string& name_or_path) {
  if (IsFile(name_or_path)) return {name_or_path, name_or_path, ReadText(name_or_path)};
  auto text = EmbeddedAsset("scenarios/" + name_or_path + ".json");
  if (text.empty()) throw LoadError(name_or_path, "", "no scenario file or shipped scenario of that name.");
  return {name_or_path, name_or_path + ".json", std::string(text)};
}

SourceText TemplateSource(const std::string& name_or_path) {
  if (IsFile(name_or_path)) return {name_or_path, name_or_path, ReadText(name_or_path)};
  auto text = EmbeddedAsset("scenarios/tenants/" + name_or_path + ".json");
  if (text.empty()) throw LoadError(name_or_path, "", "no template file or shipped template of that name.");
  return {name_or_path, name_or_path + " (shipped template)", std::string(text)};
}

SourceText PlanSource(const std::string& name_or_path, const std::string& scenario_id) {
  const std::string shipped = "scenarios/plans/" + scenario_id + "/" + name_or_path + ".json";
  auto text = EmbeddedAsset(shipped);
  if (!IsFile(name_or_path) && !text.empty()) return {name_or_path, shipped, std::string(text)};
  if (!IsFile(name_or_path)) throw LoadError(name_or_path, "", "no plan file and no shipped plan " + shipped + ".");
  return {name_or_path, name_or_path, ReadText(name_or_path)};
}

void ApplySavedPosture(ScenarioSpec& spec, const std::string& posture_json, const std::string& file) {
  if (posture_json.empty()) return;
  try {
    ApplyPosture(spec, ParsePosture(json::parse(posture_json), file + " (saved posture)"));
  } catch (const LoadError& e) {
    throw LoadError(file, "/posture", std::string("the saved posture does not load: ") + e.what());
  } catch (const json::exception& e) {
    throw LoadError(file, "/posture", std::string("the saved posture is not JSON: ") + e.what());
  }
}

ScenarioSpec SavedScenario(const SaveData& save) {
  ScenarioSpec spec = ParseScenario(engine::ParseJsonText(save.scenario.text, save.scenario.file), save.scenario.file);
  if (!save.tenant_template.Empty())
    UseTemplate(spec, ParseTemplate(engine::ParseJsonText(save.tenant_template.text, save.tenant_template.file), save.tenant_template.file));
  return spec;
}

std::unique_ptr<Restored> RestoreExercise(const SaveData& save, const std::string& file, const std::function<void(double)>& progress) {
  ScenarioSpec spec;
  try {
    spec = SavedScenario(save);
  } catch (const LoadError& e) {
    throw LoadError(file, "/scenario", std::string("the saved scenario does not load: ") + e.what());
  }
  ApplySavedPosture(spec, save.posture_json, file);
  auto r = std::make_unique<Restored>();
  r->exercise = std::make_unique<Exercise>(spec, save.seed);
  Exercise& ex = *r->exercise;
  if (!save.plan.Empty()) {
    try {
      const Plan plan = ParsePlan(engine::ParseJsonText(save.plan.text, save.plan.file), save.plan.file, spec);
      r->plan_name = plan.name;
      SchedulePlan(ex, plan, &r->plan_refusals);
    } catch (const LoadError& e) {
      throw LoadError(file, "/plan", std::string("the saved plan does not load: ") + e.what());
    }
  }
  if (save.clock < ex.GetWorld().Now() || save.clock > ex.End())
    throw LoadError(file, "/clock", "the clock " + engine::FormatIso(save.clock) + " is outside this exercise (" +
                                        engine::FormatIso(ex.GetWorld().Now()) + " to " + engine::FormatIso(ex.End()) + ").");
  // Progress spans the whole replay (history included).
  const double from = static_cast<double>(ex.GetWorld().Now());
  const double span = std::max(1.0, static_cast<double>(save.clock) - from);
  std::function<void(double)> step;
  size_t failed = 0;
  std::vector<WorldCommand> one(1);
  for (size_t i = 0; i < save.journal.size(); ++i) {
    if (progress && save.journal[i].at > ex.GetWorld().Now()) {
      const double a = (static_cast<double>(ex.GetWorld().Now()) - from) / span;
      const double b = (static_cast<double>(save.journal[i].at) - from) / span;
      ex.AdvanceTo(save.journal[i].at, [&](double f) { progress(a + (b - a) * f); });
    }
    one[0] = save.journal[i];
    engine::Status st = r->journal.Replay(ex, one, &failed);
    if (!st) throw LoadError(file, PointerJoin("/journal", i), st.ErrorMessage() + " The save does not match this scenario; load an earlier save.");
  }
  if (progress) {
    const double a = (static_cast<double>(ex.GetWorld().Now()) - from) / span;
    ex.AdvanceTo(save.clock, [&](double f) { progress(a + (1 - a) * f); });
  } else {
    ex.AdvanceTo(save.clock);
  }
  return r;
}

// [SECTION] Files

namespace {
std::string Errno() { return std::strerror(errno); }

bool WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}
}  // namespace

void WriteSaveFile(const std::string& path, const std::string& text, const std::function<void(SaveStep)>& hook) {
  (void)ParseSave(text, path);  // never write what could not be loaded back
  auto at = [&](SaveStep s) { if (hook) hook(s); };
  const std::filesystem::path target(path);
  const std::string tmp = path + ".partial";
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
  auto fail = [&](const std::string& what) {
    ::unlink(tmp.c_str());
    throw LoadError(path, "", what + " The previous save (if any) is unchanged; choose a folder you may write to.");
  };
  at(SaveStep::BeforeWrite);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create " + tmp + ": " + Errno() + ".");
  const size_t half = text.size() / 2;
  bool ok = WriteAll(fd, text.data(), half);
  if (ok) at(SaveStep::MidWrite);
  ok = ok && WriteAll(fd, text.data() + half, text.size() - half);
  if (!ok) {
    const std::string why = Errno();
    ::close(fd);
    fail("cannot write " + tmp + ": " + why + ".");
  }
  at(SaveStep::AfterWrite);
  if (::fsync(fd) != 0) {
    const std::string why = Errno();
    ::close(fd);
    fail("cannot flush " + tmp + " to disk: " + why + ".");
  }
  if (::close(fd) != 0) fail("cannot close " + tmp + ": " + Errno() + ".");
  at(SaveStep::AfterFsync);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot rename " + tmp + " to " + path + ": " + Errno() + ".");
  at(SaveStep::AfterRename);
  // The rename itself is durable only once the folder is flushed.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  at(SaveStep::Done);
}

SaveData ReadSaveFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw LoadError(path, "", "no such save file; choose another (autosaves are listed under Resume).");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw LoadError(path, "", "cannot read the file: " + ec.message() + ".");
  const engine::JsonLimits limits;
  if (size > limits.max_bytes) throw LoadError(path, "", "the file is larger than " + std::to_string(limits.max_bytes >> 20) + " MB; it is not a save.");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError(path, "", "cannot open the file for reading; check its permissions.");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseSave(ss.str(), path);
}

}  // namespace td::sim
