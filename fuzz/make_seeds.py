#!/usr/bin/env python3
"""Writes a fuzz target's seed corpus from the shipped files (scripts/fuzz.sh calls it).

usage: make_seeds.py TARGET OUT_DIR
  template   scenarios/tenants/*.json
  scenario   scenarios/*.json
  plan       scenarios/plans/**/*.json
  save       a save of each shipped scenario (docs/save-format.md), with and without template, plan, journal
  kql_parse, kql_exec   the query of every Sentinel rule under /work/shared/reference/detections/sentinel
             (*.yaml, or queries.json) and the query examples in docs/kql.md
Reproducers kept under tests/regressions/TARGET/ are added too.
"""
import glob, hashlib, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SENTINEL = os.path.join(ROOT, "..", "shared", "reference", "detections", "sentinel")


def kql_seeds():
    out = []
    qj = os.path.join(SENTINEL, "queries.json")
    if os.path.exists(qj):
        out += [r["query"] for r in json.load(open(qj)) if r.get("query")]
    for f in sorted(glob.glob(os.path.join(SENTINEL, "*.yaml"))):
        # the "query: |" block: every following line indented deeper than the key (no YAML library)
        lines, block, indent = open(f, encoding="utf-8").read().split("\n"), None, 0
        for line in lines:
            if block is None:
                m = re.match(r"^(\s*)query:\s*[|>]", line)
                if m:
                    block, indent = [], len(m.group(1))
            elif line.strip() == "" or len(line) - len(line.lstrip()) > indent:
                block.append(line)
            else:
                break
        if block:
            out.append("\n".join(block).strip() + "\n")
    doc = open(os.path.join(ROOT, "docs", "kql.md"), encoding="utf-8").read()
    for span in re.findall(r"`([^`\n]+)`", doc):
        if "|" in span or span.split(" ")[0] in ("SigninLogs", "OfficeActivity", "AuditLogs", "print", "let", "union", "datatable", "range"):
            out.append(span)
    return out


def save_seeds():
    """Saves of each shipped scenario (docs/save-format.md), with a template, a plan and a journal."""
    out = []
    tmpl = open(os.path.join(ROOT, "scenarios", "tenants", "small-business-50.json")).read()
    for f in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.json"))):
        sid = os.path.basename(f)[:-5]
        plan = os.path.join(ROOT, "scenarios", "plans", sid, "expert.json")
        doc = {"format": "tenantdrill/save@1", "version": 1, "saved_at_sim": "2026-03-03T10:07:00.000Z",
               "scenario": {"name": sid, "file": sid + ".json", "json": open(f).read()}, "seed": 7,
               "template": {"name": "small-business-50", "file": "small-business-50 (shipped template)", "json": tmpl},
               "plan": {"name": "expert", "file": plan, "json": open(plan).read()} if os.path.exists(plan) else None,
               "posture": None, "clock": "2026-03-03T10:07:00.000Z",
               "journal": [
                   {"at": "2026-03-03T03:00:00.000Z", "command": "hold_inject", "inject": "user-report"},
                   {"at": "2026-03-03T03:00:00.000Z", "command": "edit_inject", "inject": "user-report",
                    "subject": "Helpdesk: odd MFA prompt", "message": "x"},
                   {"at": "2026-03-03T10:07:00.000Z", "command": "action", "action": "revoke_sessions",
                    "target": "amy.lee@contoso.example", "args": {}, "actor": "responder"},
                   {"at": "2026-03-03T13:00:00.000Z", "command": "release_inject", "inject": "user-report"}],
               "ui": {"case_notes": "notes", "findings": ["a finding"], "query_history": ["SigninLogs | take 5"],
                      "facilitator": {}}}
        out.append(json.dumps(doc, indent=2).encode())
        doc2 = dict(doc, template=None, plan=None, journal=[])
        out.append(json.dumps(doc2).encode())
    return out


def main():
    target, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    pats = {"template": ["scenarios/tenants/*.json"], "scenario": ["scenarios/*.json"],
            "plan": ["scenarios/plans/**/*.json"]}
    texts = []
    if target in ("kql_parse", "kql_exec"):
        texts = [t.encode() for t in kql_seeds()]
    elif target in pats:
        for p in pats[target]:
            texts += [open(f, "rb").read() for f in sorted(glob.glob(os.path.join(ROOT, p), recursive=True))]
    elif target == "save":
        texts = save_seeds()
    else:
        sys.exit("unknown target " + target)
    for f in sorted(glob.glob(os.path.join(ROOT, "tests", "regressions", target, "*"))):
        texts.append(open(f, "rb").read())
    for t in texts:
        open(os.path.join(out_dir, hashlib.sha1(t).hexdigest()), "wb").write(t)
    print(f"{target}: {len(texts)} seeds in {out_dir}")


main()
