#!/bin/sh
# tests/e2e/grep.sh - `newswatch grep` against the fixture archive.
#
# tests/fixtures/archive/var/archive/ holds eight hand-written records in two
# monthly files (fictional designations, a delisting, denials, an accusation,
# enforcement actions and one record without events); each check below runs
# the real binary ($NEWSWATCH, set by tests/run) from the top of the tree and
# compares counts, ids, table lines and exit codes with what the records say.
# Prints "ok - ..." / "not ok - ..." per check; exits 1 if any failed.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
fx=tests/fixtures/archive/var
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
tab=$(printf '\t')

pass() {
	echo "ok - $1"
}

fail() {
	echo "not ok - $1"
	failed=$((failed + 1))
}

# run ARGS...: newswatch grep on the fixture; sets $out, $rc, stderr in $tmp/err.
run() {
	out=$("$NEWSWATCH" grep --var "$fx" "$@" 2>"$tmp/err")
	rc=$?
}

# expect DESC WANT ARGS...: with -c, the count must be WANT and the status 0.
expect_count() {
	desc=$1
	want=$2
	shift 2
	run -c "$@"
	if [ "$rc" -eq 0 ] && [ "$out" = "$want" ]; then
		pass "$desc"
	else
		fail "$desc (got '$out', status $rc, want '$want')"
	fi
}

# expect_ids DESC "ID ..." ARGS...: the matching records' ids, in archive order.
expect_ids() {
	desc=$1
	want=$2
	shift 2
	run "$@"
	got=$(printf '%s\n' "$out" | sed -n 's/^{"v":1,"id":"\([0-9a-f]*\)".*/\1/p' | tr '\n' ' ')
	got=${got% }
	if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then
		pass "$desc"
	else
		fail "$desc (got '$got', status $rc, want '$want')"
	fi
}

# status DESC WANT ARGS...: only the exit status matters.
expect_status() {
	desc=$1
	want=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then
		pass "$desc"
	else
		fail "$desc (status $rc, want $want)"
	fi
}

# --help
out=$("$NEWSWATCH" grep --help 2>/dev/null)
rc=$?
case $out in
"usage: newswatch grep"*"Exit status"*) got_usage=1 ;;
*) got_usage=0 ;;
esac
if [ "$rc" -eq 0 ] && [ "$got_usage" -eq 1 ]; then
	pass "--help prints the usage, exit 0"
else
	fail "--help prints the usage, exit 0 (status $rc)"
fi

# No filter: every line, byte for byte, in file-name order.
cat "$fx/archive/2024-04.jsonl" "$fx/archive/2024-05.jsonl" >"$tmp/all"
run
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | cmp -s - "$tmp/all"; then
	pass "no filter prints the archive as stored, in name order"
else
	fail "no filter prints the archive as stored, in name order (status $rc)"
fi
if command -v python3 >/dev/null 2>&1; then
	if printf '%s\n' "$out" |
		python3 -c 'import json,sys;[json.loads(l) for l in sys.stdin]' 2>/dev/null; then
		pass "output lines are JSON"
	else
		fail "output lines are JSON"
	fi
fi

expect_count "-c counts every record" 8

# --type
expect_ids "--type designation" "0f3a9c1e5b7d2a40 5a0b9e37c4d1f628" --type designation
expect_count "--type repeated is OR" 4 --type designation --type delisting --type accusation
expect_ids "--type denial finds a second event of a record" "7c21e0d94fa3b815 5a0b9e37c4d1f628" \
	--type denial
expect_status "--type with an unknown type is a usage error" 2 --type sanction

# --entity: names of entities, targets, authorities, by and against
expect_ids "--entity ignores case, searches entities" "0f3a9c1e5b7d2a40 91f4c2d8a7e03b56" \
	--entity KESTREL
expect_ids "--entity repeated is AND" "0f3a9c1e5b7d2a40" --entity kestrel --entity "pak chol"
expect_ids "--entity matches an accused party" "2e8f61c0a9d4b357" --entity "orlan"
expect_ids "--entity matches an authority not among the entities" "b94d0e6a1c3f7782" \
	--entity "prosecution service"
expect_ids "--entity matches an accuser not among the entities" "2e8f61c0a9d4b357" \
	--entity "panel of experts"
expect_count "--entity with no such name" 0 --entity "Nobody Ltd"

# --country
expect_count "--country ignores case" 4 --country kp
expect_ids "--country repeated is OR" "b94d0e6a1c3f7782 d3c7a5f2e1b09864" --country NL --country CY
expect_status "--country wants two letters" 2 --country KOR

