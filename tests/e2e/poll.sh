#!/bin/sh
# poll.sh - end to end: newswatch poll against a real HTTP server on
# 127.0.0.1 serving the demo feeds and pages, run twice and more.
#
# Checks: every archive line is a complete record (python3's json), the
# expected events are there, a broken feed and a missing page fail alone
# (exit 1, named on stderr), the missing page is archived once it is back,
# nothing is archived twice, a network feed can never make newswatch read a
# local file, and a local feed cannot reach outside its own directory.
. tests/e2e/lib.sh
top=$(pwd)

cp -r feeds/demo "$tmp/www"
# A hostile feed: links to local files must never be read.
cat >"$tmp/www/hostile.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Hostile</title><link>http://example.invalid/</link>
<item><title>Local file</title><guid>hostile-1</guid><link>file:///etc/passwd</link>
<description>A feed item that points at a local file.</description></item>
<item><title>Climbing out</title><guid>hostile-2</guid><link>../../../../etc/passwd</link>
<description>A relative link that climbs.</description></item>
</channel></rss>
XML
start_httpd --root "$tmp/www"
cat >"$tmp/feeds.conf" <<EOF2
# test feeds
harbour-wire     $base/harbour-wire.xml
meridian-ledger  $base/meridian-ledger.xml   # a comment after a feed
northgate-post   $base/northgate-post.xml
broken           $base/status/404
hostile          $base/hostile.xml
EOF2
missing=articles/harbour-wire/2024-07-16-busan-fog-gales.html
mv "$tmp/www/$missing" "$tmp/held-back.html"

"$NEWSWATCH" poll --feeds "$tmp/feeds.conf" --var "$tmp/var" 2>"$tmp/err1"
rc=$?
check "first poll exits 1 when a feed and a page fail (got $rc)" [ "$rc" -eq 1 ]
check "the broken feed is named on stderr" grep -q "feed broken (.*status/404): HTTP 404" "$tmp/err1"
check "the missing page is named on stderr" grep -q "busan-fog-gales.html: HTTP 404" "$tmp/err1"
lines=$(cat "$tmp"/var/archive/*.jsonl | wc -l)
check "first poll archives 14 records (13 pages, the file: item as text; got $lines)" [ "$lines" -eq 14 ]
check "no local file was read" sh -c "! grep -q 'root:' $tmp/var/archive/*.jsonl"

mv "$tmp/held-back.html" "$tmp/www/$missing"
"$NEWSWATCH" poll --feeds "$tmp/feeds.conf" --var "$tmp/var" 2>"$tmp/err2"
rc=$?
check "second poll still exits 1 for the broken feed (got $rc)" [ "$rc" -eq 1 ]
check "second poll does not report the page again" sh -c "! grep -q busan-fog "$tmp/err2""
lines=$(cat "$tmp"/var/archive/*.jsonl | wc -l)
check "second poll adds only the page that came back (got $lines)" [ "$lines" -eq 15 ]

grep -v -e '^broken' -e '^hostile' "$tmp/feeds.conf" >"$tmp/good.conf"
"$NEWSWATCH" poll --feeds "$tmp/good.conf" --var "$tmp/var" 2>"$tmp/err3"
rc=$?
check "third poll of good feeds exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "third poll is silent" [ ! -s "$tmp/err3" ]; cat "$tmp/err3"
lines=$(cat "$tmp"/var/archive/*.jsonl | wc -l)
check "third poll archives nothing new (got $lines)" [ "$lines" -eq 15 ]

python3 tests/e2e/check_archive.py "$tmp/var/archive" tests/fixtures/demo-expected.tsv --lines 15 || failed=1

# Overlapping runs: the second exits 0 at once with one line.
flock "$tmp/var/lock" sleep 2 &
holder=$!
sleep 0.3
"$NEWSWATCH" poll --feeds "$tmp/good.conf" --var "$tmp/var" 2>"$tmp/err4"
rc=$?
check "a poll while another holds the lock exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "and says so in one line" [ "$(wc -l <"$tmp/err4")" -eq 1 ]
wait "$holder"

# A local feed may read its own pages, never outside its directory.
mkdir -p "$tmp/local/feed"
echo '<html><body><p>secret outside</p></body></html>' >"$tmp/local/secret.html"
cat >"$tmp/local/feed/local.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local</title><link>http://example.invalid/</link>
<item><title>Escape</title><guid>local-1</guid><link>../secret.html</link></item>
</channel></rss>
XML
echo "local feed/local.xml" >"$tmp/local/feeds.conf"
"$NEWSWATCH" poll --feeds "$tmp/local/feeds.conf" --var "$tmp/localvar" 2>"$tmp/err5"
rc=$?
check "a local link outside the feed's directory fails (got $rc)" [ "$rc" -eq 1 ]
check "with a message naming why" grep -q "outside the feed's directory" "$tmp/err5"
check "and the file is not archived" sh -c "! cat $tmp/localvar/archive/*.jsonl 2>/dev/null | grep -q 'secret outside'"

"$NEWSWATCH" poll --feeds "$tmp/nonexistent.conf" --var "$tmp/var" 2>"$tmp/err6"
rc=$?
check "a missing feed list is a configuration error (exit 2, got $rc)" [ "$rc" -eq 2 ]
exit $failed
