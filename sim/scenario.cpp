#include "sim/scenario.h"
#include "sim/posture.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/json_load.h"
#include "engine/load_error.h"
#include "sim/assets.h"
#include "sim/discussion.h"
#include "sim/scoring.h"

namespace td::sim {

using engine::JsonChecker;
using engine::PointerJoin;
using nlohmann::json;

namespace {

const std::vector<TechniqueInfo> kTechniques = {
    {"aitm_phish", "T1557", "Adversary-in-the-middle phishing: the lure is delivered and clicked, the victim signs in through the attacker's proxy (MFA satisfied) and the session cookie is stolen.", "user",
     {{"proxy", false, true, "source role of the AiTM proxy (the IP the victim's sign-in comes from)"},
      {"lure_subject", false, false, "subject of the phishing mail"},
      {"lure_sender", false, false, "external sender address (.example)"},
      {"click_after", false, false, "ISO-8601 duration from delivery to the click (default PT25M)"},
      {"user_agent", false, false, "user agent of the kit (default: the victim's browser relayed)"}}},
    {"session_replay", "T1550.004", "Replay of the stolen session cookie from the attacker's own infrastructure: same SessionId, MFA satisfied by claim in the token.", "user",
     {{"from", false, true, "source role the attacker replays from"}}},
    {"register_mfa", "T1098.005", "The attacker registers its own authenticator on the victim's account (AuditLogs security-info events).", "user",
     {{"from", false, true, "source role"}, {"method", false, false, "authenticator (default) or phone"}}},
    {"inbox_rule", "T1564.008", "An inbox rule that hides or deletes replies (New-InboxRule from OWA).", "user",
     {{"from", false, true, "source role"}, {"name", false, false, "rule name (default \".\")"},
      {"keywords", false, false, "words separated by ';' (SubjectOrBodyContainsWords)"},
      {"from_address", false, false, "hide mail from this sender instead of by keywords"},
      {"action", false, false, "delete or move (default move)"}, {"folder", false, false, "folder for move (default RSS Feeds)"}}},
    {"mailbox_forwarding", "T1114.003", "External forwarding of the whole mailbox (Set-Mailbox ForwardingSmtpAddress).", "user",
     {{"from", false, true, "source role"}, {"to", false, true, "external role receiving the copies"}}},
    {"mail_collection", "T1114.002", "Mail searched and read through the stolen access (MailItemsAccessed, SearchQueryInitiatedExchange).", "user",
     {{"from", false, true, "source role"}, {"keywords", false, false, "search terms separated by ';'"}, {"items", true, false, "messages read (default 60)"}}},
    {"consent_phish", "T1528", "Consent phishing: the victim consents to a malicious multi-tenant app with offline_access and mail scopes; the app then reads mail through Graph.", "user",
     {{"app", false, true, "app role of the malicious application"}, {"scopes", false, false, "delegated scopes (default \"offline_access Mail.Read Mail.Send User.Read\")"},
      {"from", false, true, "source role the app calls Graph from"}, {"lure_subject", false, false, "subject of the consent lure"}}},
    {"bec_fraud", "T1657", "Business e-mail compromise: changed bank details sent to a vendor or client from the victim's mailbox; a payment is lost at the deadline unless the fraud is stopped.", "user",
     {{"from", false, true, "source role"}, {"to", false, true, "external role (the fraud target)"}, {"amount_usd", true, false, "payment at stake (default 48500)"},
      {"deadline", false, false, "ISO-8601 duration from sending to the payment (default P2D)"}, {"subject", false, false, "subject of the fraudulent mail"}}},
    {"internal_phish", "T1534", "Internal spearphishing from the compromised mailbox: many colleagues receive the lure, some click and become new AiTM victims.", "user",
     {{"from", false, true, "source role"}, {"proxy", false, true, "source role of the AiTM proxy for the new victims"},
      {"recipients", true, false, "colleagues who receive it (default 200)"}, {"clicks", true, false, "how many click and sign in (default 3)"},
      {"subject", false, false, "subject of the internal lure"}}},
};

RoleKind ParseKind(const std::string& k) {
  if (k == "source") return RoleKind::Source;
  if (k == "external") return RoleKind::External;
  if (k == "app") return RoleKind::App;
  return RoleKind::User;
}
const char* KindWord(RoleKind k) {
  switch (k) { case RoleKind::User: return "user"; case RoleKind::Source: return "source"; case RoleKind::External: return "external"; default: return "app"; }
}

bool InDocRange(const std::string& ip) {
  return ip.rfind("192.0.2.", 0) == 0 || ip.rfind("198.51.100.", 0) == 0 || ip.rfind("203.0.113.", 0) == 0 ||
         ip.rfind("2001:db8:", 0) == 0;
}

engine::SimTime Duration(JsonChecker& check, const json& obj, const std::string& ptr, const char* key, bool required, engine::SimTime def) {
  std::string s = check.String(obj, ptr, key, required, "");
  if (s.empty()) return def;
  auto d = engine::ParseIsoDuration(s);
  if (!d || *d < 0) {
    check.Report(PointerJoin(ptr, key), "\"" + s + "\" is not an ISO-8601 duration from the exercise start; write it like \"PT2H30M\" or \"P1DT9H\".");
    return def;
  }
  return *d;
}

TemplateSpec ResolveTemplateFor(const std::string& name, const std::string& scenario_file) {
  std::string dir = scenario_file.substr(0, scenario_file.find_last_of('/') + 1);
  for (const std::string& path : {name, dir + name, dir + "tenants/" + name + ".json"}) {
    std::ifstream probe(path);
    if (probe && path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) return LoadTemplate(path);
  }
  if (auto shipped = LoadShippedTemplate(name)) return *shipped;
  throw engine::LoadError(scenario_file, "/tenant/template", "no template file or shipped template named \"" + name +
                                                                 "\"; use small-business-50, company-2000, enterprise-10000 or a path.");
}

}  // namespace

const std::vector<TechniqueInfo>& Techniques() { return kTechniques; }
const TechniqueInfo* FindTechnique(const std::string& name) {
  for (const auto& t : kTechniques) if (t.name == name) return &t;
  return nullptr;
}

const RoleSpec* ScenarioSpec::FindRole(const std::string& name) const {
  for (const auto& r : roles) if (r.name == name) return &r;
  return nullptr;
}

ScenarioSpec ParseScenario(const json& doc, const std::string& file) {
  JsonChecker check(file);
  ScenarioSpec sc;
  sc.file = file;
  {
    std::string base = file.substr(file.find_last_of('/') + 1);
    sc.id = base.size() > 5 && base.compare(base.size() - 5, 5, ".json") == 0 ? base.substr(0, base.size() - 5) : base;
  }
  if (!check.IsObject(doc, "")) check.ThrowIfProblems();
  check.NoUnknownKeys(doc, "", {"schema", "title", "summary", "briefing", "seed", "tenant", "start", "duration", "baseline",
                                "roles", "attack", "attacker", "injects", "objectives", "discussion"});
  std::string schema = check.String(doc, "", "schema", true);
  if (!schema.empty() && schema != "tenantdrill/scenario@1")
    check.Report("/schema", "this program reads \"tenantdrill/scenario@1\" scenarios, not \"" + schema + "\".");
  sc.title = check.String(doc, "", "title", true);
  sc.summary = check.String(doc, "", "summary", false);
  sc.briefing = check.String(doc, "", "briefing", false);
  sc.seed = static_cast<uint64_t>(check.Int(doc, "", "seed", false, 1, 0, INT64_MAX));
  std::string start = check.String(doc, "", "start", true);
  if (!start.empty()) {
    auto t = engine::ParseIso(start);
    if (!t) check.Report("/start", "\"" + start + "\" is not an ISO-8601 date or time; write it like \"2026-03-02T00:00:00Z\".");
    else sc.start = *t;
  }
  sc.duration = Duration(check, doc, "", "duration", true, engine::kDay);
  if (sc.duration > kMaxScenarioDays * engine::kDay)
    check.Report("/duration", "an exercise longer than " + std::to_string(kMaxScenarioDays) + " days is refused; shorten \"duration\".");
  sc.baseline = Duration(check, doc, "", "baseline", false, 0);
  if (sc.baseline > 14 * engine::kDay) check.Report("/baseline", "a baseline longer than 14 days (P14D) is refused.");

  // Tenant: a template (path or shipped name) and settings overrides.
  if (auto it = doc.find("tenant"); it == doc.end()) {
    check.Report("/tenant", "the required field \"tenant\" is missing; add {\"template\": \"company-2000\"}.");
  } else if (check.IsObject(*it, "/tenant")) {
    check.NoUnknownKeys(*it, "/tenant", {"template", "settings", "users", "posture"});
    std::string tname = check.String(*it, "/tenant", "template", true);
    if (!tname.empty()) {
      try {
        sc.tenant = ResolveTemplateFor(tname, file);
      } catch (const engine::LoadError& e) {
        check.Report("/tenant/template", e.what());
      }
    }
    if (auto u = it->find("users"); u != it->end()) {
      int64_t users = check.Int(*it, "/tenant", "users", false, sc.tenant.users, 10, kMaxUsers);
      sc.tenant.users = static_cast<int>(users);
      sc.tenant_users = sc.tenant.users;
    }
    if (auto s = it->find("settings"); s != it->end()) {
      ReadSettings(*s, "/tenant/settings", sc.tenant.settings, check);
      sc.tenant_settings_json = s->dump();
    }
    // A posture (shipped name or file) goes on top of the template and the settings.
    if (std::string pname = check.String(*it, "/tenant", "posture", false); !pname.empty() && check.Ok()) {
      try {
        ApplyPosture(sc, ResolvePosture(pname));
      } catch (const engine::LoadError& e) {
        check.Report("/tenant/posture", e.what());
      }
    }
  }

  // Roles.
  if (auto it = doc.find("roles"); it != doc.end()) {
    if (check.IsObject(*it, "/roles")) {
      for (const auto& [name, r] : it->items()) {
        std::string p = PointerJoin("/roles", name);
        if (!check.IsObject(r, p)) continue;
        RoleSpec role;
        role.name = name;
        role.pointer = p;
        std::string kind = check.Enum(r, p, "kind", true, {"user", "source", "external", "app"}, "user");
        role.kind = ParseKind(kind);
        switch (role.kind) {
          case RoleKind::User:
            check.NoUnknownKeys(r, p, {"kind", "department", "pick"});
            role.department = check.String(r, p, "department", false);
            role.pick = static_cast<int>(check.Int(r, p, "pick", false, 0, 0, 1000));
            if (!role.department.empty() && !sc.tenant.departments.empty()) {
              bool found = false;
              std::vector<std::string> names;
              for (const auto& d : sc.tenant.departments) { names.push_back(d.name); found |= d.name == role.department; }
              if (!found) {
                std::string near = engine::ClosestMatch(role.department, names);
                check.Report(PointerJoin(p, "department"), "the tenant has no department \"" + role.department + "\"." +
                                                               (near.empty() ? "" : " Did you mean \"" + near + "\"?"));
              }
            }
            break;
          case RoleKind::Source:
            check.NoUnknownKeys(r, p, {"kind", "ip", "asn", "asn_name", "country", "city", "state", "lat", "lon", "type"});
            role.ip = check.String(r, p, "ip", true);
            if (!role.ip.empty() && !InDocRange(role.ip))
              check.Report(PointerJoin(p, "ip"), "\"" + role.ip + "\" is not in a documentation range; use 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 or 2001:db8::/32 so no real host is named.");
            role.asn = static_cast<uint32_t>(check.Int(r, p, "asn", false, 64511, 1, 4294967295));
            role.asn_name = check.String(r, p, "asn_name", false, "Example VPS Hosting");
            role.country = check.String(r, p, "country", false, "NL");
            if (role.country.size() != 2) check.Report(PointerJoin(p, "country"), "use the two-letter ISO country code, e.g. \"NL\".");
            role.city = check.String(r, p, "city", false, "Amsterdam");
            role.state = check.String(r, p, "state", false, "");
            role.lat = check.Number(r, p, "lat", false, 52.37, -90, 90);
            role.lon = check.Number(r, p, "lon", false, 4.90, -180, 180);
            role.kind_word = check.Enum(r, p, "type", false, {"vps", "cloud", "tor", "residential"}, "vps");
            break;
          case RoleKind::External:
            check.NoUnknownKeys(r, p, {"kind", "address", "name"});
            role.address = check.String(r, p, "address", true);
            role.display_name = check.String(r, p, "name", false);
            if (!role.address.empty() && (role.address.find('@') == std::string::npos ||
                                          role.address.size() < 9 || role.address.compare(role.address.size() - 8, 8, ".example") != 0))
              check.Report(PointerJoin(p, "address"), "\"" + role.address + "\" must be an e-mail address under .example.");
            break;
          case RoleKind::App:
            check.NoUnknownKeys(r, p, {"kind", "name", "publisher", "reply_url"});
            role.display_name = check.String(r, p, "name", true);
            role.publisher = check.String(r, p, "publisher", false);
            role.reply_url = check.String(r, p, "reply_url", false, "https://mail-organizer.example/auth/callback");
            break;
        }
        sc.roles.push_back(role);
      }
    }
  }

  // Attack chain.
  if (auto it = doc.find("attack"); it == doc.end() || !it->is_array()) {
    check.Report("/attack", "give the attack chain as a list of steps, e.g. [{\"technique\": \"aitm_phish\", \"at\": \"PT9H\", \"target\": \"patient_zero\", \"params\": {...}}].");
  } else if (it->size() > static_cast<size_t>(kMaxAttackSteps)) {
    check.Report("/attack", "more than " + std::to_string(kMaxAttackSteps) + " attack steps are refused.");
  } else {
    std::vector<std::string> tech_names;
    for (const auto& t : kTechniques) tech_names.push_back(t.name);
    for (size_t i = 0; i < it->size(); ++i) {
      std::string p = PointerJoin("/attack", i);
      const json& s = (*it)[i];
      if (!check.IsObject(s, p)) continue;
      check.NoUnknownKeys(s, p, {"technique", "at", "target", "params"});
      StepSpec step;
      step.pointer = p;
      step.technique = check.String(s, p, "technique", true);
      step.at = Duration(check, s, p, "at", true, 0);
      if (step.at > sc.duration) check.Report(PointerJoin(p, "at"), "the step is after the end of the exercise (\"duration\"); move it earlier or lengthen the exercise.");
      step.target = check.String(s, p, "target", true);
      const TechniqueInfo* info = FindTechnique(step.technique);
      if (!step.technique.empty() && !info) {
        std::string near = engine::ClosestMatch(step.technique, tech_names);
        check.Report(PointerJoin(p, "technique"), "unknown technique \"" + step.technique + "\"." +
                                                     (near.empty() ? " See docs/scenario-format.md for the list." : " Did you mean \"" + near + "\"?"));
      }
      auto role_check = [&](const std::string& role_name, const std::string& where, const char* want) {
        const RoleSpec* r = sc.FindRole(role_name);
        if (!r) check.Report(where, "no role named \"" + role_name + "\"; define it under \"roles\".");
        else if (std::string(KindWord(r->kind)) != want)
          check.Report(where, "the role \"" + role_name + "\" is a " + KindWord(r->kind) + " role; this needs a " + want + " role.");
      };
      if (info && !step.target.empty()) role_check(step.target, PointerJoin(p, "target"), info->target_kind.c_str());
      if (auto pm = s.find("params"); pm != s.end() && check.IsObject(*pm, PointerJoin(p, "params")) && info) {
        std::vector<std::string> known;
        for (const auto& tp : info->params) known.push_back(tp.name);
        check.NoUnknownKeys(*pm, PointerJoin(p, "params"), known);
        for (const auto& tp : info->params) {
          std::string pp = PointerJoin(PointerJoin(p, "params"), tp.name);
          auto v = pm->find(tp.name);
          if (v == pm->end()) {
            if (tp.required) check.Report(pp, "the technique \"" + info->name + "\" needs \"" + tp.name + "\": " + tp.help + ".");
            continue;
          }
          if (tp.number) {
            if (!v->is_number() || v->get<double>() < 0 || v->get<double>() > 1e9) check.Report(pp, "expected a number from 0 to 1e9 (" + tp.help + ").");
            else step.params.number[tp.name] = v->get<double>();
          } else {
            if (!v->is_string()) { check.Report(pp, "expected a string (" + tp.help + ")."); continue; }
            step.params.text[tp.name] = v->get<std::string>();
            // Parameters naming roles must name roles of the right kind.
            if (tp.name == "proxy" || tp.name == "from") role_check(v->get<std::string>(), pp, "source");
            if (tp.name == "to") role_check(v->get<std::string>(), pp, "external");
            if (tp.name == "app") role_check(v->get<std::string>(), pp, "app");
            if ((tp.name == "click_after" || tp.name == "deadline") && !engine::ParseIsoDuration(v->get<std::string>()))
              check.Report(pp, "\"" + v->get<std::string>() + "\" is not an ISO-8601 duration such as \"PT25M\" or \"P2D\".");
          }
        }
      } else if (info) {
        for (const auto& tp : info->params)
          if (tp.required)
            check.Report(PointerJoin(p, "params"), "the technique \"" + info->name + "\" needs params with \"" + tp.name + "\" (" + tp.help + ").");
      }
      sc.chain.push_back(step);
    }
  }
  if (auto it = doc.find("attacker"); it != doc.end() && check.IsObject(*it, "/attacker")) {
    check.NoUnknownKeys(*it, "/attacker", {"goals"});
    if (auto g = it->find("goals"); g != it->end()) {
      if (!g->is_array()) check.Report("/attacker/goals", "expected a list such as [\"read_mail\", \"keep_access\", \"get_paid\", \"spread\"].");
      else {
        sc.attacker_goals.clear();
        for (size_t i = 0; i < g->size(); ++i) {
          const json& v = (*g)[i];
          static const std::vector<std::string> kGoals = {"read_mail", "keep_access", "get_paid", "spread"};
          if (!v.is_string() || std::find(kGoals.begin(), kGoals.end(), v.get<std::string>()) == kGoals.end())
            check.Report(PointerJoin("/attacker/goals", i), "goals are read_mail, keep_access, get_paid and spread.");
          else sc.attacker_goals += (sc.attacker_goals.empty() ? "" : " ") + v.get<std::string>();
        }
      }
    }
  }

  // Injects.
  if (auto it = doc.find("injects"); it != doc.end()) {
    if (!it->is_array()) check.Report("/injects", "expected a list of injects.");
    else if (it->size() > static_cast<size_t>(kMaxInjects)) check.Report("/injects", "more than " + std::to_string(kMaxInjects) + " injects are refused.");
    else
      for (size_t i = 0; i < it->size(); ++i) {
        std::string p = PointerJoin("/injects", i);
        const json& in = (*it)[i];
        if (!check.IsObject(in, p)) continue;
        check.NoUnknownKeys(in, p, {"id", "at", "on", "delay", "from", "channel", "subject", "message"});
        InjectSpec inj;
        inj.pointer = p;
        inj.id = check.String(in, p, "id", true);
        inj.on = check.String(in, p, "on", false);
        if (in.contains("at")) inj.at = Duration(check, in, p, "at", true, 0);
        if (inj.at < 0 && inj.on.empty()) check.Report(p, "an inject needs \"at\" (a time) or \"on\" (a condition such as \"fraud_sent\").");
        inj.delay = Duration(check, in, p, "delay", false, 0);
        inj.from = check.String(in, p, "from", true);
        inj.channel = check.Enum(in, p, "channel", false, {"email", "phone", "ticket", "alert", "chat", "news"}, "email");
        inj.subject = check.String(in, p, "subject", false);
        inj.message = check.String(in, p, "message", true);
        sc.injects.push_back(inj);
      }
  }
  if (auto it = doc.find("objectives"); it != doc.end()) {
    ValidateObjectives(*it, check);
    if (it->is_array()) sc.objectives_json = it->dump();
  }
  if (auto it = doc.find("discussion"); it != doc.end()) {
    ValidateDiscussion(*it, check);
    if (it->is_array() && !it->empty()) sc.discussion_json = it->dump();
  }
  check.ThrowIfProblems();
  return sc;
}

void UseTemplate(ScenarioSpec& spec, const TemplateSpec& tmpl) {
  spec.tenant = tmpl;
  if (spec.tenant_users > 0) spec.tenant.users = std::min(spec.tenant_users, kMaxUsers);
  if (!spec.tenant_settings_json.empty()) {
    JsonChecker check(spec.file);
    ReadSettings(json::parse(spec.tenant_settings_json), "/tenant/settings", spec.tenant.settings, check);
    check.ThrowIfProblems();
  }
  if (!spec.posture_json.empty()) {
    const bool prepared = spec.prepared;
    ApplyPosture(spec, ParsePosture(json::parse(spec.posture_json), spec.posture_name));
    spec.prepared = prepared;
  }
}

ScenarioSpec LoadScenario(const std::string& path) { return ParseScenario(engine::LoadJsonFile(path), path); }

}  // namespace td::sim
