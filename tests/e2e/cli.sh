#!/bin/sh
# cli.sh - what every command promises at its edges: help and usage errors,
# exit statuses, oversized and hostile input failing alone with a message
# that names the input, standard input, and several inputs in one process.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then echo "ok - $d"; else echo "not ok - $d"; failed=1; fi
}
status() { # status COMMAND...: print the exit status
	"$@" >"$tmp/out" 2>"$tmp/err"
	echo $?
}

check "--version names the program" sh -c "$NEWSWATCH --version | grep -q '^newswatch [0-9]'"
check "--help exits 0" [ "$(status "$NEWSWATCH" --help)" -eq 0 ]
for c in poll feed extract tag grep; do
	check "$c --help exits 0 and prints its usage" \
		sh -c "$NEWSWATCH $c --help | grep -q 'usage: newswatch $c'"
done
check "an unknown command is a usage error (2)" [ "$(status "$NEWSWATCH" frobnicate)" -eq 2 ]
check "an unknown option is a usage error (2)" [ "$(status "$NEWSWATCH" feed --bogus x)" -eq 2 ]
check "poll -j 0 is a usage error (2)" [ "$(status "$NEWSWATCH" poll -j 0)" -eq 2 ]

# A 50 MB page is refused, not read into memory whole, and named.
head -c 52428800 /dev/zero | tr '\0' 'a' >"$tmp/huge.html"
check "extract of a 50 MB page fails (1)" [ "$(status "$NEWSWATCH" extract "$tmp/huge.html")" -eq 1 ]
check "and says which file and why" grep -q "huge.html: too large" "$tmp/err"

# Binary junk and a non-feed fail alone; the good input beside them is printed.
head -c 4096 /dev/urandom >"$tmp/junk.xml"
check "feed: junk beside a good feed exits 1" \
	[ "$(status "$NEWSWATCH" feed "$tmp/junk.xml" feeds/demo/harbour-wire.xml)" -eq 1 ]
check "feed: the good feed is still printed, with its file" \
	grep -q '"file":"feeds/demo/harbour-wire.xml"' "$tmp/out"
check "feed: the junk is named on stderr" grep -q "junk.xml" "$tmp/err"
check "feed refuses a non-http URL scheme" [ "$(status "$NEWSWATCH" feed file:///etc/passwd)" -eq 1 ]
check "and reads nothing from it" sh -c "! grep -q root: $tmp/out"

# tag reads standard input; output is one valid JSON object a line.
printf 'The EU Council on Monday sanctioned Nordwind Shipping LLC.\n' >"$tmp/a.txt"
check "tag reads standard input" \
	sh -c "$NEWSWATCH tag --published 2024-05-07 <$tmp/a.txt | grep -q '\"date\":\"2024-05-06\"'"
check "tag: invalid UTF-8 in, valid JSON out" sh -c "printf 'Sanctions hit Acme \377\376 Ltd.\n' |
	$NEWSWATCH tag | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]'"
check "tag: a bad --published is a usage error" \
	[ "$(status "$NEWSWATCH" tag --published yesterday "$tmp/a.txt")" -eq 2 ]
check "tag: a missing --lexicons directory is a usage error" \
	[ "$(status "$NEWSWATCH" tag --lexicons "$tmp/nope" "$tmp/a.txt")" -eq 2 ]
check "extract --text may follow the file" \
	sh -c "$NEWSWATCH extract feeds/demo/articles/harbour-wire/2024-07-16-busan-fog-gales.html --text | grep -qi fog"
exit $failed
