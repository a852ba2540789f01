// [SECTION] Catalogue and start screen
// [SECTION] Loading and the clock
// [SECTION] Commands: queries, responder actions, export
// [SECTION] Entities and details
// [SECTION] Filling the shell
#include "ui/live_session.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "engine/json_load.h"
#include "engine/kql/kql_engine.h"
#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim/response.h"
#include "ui/query_job.h"
#include "ui/result_chart.h"

namespace td::ui {

struct LiveSession::Entry {
  std::string name;                    // shipped name or file path
  std::optional<sim::ScenarioSpec> spec;
  std::string error;
};

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr const char* kDefaultScenario = "aitm-session-theft";

double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string FillTarget(std::string_view tmpl, const std::string& target) {
  std::string s(tmpl);
  for (size_t p; (p = s.find("{target}")) != std::string::npos;) s.replace(p, 8, target);
  return s;
}

std::string Minutes(std::int64_t ms) {
  if (ms >= kHourMs && ms % kHourMs == 0) return std::to_string(ms / kHourMs) + " h";
  return std::to_string(std::max<std::int64_t>(1, ms / kMinuteMs)) + " min";
}

ActionOffer Offer(sim::ActionKind kind, const std::string& target) {
  const sim::ActionInfo& info = sim::Describe(kind);
  ActionOffer o;
  o.id = std::string(info.id);
  o.label = std::string(info.label);
  o.scope = std::string(info.help);
  if (info.destructive) o.scope += " Destructive.";
  if (info.tenant_wide) o.scope += " Affects the whole tenant.";
  o.scope += " Takes " + Minutes(info.duration) + " of simulated time (" + std::string(info.phase) + ").";
  const std::string shown = target.empty() ? "tenant" : target;
  o.graph = FillTarget(info.graph, shown);
  o.powershell = FillTarget(info.powershell, shown);
  return o;
}

std::vector<ActionOffer> Offers(sim::TargetKind kind, const std::string& target,
                                const std::vector<std::string_view>& only = {}) {
  std::vector<ActionOffer> out;
  for (sim::ActionKind k : sim::ActionsFor(kind)) {
    if (!only.empty() && std::find(only.begin(), only.end(), sim::Describe(k).id) == only.end()) continue;
    out.push_back(Offer(k, target));
  }
  return out;
}

// The target Respond() expects from an entity id ("user:amy@…" -> "amy@…"; "tenant" -> "").
std::string TargetOf(const std::string& entity_id) {
  const auto colon = entity_id.find(':');
  return colon == std::string::npos ? std::string() : entity_id.substr(colon + 1);
}

std::string RuleSummary(const sim::InboxRule& r) {
  std::string s;
  for (const auto& p : r.params) {
    if (p.name == "Name" || p.name == "Enabled" || p.name == "StopProcessingRules" || p.name == "Force" ||
        p.name == "AlwaysDeleteOutlookRulesBlob")
      continue;
    if (!s.empty()) s += ", ";
    s += p.name + "=" + p.value;
  }
  return s;
}

// First cell of a one-row query, or "" when the query fails or returns nothing.
std::string QueryScalar(const sim::TenantLogs& logs, engine::SimTime now, const std::string& kql) {
  engine::kql::Engine eng(logs.Store(), now);
  eng.SetViewProvider([&logs, now](const engine::LogTable& t) -> std::optional<engine::Visibility> {
    return logs.ViewFor(t, now);
  });
  const engine::kql::QueryRun run = eng.Run(kql);
  if (!run.Ok() || run.result.RowCount() == 0 || run.result.ColumnCount() == 0) return {};
  std::string out;
  for (size_t c = 0; c < run.result.ColumnCount(); ++c) out += (c ? " / " : "") + run.result.Text(0, c);
  return out;
}

void WriteFileAtomic(const std::string& path, const std::string& text, std::string* error) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      *error = "cannot write " + tmp + ": choose a folder you may write to.";
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) *error = "cannot rename " + tmp + " to " + path + ": " + ec.message() + ".";
}

}  // namespace

// [SECTION] Catalogue and start screen

