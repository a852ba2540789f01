#include "sim/tenant_gen.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <string>

#include "engine/hash.h"
#include "engine/random.h"
#include "sim/assets.h"
#include "sim/catalog.h"

namespace td::sim {

using engine::Guid;
using engine::Mix64;
using engine::RandomStream;

namespace {

constexpr uint64_t kNsUser = 11, kNsDevice = 12, kNsMailbox = 13, kNsGroup = 14, kNsSp = 15, kNsGrant = 16,
                   kNsPolicy = 17, kNsMethod = 18, kNsTenant = 19;

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

struct Isp {
  uint32_t asn;
  const char* name;
};
// Documentation ASNs (RFC 5398) standing in for real providers.
constexpr Isp kHomeIsps[] = {{64497, "Example Broadband"}, {64498, "Example Fibre Co"}, {64499, "Example Cable"}};
constexpr Isp kMobileIsps[] = {{64500, "Example Mobile"}, {64501, "Example Wireless"}};
constexpr Isp kOfficeIsp = {64496, "Example Business Networks"};

const char* const kDesktopUa[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
};

const char* const kJobTitles[] = {"Analyst", "Specialist", "Coordinator", "Manager", "Associate", "Officer", "Consultant"};

const char* const kTeamFiles[] = {"Budget {Y}.xlsx", "Team handbook.docx", "Quarterly review Q{Q}.pptx", "Project plan.docx",
                                  "Supplier list.xlsx", "Meeting notes {M}.docx", "Forecast {Y}.xlsx", "Process overview.pdf",
                                  "Contracts register.xlsx", "Roadmap.pptx", "Onboarding checklist.docx", "Invoices {M}.xlsx"};

std::string Ext(const std::string& name) {
  auto p = name.rfind('.');
  return p == std::string::npos ? "" : name.substr(p + 1);
}

std::string Fill(std::string s, int year, int quarter, int month) {
  auto rep = [&](const std::string& k, const std::string& v) {
    for (size_t p; (p = s.find(k)) != std::string::npos;) s.replace(p, k.size(), v);
  };
  rep("{Y}", std::to_string(year));
  rep("{Q}", std::to_string(quarter));
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  rep("{M}", kMonths[(month - 1) % 12]);
  return s;
}

std::string Ipv6Home(uint32_t isp, uint32_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "2001:db8:%x:%x::%x", 0x100 + isp, (n >> 8) & 0xffff, (n & 0xff) + 1);
  return buf;
}

}  // namespace

