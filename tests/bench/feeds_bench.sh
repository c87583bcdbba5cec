#!/bin/sh
# feeds_bench.sh - how fast poll fetches many feeds, against newsboat.
#
# Usage: sh tests/bench/feeds_bench.sh ./newswatch
#   environment: RUNS (3), FEEDS (2000), ITEMS (20), HOSTS (8), JOBS (poll -j, 8),
#                NB_THREADS (newsboat reload-threads, 8)
#
# Serves FEEDS feeds of ITEMS items, with article pages of 20-80 KB, from
# HOSTS servers on 127.0.0.2, 127.0.0.3 ... (tests/bench/feeds_site.py, one
# process per host, everything built in memory from a fixed seed), then
# measures, RUNS times each:
#   1. newswatch feeds-only first poll: poll --no-articles, fresh var dir
#   2. newsboat -x reload, first: Debian's newsboat on the same URLs, fresh
#      cache, reload-threads NB_THREADS (its default is 1; we give it the
#      same concurrency as poll -j), and its second reload (304s)
#   3. newswatch full first poll: every article fetched, extracted, tagged
#      and archived, fresh var dir
#   4. newswatch all-304 poll: poll --force on the var dir of run 3, so every
#      feed is asked again with its validators and answers 304
# and prints the median wall time, CPU time (user + sys) and peak RSS of
# each, from wait4() of that process alone, plus the newsboat/newswatch
# ratio.  Not a test: it checks only that the runs did their work (records
# archived, nothing archived twice).  Installs newsboat with apt-get when
# it is missing and we are root; skips it otherwise.
set -u
nw=${1:?usage: feeds_bench.sh NEWSWATCH}
case $nw in /*) ;; *) nw=$(pwd)/$nw ;; esac
runs=${RUNS:-3}
feeds=${FEEDS:-2000}
items=${ITEMS:-20}
hosts=${HOSTS:-8}
jobs=${JOBS:-8}
nb_threads=${NB_THREADS:-8}
top=$(cd "$(dirname "$0")/../.." && pwd)
site="$top/tests/bench/feeds_site.py"
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
out="$tmp/measures"
: >"$out"

# wait_port FILE: the port a server printed, once it did
wait_port() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	head -n 1 "$1"
}

python3 "$site" serve --host-index 0 --hosts "$hosts" --port 0 --feeds "$feeds" \
	--items "$items" >"$tmp/port0" &
pids="$pids $!"
port=$(wait_port "$tmp/port0")
[ -n "$port" ] || { echo "feeds_bench: the bench server did not start" >&2; exit 1; }
k=1
while [ $k -lt "$hosts" ]; do
	python3 "$site" serve --host-index $k --hosts "$hosts" --port "$port" --feeds "$feeds" \
		--items "$items" >"$tmp/port$k" &
	pids="$pids $!"
	k=$((k + 1))
done
k=1
while [ $k -lt "$hosts" ]; do
	[ "$(wait_port "$tmp/port$k")" = "$port" ] ||
		{ echo "feeds_bench: server $k did not start" >&2; exit 1; }
	k=$((k + 1))
done
python3 "$site" lists --hosts "$hosts" --port "$port" --feeds "$feeds" "$tmp/feeds.conf" "$tmp/urls"

if ! command -v newsboat >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "feeds_bench: installing newsboat" >&2
	apt-get update -qq >/dev/null 2>&1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends newsboat >/dev/null 2>&1
fi
mkdir -p "$tmp/home"
printf 'reload-threads %s\ndownload-timeout 30\ndownload-retries 1\nshow-read-feeds yes\n' \
	"$nb_threads" >"$tmp/newsboat.conf"

measure() { python3 "$site" measure "$out" "$@"; }
records() { cat "$1"/archive/*.jsonl 2>/dev/null | wc -l; }

echo "feeds_bench: $feeds feeds x $items items on $hosts hosts (port $port), $runs runs" >&2
r=1
while [ $r -le "$runs" ]; do
	measure "newswatch feeds-only first poll" -- \
		"$nw" poll -q -j "$jobs" --no-articles --feeds "$tmp/feeds.conf" --var "$tmp/feedsonly$r"
	rm -rf "$tmp/feedsonly$r"
	if command -v newsboat >/dev/null 2>&1; then
		export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local"
		measure "newsboat -x reload, first" -- newsboat -q -u "$tmp/urls" -C "$tmp/newsboat.conf" \
			-c "$tmp/nb$r.db" -x reload
		measure "newsboat -x reload, again (304)" -- newsboat -q -u "$tmp/urls" \
			-C "$tmp/newsboat.conf" -c "$tmp/nb$r.db" -x reload
		[ $r -eq 1 ] && echo "feeds_bench: newsboat unread articles: $(newsboat -q -u "$tmp/urls" \
			-C "$tmp/newsboat.conf" -c "$tmp/nb1.db" -x print-unread 2>/dev/null)" >&2
		rm -f "$tmp/nb$r.db"
	fi
	r=$((r + 1))
done
r=1
while [ $r -le "$runs" ]; do
	measure "newswatch full first poll" -- \
		"$nw" poll -q -j "$jobs" --feeds "$tmp/feeds.conf" --var "$tmp/full$r"
	echo "feeds_bench: full poll $r archived $(records "$tmp/full$r") records" >&2
	[ $r -gt 1 ] && rm -rf "$tmp/full$r"
	r=$((r + 1))
done
before=$(records "$tmp/full1")
r=1
while [ $r -le "$runs" ]; do
	measure "newswatch all-304 poll (--force)" -- \
		"$nw" poll -q -j "$jobs" --force --feeds "$tmp/feeds.conf" --var "$tmp/full1"
	r=$((r + 1))
done
after=$(records "$tmp/full1")
echo "feeds_bench: records before and after the 304 polls: $before, $after" >&2

echo "Feed polling: $feeds feeds x $items items, pages 20-80 KB, $hosts hosts; median of $runs runs"
echo "(poll -j $jobs, 2 per host; newsboat reload-threads $nb_threads; $(nproc) CPUs)"
python3 "$site" report "$out"
