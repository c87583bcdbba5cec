#!/bin/sh
# feeds.sh - end to end: `newswatch feeds import` and `feeds list` (no network).
#
# Checks: an OPML export's http(s) feeds are appended to the feed list with
# unique, valid names (folders flattened, duplicates and other schemes
# skipped), the list still loads, comments and earlier lines are kept, a
# second import adds nothing, a missing list is created, broken input is a
# usage error that leaves the list alone; `feeds list` prints a table and,
# with --json, one valid JSON object per feed, from VAR/state/feeds.
. tests/e2e/lib.sh

cat >"$tmp/feeds.conf" <<'EOF'
# my feeds
harbour-wire  https://harbour.example/feed.xml   # kept as it is
EOF
printf 'no-newline  https://last.example/rss' >>"$tmp/feeds.conf"
cat >"$tmp/subs.opml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
<head><title>Exported subscriptions</title></head>
<body>
  <outline text="Shipping">
    <outline type="rss" text="Harbour Wire" xmlUrl="https://harbour.example/feed.xml"/>
    <outline type="rss" text="Harbour Wire" xmlUrl="https://harbour.example/other.xml"/>
    <outline type="rss" title="Coast Guard Notices" text="CG" xmlUrl="http://coast.example/notices.rss"/>
  </outline>
  <outline type="rss" text="Zürich Börse &amp; Handel" xmlUrl="https://zh.example/feed?a=1&amp;b=2"/>
  <outline type="rss" text="Old FTP" xmlUrl="ftp://ftp.example/feed.xml"/>
  <outline type="rss" text="Same again" xmlUrl="http://coast.example/notices.rss"/>
</body>
</opml>
EOF

"$NEWSWATCH" feeds import --feeds "$tmp/feeds.conf" "$tmp/subs.opml" >"$tmp/out1" 2>"$tmp/err1"
rc=$?
check "import exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "import says how many were added" grep -q "^added 3 feeds to .*feeds.conf (2 already listed, 1 not http or https)$" "$tmp/out1"
check "import is silent on stderr" [ ! -s "$tmp/err1" ]
check "a taken name gets -2" grep -q "^harbour-wire-2 .*https://harbour.example/other.xml  # Harbour Wire$" "$tmp/feeds.conf"
check "the title wins over text" grep -q "^coast-guard-notices .*http://coast.example/notices.rss" "$tmp/feeds.conf"
check "accents are folded, '&' decoded in the URL" grep -q "^zurich-borse-handel .*https://zh.example/feed?a=1&b=2  # Zürich Börse & Handel$" "$tmp/feeds.conf"
check "earlier lines and comments are kept" grep -q "^harbour-wire  https://harbour.example/feed.xml   # kept as it is$" "$tmp/feeds.conf"
check "a last line without newline is not joined" grep -q "^no-newline  https://last.example/rss$" "$tmp/feeds.conf"
check "nothing from ftp" sh -c "! grep -q ftp: '$tmp/feeds.conf'"
n=$(grep -c "^[a-z]" "$tmp/feeds.conf")
check "five feeds in all (got $n)" [ "$n" -eq 5 ]

"$NEWSWATCH" feeds list --feeds "$tmp/feeds.conf" --var "$tmp/var" >"$tmp/list1" 2>"$tmp/errl"
rc=$?
check "the list still loads: feeds list exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "list has a header and a row per feed" [ "$(wc -l <"$tmp/list1")" -eq 6 ]
check "a feed never fetched is due now" grep -q "^zurich-borse-handel  *never  *-  *-  *0  *now  *-$" "$tmp/list1"

cp "$tmp/feeds.conf" "$tmp/before.conf"
"$NEWSWATCH" feeds import --feeds "$tmp/feeds.conf" "$tmp/subs.opml" >"$tmp/out2" 2>&1
check "a second import adds nothing" grep -q "^added 0 feeds" "$tmp/out2"
check "and leaves the list byte for byte" cmp -s "$tmp/feeds.conf" "$tmp/before.conf"

