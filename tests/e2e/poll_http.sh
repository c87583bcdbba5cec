#!/bin/sh
# poll_http.sh - end to end: how poll treats HTTP and schedules feeds, run
# against tests/httpd.py on 127.0.0.1, whose request log shows what poll
# sent.
#
# Checks: a second run fetches no feed that is not due (and a 429 not
# before its Retry-After) but retries a failed feed at once; --force fetches
# every feed with If-None-Match / If-Modified-Since and gets 304s; a 301
# updates the stored feed URL; a feed whose page failed stays due and is
# fetched in full until the page is archived; --no-articles archives
# nothing and leaves the feeds due; `feeds list` shows statuses and errors.
. tests/e2e/lib.sh
# requests N: the request log from line N on (what the last poll sent)
requests() { tail -n "+$1" "$tmp/requests.log"; }
mark() { echo $(($(wc -l <"$tmp/requests.log") + 1)); }
records() { cat "$1"/archive/*.jsonl 2>/dev/null | wc -l; }

mkdir -p "$tmp/www/pages"
: >"$tmp/requests.log"
start_httpd --root "$tmp/www" --log "$tmp/requests.log"

page() { # page NAME TITLE: a short article page of our own
	cat >"$tmp/www/pages/$1.html" <<EOF
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>$2</title></head>
<body><article><h1>$2</h1>
<p>Port officials said on Tuesday that the harbour would reopen to cargo traffic after
repairs to the outer breakwater, ending a closure that lasted nearly two weeks.</p>
<p>Shipping agents welcomed the decision and said the backlog of vessels waiting at
anchor should clear within days if the weather holds.</p>
</article></body></html>
EOF
}
feed() { # feed FILE TITLE ITEM... (each ITEM a page name)
	f=$1
	t=$2
	shift 2
	{
		echo '<?xml version="1.0" encoding="utf-8"?>'
		echo "<rss version=\"2.0\"><channel><title>$t</title><link>$base/</link>"
		for p in "$@"; do
			echo "<item><title>Harbour story $p</title><guid>$f-$p</guid>"
			echo "<link>$base/pages/$p.html</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>"
		done
		echo '</channel></rss>'
	} >"$tmp/www/$f"
}
for p in a1 a2 b1 c1 d1 d2; do page "$p" "Harbour reopens after repairs ($p)"; done
feed a.xml "Wire A" a1 a2
feed b.xml "Wire B" b1
feed c.xml "Wire C" c1
feed d.xml "Wire D" d1 d2
feed held.xml "Held" late
echo "plain words and no markup at all" >"$tmp/www/junk.xml"
cat >"$tmp/feeds.conf" <<EOF
a        $base/etag/a.xml
b        $base/lastmod/b.xml
moved    $base/moved/301/etag/c.xml
held     $base/etag/held.xml
limited  $base/retry/429/3600
broken   $base/status/500
junk     $base/etag/junk.xml
EOF
var="$tmp/var"

# 1. First poll: everything fetched once, nothing conditional.
"$NEWSWATCH" poll --feeds "$tmp/feeds.conf" --var "$var" 2>"$tmp/err1"
rc=$?
check "first poll exits 1: three feeds and a page fail (got $rc)" [ "$rc" -eq 1 ]
check "first poll archives 4 records (got $(records "$var"))" [ "$(records "$var")" -eq 4 ]
check "the 429 is named with feed and URL" grep -q "feed limited ($base/retry/429/3600): HTTP 429" "$tmp/err1"
check "the first requests are unconditional" grep -q "^GET	/etag/a.xml	200	-	-	newswatch/" "$tmp/requests.log"
check "the User-Agent names the project" grep -q "	newswatch/[0-9.]* (+https://newswatch.invalid/)$" "$tmp/requests.log"
check "the 301 updated the stored feed URL" grep -q "^moved	$base/moved/301/etag/c.xml	$base/etag/c.xml	\"" "$var/state/feeds"
check "the feed whose page failed keeps no validators" grep -q "^held	$base/etag/held.xml			" "$var/state/feeds"
"$NEWSWATCH" feeds list --feeds "$tmp/feeds.conf" --var "$var" >"$tmp/list1"
check "feeds list shows the 429 and its error" grep -q "^limited  .*Z  *429  *-  *1  .*Z  *HTTP 429$" "$tmp/list1"
check "feeds list shows the 500 due again at once" grep -q "^broken  .*Z  *500  *-  *1  *now  *HTTP 500$" "$tmp/list1"
check "feeds list shows the parse failure" grep -q "^junk  .*Z  *200  *-  *1  *now  *[^-]" "$tmp/list1"
check "feeds list shows a good feed's items" grep -q "^a  .*Z  *200  *2  *0  .*Z  *-$" "$tmp/list1"

# 2. At once again: only the feeds that are due.
page late "A late page"
m=$(mark)
"$NEWSWATCH" poll --feeds "$tmp/feeds.conf" --var "$var" 2>"$tmp/err2"
rc=$?
requests "$m" >"$tmp/req2"
check "second poll exits 1 for the feeds still failing (got $rc)" [ "$rc" -eq 1 ]
check "feeds not due are not fetched" sh -c "! grep -q -e /a.xml -e /b.xml -e /c.xml '$tmp/req2'"
check "the 429 is not retried before its Retry-After" sh -c "! grep -q /retry/ '$tmp/req2'"
check "a feed that failed once is retried at the next run" grep -q "^GET	/status/500	500" "$tmp/req2"
check "the held feed is fetched in full" grep -q "^GET	/etag/held.xml	200	-	-" "$tmp/req2"
check "and its page is archived now (got $(records "$var"))" [ "$(records "$var")" -eq 5 ]
check "the held feed has its validators back" grep -q "^held	$base/etag/held.xml		\"" "$var/state/feeds"

# 3. --force: every feed, conditionally; unchanged feeds answer 304.
m=$(mark)
"$NEWSWATCH" poll --force --feeds "$tmp/feeds.conf" --var "$var" 2>"$tmp/err3"
rc=$?
requests "$m" >"$tmp/req3"
check "forced poll exits 1 (got $rc)" [ "$rc" -eq 1 ]
check "If-None-Match gets a 304" grep -q "^GET	/etag/a.xml	304	\"[0-9a-f]*\"	" "$tmp/req3"
check "If-Modified-Since gets a 304" grep -q "^GET	/lastmod/b.xml	304	-	[A-Z][a-z][a-z], .* GMT	" "$tmp/req3"
check "the moved feed is fetched at its new URL" grep -q "^GET	/etag/c.xml	304	" "$tmp/req3"
check "and not at the old one" sh -c "! grep -q /moved/ '$tmp/req3'"
check "the held feed, settled, answers 304" grep -q "^GET	/etag/held.xml	304	" "$tmp/req3"
check "--force retries the 429 too" grep -q "^GET	/retry/429/3600	429" "$tmp/req3"
check "no page is fetched again" sh -c "! grep -q /pages/ '$tmp/req3'"
check "nothing new is archived (got $(records "$var"))" [ "$(records "$var")" -eq 5 ]
"$NEWSWATCH" feeds list --feeds "$tmp/feeds.conf" --var "$var" --json >"$tmp/list3.json"
check "feeds list counts consecutive errors, 304s keep the items" python3 -c '
import json, sys, time
by = {r["feed"]: r for r in map(json.loads, open(sys.argv[1]))}
assert by["broken"]["errors"] == 3 and by["broken"]["last_error"] == "HTTP 500", by["broken"]
assert by["broken"]["due"] is False, by["broken"]  # backing off now
assert by["limited"]["errors"] == 2 and by["limited"]["status"] == 429, by["limited"]
assert by["a"]["status"] == 304 and by["a"]["items"] == 2 and by["a"]["errors"] == 0, by["a"]
assert by["moved"]["fetch_url"].endswith("/etag/c.xml"), by["moved"]
assert by["junk"]["errors"] == 3 and by["junk"]["last_error"], by["junk"]
' "$tmp/list3.json"

# 4. --no-articles: feeds only; their items wait for the next poll.
printf 'a  %s/etag/a.xml\nd  %s/etag/d.xml\n' "$base" "$base" >"$tmp/two.conf"
m=$(mark)
"$NEWSWATCH" poll --no-articles --feeds "$tmp/two.conf" --var "$tmp/var2" 2>"$tmp/err4"
rc=$?
requests "$m" >"$tmp/req4"
check "--no-articles exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "and fetches the feeds" grep -q "^GET	/etag/d.xml	200" "$tmp/req4"
check "but no page" sh -c "! grep -q /pages/ '$tmp/req4'"
check "and archives nothing (got $(records "$tmp/var2"))" [ "$(records "$tmp/var2")" -eq 0 ]
"$NEWSWATCH" poll --feeds "$tmp/two.conf" --var "$tmp/var2" 2>"$tmp/err5"
rc=$?
n=$(records "$tmp/var2")
check "the next poll fetches those feeds again and archives their items (rc $rc, $n records)" [ "$rc" -eq 0 -a "$n" -eq 4 ]
# 5. One article through two feeds, and again under a changed guid: archived once.
page story "Treasury designates a shipping line"
dup_item() { # dup_item GUID LINK
	printf '<rss version="2.0"><channel><title>x</title><item><guid>%s</guid><title>Treasury designates a shipping line</title><link>%s</link></item></channel></rss>\n' "$1" "$2"
}
dup_item wire-1 "$base/pages/story.html?utm_source=rss&amp;utm_medium=feed#top" >"$tmp/www/dup1.xml"
dup_item other-9 "$base/pages/story.html" >"$tmp/www/dup2.xml"
printf 'one %s/dup1.xml\ntwo %s/dup2.xml\n' "$base" "$base" >"$tmp/dup.conf"
"$NEWSWATCH" poll --feeds "$tmp/dup.conf" --var "$tmp/var3" 2>"$tmp/err6"
check "the same article through two feeds is archived once (got $(records "$tmp/var3"))" [ "$(records "$tmp/var3")" -eq 1 ]
dup_item wire-1-revised "$base/pages/story.html?utm_campaign=x" >"$tmp/www/dup1.xml"
"$NEWSWATCH" poll --force --feeds "$tmp/dup.conf" --var "$tmp/var3" 2>"$tmp/err7"
check "a changed guid with the same canonical link is not archived again (got $(records "$tmp/var3"))" [ "$(records "$tmp/var3")" -eq 1 ]

# 6. <ttl> and the feed list's interval set when a feed is due.
printf '<rss version="2.0"><channel><title>t</title><ttl>180</ttl></channel></rss>\n' >"$tmp/www/ttl.xml"
printf 'slow %s/ttl.xml\nhourly %s/dup2.xml 1h\n' "$base" "$base" >"$tmp/ttl.conf"
"$NEWSWATCH" poll --feeds "$tmp/ttl.conf" --var "$tmp/var4" 2>/dev/null
"$NEWSWATCH" feeds list --feeds "$tmp/ttl.conf" --var "$tmp/var4" --json >"$tmp/ttl.json"
check "a feed's <ttl> and the list's interval schedule it" python3 -c '
import json, sys
by = {r["feed"]: r for r in map(json.loads, open(sys.argv[1]))}
assert by["slow"]["interval"] == 3 * 3600, by["slow"]
assert by["hourly"]["interval"] == 3600, by["hourly"]
' "$tmp/ttl.json"
exit $failed
