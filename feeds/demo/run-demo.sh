#!/bin/sh
# feeds/demo/run-demo.sh - what `make demo` runs: poll the bundled offline
# feeds into var/demo/ and show, in a screenful, what newswatch made of them.
#
# Usage (from the top of the tree): sh feeds/demo/run-demo.sh ./newswatch
#
# Starts from an empty var/demo/ every time, so the output is the same on
# every run (except the fetch times inside the records).  The feeds and
# article pages under feeds/demo/ are fictional and read from disk: nothing
# goes over the network.  jq (installed by `make deps`) makes the summary.
# Exit status: poll's when it is 2 or more (usage, configuration, the
# archive could not be written); otherwise 0, even when some feed failed.
set -u

NW=${1:-./newswatch}
var=var/demo
feeds=feeds/demo/feeds.conf

if [ ! -f "$feeds" ]; then
	echo "run-demo.sh: run me from the top of the newswatch tree ($feeds not found)" >&2
	exit 2
fi
if [ ! -x "$NW" ]; then
	echo "run-demo.sh: $NW is not an executable (build it with make)" >&2
	exit 2
fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT

# The records archived so far (0 when there is no archive yet).
count_records() {
	cat "$var"/archive/*.jsonl 2>/dev/null | wc -l | tr -d ' '
}

# show CMD...: print the command as the user would type it, then its output.
show() {
	echo "\$ $*"
	shift
	"$NW" "$@" 2>&1 | sed 's/^/  /'
	echo
}

rm -rf "$var"
mkdir -p "$var"

echo "\$ ./newswatch poll --feeds $feeds --var $var"
"$NW" poll --feeds "$feeds" --var "$var" 2>"$err"
rc=$?
if [ -s "$err" ]; then
	sed 's/^/  /' "$err"
else
	echo "  (exit status $rc and nothing on stderr: poll is silent on success)"
fi
if [ "$rc" -ge 2 ]; then
	echo "poll failed (exit status $rc); see the messages above." >&2
	exit "$rc"
fi
if [ "$rc" -eq 1 ]; then
	echo "  (poll exited 1: some feeds or articles failed, see above; going on with the rest)"
fi
first=$(count_records)
echo

if command -v jq >/dev/null 2>&1; then
	echo "Archived $first articles into $var/archive/."
	cat "$var"/archive/*.jsonl 2>/dev/null | jq -rs '
		[.[].events[].type] as $t
		| ["designation", "delisting", "denial", "accusation", "enforcement"]
		| "Events: " + (map(. as $k | "\([$t[] | select(. == $k)] | length) \($k)") | join(", "))'
	echo "Designations, by date:"
	cat "$var"/archive/*.jsonl 2>/dev/null | jq -rs '
		[.[] | . as $r | .events[] | select(.type == "designation")
		 | (.date // ($r.published // $r.fetched)[:10]) as $day
		 | {$day, line: ("\(.authority.name // "someone") designated "
			+ ([.targets[].name] | join(", ")) + " (\($day))"
			+ (if .background then " [background]" else "" end)
			+ " - \($r.title // "(untitled)")")}]
		| if length == 0 then "  (none)" else (sort_by(.day) | .[] | "  " + .line) end'
else
	echo "Archived $first articles into $var/archive/."
	echo "(jq is not installed, so no summary: make deps installs it)"
fi
echo

echo "\$ ./newswatch poll --feeds $feeds --var $var     # again"
"$NW" poll --feeds "$feeds" --var "$var" 2>"$err"
rc=$?
sed 's/^/  /' "$err"
if [ "$rc" -ge 2 ]; then
	echo "second poll failed (exit status $rc)" >&2
	exit "$rc"
fi
[ "$rc" -eq 1 ] && echo "  (poll exited 1 again: the same feeds or articles failed)"
echo "second poll: $(($(count_records) - first)) new records (every item is archived once)"
echo

echo "\$ ./newswatch alert --var $var --mbox $var/alerts.mbox --to analyst@localhost"
"$NW" alert --var "$var" --mbox "$var/alerts.mbox" --to analyst@localhost 2>"$err"
rc=$?
sed 's/^/  /' "$err"
if [ "$rc" -ne 0 ]; then
	echo "alert failed (exit status $rc)" >&2
	exit "$rc"
fi
echo "one mail per new designation, however many articles report it:"
grep -a -A1 '^Subject: ' "$var/alerts.mbox" | grep -v '^--' |
	sed -e 's/^Subject: //' -e 's/^ /    /' -e 's/^\[/  [/'
echo

echo "Try:"
echo
show ./newswatch grep --var "$var" --type denial --table
show ./newswatch grep --var "$var" --entity Cloudbridge -c
if command -v jq >/dev/null 2>&1; then
	echo "\$ jq -r 'select(any(.events[]; .type == \"delisting\")) | .title' $var/archive/*.jsonl"
	cat "$var"/archive/*.jsonl 2>/dev/null |
		jq -r 'select(any(.events[]; .type == "delisting")) | .title' | sed 's/^/  /'
	echo
fi
echo "The records are in $var/archive/; see README.md and 'man ./newswatch.1' for more."
exit 0