echo "<rss><channel/></rss>" >"$tmp/not.opml"
"$NEWSWATCH" feeds import --feeds "$tmp/feeds.conf" "$tmp/not.opml" 2>"$tmp/err3"
rc=$?
check "a file that is not OPML is a usage error (got $rc)" [ "$rc" -eq 2 ]
check "named on stderr" grep -q "not.opml: not OPML" "$tmp/err3"
"$NEWSWATCH" feeds import --feeds "$tmp/feeds.conf" "$tmp/missing.opml" 2>/dev/null
rc=$?
check "a missing OPML file is a usage error (got $rc)" [ "$rc" -eq 2 ]
check "and the list is unchanged" cmp -s "$tmp/feeds.conf" "$tmp/before.conf"

"$NEWSWATCH" feeds import --feeds "$tmp/new.conf" "$tmp/subs.opml" >"$tmp/out4" 2>&1
check "a missing feed list is created" grep -q "^added 4 feeds" "$tmp/out4"
check "with names only once each" [ "$(cut -d' ' -f1 "$tmp/new.conf" | grep -v '^#' | grep . | sort | uniq -d | wc -l)" -eq 0 ]

# feeds list against a state file written by hand (what poll writes).
mkdir -p "$tmp/var/state"
now=$(date +%s)
later=$((now + 3600))
printf 'harbour-wire\thttps://harbour.example/feed.xml\thttps://harbour.example/moved.xml\t"e1"\t\t%s\t304\t20\t0\t%s\t900\t\n' "$now" "$later" >"$tmp/var/state/feeds"
printf 'coast-guard-notices\thttp://coast.example/notices.rss\t\t\t\t%s\t503\t-1\t3\t%s\t900\tHTTP 503\n' "$now" "$later" >>"$tmp/var/state/feeds"
printf 'no-newline\thttp://edited.example/\t\t\t\t%s\t200\t5\t0\t%s\t900\t\n' "$now" "$later" >>"$tmp/var/state/feeds"
"$NEWSWATCH" feeds list --feeds "$tmp/feeds.conf" --var "$tmp/var" >"$tmp/list2"
check "list shows a 304 with its items and next due time" grep -q "^harbour-wire  .*Z  *304  *20  *0  *20..-..-..T..:..:..Z  *-$" "$tmp/list2"
check "list shows errors and the last error" grep -q "^coast-guard-notices  .*  503  *-  *3  .*Z  *HTTP 503$" "$tmp/list2"
check "state of a feed whose URL was edited is not shown" grep -q "^no-newline  *never " "$tmp/list2"
"$NEWSWATCH" feeds list --feeds "$tmp/feeds.conf" --var "$tmp/var" --json >"$tmp/list.json"
check "--json prints one valid object per feed" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 5, rows
by = {r["feed"]: r for r in rows}
h = by["harbour-wire"]
assert h["status"] == 304 and h["items"] == 20 and h["errors"] == 0 and h["due"] is False, h
assert h["fetch_url"] == "https://harbour.example/moved.xml", h
c = by["coast-guard-notices"]
assert c["errors"] == 3 and c["last_error"] == "HTTP 503" and c["items"] is None, c
z = by["zurich-borse-handel"]
assert z["last_fetch"] is None and z["status"] is None and z["due"] is True, z
' "$tmp/list.json"

"$NEWSWATCH" feeds >/dev/null 2>&1
rc=$?
check "feeds without an action is a usage error (got $rc)" [ "$rc" -eq 2 ]
"$NEWSWATCH" feeds frobnicate >/dev/null 2>&1
rc=$?
check "an unknown action is a usage error (got $rc)" [ "$rc" -eq 2 ]
"$NEWSWATCH" feeds --help >"$tmp/help" 2>&1
rc=$?
check "feeds --help exits 0 and shows both actions" sh -c "[ $rc -eq 0 ] && grep -q 'feeds import' '$tmp/help' && grep -q 'feeds list' '$tmp/help'"
"$NEWSWATCH" feeds list --feeds "$tmp/nonexistent.conf" --var "$tmp/var" 2>/dev/null
rc=$?
check "feeds list with a missing feed list exits 2 (got $rc)" [ "$rc" -eq 2 ]
exit $failed