LiveSession::LiveSession(const std::string& scenario_arg) {
  if (!scenario_arg.empty()) {
    Entry e;
    e.name = scenario_arg;
    try {
      std::error_code ec;
      if (std::filesystem::exists(scenario_arg, ec)) {
        e.spec = sim::LoadScenario(scenario_arg);
      } else {
        const auto text = sim::EmbeddedAsset("scenarios/" + scenario_arg + ".json");
        if (text.empty())
          throw engine::LoadError(scenario_arg, "", "no such file, and no shipped scenario of that name; choose one below.");
        e.spec = sim::ParseScenario(engine::ParseJsonText(text, scenario_arg + ".json"), scenario_arg + ".json");
      }
    } catch (const std::exception& ex) {
      e.error = ex.what();
      m_start_error = "--scenario " + scenario_arg + ": " + e.error;
    }
    m_entries.push_back(std::move(e));
  }
  std::vector<std::string> shipped;
  for (std::string_view n : sim::EmbeddedAssetNames()) {
    if (n.rfind("scenarios/", 0) != 0 || n.find('/', 10) != std::string_view::npos) continue;
    if (n.size() < 15 || n.substr(n.size() - 5) != ".json") continue;
    shipped.emplace_back(n.substr(10, n.size() - 15));
  }
  std::sort(shipped.begin(), shipped.end());
  for (const std::string& name : shipped) {
    if (!m_entries.empty() && m_entries[0].spec && m_entries[0].name == name) continue;
    Entry e;
    e.name = name;
    try {
      const auto text = sim::EmbeddedAsset("scenarios/" + name + ".json");
      e.spec = sim::ParseScenario(engine::ParseJsonText(text, name + ".json"), name + ".json");
    } catch (const std::exception& ex) {
      e.error = ex.what();
    }
    m_entries.push_back(std::move(e));
  }
  int pick = -1;
  if (!m_entries.empty() && m_entries[0].spec && !scenario_arg.empty()) pick = 0;
  for (int i = 0; pick < 0 && i < static_cast<int>(m_entries.size()); ++i)
    if (m_entries[static_cast<size_t>(i)].name == kDefaultScenario && m_entries[static_cast<size_t>(i)].spec) pick = i;
  for (int i = 0; pick < 0 && i < static_cast<int>(m_entries.size()); ++i)
    if (m_entries[static_cast<size_t>(i)].spec) pick = i;
  if (pick >= 0) Choose(pick);
}

std::string LiveSession::ChosenName() const {
  return m_chosen >= 0 && m_chosen < static_cast<int>(m_entries.size()) ? m_entries[static_cast<size_t>(m_chosen)].name : std::string();
}

void LiveSession::AddLoadedEntry(const std::string& name) {
  Entry e;
  e.name = name;
  e.spec = m_ex->Spec();
  m_entries.push_back(std::move(e));
  m_chosen = static_cast<int>(m_entries.size()) - 1;
  m_cards_for = -2;
}

LiveSession::~LiveSession() {
  try {
    Autosave(/*on_exit=*/true);
  } catch (...) {  // never let an exit throw; Autosave reports its own failures
  }
  if (m_review_thread.joinable()) m_review_thread.join();  // the review reads nothing of ours, but writes m_review
}

void LiveSession::Choose(int index) {
  if (m_mode != ShellMode::Start || index < 0 || index >= static_cast<int>(m_entries.size())) return;
  m_chosen = index;
  const Entry& e = m_entries[static_cast<size_t>(index)];
  m_ex.reset();
  ResetPrep();
  if (!e.spec) return;
  try {
    // Built now (the tenant, no history yet) so the start screen shows its real licences.
    m_ex = std::make_unique<sim::Exercise>(*e.spec);
  } catch (const std::exception& ex) {
    m_entries[static_cast<size_t>(index)].error = ex.what();
    m_entries[static_cast<size_t>(index)].spec.reset();
  }
}

ScenarioCard LiveSession::Card(const Entry& e) const {
  ScenarioCard c;
  c.name = e.name;
  c.error = e.error;
  if (!e.spec) {
    c.title = e.name;
    return c;
  }
  c.title = e.spec->title;
  c.summary = e.spec->summary;
  c.briefing = e.spec->briefing;
  if (!m_ex || &m_entries[static_cast<size_t>(m_chosen)] != &e) return c;
  const sim::Tenant& t = m_ex->GetWorld().GetTenant();
  const sim::TenantSettings& s = t.settings;
  size_t e5 = 0;
  for (const auto& u : t.users) e5 += u.plan == sim::M365Plan::E5;
  auto yes = [](bool b) { return std::string(b ? "yes" : "no"); };
  c.tenant = {
      {"Organisation", s.organization + " (" + s.domain + ")"},
      {"Users", std::to_string(t.users.size()) + " (" + std::to_string(e5) + " with E5, the rest E3)"},
      {"Entra ID", std::string(sim::ToString(s.entra)), s.entra == sim::EntraTier::Free},
      {"Audit", std::string(s.audit == sim::AuditTier::Premium ? "Premium" : "Standard") + " (audit era " +
                    std::to_string(s.audit_era) + ")"},
      {"Defender for Office 365 P2", yes(s.mdo_p2), !s.mdo_p2},
      {"Graph activity logs exported", yes(s.graph_activity_export), !s.graph_activity_export},
      {"Defender XDR alerts", yes(s.defender_alerts)},
      {"MFA strength", sim::ToString(s.mfa)},
      {"User consent to apps", sim::ToString(s.consent), s.consent == sim::ConsentPolicy::Allowed},
      {"External auto-forwarding", sim::ToString(s.forwarding), s.forwarding == sim::ForwardingPolicy::On},
      {"Continuous Access Evaluation", yes(s.cae)},
      {"Legacy authentication blocked", yes(s.legacy_auth_blocked), !s.legacy_auth_blocked},
      {"Exercise", engine::FormatIso(e.spec->start).substr(0, 16) + " UTC, " +
                       std::to_string(e.spec->duration / (24 * kHourMs)) + " days (after " +
                       std::to_string(e.spec->baseline / (24 * kHourMs)) + " days of history)"},
  };
  const sim::TenantLogs& logs = m_ex->GetWorld().Logs();
  for (const auto& table : logs.Store().Tables()) {
    const engine::TableView view(*table, logs.ViewFor(*table, e.spec->start));
    if (view.TableVisible())
      c.retention.push_back({table->Name(), std::to_string(t.RetentionDays(table->Name())) + " days"});
    else
      c.retention.push_back({table->Name(), "not collected under this tenant's licences", true});
  }
  return c;
}