Tenant BuildTenant(const TemplateSpec& spec, uint64_t seed) {
  Tenant t;
  RandomStream rng(seed, "tenant");
  auto& st = t.settings;
  st = spec.settings;
  st.organization = spec.organization;
  st.domain = spec.domain;
  st.initial_domain = Slug(spec.domain.substr(0, spec.domain.find('.'))) + ".onmicrosoft.example";
  st.tenant_id = Guid(Mix64(seed, kNsTenant));
  st.utc_offset_min = spec.utc_offset_min;
  t.external_domains = spec.partner_domains;
  for (const auto& d : spec.departments) t.departments.push_back(d.name);

  // Offices and their network sources.
  std::vector<uint32_t> office_sources;
  std::vector<double> office_weights;
  for (size_t i = 0; i < spec.offices.size(); ++i) {
    uint32_t loc = t.AddLocation(spec.offices[i].location);
    NetSource s;
    s.ip = "203.0.113." + std::to_string(10 + i * 7 % 240);
    s.asn = kOfficeIsp.asn;
    s.asn_name = kOfficeIsp.name;
    s.kind = SourceKind::Office;
    s.location = loc;
    office_sources.push_back(t.AddSource(s));
    office_weights.push_back(spec.offices[i].share);
  }
  // Mobile carrier-grade NAT pools (shared by many users, as real carriers are).
  std::vector<uint32_t> mobile_sources;
  for (uint32_t i = 0; i < 48; ++i) {
    NetSource s;
    const Isp& isp = kMobileIsps[i % 2];
    s.ip = "198.51.100." + std::to_string(16 + i);
    s.asn = isp.asn;
    s.asn_name = isp.name;
    s.kind = SourceKind::Mobile;
    s.location = static_cast<uint32_t>(i % t.locations.size());
    mobile_sources.push_back(t.AddSource(s));
  }

  // Names.
  auto given = EmbeddedLines("assets/names/given.txt");
  auto surnames = EmbeddedLines("assets/names/surnames.txt");
  std::set<std::string> taken;

  // Departments by share (largest remainder, so counts are exact and deterministic).
  double share_total = 0;
  for (const auto& d : spec.departments) share_total += d.share;
  std::vector<int> dept_of_user;
  {
    std::vector<int> counts(spec.departments.size());
    int assigned = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
      counts[i] = static_cast<int>(spec.users * spec.departments[i].share / share_total);
      assigned += counts[i];
    }
    for (size_t i = 0; assigned < spec.users; i = (i + 1) % counts.size(), ++assigned) counts[i]++;
    for (size_t i = 0; i < counts.size(); ++i)
      for (int k = 0; k < counts[i]; ++k) dept_of_user.push_back(static_cast<int>(i));
  }
  // IT goes first so admins sit in IT when there is such a department.
  auto it_dept = std::find_if(spec.departments.begin(), spec.departments.end(), [](const DepartmentSpec& d) {
    return d.name == "IT" || d.name == "Information Technology";
  });

  t.users.reserve(static_cast<size_t>(spec.users));
  for (int i = 0; i < spec.users; ++i) {
    User u;
    std::string g(rng.Pick(given)), s(rng.Pick(surnames));
    std::string base = Lower(g) + "." + Lower(s);
    std::string local = base;
    for (int n = 2; taken.count(local); ++n) local = base + std::to_string(n);
    taken.insert(local);
    u.given_name = g;
    u.surname = s;
    u.display_name = g + " " + s;
    u.upn = local + "@" + st.domain;
    u.object_id = Guid(Mix64(seed, kNsUser, static_cast<uint64_t>(i)));
    u.puid.clear();
    engine::AppendHex(u.puid, 0x1003200000000000ull | (Mix64(seed, 77, static_cast<uint64_t>(i)) & 0xfffffffffffull), 16);
    u.sid = "S-1-5-21-" + std::to_string(1000000000 + Mix64(seed, 1) % 999999999) + "-" +
            std::to_string(1000000000 + Mix64(seed, 2) % 999999999) + "-" +
            std::to_string(1000000000 + Mix64(seed, 3) % 999999999) + "-" + std::to_string(10000 + i);
    u.department = spec.departments[static_cast<size_t>(dept_of_user[static_cast<size_t>(i)])].name;
    u.job_title = u.department + " " + kJobTitles[rng.UniformInt(0, 6)];
    u.plan = rng.Chance(spec.e5_share) ? M365Plan::E5 : M365Plan::E3;
    // Where they work from.
    if (!rng.Chance(spec.remote_share)) {
      double total = 0;
      for (double w : office_weights) total += w;
      double pick = rng.Uniform01() * total;
      size_t k = 0;
      for (; k + 1 < office_weights.size() && pick > office_weights[k]; ++k) pick -= office_weights[k];
      u.office = office_sources[k];
    }
    uint32_t home_loc = u.office != kNone ? t.sources[u.office].location
                                          : static_cast<uint32_t>(rng.UniformInt(0, static_cast<int64_t>(t.locations.size()) - 1));
    {
      NetSource h;
      const Isp& isp = kHomeIsps[rng.UniformInt(0, 2)];
      h.ip = Ipv6Home(isp.asn - 64497, static_cast<uint32_t>(i));
      h.asn = isp.asn;
      h.asn_name = isp.name;
      h.kind = SourceKind::Home;
      h.location = home_loc;
      u.home = t.AddSource(h);
    }
    u.mobile = rng.Pick(mobile_sources);
    // Devices.
    {
      Device d;
      bool mac = rng.Chance(0.15);
      d.os = mac ? "MacOs" : rng.Chance(0.5) ? "Windows 11" : "Windows 10";
      d.user_agent = mac ? kDesktopUa[2] : kDesktopUa[rng.Chance(0.7) ? 0 : 1];
      d.browser = mac ? "Chrome 124.0.0" : (d.user_agent.find("Edg/") != std::string::npos ? "Edge 124.0.2478" : "Chrome 124.0.0");
      d.device_id = Guid(Mix64(seed, kNsDevice, static_cast<uint64_t>(i)));
      d.display_name = (mac ? "MAC-" : "LT-") + Slug(s).substr(0, 6) + std::to_string(1000 + i);
      std::transform(d.display_name.begin(), d.display_name.end(), d.display_name.begin(),
                     [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
      d.trust_type = mac ? "Azure AD registered" : "Azure AD joined";
      d.compliant = !rng.Chance(0.04);
      d.managed = !mac || rng.Chance(0.5);
      d.client = ClientKind::Browser;
      u.device = t.AddDevice(d);
    }
    if (rng.Chance(0.7)) {
      Device m;
      bool ios = rng.Chance(0.6);
      m.os = ios ? "Ios" : "Android";
      m.browser = "Mobile Safari";
      m.user_agent = ios ? "Outlook-iOS/709.2226530.prod.iphone (4.2410.0)" : "Outlook-Android/2.0";
      m.browser = "Rich Client 4.2410.0";
      m.device_id = Guid(Mix64(seed, kNsDevice, 1000000 + static_cast<uint64_t>(i)));
      m.display_name = ios ? "iPhone" : "Android phone";
      m.trust_type = "Azure AD registered";
      m.compliant = rng.Chance(0.6);
      m.managed = false;
      m.client = ClientKind::MobileApp;
      u.mobile_device = t.AddDevice(m);
    }
    // Authentication methods.
    u.methods.push_back({MfaMethod::Password, "", Guid(Mix64(seed, kNsMethod, static_cast<uint64_t>(i) * 8)), false});
    if (rng.Chance(spec.mfa_registered_share) && st.mfa != MfaStrength::None) {
      MfaMethod m = MfaMethod::AuthenticatorPush;
      if (st.mfa == MfaStrength::PhishingResistant) m = rng.Chance(0.7) ? MfaMethod::WindowsHello : MfaMethod::Fido2;
      else if (st.mfa == MfaStrength::NumberMatching) m = MfaMethod::AuthenticatorNumberMatch;
      else if (rng.Chance(0.25)) m = MfaMethod::Sms;
      char phone[32];
      std::snprintf(phone, sizeof phone, "+1 555 01%02d", static_cast<int>(rng.UniformInt(0, 99)));
      u.methods.push_back({m, m == MfaMethod::Sms ? phone : "Authenticator on " + std::string(u.mobile_device != kNone ? t.devices[u.mobile_device].display_name : "phone"),
                           Guid(Mix64(seed, kNsMethod, static_cast<uint64_t>(i) * 8 + 1)), false});
    }
    u.start_min = std::clamp(static_cast<int>(rng.Normal(8 * 60 + 20, 40)), 6 * 60, 11 * 60);
    u.day_len_min = std::clamp(static_cast<int>(rng.Normal(8 * 60 + 45, 45)), 6 * 60, 11 * 60);
    u.activity = std::clamp(rng.Normal(1.0, 0.3), 0.3, 2.0);
    u.works_weekends = rng.Chance(0.08);
    t.users.push_back(std::move(u));
  }

  // Admin roles: IT staff first, then anyone (small companies have few IT people).
  std::vector<uint32_t> admin_pool;
  for (uint32_t i = 0; i < t.users.size(); ++i)
    if (it_dept != spec.departments.end() && t.users[i].department == it_dept->name) admin_pool.push_back(i);
  for (uint32_t i = 0; i < t.users.size(); ++i)
    if (std::find(admin_pool.begin(), admin_pool.end(), i) == admin_pool.end()) admin_pool.push_back(i);
  size_t next_admin = 0;
  auto assign = [&](int count, uint32_t role, const char* title) {
    for (int k = 0; k < count && next_admin < admin_pool.size(); ++k) {
      User& u = t.users[admin_pool[next_admin++]];
      u.roles |= role;
      u.job_title = title;
    }
  };
  assign(spec.global_admins, kRoleGlobalAdmin, "IT Director");
  assign(spec.exchange_admins, kRoleExchangeAdmin, "Messaging Administrator");
  assign(spec.security_admins, kRoleSecurityAdmin, "Security Analyst");
  assign(spec.helpdesk_admins, kRoleHelpdeskAdmin, "IT Support Technician");
  assign(spec.app_admins, kRoleAppAdmin, "Systems Administrator");
  // Admins are E5 in well-run shops; keep the template's plan otherwise.
  // Managers: the first user of each department manages the rest.
  std::vector<uint32_t> dept_head(spec.departments.size(), kNone);
  for (uint32_t i = 0; i < t.users.size(); ++i) {
    auto d = static_cast<size_t>(dept_of_user[i]);
    if (dept_head[d] == kNone) { dept_head[d] = i; t.users[i].job_title = t.users[i].department + " Manager"; }
    else t.users[i].manager = dept_head[d];
  }
  // Emergency-access account (break glass): cloud-only, excluded from CA, never signs in.
  {
    User bg;
    bg.given_name = "Emergency";
    bg.surname = "Access";
    bg.display_name = "Emergency Access 01";
    bg.upn = "breakglass01@" + st.initial_domain;
    bg.object_id = Guid(Mix64(seed, kNsUser, 9999999));
    engine::AppendHex(bg.puid, 0x1003200000000000ull | (Mix64(seed, 78) & 0xfffffffffffull), 16);
    bg.sid = "S-1-5-21-0-0-0-1";
    bg.department = "IT";
    bg.job_title = "Emergency access";
    bg.roles = kRoleGlobalAdmin;
    bg.emergency_access = true;
    bg.activity = 0;
    bg.methods.push_back({MfaMethod::Fido2, "Break-glass key", Guid(Mix64(seed, kNsMethod, 99999999)), false});
    bg.home = t.users.empty() ? 0 : t.users[0].home;
    t.users.push_back(bg);
  }

  // Mailboxes, with the decoys: benign rules and a few deliberate external forwarders.
  for (uint32_t i = 0; i < t.users.size(); ++i) {
    Mailbox mb;
    mb.owner = i;
    mb.guid = Guid(Mix64(seed, kNsMailbox, i));
    mb.items = static_cast<uint64_t>(rng.UniformInt(800, 12000));
    t.users[i].mailbox = static_cast<uint32_t>(t.mailboxes.size());
    t.mailboxes.push_back(std::move(mb));
  }

  // Groups: all staff and one per department.
  {
    Group all;
    all.object_id = Guid(Mix64(seed, kNsGroup, 0));
    all.name = "All Staff";
    all.mail = "allstaff@" + st.domain;
    for (uint32_t i = 0; i < t.users.size(); ++i) if (!t.users[i].emergency_access) all.members.push_back(i);
    t.groups.push_back(std::move(all));
    for (size_t d = 0; d < spec.departments.size(); ++d) {
      Group g;
      g.object_id = Guid(Mix64(seed, kNsGroup, d + 1));
      g.name = spec.departments[d].name + " Team";
      g.mail = Slug(spec.departments[d].name) + "@" + st.domain;
      for (uint32_t i = 0; i < t.users.size(); ++i)
        if (t.users[i].department == spec.departments[d].name && !t.users[i].emergency_access) g.members.push_back(i);
      t.groups.push_back(std::move(g));
    }
  }

  // SharePoint team sites and OneDrive, with files.
  const std::string sp_host = "https://" + Slug(spec.domain.substr(0, spec.domain.find('.'))) + ".sharepoint.example";
  const std::string od_host = "https://" + Slug(spec.domain.substr(0, spec.domain.find('.'))) + "-my.sharepoint.example";
  for (const auto& d : spec.departments) {
    Site s;
    s.url = sp_host + "/sites/" + Slug(d.name);
    s.name = d.name;
    s.department = d.name;
    s.first_file = static_cast<uint32_t>(t.files.size());
    s.file_count = static_cast<uint32_t>(std::size(kTeamFiles));
    auto site_idx = static_cast<uint32_t>(t.sites.size());
    t.sites.push_back(s);
    for (uint32_t i = 0; i < t.users.size(); ++i)
      if (t.users[i].department == d.name) t.users[i].team_site = site_idx;
    for (size_t k = 0; k < std::size(kTeamFiles); ++k) {
      File f;
      f.site = site_idx;
      f.folder = "Shared Documents";
      f.name = Fill(kTeamFiles[k], 2026, static_cast<int>(k % 4) + 1, static_cast<int>(k % 12) + 1);
      f.extension = Ext(f.name);
      f.sensitive = d.name == "Finance" || d.name == "HR" || d.name == "Legal";
      t.files.push_back(f);
    }
  }
  for (uint32_t i = 0; i < t.users.size(); ++i) {
    if (t.users[i].emergency_access) continue;
    Site s;
    std::string who = t.users[i].upn;
    std::replace(who.begin(), who.end(), '@', '_');
    std::replace(who.begin(), who.end(), '.', '_');
    s.url = od_host + "/personal/" + who;
    s.name = t.users[i].display_name;
    s.personal = true;
    s.owner = i;
    t.users[i].onedrive = static_cast<uint32_t>(t.sites.size());
    s.first_file = static_cast<uint32_t>(t.files.size());
    s.file_count = 3;
    auto site_idx = static_cast<uint32_t>(t.sites.size());
    t.sites.push_back(s);
    for (const char* fname : {"Notes.docx", "Expenses.xlsx", "Draft.docx"}) {
      File f;
      f.site = site_idx;
      f.folder = "Documents";
      f.name = fname;
      f.extension = Ext(f.name);
      t.files.push_back(f);
    }
  }

  // Applications: first-party (each with its service principal), then consented third-party apps.
  for (const auto& a : kFirstPartyApps) {
    App app;
    app.app_id = std::string(a.app_id);
    app.display_name = std::string(a.name);
    app.publisher = "Microsoft";
    app.first_party = true;
    app.resource = a.resource;
    app.multi_tenant = true;
    app.verified_publisher = true;
    t.apps.push_back(app);
    ServicePrincipal sp;
    sp.object_id = Guid(Mix64(seed, kNsSp, t.apps.size()));
    sp.app = static_cast<uint32_t>(t.apps.size() - 1);
    t.sps.push_back(sp);
  }
  for (int k = 0; k < spec.third_party_apps && k < static_cast<int>(std::size(kThirdPartyApps)); ++k) {
    const auto& tp = kThirdPartyApps[k];
    App app;
    app.app_id = std::string(tp.app_id);
    app.display_name = std::string(tp.name);
    app.publisher = std::string(tp.publisher);
    app.multi_tenant = true;
    app.verified_publisher = true;
    app.reply_urls = {"https://" + Slug(tp.name) + ".example/oauth/callback"};
    t.apps.push_back(app);
    ServicePrincipal sp;
    sp.object_id = Guid(Mix64(seed, kNsSp, t.apps.size()));
    sp.app = static_cast<uint32_t>(t.apps.size() - 1);
    t.sps.push_back(sp);
    Grant g;
    g.sp = static_cast<uint32_t>(t.sps.size() - 1);
    g.scopes = std::string(tp.scopes);
    g.id = Guid(Mix64(seed, kNsGrant, static_cast<uint64_t>(k)));
    t.grants.push_back(g);  // admin consent for all principals
  }

  // Conditional Access and named locations.
  {
    NamedLocation nl;
    nl.id = Guid(Mix64(seed, kNsPolicy, 100));
    nl.name = "Corporate offices";
    nl.sources = office_sources;
    t.named_locations.push_back(nl);
    CaPolicy mfa;
    mfa.id = Guid(Mix64(seed, kNsPolicy, 1));
    mfa.name = "Require multifactor authentication for all users";
    mfa.state = st.mfa == MfaStrength::None ? "disabled" : "enabled";
    mfa.grant = {"mfa"};
    t.ca_policies.push_back(mfa);
    CaPolicy legacy;
    legacy.id = Guid(Mix64(seed, kNsPolicy, 2));
    legacy.name = "Block legacy authentication";
    legacy.state = st.legacy_auth_blocked ? "enabled" : "disabled";
    legacy.grant = {"block"};
    t.ca_policies.push_back(legacy);
    CaPolicy compliant;
    compliant.id = Guid(Mix64(seed, kNsPolicy, 3));
    compliant.name = "Require compliant device for administrators";
    compliant.state = "enabledForReportingButNotEnforced";
    compliant.grant = {"compliantDevice"};
    compliant.all_users = false;
    t.ca_policies.push_back(compliant);
    if (st.mfa == MfaStrength::PhishingResistant) {
      CaPolicy pr;
      pr.id = Guid(Mix64(seed, kNsPolicy, 4));
      pr.name = "Require phishing-resistant MFA";
      pr.state = "enabled";
      pr.grant = {"authenticationStrength"};
      pr.require_phishing_resistant = true;
      t.ca_policies.push_back(pr);
    }
  }
  return t;
}

}  // namespace td::sim
