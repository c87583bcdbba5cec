#!/bin/sh
# tests/e2e/alert.sh - `newswatch alert` against a real SMTP server.
#
# Polls the offline demo feeds into a fresh var directory, then mails the
# new designations to tests/smtpd.py (aiosmtpd on 127.0.0.1, started here)
# and checks what arrives: one mail per event key with the expected
# headers and body; nothing twice; an update mail for a new target only;
# an outage that fails the run and is made good by the next; a SIGKILL in
# the middle of a run followed by a clean run delivering each event once;
# two runs at once; mbox and dry-run; rules; header injection.
# Prints "ok - ..." / "not ok - ..." per check; exits 1 if any failed.
set -u
: "${NEWSWATCH:?set NEWSWATCH to the newswatch binary}"
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
failed=0
py=/usr/bin/python3
[ -x "$py" ] || py=python3

pass() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	failed=$((failed + 1))
}
check() { # check DESC COMMAND...
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# start_smtpd DIR [OPTIONS...]: sets $port and $spid.
start_smtpd() {
	dir=$1
	shift
	mkdir -p "$dir"
	"$py" tests/smtpd.py --dir "$dir" "$@" >"$dir.port" 2>"$dir.log" &
	spid=$!
	pids="$pids $spid"
	i=0
	port=""
	while [ $i -lt 100 ] && [ -z "$port" ]; do
		port=$(head -n 1 "$dir.port" 2>/dev/null)
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || {
		echo "# smtpd did not start: $(cat "$dir.log")"
		exit 1
	}
}
stop_smtpd() {
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
}
count_mail() { ls "$1" 2>/dev/null | grep -c '\.eml$'; }

# Headers and bodies of every message in a directory, as JSON lines.
read_mail() {
	"$py" - "$@" <<'EOF'
import email, email.policy, glob, json, os, sys
for d in sys.argv[1:]:
    for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
        m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
        print(json.dumps({"subject": str(m["subject"]), "id": str(m["message-id"]),
                          "to": str(m["to"]), "bcc": m["bcc"], "defects": len(m.defects),
                          "headers": list(m.keys()), "body": m.get_content()}))
EOF
}

var=$tmp/var
"$NEWSWATCH" poll --feeds feeds/demo/feeds.conf --var "$var" -q
want=$(cat "$var"/archive/*.jsonl | "$py" -c '
import json, sys
keys = set()
for line in sys.stdin:
    for ev in json.loads(line)["events"]:
        if ev["type"] == "designation" and not ev.get("background") and ev.get("key"):
            keys.add(ev["key"])
print(len(keys))')
check "the demo archive has designation keys to alert ($want)" [ "$want" -ge 4 ]

key=$(grep -o '"key":"US-20240502-[0-9a-f]*"' "$var"/archive/*.jsonl | head -n 1 | cut -d'"' -f4)
n=$("$NEWSWATCH" grep --var "$var" --key "$key" -c)
check "grep --key lists the four reports of the Hunchun designation ($n)" [ "$n" = 4 ]
n=$("$NEWSWATCH" grep --var "$var" --key "$key" --key XX-00000000-00000000 -c)
check "grep --key, repeated, matches any key" [ "$n" = 4 ]

send() { # send VAR [OPTIONS...]: one alert run to $port
	v=$1
	shift
	"$NEWSWATCH" alert --var "$v" --smtp "smtp://127.0.0.1:$port" \
		--from "newswatch <alerts@example.org>" --to desk@example.org "$@"
}

# --- one mail per key, with everything in it ---
start_smtpd "$tmp/m1"
send "$var" 2>"$tmp/err"
rc=$?
check "alert exits 0 and is silent" [ $rc -eq 0 -a ! -s "$tmp/err" ]
check "one mail per designation key ($want)" [ "$(count_mail "$tmp/m1")" -eq "$want" ]
read_mail "$tmp/m1" >"$tmp/m1.json"
"$py" - "$tmp/m1.json" <<'EOF' >"$tmp/m1.check"
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
ok = lambda c, d: print(("ok - " if c else "not ok - ") + d)
ok(all(m["subject"].startswith("[newswatch] ") for m in msgs), "subjects start with [newswatch]")
ok(all(m["to"] == "desk@example.org" for m in msgs), "To is the recipient")
ok(len({m["id"] for m in msgs}) == len(msgs), "Message-IDs differ per event")
ok(all(m["defects"] == 0 for m in msgs), "python's email parser finds no defect")
ok(all(h in m["headers"] for m in msgs for h in ("Date", "From", "Message-ID", "MIME-Version")),
   "Date, From, Message-ID, MIME-Version present")
hun = [m for m in msgs if "Hunchun" in m["subject"]]
ok(len(hun) == 1, "three articles about one designation make one mail")
if hun:
    b = hun[0]["body"]
    ok("US Treasury" in hun[0]["subject"] and "+1" in hun[0]["subject"],
       "subject names the authority, two targets and +N")
    ok("Sources (3)" in b and b.count("https://") == 3, "the mail lists all three source articles")
    ok("Ri Kwang-chol (person, KP)" in b and "Cloudbridge Vostok LLC" in b,
       "the mail lists each target once, with kind and country")
    ok("- Ri Kwang Chol (" not in b, "a second spelling of a target is not listed again")
    ok("Evidence" in b and "designated" in b, "the evidence sentences are quoted")
    ok("Date:      2024-05-02" in b, "the action's date is given")
EOF
cat "$tmp/m1.check"
failed=$((failed + $(grep -c '^not ok' "$tmp/m1.check")))

send "$var" 2>"$tmp/err"
check "a second run sends nothing" [ $? -eq 0 -a "$(count_mail "$tmp/m1")" -eq "$want" ]

# --- a later report naming a new target: one update mail ---
key=$(grep -o '"key":"US-20240502-[0-9a-f]*"' "$var"/archive/*.jsonl | head -n 1 | cut -d'"' -f4)
month=$(ls "$var/archive" | tail -n 1)
printf '%s\n' '{"v":1,"id":"00000000000000aa","feed":"late-wire","url":"https://late.example/a","title":"Treasury adds a logistics firm","published":"2024-05-04T10:00:00Z","fetched":"2024-05-04T10:05:00Z","lang":"en","text":"x","entities":[],"events":[{"type":"designation","date":"2024-05-02","key":"'"$key"'","background":false,"authority":{"name":"US Treasury","country":"US"},"targets":[{"name":"Ri Kwang Chol","kind":"person","country":"KP"},{"name":"Tumen River Logistics Co","kind":"org","country":"CN"}],"evidence":{"sentence":"Tumen River Logistics Co was also designated.","start":0,"end":1}}]}' >>"$var/archive/$month"
send "$var"
n=$(count_mail "$tmp/m1")
check "a new target makes one update mail" [ "$n" -eq $((want + 1)) ]
read_mail "$tmp/m1" | tail -n 1 >"$tmp/upd.json"
check "the update names only the new target" grep -q '"subject": "\[newswatch\] update: US Treasury designates Tumen River Logistics Co"' "$tmp/upd.json"
send "$var"
check "the update is not sent twice" [ "$(count_mail "$tmp/m1")" -eq $((want + 1)) ]
stop_smtpd

# --- an outage fails the run; the next run delivers everything ---
var2=$tmp/var2
mkdir -p "$var2" && cp -r "$var/archive" "$var2/"
start_smtpd "$tmp/m2"
stop_smtpd
send "$var2" 2>"$tmp/err"
rc=$?
check "alert exits 1 when the server is down" [ $rc -eq 1 ]
check "the error names the server" grep -q "smtp://127.0.0.1:$port" "$tmp/err"
start_smtpd "$tmp/m2"
send "$var2" 2>"$tmp/err"
check "after the outage every event is delivered" [ $? -eq 0 -a "$(count_mail "$tmp/m2")" -eq $((want + 0)) ]
stop_smtpd

# --- a server refusing mail half way: only the rest is sent later ---
var3=$tmp/var3
mkdir -p "$var3" && cp -r "$var/archive" "$var3/"
start_smtpd "$tmp/m3" --fail-after 2
send "$var3" 2>"$tmp/err"
check "a 451 after two messages makes alert exit 1" [ $? -eq 1 -a "$(count_mail "$tmp/m3")" -eq 2 ]
stop_smtpd
start_smtpd "$tmp/m3b"
send "$var3"
check "the next run sends only the refused ones" [ "$(count_mail "$tmp/m3b")" -eq $((want - 2)) ]
ids=$(read_mail "$tmp/m3" "$tmp/m3b" | grep -o '"id": "[^"]*"' | sort -u | wc -l)
check "together each event arrived once" [ "$ids" -eq "$want" ]
stop_smtpd

# --- SIGKILL in the middle of a run, then a clean run ---
var4=$tmp/var4
mkdir -p "$var4" && cp -r "$var/archive" "$var4/"
start_smtpd "$tmp/m4" --delay 0.4
send "$var4" 2>/dev/null &
apid=$!
sleep 1.1
kill -9 $apid 2>/dev/null
wait $apid 2>/dev/null
stop_smtpd
partial=$(count_mail "$tmp/m4")
check "the killed run delivered some but not all ($partial)" [ "$partial" -ge 1 -a "$partial" -lt "$want" ]
start_smtpd "$tmp/m4b"
send "$var4"
total=$(($(count_mail "$tmp/m4") + $(count_mail "$tmp/m4b")))
ids=$(read_mail "$tmp/m4" "$tmp/m4b" | grep -o '"id": "[^"]*"' | sort -u | wc -l)
check "after the kill each event was delivered exactly once ($total mails)" [ "$total" -eq "$want" -a "$ids" -eq "$want" ]
stop_smtpd

# --- two runs at once never double-send ---
var5=$tmp/var5
mkdir -p "$var5" && cp -r "$var/archive" "$var5/"
start_smtpd "$tmp/m5" --delay 0.1
send "$var5" 2>"$tmp/err5a" &
a1=$!
send "$var5" 2>"$tmp/err5b" &
a2=$!
wait $a1
r1=$?
wait $a2
r2=$?
check "concurrent runs both exit 0" [ $r1 -eq 0 -a $r2 -eq 0 ]
check "concurrent runs send each event once" [ "$(count_mail "$tmp/m5")" -eq "$want" ]
check "the second run says the lock is held" grep -q "holds the lock" "$tmp/err5a" "$tmp/err5b"
stop_smtpd

# --- dry run changes nothing; mbox delivers ---
var6=$tmp/var6
mkdir -p "$var6" && cp -r "$var/archive" "$var6/"
"$NEWSWATCH" alert --var "$var6" --dry-run --to desk@example.org >"$tmp/dry"
check "--dry-run prints every message" [ "$(grep -c '^Message-ID: ' "$tmp/dry")" -eq "$want" ]
"$NEWSWATCH" alert --var "$var6" --mbox "$tmp/mbox" --to desk@example.org
check "--mbox after --dry-run still delivers every message" [ "$(grep -c '^From ' "$tmp/mbox")" -eq "$want" ]
"$NEWSWATCH" alert --var "$var6" --mbox "$tmp/mbox" --to desk@example.org
check "a second --mbox run appends nothing" [ "$(grep -c '^From ' "$tmp/mbox")" -eq "$want" ]

# --- a digest: one message for the run, and then nothing again ---
var9=$tmp/var9
mkdir -p "$var9" && cp -r "$var/archive" "$var9/"
start_smtpd "$tmp/m9"
send "$var9" --digest
check "--digest sends one message" [ "$(count_mail "$tmp/m9")" -eq 1 ]
read_mail "$tmp/m9" >"$tmp/m9.json"
check "the digest's subject counts the events" grep -q "\"subject\": \"\[newswatch\] $want sanctions events\"" "$tmp/m9.json"
send "$var9" --digest
send "$var9"
check "after a digest no event is mailed again" [ "$(count_mail "$tmp/m9")" -eq 1 ]
stop_smtpd

# --- rules pick recipients ---
cat >"$tmp/newswatch.conf" <<'EOF'
[mail]
from = newswatch <alerts@example.org>
[rule "korea"]
countries = KP
to = korea-desk@example.org
[rule "uk"]
authorities = GB
to = uk-desk@example.org, desk@example.org
EOF
var7=$tmp/var7
mkdir -p "$var7" && cp -r "$var/archive" "$var7/"
"$NEWSWATCH" alert --config "$tmp/newswatch.conf" --var "$var7" --dry-run >"$tmp/rules"
check "rules: the Korea desk gets the North Korean designation" grep -q '^To: korea-desk@example.org' "$tmp/rules"
check "rules: the UK rule's two recipients get the UK designation" grep -q '^To: uk-desk@example.org, desk@example.org' "$tmp/rules"
check "rules: events no rule matches are not mailed" [ "$(grep -c '^Message-ID: ' "$tmp/rules")" -eq 2 ]
printf '[rule "x"]\ntypes = denial\nto = a@example.org\n' >"$tmp/bad.conf"
"$NEWSWATCH" alert --config "$tmp/bad.conf" --var "$var7" --dry-run 2>"$tmp/err" >/dev/null
check "a rule for a type that cannot alert is a configuration error" [ $? -eq 2 ] && grep -q "bad.conf" "$tmp/err"
"$NEWSWATCH" alert --var "$var7" --dry-run 2>"$tmp/err" >/dev/null
check "no recipients is a configuration error" [ $? -eq 2 ]

# --- header injection through a target name ---
var8=$tmp/var8
mkdir -p "$var8/archive"
printf '%s\n' '{"v":1,"id":"00000000000000bb","feed":"x","url":"https://x.example/","title":"t\r\nBcc: evil@example.org","published":null,"fetched":"2024-05-04T10:05:00Z","lang":"en","text":"x","entities":[],"events":[{"type":"designation","date":"2024-05-02","key":"US-20240502-00000001","background":false,"authority":{"name":"US Treasury","country":"US"},"targets":[{"name":"Evil Corp\r\nBcc: evil@example.org","kind":"org","country":null}],"evidence":{"sentence":"s","start":0,"end":1}}]}' >"$var8/archive/2024-05.jsonl"
start_smtpd "$tmp/m8"
send "$var8"
read_mail "$tmp/m8" >"$tmp/m8.json"
check "a CR LF in a name adds no header" [ "$(count_mail "$tmp/m8")" -eq 1 ] && ! grep -q '"bcc": "' "$tmp/m8.json" && grep -q '"bcc": null' "$tmp/m8.json"
stop_smtpd

# --- a record rewritten by another tool (spaces after colons) still alerts ---
var10=$tmp/var10
mkdir -p "$var10/archive"
"$py" -c '
import json
targets = [{"name": "Target %d Trading LLC" % i, "kind": "org", "country": None} for i in range(300)]
print(json.dumps({"v": 1, "id": "00000000000000cc", "feed": "x", "url": "https://x.example/b",
                  "title": "A long list", "published": None, "fetched": "2024-05-04T10:05:00Z",
                  "lang": "en", "text": "x", "entities": [],
                  "events": [{"type": "designation", "date": "2024-05-02", "key": "US-20240502-000000cc",
                              "background": False, "authority": {"name": "US Treasury", "country": "US"},
                              "targets": targets, "evidence": {"sentence": "s", "start": 0, "end": 1}}]}))
' >"$var10/archive/2024-05.jsonl"
"$NEWSWATCH" alert --var "$var10" --dry-run --to desk@example.org >"$tmp/m10" 2>&1
check "a record with spaces after its colons still alerts" grep -q '^Message-ID: ' "$tmp/m10"
check "a list of 300 targets is counted in full (subject +298)" grep -q '+298' "$tmp/m10"
check "targets beyond the 256 listed are counted (- and 44 more)" grep -q -- '- and 44 more' "$tmp/m10"

[ "$failed" -eq 0 ]