// [SECTION] Loading and the clock

void LiveSession::BeginLoading() {
  if (m_mode != ShellMode::Start || !m_ex) return;
  m_mode = ShellMode::Loading;
  BeginSaveTracking();
}

bool LiveSession::AdvanceSliced(std::int64_t target, double budget_ms) {
  const auto t0 = Clock::now();
  const std::int64_t slice = m_mode == ShellMode::Loading ? 2 * kHourMs : kMinuteMs;
  target = std::min<std::int64_t>(target, m_ex->End());
  while (m_ex->GetWorld().Now() < target) {
    m_ex->AdvanceTo(std::min<std::int64_t>(target, m_ex->GetWorld().Now() + slice));
    if (m_jumping && m_ex->Injects().size() > m_jump_from) return true;
    if (MsSince(t0) >= budget_ms) break;
  }
  return m_ex->GetWorld().Now() >= target;
}

void LiveSession::FinishLoadingStep(double budget_ms) {
  AdvanceSliced(m_ex->Start(), budget_ms);
  if (m_ex->GetWorld().Now() >= m_ex->Start()) {
    m_mode = ShellMode::Play;
    m_paused = true;
    m_entities_dirty = true;
  }
}

void LiveSession::Tick(double wall_seconds, double budget_ms) {
  if (!m_ex) return;
  if (m_query) {
    PollQuery(/*wait=*/false);
    if (m_query) return;  // the world holds still while a query reads it
  }
  if (m_mode == ShellMode::Loading) {
    FinishLoadingStep(std::max(budget_ms, 25.0));  // nothing else to draw: spend more per frame
    return;
  }
  if (m_mode != ShellMode::Play) return;
  const std::int64_t before = m_ex->GetWorld().Now();
  if (m_jumping) {
    AdvanceSliced(m_ex->End(), budget_ms);
    if (m_ex->Injects().size() > m_jump_from || m_ex->GetWorld().Now() >= m_ex->End()) {
      m_jumping = false;
      m_paused = true;
      if (m_ex->Injects().size() <= m_jump_from) m_notice = "No further inject before the end of the exercise.";
    }
  } else if (!m_paused && wall_seconds > 0) {
    const double want = wall_seconds * m_speed * 1000.0 + m_carry_ms;
    const auto whole = static_cast<std::int64_t>(want);
    m_carry_ms = want - static_cast<double>(whole);
    if (!AdvanceSliced(before + whole, budget_ms)) m_carry_ms = 0;  // over budget: the clock runs slower
  }
  if (m_ex->GetWorld().Now() >= m_ex->End()) {
    m_paused = true;
    if (!m_score || m_score_provisional) ScoreNow(/*provisional=*/false);  // once, when the exercise ends
  }
  if (m_ex->GetWorld().Now() != before) m_entities_dirty = true;
  MaybeAutosave();
}

bool LiveSession::StartNow() {
  if (m_mode == ShellMode::Start) BeginLoading();
  while (m_mode == ShellMode::Loading) FinishLoadingStep(1e9);
  return m_mode == ShellMode::Play;
}

bool LiveSession::JumpToNextInjectNow() {
  if (m_mode != ShellMode::Play) return false;
  WaitForQuery();
  m_jumping = true;
  m_jump_from = m_ex->Injects().size();
  while (m_jumping) Tick(0, 1e9);
  return m_ex->Injects().size() > m_jump_from;
}

void LiveSession::SetRunning(bool running, double speed) {
  m_paused = !running;
  if (speed > 0) m_speed = speed;
}

// [SECTION] Commands: queries, responder actions, export

