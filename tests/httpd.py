#!/usr/bin/env python3
"""httpd.py - the HTTP server every newswatch test talks to (127.0.0.1 only).

Usage: python3 tests/httpd.py --root DIR [--port 0] [--bind 127.0.0.1] [--log FILE]
                             [--verbose]

Binds (port 0 picks a free port), prints the port number alone on the first
stdout line, then serves files under DIR over HTTP/1.1 with keep-alive, one
thread per connection.  Python 3 standard library only.  Exits with status 0
on SIGTERM or SIGINT.  Quiet unless --verbose.  With --log FILE, each request
appends one tab-separated line to FILE as soon as it is answered:
    METHOD PATH STATUS IF-NONE-MATCH IF-MODIFIED-SINCE USER-AGENT
(a missing header is "-"), so that tests can check what a client sent.

Besides files, these routes misbehave on purpose:
  /status/NNN          an empty-ish response with status NNN
  /redirect/N/PATH     N hops of 302 (at least one), then /PATH
  /redirect-loop       302 to itself, forever
  /redirect-file       302 to file:///etc/passwd
  /redirect-ftp        302 to ftp://127.0.0.1/feed.xml
  /moved/CODE/PATH     one redirect with status CODE (301, 302, 303, 307 or
                       308) to /PATH; PATH may be another /moved/... hop
  /slow                200, then a few bytes a second, forever (slow drip)
  /stream              200, then 1 KB a second, forever (fast enough to
                       pass a low-speed limit: only a total timeout stops it)
  /big/N               N bytes of 'a'
  /delay/MS            "ok" after MS milliseconds (for concurrency tests)
  /gzip/PATH           file PATH gzip-encoded (Content-Encoding: gzip)
  /deflate/PATH        file PATH deflate-encoded (Content-Encoding: deflate)
  /gzip-bomb           ~100 KB of gzip that decodes to 100 MB of zeros
  /etag/PATH           file PATH with an ETag and a Last-Modified; 304 on a
                       matching If-None-Match, or, without one, on an
                       If-Modified-Since not older than the file (RFC 9110)
  /lastmod/PATH        file PATH with a Last-Modified only; 304 on an
                       If-Modified-Since not older than the file
  /cache/N/PATH        file PATH with Cache-Control: max-age=N
  /retry-after         429 with Retry-After: 120
  /retry/CODE/SECS     status CODE (429 or 503) with Retry-After: SECS
  /retry-date/CODE/SECS  the same with Retry-After as the HTTP-date SECS from now
  /malformed.xml       an RSS feed that is not well-formed XML
  /headers             the request headers as text, plus "X-Peer: host:port"
"""

import argparse
import email.utils
import gzip
import hashlib
import http.server
import os
import signal
import sys
import threading
import time
import urllib.parse
import zlib

TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
MAX_BIG = 1 << 30
REDIRECTS = ("301", "302", "303", "307", "308")
# Unescaped '&', a mismatched end tag, and the document cut off mid-item.
MALFORMED = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<rss version="2.0"><channel><title>Broken & proud</title>\n'
    b"<item><title>Ports & harbours</b></title><link>http://example.test/b/1</link>\n"
    b"<item><title>Cut off"
)
CHUNK = 1 << 16

_bomb = None
_bomb_lock = threading.Lock()