# --feed
expect_count "--feed is exact" 2 --feed gulf-ledger
expect_count "--feed prefix is no match" 0 --feed gulf
expect_count "--feed repeated is OR" 4 --feed gulf-ledger --feed steppe-monitor

# --since / --until
expect_count "--since a bare date starts at midnight" 4 --since 2024-05-01
expect_count "--until a bare date includes the whole day" 4 --until 2024-04-30
expect_ids "--since/--until with a full ISO time" "5a0b9e37c4d1f628 91f4c2d8a7e03b56" \
	--since 2024-05-03T10:00:00Z --until 2024-05-10
expect_ids "unknown publication time falls back to fetched" "b94d0e6a1c3f7782" \
	--since 2024-04-18 --until 2024-04-18
expect_status "--since with a bad date is a usage error" 2 --since 2024-13-01
expect_status "--until with a human date is a usage error" 2 --until yesterday

# PATTERN
expect_ids "PATTERN searches title and text" "0f3a9c1e5b7d2a40 7c21e0d94fa3b815 5a0b9e37c4d1f628 91f4c2d8a7e03b56" tanker
expect_ids "PATTERN sees decoded text" "c6e2a1b8f05d9347" '"Ghost fleet"'
expect_count "PATTERN is case-sensitive without -i" 0 'GHOST FLEET'
expect_count "-i ignores case" 1 -i 'GHOST FLEET'
expect_count "PATTERN and filters together" 1 --feed gulf-ledger 'rates? (climb|rose)'
expect_status "a bad PATTERN is a usage error" 2 'fuel('

# --table
run --table --type designation --entity treasury
want="2024-04-03${tab}harbour-wire${tab}designation: US Treasury -> Kestrel Maritime Ltd, Pak Chol Min +1${tab}Treasury blacklists Dubai shipper and tanker over fuel transfers"
if [ "$rc" -eq 0 ] && [ "$out" = "$want" ]; then
	pass "--table summarises a designation"
else
	fail "--table summarises a designation (got '$out')"
fi
run --table --feed gulf-ledger
want="2024-05-03${tab}gulf-ledger${tab}designation: UK Foreign Office -> Sunhwa Trading; denial: Ministry of Foreign Affairs${tab}UK sanctions trader tied to tanker purchases
2024-05-10${tab}gulf-ledger${tab}-${tab}Gulf tanker rates climb again"
if [ "$rc" -eq 0 ] && [ "$out" = "$want" ]; then
	pass "--table lists several events and none"
else
	fail "--table lists several events and none (got '$out')"
fi
run --table --entity vandermeer
case $out in
"2024-04-18${tab}steppe-monitor${tab}enforcement:"*) pass "--table dates a record by fetched when published is null" ;;
*) fail "--table dates a record by fetched when published is null (got '$out')" ;;
esac

# Damaged lines: warned about once per file, skipped, exit 1.
mkdir -p "$tmp/var/archive"
cp "$fx/archive/2024-04.jsonl" "$tmp/var/archive/"
{
	head -n 1 "$fx/archive/2024-05.jsonl"
	echo '{"v":1,"id":"cut short'
	echo 'not json at all'
	tail -n 1 "$fx/archive/2024-05.jsonl"
} >"$tmp/var/archive/2024-05.jsonl"
out=$("$NEWSWATCH" grep --var "$tmp/var" -c 2>"$tmp/err")
rc=$?
if [ "$rc" -eq 1 ] && [ "$out" = 6 ] &&
	grep -q "^newswatch: $tmp/var/archive/2024-05.jsonl:2: not a valid record, skipped" "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ]; then
	pass "bad lines: one warning per file, rest counted, exit 1"
else
	fail "bad lines: one warning per file, rest counted, exit 1 (status $rc, count '$out', stderr: $(cat "$tmp/err"))"
fi

# Archive directory: missing is an error, empty is no match.
out=$("$NEWSWATCH" grep --var "$tmp/nowhere" 2>"$tmp/err")
rc=$?
if [ "$rc" -eq 2 ] && grep -q "no archive in $tmp/nowhere/archive" "$tmp/err"; then
	pass "missing archive directory: message, exit 2"
else
	fail "missing archive directory: message, exit 2 (status $rc)"
fi
mkdir -p "$tmp/empty/archive"
out=$("$NEWSWATCH" grep --var "$tmp/empty" 2>"$tmp/err")
rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ] && [ ! -s "$tmp/err" ]; then
	pass "empty archive: nothing printed, exit 0"
else
	fail "empty archive: nothing printed, exit 0 (status $rc)"
fi

expect_status "an unknown option is a usage error" 2 --colour
expect_status "two PATTERNs are a usage error" 2 fuel tanker

[ "$failed" -eq 0 ]
