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
"$NEWSWATCH" tag "$seeds/000_a11ef382f02cb2dc.txt" "$seeds/001_0c620eab9b4b6da3.txt" |
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
sys.exit(1 if fails else 0)
'