def gzip_bomb():
    """100 MB of zeros as one gzip member, built once (about 0.2 s)."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            z = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
            zeros = bytes(1 << 20)
            parts = [z.compress(zeros) for _ in range(100)]
            parts.append(z.flush())
            _bomb = b"".join(parts)
        return _bomb


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newswatch-test-httpd/1"
    verbose = False
    root = "."
    log = None
    log_lock = threading.Lock()

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("httpd: " + (fmt % args) + "\n")

    def do_HEAD(self):
        self.route(head=True)

    def do_GET(self):
        self.route(head=False)

    def route(self, head):
        self.head = head
        path = urllib.parse.unquote(self.path.split("?", 1)[0])
        parts = path.lstrip("/").split("/")
        name = parts[0]
        try:
            if name == "status" and len(parts) == 2 and parts[1].isdigit():
                code = int(parts[1])
                self.reply(code, b"status %d\n" % code)
            elif name == "redirect" and len(parts) >= 3 and parts[1].isdigit():
                hops, rest = int(parts[1]), "/".join(parts[2:])
                nxt = "/redirect/%d/%s" % (hops - 1, rest) if hops > 1 else "/" + rest
                self.redirect(nxt)
            elif path == "/redirect-loop":
                self.redirect("/redirect-loop")
            elif path == "/redirect-file":
                self.redirect("file:///etc/passwd")
            elif path == "/redirect-ftp":
                self.redirect("ftp://127.0.0.1/feed.xml")
            elif name == "moved" and len(parts) >= 3 and parts[1] in REDIRECTS:
                self.redirect("/" + "/".join(parts[2:]), int(parts[1]))
            elif path == "/slow":
                self.endless(b"drip\n", 1.0)
            elif path == "/stream":
                self.endless(b"s" * 255 + b"\n", 0.25)
            elif name == "big" and len(parts) == 2 and parts[1].isdigit():
                self.big(min(int(parts[1]), MAX_BIG))
            elif name == "delay" and len(parts) == 2 and parts[1].isdigit():
                time.sleep(min(int(parts[1]), 60000) / 1000.0)
                self.reply(200, b"ok\n")
            elif name == "gzip" and len(parts) >= 2:
                self.file("/".join(parts[1:]), encode="gzip")
            elif name == "deflate" and len(parts) >= 2:
                self.file("/".join(parts[1:]), encode="deflate")
            elif path == "/gzip-bomb":
                self.reply(200, gzip_bomb(), "application/xml", [("Content-Encoding", "gzip")])
            elif name == "etag" and len(parts) >= 2:
                self.file("/".join(parts[1:]), etag=True, lastmod=True)
            elif name == "lastmod" and len(parts) >= 2:
                self.file("/".join(parts[1:]), lastmod=True)
            elif name == "cache" and len(parts) >= 3 and parts[1].isdigit():
                self.file("/".join(parts[2:]), extra=[("Cache-Control", "max-age=" + parts[1])])
            elif path == "/retry-after":
                self.reply(429, b"slow down\n", extra=[("Retry-After", "120")])
            elif name in ("retry", "retry-date") and len(parts) == 3 and parts[2].isdigit():
                secs = int(parts[2])
                when = str(secs)
                if name == "retry-date":
                    when = email.utils.formatdate(time.time() + secs, usegmt=True)
                code = 503 if parts[1] == "503" else 429
                self.reply(code, b"try later\n", extra=[("Retry-After", when)])
            elif path == "/malformed.xml":
                self.reply(200, MALFORMED, "application/rss+xml")
            elif path == "/headers":
                text = "".join("%s: %s\n" % kv for kv in self.headers.items())
                text += "X-Peer: %s:%d\n" % self.client_address[:2]
                self.reply(200, text.encode("utf-8", "replace"))
            else:
                self.file(path.lstrip("/"))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_request(self, code="-", size="-"):
        if self.log:
            h = self.headers
            line = "\t".join(
                [
                    self.command,
                    self.path,
                    str(code),
                    h.get("If-None-Match", "-"),
                    h.get("If-Modified-Since", "-"),
                    h.get("User-Agent", "-"),
                ]
            )
            with Handler.log_lock:
                with open(self.log, "a", encoding="utf-8", errors="replace") as f:
                    f.write(line.replace("\n", " ") + "\n")
        super().log_request(code, size)

    def reply(self, code, body, ctype="text/plain; charset=utf-8", extra=()):
        self.send_response(code)
        if code != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if not self.head and code != 304:
            self.wfile.write(body)

    def redirect(self, location, code=302):
        self.reply(code, b"moved\n", extra=[("Location", location)])

    def endless(self, chunk, pause):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        while not self.head:
            self.wfile.write(chunk)
            self.wfile.flush()
            time.sleep(pause)

    def big(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        chunk = b"a" * CHUNK
        while n > 0 and not self.head:
            self.wfile.write(chunk[: min(n, CHUNK)])
            n -= CHUNK

    def file(self, rel, encode=None, etag=False, lastmod=False, extra=()):
        root = os.path.realpath(self.root)
        full = os.path.realpath(os.path.join(root, rel))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            self.reply(404, b"not found\n")
            return
        with open(full, "rb") as f:
            body = f.read()
        ctype = TYPES.get(os.path.splitext(full)[1].lower(), "application/octet-stream")
        extra = list(extra)
        if encode == "gzip":
            body = gzip.compress(body)
            extra.append(("Content-Encoding", "gzip"))
        elif encode == "deflate":
            body = zlib.compress(body)
            extra.append(("Content-Encoding", "deflate"))
        if self.not_modified(full, body, etag, lastmod, extra):
            self.reply(304, b"", extra=extra)
            return
        self.reply(200, body, ctype, extra)

    def not_modified(self, full, body, etag, lastmod, extra):
        """Add the validators to extra; True when the request's still hold."""
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        tag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        mtime = int(os.path.getmtime(full))
        if etag:
            extra.append(("ETag", tag))
        if lastmod:
            extra.append(("Last-Modified", email.utils.formatdate(mtime, usegmt=True)))
        if etag and inm is not None:
            return tag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        if lastmod and ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return mtime <= since
        return False


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # /slow and /stream never end; do not wait for them
    request_queue_size = 128  # tests open dozens of connections at once

    def handle_error(self, request, client_address):
        if Handler.verbose:
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description="HTTP server for newswatch tests")
    ap.add_argument("--root", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--log")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    Handler.root = args.root
    Handler.log = args.log
    Handler.verbose = args.verbose

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server = Server((args.bind, args.port), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
