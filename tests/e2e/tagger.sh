#!/bin/sh
# tests/e2e/tagger.sh - the tagger against the hand-written gold corpus.
#
# tests/corpus/ holds 118 fictional news articles and their gold events and
# entities (conventions in tests/corpus/README.md).  score.py runs the real
# binary ($NEWSWATCH, set by tests/run) once over all of them, prints the
# P/R/F1 table, and with --check fails unless designation F1 >= 0.90, target
# F1 >= 0.85, denial F1 >= 0.85 and the false-designation rate on articles
# without a designation is <= 0.05.  Prints one "ok - ..." or "not ok - ..."
# line and exits 0 or 1 accordingly.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
out=$(python3 tests/corpus/score.py "$NEWSWATCH" --check 2>&1)
rc=$?
printf '%s\n' "$out" | grep -v -e '^check passed' -e '^check failed' | sed 's/^/# /'
case $rc in
0)
	echo "ok - tagger meets the thresholds"
	exit 0
	;;
1)
	why=$(printf '%s\n' "$out" | sed -n 's/^check failed: //p')
	echo "not ok - tagger below the thresholds: $why"
	exit 1
	;;
*)
	echo "not ok - tagger scorer could not run (status $rc)"
	exit 1
	;;
esac
