# tests/e2e/lib.sh - what the end-to-end scripts share; sourced by them,
# never run by tests/run.
#
# Sets tmp (a private directory removed at exit, with the test HTTP server
# when one was started), failed, and the reporting helpers; start_httpd
# starts tests/httpd.py on 127.0.0.1.  Scripts run from the top of the tree.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
tmp=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
failed=0
ok() { echo "ok - $1"; }
notok() {
	echo "not ok - $1"
	failed=1
}
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}

# start_httpd ARGS...: tests/httpd.py with ARGS (--root DIR, --log FILE ...);
# sets server, port and base (http://127.0.0.1:PORT), or exits on failure.
start_httpd() {
	python3 tests/httpd.py "$@" >"$tmp/port" 2>"$tmp/httpd.err" &
	server=$!
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(head -n 1 "$tmp/port")
	[ -n "$port" ] || {
		echo "not ok - test HTTP server did not start"
		exit 1
	}
	base="http://127.0.0.1:$port"
}
