#!/bin/sh
# seeds.sh - the tagger on the two real articles the product was conceived
# from.  Needs ../shared/seeds (beside the repository, as in CI); fails
# without it rather than passing silently.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
seeds=../shared/seeds
if [ ! -d "$seeds" ]; then
	echo "not ok - seeds: $seeds is missing (this test needs ../shared)"
	exit 1
fi
ofac=../shared/data/ofac
conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
printf '[lists]\nofac = %s\n' "$(cd "$ofac" 2>/dev/null && pwd)" >"$conf"
"$NEWSWATCH" tag --config "$conf" "$seeds/000_a11ef382f02cb2dc.txt" "$seeds/001_0c620eab9b4b6da3.txt" |
	python3 -c '
import json, sys

recs = {json.loads(l)["file"].rsplit("/", 1)[-1][:3]: json.loads(l) for l in sys.stdin}
fails = 0

def check(ok, what):
    global fails
    print(("ok - " if ok else "not ok - ") + what)
    fails += not ok

def events(rec, kind):
    return [e for e in rec["events"] if e["type"] == kind]

def targets(e):
    return {(t["name"], t["kind"], t["country"]) for t in e["targets"]}

a = recs.get("000")
check(a is not None, "seed 000 tagged")
if a:
    check(a["published"] == "2018-09-14T14:29:00Z", "000: published from the Update line, not the date banner")
    des = [e for e in events(a, "designation") if not e["background"]]
    check(len(des) == 1, "000: one new designation")
    if des:
        d = des[0]
        check(d["authority"]["name"] == "US Treasury", "000: by the US Treasury")
        check(d["date"] == "2018-09-13", "000: on Thursday = 2018-09-13")
        check(targets(d) == {("Yanbian Silverstar Network Technology Co", "org", "CN"),
                             ("Jong Song Hwa", "person", "KP"),
                             ("Volasys Silver Star", "org", "RU")}, "000: the three targets, kinds and countries")
    bg = [e for e in events(a, "designation") if e["background"]]
    check(any({t["name"] for t in e["targets"]} >= {"Pak Jin Hyok", "Chosun Expo"} for e in bg),
          "000: background designation of Pak Jin Hyok and Chosun Expo")
    check(any({t["name"] for t in e["targets"]} >= {"Pak Jin Hyok", "Chosun Expo"}
              for e in events(a, "enforcement")), "000: enforcement (charges) of Pak Jin Hyok and Chosun Expo")
    deniers = {(e["by"]["name"], e["by"]["country"], e["state"]) for e in events(a, "denial")}
    check(("KCNA", "KP", True) in deniers, "000: denial by KCNA, state media")
    check(("Foreign Ministry", "CN", True) in deniers, "000: denial by China s Foreign Ministry, state")
    check(("Russia", "RU", True) in deniers, "000: denial by Russia, state")
    check(("Jin", None, False) in deniers, "000: denial by the manager Jin, not state")
    check(len(deniers) == 4, "000: no other denier")
    acc = events(a, "accusation")
    check(len(acc) == 1 and acc[0]["by"]["country"] == "US"
          and [t["name"] for t in acc[0]["against"]] == ["Russia"], "000: one accusation, by the US against Russia")
b = recs.get("001")
check(b is not None, "seed 001 tagged")
if b:
    des = events(b, "designation")
    check(len(des) == 1, "001: one designation (name and shame is none)")
    if des:
        check(des[0]["authority"]["name"] == "US Treasury", "001: by the US Treasury")
        check(targets(des[0]) == {("Volasys Silver Star", "org", "RU"), ("China Silver Star", "org", "CN"),
                                  ("Jong Song Hwa", "person", "KP")},
              "001: Volasys Silver Star (RU), China Silver Star (CN), Jong Song Hwa (KP)")
    check(not events(b, "denial"), "001: no denial")

# Issue 5: one key for both reports; targets linked to the OFAC list.
if a and b:
    ka = [e["key"] for e in events(a, "designation") if not e["background"]]
    kb = [e["key"] for e in events(b, "designation")]
    check(len(ka) == 1 and ka == kb and ka[0].startswith("US-20180913-"),
          "the two seeds report one designation: one key %s" % (ka + kb))
    bg = [e for e in events(a, "designation") if e["background"]]
    check(all(e["key"] is None or e["key"] not in ka for e in bg),
          "000: the background designation has no key of its own")
def uids(rec):
    return {en["name"]: en["listed"]["uid"] for en in rec["entities"] if en.get("listed")}
want = {"Yanbian Silverstar Network Technology Co": "24977", "Volasys Silver Star": "24978",
        "Jong Song Hwa": "24979"}
if a:
    got = uids(a)
    check(all(got.get(n) == u for n, u in want.items()),
          "000: the three targets link to OFAC 24977, 24978, 24979 (%s)" % got)
    check(got.get("Pak Jin Hyok") == "24918", "000: Pak Jin Hyok links to PARK, Jin Hyok")
if b:
    got = uids(b)
    check(got.get("China Silver Star") == "24977", "001: China Silver Star links to 24977 (an alias)")
    check(got.get("Volasys Silver Star") == "24978" and got.get("Jong Song Hwa") == "24979",
          "001: Volasys Silver Star and Jong Song Hwa link")
    check(not any(n in got for n in ("China", "Russia", "North Korea", "Treasury")),
          "001: countries and bodies are not linked")
    tl = [t.get("listed", {}).get("uid") for e in events(b, "designation") for t in e["targets"]]
    check(sorted(tl) == ["24977", "24978", "24979"], "001: each target carries its list entry")
sys.exit(1 if fails else 0)
'
