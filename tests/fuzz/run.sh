#!/bin/sh
# tests/fuzz/run.sh - build and run every libFuzzer target; `make fuzz` calls it
# after building $FUZZ_BUILD/libnw.a with the same sanitizer flags.
#
# For each tests/fuzz/fuzz_NAME.c: compile it with clang -fsanitize=fuzzer
# plus $FUZZ_CFLAGS (ASan, UBSan), link it with libnw.a, copy the seeds of
# tests/fuzz/corpus/NAME into $FUZZ_BUILD/corpus/NAME (inputs the fuzzer
# finds accumulate there until `make clean`) and fuzz for $FUZZ_SECONDS.
# Prints one line per target; a crash also prints the sanitizer's or the
# check's report, and where the input was saved.  Exits 1 when any target
# crashed (all targets still run), 2 when one does not build.
#
# Environment (the Makefile sets all of it): FUZZ_CC, FUZZ_CFLAGS,
# FUZZ_CPPFLAGS, FUZZ_LIBS, FUZZ_BUILD, FUZZ_SECONDS, FUZZ_TIMEOUT (seconds
# one input may take before it counts as a hang).  Run from the repo top.

: "${FUZZ_CC:=clang}" "${FUZZ_BUILD:=build/fuzz}" "${FUZZ_SECONDS:=30}" "${FUZZ_TIMEOUT:=30}"

crashed=0
for src in tests/fuzz/fuzz_*.c; do
	bin=$FUZZ_BUILD/$(basename "$src" .c)
	name=${bin##*/fuzz_}
	log=$FUZZ_BUILD/fuzz_$name.log
	crashes=$FUZZ_BUILD/crashes/$name
	# shellcheck disable=SC2086 # the flag lists are meant to split
	$FUZZ_CC $FUZZ_CPPFLAGS -Itests/fuzz $FUZZ_CFLAGS -fsanitize=fuzzer -o "$bin" "$src" \
		"$FUZZ_BUILD/libnw.a" $FUZZ_LIBS || exit 2
	mkdir -p "$FUZZ_BUILD/corpus/$name" "$crashes"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp tests/fuzz/corpus/"$name"/* "$FUZZ_BUILD/corpus/$name/"
	fi
	# the test fixtures seed the parsers too, so they are not kept twice
	case $name in
	feed) cp tests/fixtures/feeds/* feeds/demo/*.xml "$FUZZ_BUILD/corpus/$name/" ;;
	extract | html) cp tests/fixtures/pages/*.html feeds/demo/articles/*/*.html "$FUZZ_BUILD/corpus/$name/" ;;
	esac
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" -max_total_time="$FUZZ_SECONDS" -max_len=1000000 -timeout="$FUZZ_TIMEOUT" \
		-print_final_stats=1 -artifact_prefix="$crashes/" "$FUZZ_BUILD/corpus/$name" \
		>"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
	if [ "$rc" = 0 ]; then
		echo "fuzz_$name: ${runs:-0} runs, no crash"
		continue
	fi
	crashed=1
	input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "fuzz_$name: CRASH after ${runs:-?} runs (exit $rc); input ${input:-not saved}; log $log"
	# the report, without libFuzzer's and libc's own frames
	grep -a -m 1 -A 40 -E '^==[0-9]+==ERROR|FUZZ CHECK FAILED|runtime error|ALARM|out-of-memory' \
		"$log" |
		grep -a -v -E 'fuzzer::|__sanitizer_print|libc[-._]|in _start|in main |nptl|raise\.c|abort\.c|rudimentary|Combine libFuzzer|^stat::|^Base64|^0x|^ *$' |
		sed -e 's/ (BuildId: [0-9a-f]*)//' -e 's/^/    /' | cut -c 1-200 | head -n 24
done
exit $crashed
