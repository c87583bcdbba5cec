#!/bin/sh
# run.sh - `make bench`: throughput of the stages, medians of several runs.
#
# Usage: sh tests/bench/run.sh ./newswatch
# Prints a table: tagging (MB/s of plain text, one process over a corpus),
# tagger start-up (lexicons loaded, ms), extraction (MB/s of HTML, pages/s),
# and a full poll of the demo feeds served by the test HTTP server.  Each
# number is the median of RUNS runs (default 5).  Not a test: it asserts
# nothing.  Uses ../shared/seeds when present to widen the text corpus.
set -u
nw=${1:?usage: run.sh NEWSWATCH}
runs=${RUNS:-5}
tmp=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_cmd CMD...: seconds of wall time, median of $runs
time_cmd() {
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now)
		"$@" >/dev/null 2>&1
		t1=$(now)
		echo "$t1 - $t0" | bc -l
		i=$((i + 1))
	done | median
}

# Corpus of plain text: the demo pages' extracted text (and the seeds),
# repeated to about 8 MB so one process does real work.
for f in feeds/demo/articles/*/*.html tests/fixtures/pages/*.html; do
	"$nw" extract --text "$f"
	printf '\n\n'
done >"$tmp/one.txt" 2>/dev/null
[ -d ../shared/seeds ] && cat ../shared/seeds/*.txt >>"$tmp/one.txt"
: >"$tmp/corpus.txt"
while [ "$(wc -c <"$tmp/corpus.txt")" -lt 8000000 ]; do cat "$tmp/one.txt" >>"$tmp/corpus.txt"; done
# The same corpus as many articles, for the per-article path.
mkdir -p "$tmp/articles"
i=0
for f in feeds/demo/articles/*/*.html tests/fixtures/pages/*.html; do
	"$nw" extract --text "$f" >"$tmp/articles/$i.txt" 2>/dev/null
	i=$((i + 1))
done
text_bytes=$(wc -c <"$tmp/corpus.txt")

# HTML corpus for extraction: every page, repeated to about 8 MB.
mkdir -p "$tmp/pages"
i=0
while [ "$(du -sb "$tmp/pages" | cut -f1)" -lt 8000000 ]; do
	for f in feeds/demo/articles/*/*.html tests/fixtures/pages/*.html; do
		cp "$f" "$tmp/pages/$i.html"
		i=$((i + 1))
	done
done
html_bytes=$(cat "$tmp"/pages/*.html | wc -c)
pages=$(ls "$tmp/pages" | wc -l)

printf '%-44s %s\n' "benchmark (median of $runs runs)" "result"
t=$(time_cmd "$nw" tag "$tmp/corpus.txt")
printf '%-44s %.1f MB/s (%.2f s for %.1f MB)\n' "tag: one 8 MB text" \
	"$(echo "$text_bytes / $t / 1000000" | bc -l)" "$t" "$(echo "$text_bytes / 1000000" | bc -l)"
# The same texts as 2,000 separate articles, as poll meets them.
mkdir -p "$tmp/many"
n=0
while [ $n -lt 2000 ]; do
	for f in "$tmp"/articles/*.txt; do
		cp "$f" "$tmp/many/$n.txt"
		n=$((n + 1))
	done
done
many_bytes=$(cat "$tmp"/many/*.txt | wc -c)
t=$(time_cmd sh -c "cd $tmp/many && $(cd "$(dirname "$nw")" && pwd)/$(basename "$nw") tag *.txt")
printf '%-44s %.1f MB/s, %.0f articles/s\n' "tag: $n articles in one process" \
	"$(echo "$many_bytes / $t / 1000000" | bc -l)" "$(echo "$n / $t" | bc -l)"
echo "" >"$tmp/empty.txt"
t=$(time_cmd "$nw" tag "$tmp/empty.txt")
printf '%-44s %.1f ms\n' "tag: start-up (lexicons loaded, empty input)" "$(echo "$t * 1000" | bc -l)"
t0=$(time_cmd "$nw" --version)
printf '%-44s %.1f ms (so lexicons cost %.1f ms)\n' "  of which process start (--version)" \
	"$(echo "$t0 * 1000" | bc -l)" "$(echo "($t - $t0) * 1000" | bc -l)"
t=$(time_cmd "$nw" extract "$tmp"/pages/*.html)
printf '%-44s %.1f MB/s, %.0f pages/s\n' "extract: $pages pages in one process" \
	"$(echo "$html_bytes / $t / 1000000" | bc -l)" "$(echo "$pages / $t" | bc -l)"
if command -v xmllint >/dev/null; then
	t=$(time_cmd sh -c "xmllint --html --noout --nowarning $tmp/pages/*.html 2>/dev/null")
	printf '%-44s %.1f MB/s\n' "floor: xmllint --html parse of the same pages" \
		"$(echo "$html_bytes / $t / 1000000" | bc -l)"
fi

# A whole poll of the demo feeds over HTTP on 127.0.0.1.
cp -r feeds/demo "$tmp/www"
python3 tests/httpd.py --root "$tmp/www" >"$tmp/port" &
server=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(head -n 1 "$tmp/port")
for f in harbour-wire meridian-ledger northgate-post; do
	echo "$f http://127.0.0.1:$port/$f.xml"
done >"$tmp/feeds.conf"
poll_once() {
	rm -rf "$tmp/var"
	"$nw" poll -q --feeds "$tmp/feeds.conf" --var "$tmp/var"
}
t=$(time_cmd poll_once)
printf '%-44s %.0f ms\n' "poll: 3 demo feeds, 14 articles, first run" "$(echo "$t * 1000" | bc -l)"
t=$(time_cmd "$nw" poll -q --feeds "$tmp/feeds.conf" --var "$tmp/var")
printf '%-44s %.0f ms\n' "poll: the same, nothing new" "$(echo "$t * 1000" | bc -l)"

# The tagger's accuracy on the gold corpus (the same table make check asserts on).
echo
python3 tests/corpus/score.py "$nw"
