#!/usr/bin/env python3
"""smtpd.py - the SMTP server every newswatch mail test talks to (127.0.0.1 only).

Usage: python3 tests/smtpd.py --dir DIR [--port 0] [--bind 127.0.0.1]
           [--auth USER:PASSWORD] [--rcpt-code CODE] [--data-code CODE]
           [--fail-after N] [--fail-code CODE] [--verbose]

Binds (port 0 picks a free port), prints the port number alone on the first
stdout line, then speaks ESMTP (aiosmtpd, Debian package python3-aiosmtpd).
Exits with status 0 on SIGTERM or SIGINT.  Quiet unless --verbose.

Each accepted message is written to DIR as msg-NNNN.eml, the raw bytes of the
DATA section as received (CRLF line ends, dot-stuffing undone, without the
final "."), and msg-NNNN.env, the envelope as text lines "MAIL FROM:<a>",
"RCPT TO:<b>"... and "AUTH user" when the client authenticated.  Both are
written before the server answers 250, and renamed into place, so a client
that saw 250 finds them complete.

Misbehaviour on purpose:
  --auth USER:PASSWORD  require AUTH (LOGIN or PLAIN, offered without TLS)
                        with these credentials: 530 before it, 535 when wrong
  --rcpt-code CODE      answer every RCPT TO with CODE (e.g. 451, 550)
  --data-code CODE      answer the end of every DATA with CODE
  --fail-after N        accept N messages, then answer DATA with --fail-code
                        (default 451)
  --delay SECONDS       wait this long before answering each RCPT TO, so a
                        test can kill its client in the middle of a run
                        (before any message of the moment is accepted)
"""

import argparse
import asyncio
import os
import signal
import sys
import threading

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError:
    # A python3 from pyenv or a venv does not see Debian's dist-packages.
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.stderr.write("smtpd.py: aiosmtpd missing (apt-get install python3-aiosmtpd)\n")
    sys.exit(2)

REPLIES = {
    421: "421 4.3.2 Service shutting down",
    450: "450 4.2.0 Mailbox busy, try later",
    451: "451 4.3.0 Local error, try again later",
    452: "452 4.3.1 Insufficient storage",
    550: "550 5.1.1 No such mailbox here",
    552: "552 5.3.4 Message too big",
    554: "554 5.7.1 Transaction refused",
}


def reply(code):
    return REPLIES.get(code, "%d Refused by the test server" % code)


class Handler:
    def __init__(self, args):
        self.args = args
        self.accepted = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        if self.args.rcpt_code:
            return reply(self.args.rcpt_code)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.data_code:
            return reply(self.args.data_code)
        with self.lock:
            if self.args.fail_after is not None and self.accepted >= self.args.fail_after:
                return reply(self.args.fail_code)
            self.accepted += 1
            stem = os.path.join(self.args.dir, "msg-%04d" % self.accepted)
        env = ["MAIL FROM:<%s>" % envelope.mail_from]
        env += ["RCPT TO:<%s>" % r for r in envelope.rcpt_tos]
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            env.append("AUTH %s" % session.auth_data.login.decode("utf-8", "replace"))
        write_file(stem + ".env", ("\n".join(env) + "\n").encode("utf-8", "replace"))
        write_file(stem + ".eml", envelope.original_content)
        if self.args.verbose:
            sys.stderr.write("smtpd: accepted %s\n" % stem)
        return "250 2.0.0 Message accepted"


def write_file(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def make_authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        # handled=False: let aiosmtpd answer 535 itself on a failure
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return check


class FreePortController(Controller):
    """aiosmtpd checks the server by connecting to self.port: with port 0,
    learn the port the kernel chose first."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    ap = argparse.ArgumentParser(description="SMTP server for newswatch tests")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--auth", metavar="USER:PASSWORD")
    ap.add_argument("--rcpt-code", type=int)
    ap.add_argument("--data-code", type=int)
    ap.add_argument("--fail-after", type=int)
    ap.add_argument("--fail-code", type=int, default=451)
    ap.add_argument("--delay", type=float, default=0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    kwargs = {"server_hostname": "smtpd.test", "ident": "newswatch-test-smtpd"}
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs.update(
            authenticator=make_authenticator(user, password),
            auth_required=True,
            auth_require_tls=False,  # 127.0.0.1 only: plaintext AUTH is the point
        )
    if not args.verbose:
        import logging
        import warnings

        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        warnings.simplefilter("ignore")

    ctl = FreePortController(Handler(args), hostname=args.bind, port=args.port, **kwargs)
    ctl.start()
    print(ctl.port, flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda s, f: done.set())
    signal.signal(signal.SIGINT, lambda s, f: done.set())
    while not done.wait(3600):
        pass
    ctl.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