void LiveSession::Apply(const UiCommand& cmd) {
  if (ApplySaveCommand(cmd, /*query_may_run=*/true)) return;  // saving only reads: it need not wait for a query
  if (std::holds_alternative<CancelQueryCmd>(cmd)) {
    if (m_query) m_query->Cancel();
    return;
  }
  if (m_query) {
    // A query reads the world: what would change it waits (in order) until the query ends.
    // What only sets the clock's intent, or reads, goes through now.
    const bool now = std::holds_alternative<PauseCmd>(cmd) || std::holds_alternative<ResumeCmd>(cmd) ||
                     std::holds_alternative<SetSpeedCmd>(cmd) || std::holds_alternative<JumpToNextInjectCmd>(cmd) ||
                     std::holds_alternative<ExportResultCmd>(cmd) || std::holds_alternative<SelectEntityCmd>(cmd) ||
                     std::holds_alternative<RequestConfirmCmd>(cmd);
    if (!now) {
      if (std::holds_alternative<RunQueryCmd>(cmd)) m_query->Cancel();  // the newer query replaces it
      m_deferred.push_back(cmd);
      return;
    }
  }
  if (ApplySaveCommand(cmd, /*query_may_run=*/false)) return;  // inject control changes the world
  if (const auto* c = std::get_if<ChooseScenarioCmd>(&cmd)) return Choose(c->index);
  if (std::holds_alternative<StartExerciseCmd>(cmd)) {
    if (m_mode == ShellMode::Start && ApplyPrepared()) BeginLoading();  // the prepared posture, if any
    return;
  }
  if (m_mode == ShellMode::Start) {
    if (const auto* p = std::get_if<SetPrepChoiceCmd>(&cmd)) SetPrepChoice(*p);
    if (std::holds_alternative<ResetPrepCmd>(cmd)) {
      ResetPrep();
      m_prep_message = "Every decision is back to the scenario's posture.";
    }
  }
  if (m_mode != ShellMode::Play) return;
  if (std::holds_alternative<PauseCmd>(cmd)) {
    m_paused = true;
    m_jumping = false;
  } else if (std::holds_alternative<ResumeCmd>(cmd)) {
    m_paused = m_ex->GetWorld().Now() >= m_ex->End();
    m_carry_ms = 0;
  } else if (const auto* s = std::get_if<SetSpeedCmd>(&cmd)) {
    if (s->factor > 0) m_speed = s->factor;
  } else if (std::holds_alternative<JumpToNextInjectCmd>(cmd)) {
    m_jumping = true;
    m_jump_from = m_ex->Injects().size();
    m_notice.clear();
  } else if (const auto* q = std::get_if<RunQueryCmd>(&cmd)) {
    RunQuery(q->text);
  } else if (const auto* a = std::get_if<RunResponderActionCmd>(&cmd)) {
    RunAction(*a);
  } else if (const auto* x = std::get_if<ExportResultCmd>(&cmd)) {
    Export(x->path);
  } else if (std::holds_alternative<ScoreNowCmd>(cmd)) {
    ScoreNow(/*provisional=*/m_ex->GetWorld().Now() < m_ex->End());
  } else if (const auto* er = std::get_if<ExportReportCmd>(&cmd)) {
    ExportReport(er->folder);
  } else if (const auto* h = std::get_if<GiveHintCmd>(&cmd)) {
    sim::ActionRequest req;  // the use_hint responder action, through the same path as the others
    req.kind = sim::ActionKind::UseHint;
    if (!h->note.empty()) req.args["note"] = h->note;
    Act(req);
  } else if (const auto* rd = std::get_if<RateDiscussionCmd>(&cmd)) {
    Rate(*rd);
  } else if (std::holds_alternative<StartPostureReviewCmd>(cmd)) {
    StartReview();
  } else if (const auto* r = std::get_if<RequestConfirmCmd>(&cmd)) {
    // A result-cell target ("ip:…", "msg:…", "user:…") becomes an entity so the dialog can show it.
    const bool known = std::any_of(m_entities.begin(), m_entities.end(), [&](const EntityRow& e) { return e.id == r->target; });
    if (!known && std::find(m_adhoc.begin(), m_adhoc.end(), r->target) == m_adhoc.end()) {
      m_adhoc.push_back(r->target);
      BuildEntities();
    }
  }
}

void LiveSession::RunQuery(const std::string& text) {
  m_history.erase(std::remove(m_history.begin(), m_history.end(), text), m_history.end());
  m_history.push_back(text);
  if (m_history.size() > 50) m_history.erase(m_history.begin());
  m_notice.clear();
  // The trainee sees each table through the tenant's retention and licences at this moment.
  m_query = std::make_unique<QueryJob>(m_ex->GetWorld().Logs(), m_ex->GetWorld().Now(), text);
}

void LiveSession::RunQueryNow(const std::string& kql) {
  Apply(RunQueryCmd{kql});
  WaitForQuery();
}

void LiveSession::WaitForQuery() {
  while (m_query) PollQuery(/*wait=*/true);
}

void LiveSession::PollQuery(bool wait) {
  if (!m_query || (!wait && !m_query->Finished())) return;
  QueryOutcome out = m_query->Take();
  m_query.reset();
  QueryResultView view;
  view.elapsed_ms = out.elapsed_ms;
  if (out.cancelled) {
    // The previous result stays; a line says what happened.
    m_notice = "Query cancelled after " + std::to_string(static_cast<long long>(out.elapsed_ms)) + " ms.";
  } else {
    m_result.reset();
    if (!out.run.Ok()) {
      view.error = out.run.error->Format(out.text);
      view.error_line = out.run.error->line;
      view.error_column = out.run.error->column;
      view.error_length = std::max(1, out.run.error->length);
    } else {
      auto res = std::make_shared<engine::kql::QueryResult>(std::move(out.run.result));
      for (const auto& col : res->columns) {
        view.columns.push_back(col.name);
        view.column_types.push_back(col.type);
      }
      view.row_count = res->RowCount();
      view.cell = [res](size_t r, size_t c) { return res->Text(r, c); };  // only rows on screen are formatted
      view.chart = BuildResultChart(*res);  // `| render timechart` and the like
      m_result = std::move(res);
    }
    m_last_result = std::move(view);
    ++m_result_gen;
  }
  // The commands that waited, in the order they were given (a query among them starts again).
  std::vector<UiCommand> waiting = std::exchange(m_deferred, {});
  for (size_t i = 0; i < waiting.size(); ++i) {
    Apply(waiting[i]);
    if (m_query) {  // a new query started: the rest wait for it
      m_deferred.insert(m_deferred.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(i) + 1, waiting.end());
      break;
    }
  }
}

