#!/bin/sh
# tests/e2e/link.sh - names linked to sanctions lists, and one key per action.
#
# Tags two articles of our own about one designation with the fixture lists
# (tests/fixtures/lists: a small OFAC extract in its CSV format and a desk
# watchlist) named by tests/fixtures/link/newswatch.conf, and checks the
# list entries the names link to, the names that must not link, the shared
# event key, and configuration errors that name the file.
# Prints "ok - ..." / "not ok - ..." per check; exits 1 if any failed.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
fx=tests/fixtures/link
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
pass() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	failed=$((failed + 1))
}

"$NEWSWATCH" tag --published 2025-03-05 --config "$fx/newswatch.conf" \
	"$fx/koryo_designation.txt" "$fx/koryo_followup.txt" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && pass "tag with lists exits 0" || fail "tag with lists exits 0: $(cat "$tmp/err")"

python3 - "$tmp/out" <<'PY' >"$tmp/checks"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ok = lambda c, d: print(("ok - " if c else "not ok - ") + d)
def linked(rec):
    return {e["name"]: (e["listed"]["list"], e["listed"]["uid"]) for e in rec["entities"] if e.get("listed")}
a, b = linked(recs[0]), linked(recs[1])
ok(a.get("Koryo Ocean Shipping Co") == ("OFAC-SDN", "90001"), "a corporate suffix variant links (Co. / COMPANY LIMITED)")
ok(a.get("Pak Chol Jin") == ("OFAC-SDN", "90002"), "'PAK, Chol Jin' links from 'Pak Chol Jin'")
ok(b.get("Chol Jin Pak") == ("OFAC-SDN", "90002"), "word order does not matter: 'Chol Jin Pak'")
ok(a.get("Ocean Dawn") == ("OFAC-SDN", "90003"), "a vessel links")
ok(a.get("Northern Lights Shipping") == ("desk", "4"), "a watchlist alias links, with the watchlist's name")
ok(b.get("Northern Lights Maritime Ltd") == ("desk", "4"), "a watchlist name links")
ok(not any(n in a for n in ("Kim", "North Korea", "US Treasury", "Singapore")),
   "a bare family name, countries and bodies do not link")
l = [e for e in recs[0]["entities"] if e.get("listed")][0]["listed"]
ok(set(l) == {"list", "uid", "name", "programs", "score"} and 0 < l["score"] <= 1,
   "listed carries list, uid, name, programs and score")
ka = [e["key"] for e in recs[0]["events"] if e["type"] == "designation"]
kb = [e["key"] for e in recs[1]["events"] if e["type"] == "designation"]
ok(ka and ka == kb and ka[0].startswith("US-20250304-"), "both reports share one key (%s, %s)" % (ka, kb))
ok(all("key" not in e for e in recs[0]["events"] if e["type"] == "denial"), "denials carry no key")
PY
cat "$tmp/checks"
failed=$((failed + $(grep -c '^not ok' "$tmp/checks")))

printf '[lists]\nofac = /nonexistent/ofac\n' >"$tmp/bad.conf"
"$NEWSWATCH" tag --config "$tmp/bad.conf" "$fx/koryo_designation.txt" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "/nonexistent/ofac" "$tmp/err"; then
	pass "a missing list is a configuration error naming it"
else
	fail "a missing list is a configuration error naming it (status $rc: $(cat "$tmp/err"))"
fi
printf '[lists]\nthreshold = high\n' >"$tmp/bad2.conf"
"$NEWSWATCH" tag --config "$tmp/bad2.conf" "$fx/koryo_designation.txt" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "bad2.conf:2:" "$tmp/err"; then
	pass "a bad threshold names the file and line"
else
	fail "a bad threshold names the file and line (status $rc: $(cat "$tmp/err"))"
fi
"$NEWSWATCH" tag --config "$tmp/missing.conf" "$fx/koryo_designation.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && pass "--config FILE that does not exist is an error" || fail "--config FILE that does not exist is an error"
[ "$failed" -eq 0 ]