void LiveSession::FillQuery(ShellState& s) const {
  s.query_running.reset();
  if (!m_query) return;
  s.query_running = QueryProgress{m_query->Text(), m_query->ElapsedMs(), m_query->CancelRequested(), m_deferred.size()};
}

void LiveSession::Export(const std::string& path) {
  if (!m_result) {
    m_notice = "Nothing to export: run a query first.";
    return;
  }
  if (path.empty()) {
    m_notice = "Give a file name to export to.";
    return;
  }
  std::string error;
  WriteFileAtomic(path, m_result->ToCsv(), &error);
  m_notice = error.empty() ? "Exported " + std::to_string(m_result->RowCount()) + " rows to " + path : error;
}

void LiveSession::RunAction(const RunResponderActionCmd& cmd) {
  const engine::SimTime now = m_ex->GetWorld().Now();
  const auto kind = sim::ParseAction(cmd.action);
  if (!kind) {
    m_refusals.push_back({now, cmd.action + ": not a responder action this build knows.", false, false, {}});
    return;
  }
  sim::ActionRequest req;
  req.kind = *kind;
  req.target = TargetOf(cmd.target);
  Act(req);
}

void LiveSession::Act(const sim::ActionRequest& req) {
  const engine::SimTime now = m_ex->GetWorld().Now();
  auto result = m_journal.Respond(*m_ex, req);  // journaled: saves replay it
  m_frames_since_build = 30;  // look at the tenant again on the next frame
  if (!result) m_refusals.push_back({now, std::string(sim::Describe(req.kind).label) + " refused: " + result.ErrorMessage(), false, false, {}});
  m_entities_dirty = true;
  m_posture_dirty = true;     // tenant-wide actions change settings (consent, forwarding)
  if (result && m_score && now >= m_ex->End()) ScoreNow(/*provisional=*/false);  // a hint after the end still costs
}

// [SECTION] Entities and details

void LiveSession::BuildEntities() {
  m_entities.clear();
  m_entities_dirty = false;
  ++m_entities_gen;
  if (!m_ex) return;
  const sim::Tenant& t = m_ex->GetWorld().GetTenant();
  m_entities_built_at = m_ex->GetWorld().Now();
  for (const auto& u : t.users) {
    std::string display = u.display_name;  // the UPN is in the id (searched, and shown on hover)
    if (!u.enabled) display += "  [sign-in blocked]";
    m_entities.push_back({"user:" + u.upn, "Users", std::move(display), Offers(sim::TargetKind::User, u.upn)});
  }
  static const std::vector<std::string_view> kMailActions = {"export_inbox_rules", "disable_inbox_rule", "remove_inbox_rule",
                                                             "clear_forwarding", "place_hold"};
  for (const auto& m : t.mailboxes) {
    if (m.owner == sim::kNone) continue;
    const sim::User& u = t.users[m.owner];
    size_t rules = 0;
    for (const auto& r : m.rules) rules += !r.removed;
    std::string display = u.upn;
    if (rules) display += "  (" + std::to_string(rules) + (rules == 1 ? " rule)" : " rules)");
    if (!m.forwarding_smtp.empty()) display += "  \u2192 " + m.forwarding_smtp;
    m_entities.push_back({"mbx:" + u.upn, "Mailboxes", std::move(display), Offers(sim::TargetKind::User, u.upn, kMailActions)});
  }
  for (const auto& m : t.mailboxes) {
    if (m.owner == sim::kNone) continue;
    const std::string& upn = t.users[m.owner].upn;
    for (const auto& r : m.rules) {
      if (r.removed) continue;
      const std::string target = upn + "/" + r.name;
      std::string display = "\"" + r.name + "\"  " + upn + (r.enabled ? "" : "  [disabled]");
      m_entities.push_back({"rule:" + target, "Inbox rules", std::move(display), Offers(sim::TargetKind::InboxRule, target)});
    }
  }
  for (int pass = 0; pass < 2; ++pass) {  // third-party apps first: they are what consent phishing adds
    for (const auto& sp : t.sps) {
      if (sp.deleted || sp.app >= t.apps.size()) continue;
      const sim::App& a = t.apps[sp.app];
      if (a.first_party != (pass == 1)) continue;
      std::string display = a.display_name + (a.publisher.empty() ? "" : "  (" + a.publisher + ")");
      if (!sp.enabled) display += "  [disabled]";
      m_entities.push_back({"app:" + a.app_id, pass == 0 ? "Apps" : "Microsoft apps", std::move(display),
                            Offers(sim::TargetKind::App, a.app_id)});
    }
  }
  for (const auto& p : t.ca_policies)
    m_entities.push_back({"ca:" + p.id, "Conditional Access", p.name + "  [" + p.state + "]", {}});
  m_entities.push_back({"tenant:", "Tenant and case", "Tenant-wide and case actions", Offers(sim::TargetKind::None, "")});
  for (const std::string& id : m_adhoc) {
    const std::string value = TargetOf(id);
    if (id.rfind("ip:", 0) == 0)
      m_entities.push_back({id, "Acted on from results", "IP " + value, Offers(sim::TargetKind::Ip, value)});
    else if (id.rfind("msg:", 0) == 0)
      m_entities.push_back({id, "Acted on from results", "Mail \"" + value + "\"", Offers(sim::TargetKind::Message, value)});
    else if (id.rfind("user:", 0) == 0)
      m_entities.push_back({id, "Acted on from results", value, Offers(sim::TargetKind::User, value)});
  }
}

std::uint64_t LiveSession::Fingerprint() const {
  const sim::Tenant& t = m_ex->GetWorld().GetTenant();
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(t.users.size());
  for (const auto& u : t.users) mix(u.enabled);
  for (const auto& m : t.mailboxes) {
    mix(m.forwarding_smtp.size());
    for (const auto& r : m.rules) mix(r.removed * 2u + r.enabled + r.name.size() * 4u);
    mix(m.rules.size());
  }
  for (const auto& sp : t.sps) mix(sp.enabled * 2u + sp.deleted);
  mix(t.sps.size());
  for (const auto& p : t.ca_policies) mix(p.state.size());
  mix(t.ca_policies.size());
  return h;
}

std::optional<EntityDetail> LiveSession::Detail(const std::string& id) const {
  if (!m_ex || id.empty()) return std::nullopt;
  const sim::Tenant& t = m_ex->GetWorld().GetTenant();
  const engine::SimTime now = m_ex->GetWorld().Now();
  const std::string key = TargetOf(id);
  EntityDetail d;
  d.id = id;
  if (id.rfind("user:", 0) == 0 || id.rfind("mbx:", 0) == 0) {
    const uint32_t ui = t.FindUser(key);
    if (ui == sim::kNone) return std::nullopt;
    const sim::User& u = t.users[ui];
    d.title = u.display_name;
    if (id[0] == 'u') {
      d.facts.push_back({"UPN", u.upn});
      d.facts.push_back({"Department", u.department + (u.job_title.empty() ? "" : ", " + u.job_title)});
      d.facts.push_back({"Licence", sim::ToString(u.plan)});
      d.facts.push_back({"Account", u.enabled ? "enabled" : "sign-in blocked", !u.enabled});
      const sim::TenantLogs& logs = m_ex->GetWorld().Logs();
      const std::string upn_lit = "\"" + u.upn + "\"";
      const std::string signins = QueryScalar(logs, now, "SigninLogs | where UserPrincipalName =~ " + upn_lit +
                                                             " | summarize n = count(), failed = countif(ResultType != \"0\")");
      d.facts.push_back({"Sign-ins (kept)", signins.empty() ? "none visible" : signins + " (total / failed)"});
      size_t active = 0, total = 0;
      for (const auto& s : t.sessions) {
        if (s.user != ui) continue;
        ++total;
        active += !s.revoked && s.refresh_expires > now && s.started >= u.tokens_valid_after;
      }
      d.facts.push_back({"Sessions", std::to_string(active) + " active of " + std::to_string(total)});
      for (const auto& m : u.methods) {
        if (m.removed) continue;
        d.facts.push_back({"MFA method", std::string(sim::ToString(m.kind)) + (m.detail.empty() ? "" : " (" + m.detail + ")")});
      }
      const std::string risk = QueryScalar(logs, now, "AADRiskyUsers | where UserPrincipalName =~ " + upn_lit +
                                                          " | top 1 by TimeGenerated desc | project RiskLevel, RiskState");
      d.facts.push_back({"Risk", risk.empty() ? "none recorded (or not visible under this licence)" : risk, !risk.empty()});
    } else {
      if (u.mailbox == sim::kNone) return std::nullopt;
      const sim::Mailbox& m = t.mailboxes[u.mailbox];
      d.title = u.upn;
      d.facts.push_back({"Items", std::to_string(m.items)});
      d.facts.push_back({"Forwarding", m.forwarding_smtp.empty() ? "none" : m.forwarding_smtp + (m.deliver_and_forward ? " (and deliver)" : " (forward only)"),
                         !m.forwarding_smtp.empty()});
      d.facts.push_back({"Litigation hold", m.litigation_hold ? "on" : "off"});
      for (const auto& r : m.rules)
        if (!r.removed)
          d.facts.push_back({"Rule \"" + r.name + "\"", (r.enabled ? "" : "[disabled] ") + RuleSummary(r)});
    }
    return d;
  }
  if (id.rfind("rule:", 0) == 0) {
    const auto slash = key.find('/');
    const uint32_t ui = t.FindUser(key.substr(0, slash));
    if (ui == sim::kNone || t.users[ui].mailbox == sim::kNone) return std::nullopt;
    for (const auto& r : t.mailboxes[t.users[ui].mailbox].rules) {
      if (r.removed || r.name != key.substr(slash + 1)) continue;
      d.title = "Inbox rule \"" + r.name + "\"";
      d.facts.push_back({"Mailbox", t.users[ui].upn});
      d.facts.push_back({"State", r.enabled ? "enabled" : "disabled"});
      d.facts.push_back({"Created", engine::FormatIso(r.created).substr(0, 19)});
      for (const auto& p : r.params)
        if (p.name != "Force" && p.name != "AlwaysDeleteOutlookRulesBlob") d.facts.push_back({p.name, p.value});
      return d;
    }
    return std::nullopt;
  }
  if (id.rfind("app:", 0) == 0) {
    const uint32_t ai = t.FindApp(key);
    if (ai == sim::kNone) return std::nullopt;
    const sim::App& a = t.apps[ai];
    d.title = a.display_name;
    d.facts.push_back({"App id", a.app_id});
    d.facts.push_back({"Publisher", (a.publisher.empty() ? std::string("(none)") : a.publisher) +
                                        (a.verified_publisher ? ", verified" : ", not verified"), !a.verified_publisher && !a.first_party});
    d.facts.push_back({"Multi-tenant", a.multi_tenant ? "yes" : "no"});
    for (const auto& url : a.reply_urls) d.facts.push_back({"Reply URL", url});
    const uint32_t spi = t.SpOfApp(ai);
    if (spi != sim::kNone) {
      const sim::ServicePrincipal& sp = t.sps[spi];
      d.facts.push_back({"Service principal", sp.deleted ? "deleted" : sp.enabled ? "enabled" : "disabled"});
      d.facts.push_back({"App credential", sp.has_secret ? "has a secret" : "none", sp.has_secret && !a.first_party});
      for (const auto& g : t.grants) {
        if (g.sp != spi) continue;
        const std::string who = g.user == sim::kNone ? "all users (admin consent)" : t.users[g.user].upn;
        d.facts.push_back({"Grant", who + ": " + g.scopes + (g.revoked ? "  [revoked]" : ""), !g.revoked});
      }
    }
    return d;
  }
  if (id.rfind("ca:", 0) == 0) {
    for (const auto& p : t.ca_policies) {
      if (p.id != key) continue;
      d.title = p.name;
      d.facts.push_back({"State", p.state});
      std::string grant;
      for (const auto& g : p.grant) grant += (grant.empty() ? "" : ", ") + g;
      d.facts.push_back({"Grant controls", grant});
      d.facts.push_back({"Users", p.all_users ? "all users" : "selected users"});
      std::string apps;
      for (const auto& a : p.apps) apps += (apps.empty() ? "" : ", ") + a;
      d.facts.push_back({"Cloud apps", apps.empty() ? "all" : apps});
      if (p.block_untrusted_locations) d.facts.push_back({"Locations", "blocks untrusted locations"});
      if (p.require_phishing_resistant) d.facts.push_back({"Authentication strength", "phishing-resistant MFA"});
      return d;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// [SECTION] Filling the shell

void LiveSession::Fill(ShellState& s, const std::string& selected_entity) {
  s.mode = m_mode;
  FillSave(s);
  s.data_source_note.clear();
  s.data_source_detail.clear();
  s.start_error = m_start_error;
  s.chosen_scenario = m_chosen;
  s.speed_choices = SpeedChoices();
  s.speed = m_speed;
  s.paused = m_paused || m_mode != ShellMode::Play;
  const Entry* chosen = m_chosen >= 0 ? &m_entries[static_cast<size_t>(m_chosen)] : nullptr;
  s.scenario_title = chosen && chosen->spec ? chosen->spec->title : std::string();
  if (m_mode == ShellMode::Start) {
    if (s.scenarios.size() != m_entries.size() || m_cards_for != m_chosen) {
      s.scenarios.clear();
      for (const Entry& e : m_entries) s.scenarios.push_back(Card(e));
      m_cards_for = m_chosen;
    }
    s.clock = m_ex ? m_ex->Start() : 0;
    FillPrep(s);
    return;
  }
  if (!m_ex) return;
  const engine::SimTime now = m_ex->GetWorld().Now();
  s.clock = now;
  if (m_mode == ShellMode::Loading) {
    const double span = static_cast<double>(m_ex->Start() - m_ex->GetWorld().Start());
    s.loading_progress = span > 0 ? 1.0 - static_cast<double>(m_ex->Start() - now) / span : 1.0;
    s.loading_text = "Generating " + std::to_string(m_ex->Spec().baseline / (24 * kHourMs)) +
                     " days of tenant history before the exercise starts\u2026";
    return;
  }
  s.has_next_inject = now < m_ex->End() && m_ex->Injects().size() < m_ex->Spec().injects.size();
  s.exercise_over = now >= m_ex->End();

  // Entities: while the clock runs, every 30 frames a cheap fingerprint of what the list shows
  // decides whether to rebuild it (building every offer of a drill tenant takes milliseconds).
  ++m_frames_since_build;
  if (m_entities.empty()) {
    BuildEntities();
    m_fingerprint = Fingerprint();
  } else if (m_entities_dirty && m_frames_since_build >= 30) {
    m_frames_since_build = 0;
    m_entities_dirty = false;
    m_detail_stale = true;
    const std::uint64_t fp = Fingerprint();
    if (fp != m_fingerprint) {
      BuildEntities();
      m_fingerprint = fp;
    }
  }
  if (m_filled_entities_gen != m_entities_gen) {
    s.entities = m_entities;
    m_filled_entities_gen = m_entities_gen;
  }
  if (m_filled_result_gen != m_result_gen) {
    s.last_result = m_last_result;
    m_filled_result_gen = m_result_gen;
  }
  s.query_history = m_history;
  FillQuery(s);
  s.notice = m_notice;

  // Detail of the selected entity: recomputed when the selection changes or the world moved on.
  if (selected_entity != m_detail_for || m_detail_stale) {
    m_detail = Detail(selected_entity);
    m_detail_for = selected_entity;
    m_detail_stale = false;
  }
  s.selected_detail = m_detail;

  // Injects, oldest first; the newest is unread.
  const auto& injects = m_ex->Injects();
  s.injects.clear();
  for (size_t i = 0; i < injects.size(); ++i) {
    const sim::ReleasedInject& in = injects[i];
    s.injects.push_back({in.time, in.subject + "  \u2014 " + in.from + " (" + in.channel + ")", in.message, i + 1 == injects.size()});
  }

  // Responder actions as the exercise logged them, with the refusals, by time.
  s.actions.clear();
  std::vector<TimelineRow> responder;
  for (const sim::ActionRecord& r : sim::ActionLog(*m_ex)) {
    const sim::ActionInfo& info = sim::Describe(r.request.kind);
    ActionRow row;
    row.time = r.requested;
    row.pending = r.completed > now;
    row.ok = row.pending || r.ok;
    row.text = std::string(info.label) + ": " + r.resolved_target + " \u2014 " + r.message;
    row.detail = "Graph: " + r.graph + "\nPowerShell: " + r.powershell;
    for (const auto& e : r.side_effects) row.detail += "\n\u2022 " + e;
    const bool done = !row.pending;
    s.actions.push_back(std::move(row));
    if (done) responder.push_back({r.completed, EventKind::Responder, std::string(info.label) + ": " + r.resolved_target + " \u2014 " + r.message});
  }
  for (const ActionRow& r : m_refusals) s.actions.push_back(r);
  std::stable_sort(s.actions.begin(), s.actions.end(), [](const ActionRow& a, const ActionRow& b) { return a.time < b.time; });

  // The trainee's time line: injects and their own actions (the attacker's events wait for the debrief).
  s.timeline.clear();
  for (const auto& in : injects) s.timeline.push_back({in.time, EventKind::Inject, in.subject + " (" + in.from + ")"});
  s.timeline.insert(s.timeline.end(), responder.begin(), responder.end());
  std::stable_sort(s.timeline.begin(), s.timeline.end(), [](const TimelineRow& a, const TimelineRow& b) { return a.time < b.time; });

  // Facilitator console: the ground truth.
  s.attack_timeline.clear();
  for (const sim::AttackEvent& e : m_ex->Timeline())
    s.attack_timeline.push_back({e.time, EventKind::Attacker, e.attack_id + "  " + e.name + ": " + e.detail});
  s.attack_timeline.insert(s.attack_timeline.end(), s.timeline.begin(), s.timeline.end());
  std::stable_sort(s.attack_timeline.begin(), s.attack_timeline.end(), [](const TimelineRow& a, const TimelineRow& b) { return a.time < b.time; });
  s.channels.clear();
  for (const sim::Channel& c : m_ex->Channels())
    s.channels.push_back({sim::ToString(c.kind), c.description, sim::Survives(c.kind), sim::ClosedBy(c.kind), c.opened, c.closed, c.closed_reason});
  const sim::AttackMetrics& m = m_ex->Metrics();
  char fraud[64];
  std::snprintf(fraud, sizeof fraud, "$%.0f%s", m.fraud_loss_usd, m_ex->FraudStopped() ? " (fraud stopped)" : "");
  s.metrics = {
      {"Identities compromised", std::to_string(m.identities_compromised), m.identities_compromised > 0},
      {"Mail items exposed", std::to_string(m.mail_items_exposed), m.mail_items_exposed > 0},
      {"Files exfiltrated", std::to_string(m.files_exfiltrated), m.files_exfiltrated > 0},
      {"Fraud loss", fraud, m.fraud_loss_usd > 0},
      {"Phish recipients / clicks", std::to_string(m.phish_recipients) + " / " + std::to_string(m.phish_clicks)},
      {"Exercise ends", engine::FormatIso(m_ex->End()).substr(5, 11) + " UTC"},
  };

  if (s.cell_actions.empty()) {
    auto pairs = [](sim::TargetKind k) {
      std::vector<std::pair<std::string, std::string>> out;
      for (sim::ActionKind a : sim::ActionsFor(k)) out.emplace_back(sim::Describe(a).id, sim::Describe(a).label);
      return out;
    };
    s.cell_actions = {
        {{"IPAddress", "ClientIP", "ClientIPAddress", "IpAddress", "CallerIpAddress", "SenderIPv4", "IPAddresses"}, "ip:", pairs(sim::TargetKind::Ip)},
        {{"Subject"}, "msg:", pairs(sim::TargetKind::Message)},
        {{"UserPrincipalName", "UserId", "AccountUpn", "RecipientEmailAddress"}, "user:", pairs(sim::TargetKind::User)},
    };
  }
  FillDebrief(s);
  FillPosture(s);
}

}  // namespace td::ui
