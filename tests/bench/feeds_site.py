#!/usr/bin/env python3
"""feeds_site.py - the many-site web that tests/bench/feeds_bench.sh polls.

Usage:
  feeds_site.py serve --host-index K --hosts N --port P [--feeds F] [--items I]
  feeds_site.py lists --hosts N --port P [--feeds F] FEEDS_CONF NEWSBOAT_URLS
  feeds_site.py measure OUT LABEL -- COMMAND...
  feeds_site.py report OUT

The web: F feeds (default 2000) of I items (default 20), spread over N
loopback hosts 127.0.0.2, 127.0.0.3 ... (feed f lives on host f mod N, and
so do its articles, as on real sites).  Feed f is /feed/f.xml, RSS 2.0 with
guid, link, pubDate and a summary; item i's page is /a/f/i.html, 20-80 KB
of HTML built from the pages in tests/fixtures/pages: the fixture's article
under a title of its own, inside the weight real pages carry (inline
scripts and styles, navigation, related links, comments, footer).

serve runs the server of one host (bind 127.0.0.(2+K), port P; P 0 picks
a free port, printed alone on the first stdout line).  Everything is built
from a fixed seed, so every process and every run serves the same bytes:
the feeds of the host are built once at start and kept in memory, a page
is joined from pre-built parts when asked (about 20 us), so the server
stays far from being the bottleneck.  Each response has an ETag and a
Last-Modified; a matching If-None-Match or If-Modified-Since gets a 304.
HTTP/1.1 keep-alive, one thread per connection.  Python 3 stdlib only.

lists writes the same feeds as a newswatch feed list and a newsboat urls
file.  measure runs COMMAND and appends "LABEL wall user sys maxrss_kb"
(seconds, kilobytes; from wait4, so only that process is counted) to OUT,
and prints the same line on stderr.  report prints, for each label, the
median of its runs.
"""

import email.utils
import http.server
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "pages")
SEED = 20240702
LAST_MODIFIED = email.utils.formatdate(1704189600, usegmt=True)  # 2024-01-02 10:00
WORDS = (
    "port harbour vessel cargo tanker ministry council sanctions export licence "
    "shipment customs inspectors authority statement spokesman agency official "
    "freight insurer registry flag transfer ship-to-ship coast guard waters "
    "minister embassy delegation talks report panel committee resolution assets "
    "company director shareholder bank account payment invoice broker trader "
    "refinery pipeline grain fertiliser steel aluminium drone engine component "
    "supplier network investigation court prosecutor charges penalty fine "
    "weekly market prices analysts forecast quarter growth budget tender"
).split()


def title_of(rng):
    w = rng.sample(WORDS, 6)
    return "%s %s %s as %s %s %s" % (w[0].capitalize(), w[1], w[2], w[3], w[4], w[5])


def sentence(rng, n=14):
    w = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(w).capitalize() + "."


class Parts:
    """Pre-built pieces that pages are joined from."""

    def __init__(self):
        rng = random.Random(SEED)
        self.articles = []
        for name in sorted(os.listdir(FIXTURES)):
            if not name.endswith(".html"):
                continue
            with open(os.path.join(FIXTURES, name), "rb") as f:
                html = f.read()
            lo = html.lower()
            start = lo.find(b"<body")
            start = lo.find(b">", start) + 1 if start >= 0 else 0
            end = lo.rfind(b"</body>")
            body = html[start : end if end > start else len(html)]
            if len(body) > 500:
                self.articles.append(body)
        self.scripts = [self.script(rng) for _ in range(64)]
        self.navs = [self.nav(rng) for _ in range(32)]
        self.related = [self.links(rng, "related") for _ in range(64)]
        self.comments = [self.comment(rng) for _ in range(64)]
        self.footers = [self.links(rng, "footer") for _ in range(16)]

    @staticmethod
    def script(rng):
        rows = ",".join(
            '{"id":%d,"slot":"ad-%d","sizes":[[300,250],[728,90]],"targeting":{"section":"%s","kw":"%s"}}'
            % (rng.randrange(10**6), i, rng.choice(WORDS), rng.choice(WORDS))
            for i in range(12)
        )
        css = "".join(
            ".c-%s-%d{margin:%dpx;padding:%dpx;color:#%06x}"
            % (rng.choice(WORDS), i, rng.randrange(30), rng.randrange(30), rng.randrange(1 << 24))
            for i in range(14)
        )
        return (
            '<script>window.__adConfig=window.__adConfig||[];window.__adConfig.push([%s]);</script>\n'
            "<style>%s</style>\n" % (rows, css)
        ).encode()

    @staticmethod
    def nav(rng):
        items = "".join(
            '<li><a href="/section/%s">%s</a></li>' % (w, w.capitalize())
            for w in rng.sample(WORDS, 24)
        )
        return ('<header class="site"><nav><ul>%s</ul></nav></header>\n' % items).encode()

    @staticmethod
    def links(rng, cls):
        items = "".join(
            '<li><a href="/story/%d">%s</a></li>' % (rng.randrange(10**7), title_of(rng))
            for _ in range(10)
        )
        return ('<aside class="%s"><ul>%s</ul></aside>\n' % (cls, items)).encode()

    @staticmethod
    def comment(rng):
        return (
            '<div class="comment"><span class="author">reader%d</span><p>%s %s</p></div>\n'
            % (rng.randrange(10**5), sentence(rng), sentence(rng))
        ).encode()

    def page(self, f, i):
        rng = random.Random(f * 100003 + i)
        target = rng.randrange(22000, 80001)
        title = ("%s (%d-%d)" % (title_of(rng), f, i)).encode()
        lead = ("<p>%s %s %s</p>\n" % (sentence(rng), sentence(rng), sentence(rng))).encode()
        art = self.articles[(f * 7 + i) % len(self.articles)]
        head = (
            b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n<title>'
            + title
            + b"</title>\n"
        )
        main = b'<main><article><h1 class="headline">' + title + b"</h1>\n" + lead + art
        main += b"</article></main>\n"
        tail = [rng.choice(self.related), rng.choice(self.related)]
        tail += [rng.choice(self.comments) for _ in range(rng.randrange(3, 12))]
        tail.append(rng.choice(self.footers))
        fixed = len(head) + len(main) + sum(map(len, tail)) + 40
        scripts = []
        size = fixed + len(self.navs[0])
        while True:
            s = rng.choice(self.scripts)
            if size + len(s) > target:
                break
            scripts.append(s)
            size += len(s)
        return b"".join(
            [head]
            + scripts
            + [b"</head><body>\n", rng.choice(self.navs), main]
            + tail
            + [b"</body></html>\n"]
        )


def host_of(f, hosts):
    return "127.0.0.%d" % (2 + f % hosts)


def feed_xml(f, items, hosts, port):
    rng = random.Random(SEED + f)
    host = host_of(f, hosts)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        "<title>Bench wire %d</title><link>http://%s:%d/</link>\n"
        "<description>Shipping and sanctions news, feed %d</description>\n" % (f, host, port, f)
    ]
    for i in range(items):
        when = email.utils.formatdate(1704189600 - 3600 * (i + f % 24), usegmt=True)
        out.append(
            "<item><title>%s</title><link>http://%s:%d/a/%d/%d.html</link>"
            '<guid isPermaLink="false">urn:bench:%d:%d</guid><pubDate>%s</pubDate>'
            "<description>%s %s</description></item>\n"
            % (title_of(rng), host, port, f, i, f, i, when, sentence(rng), sentence(rng))
        )
    out.append("</channel></rss>\n")
    return "".join(out).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newswatch-bench/1"
    feeds = {}
    parts = None

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        make, etag, ctype = None, None, "text/html; charset=utf-8"
        bits = path.strip("/").split("/")
        try:
            if len(bits) == 2 and bits[0] == "feed" and bits[1].endswith(".xml"):
                f = int(bits[1][:-4])
                if f in self.feeds:
                    body, ctype = self.feeds[f], "application/rss+xml"
                    etag = '"f%d-%08x"' % (f, zlib.crc32(body))
                    make = lambda: body  # noqa: E731
            elif len(bits) == 3 and bits[0] == "a" and bits[2].endswith(".html"):
                f, i = int(bits[1]), int(bits[2][:-5])
                if f in self.feeds:
                    etag = '"a%d-%d"' % (f, i)
                    make = lambda: self.parts.page(f, i)  # noqa: E731
        except ValueError:
            pass
        if etag is None:
            self.send(404, b"not found\n", "text/plain", None)
        elif self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers
            and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.send(304, b"", ctype, etag)
        else:
            self.send(200, make(), ctype, etag)

    def send(self, code, body, ctype, etag):
        self.send_response(code)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        if code != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        # Headers and body in one write: two small writes meet Nagle's
        # algorithm and the client's delayed ACK, 40 ms a response.
        self._headers_buffer.append(b"\r\n")
        if code != 304:
            self._headers_buffer.append(body)
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256

    def handle_error(self, request, client_address):
        pass


def opt(args, name, default=None):
    if name in args:
        return args[args.index(name) + 1]
    if default is None:
        sys.exit("feeds_site.py: %s is required" % name)
    return default


def serve(args):
    k, hosts = int(opt(args, "--host-index")), int(opt(args, "--hosts"))
    port, nfeeds = int(opt(args, "--port")), int(opt(args, "--feeds", "2000"))
    items = int(opt(args, "--items", "20"))
    Handler.parts = Parts()
    server = Server(("127.0.0.%d" % (2 + k), port), Handler)
    port = server.server_address[1]
    Handler.feeds = {
        f: feed_xml(f, items, hosts, port) for f in range(nfeeds) if f % hosts == k
    }
    signal.signal(signal.SIGTERM, lambda s, fr: sys.exit(0))
    print(port, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def lists(args):
    hosts, port = int(opt(args, "--hosts")), int(opt(args, "--port"))
    nfeeds = int(opt(args, "--feeds", "2000"))
    conf, urls = args[-2], args[-1]
    with open(conf, "w") as c, open(urls, "w") as u:
        for f in range(nfeeds):
            url = "http://%s:%d/feed/%d.xml" % (host_of(f, hosts), port, f)
            c.write("bench-%d %s\n" % (f, url))
            u.write(url + "\n")


def measure(args):
    out, label = args[0], args[1]
    cmd = args[args.index("--") + 1 :]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    line = "%s %.3f %.3f %.3f %d" % (label, wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss)
    with open(out, "a") as f:
        f.write(line + "\n")
    code = os.waitstatus_to_exitcode(status)
    sys.stderr.write("%s (exit %d)\n" % (line, code))
    if code not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])


def report(args):
    rows = {}
    order = []
    with open(args[0]) as f:
        for line in f:
            label, wall, user, sys_, rss = line.rsplit(None, 4)
            if label not in rows:
                order.append(label)
            rows.setdefault(label, []).append((float(wall), float(user) + float(sys_), int(rss)))
    print("%-34s %5s %9s %9s %9s" % ("run", "n", "wall s", "cpu s", "rss MB"))
    med = {}
    for label in order:
        r = rows[label]
        m = tuple(statistics.median(x[j] for x in r) for j in range(3))
        med[label] = m
        print("%-34s %5d %9.2f %9.2f %9.1f" % (label, len(r), m[0], m[1], m[2] / 1024))
    return med


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "serve":
        serve(args)
    elif cmd == "lists":
        lists(args)
    elif cmd == "measure":
        measure(args)
    elif cmd == "report":
        med = report(args)
        a, b = med.get("newswatch feeds-only first poll"), med.get("newsboat -x reload, first")
        if a and b:
            print("newsboat / newswatch, feeds-only first poll: %.1fx wall, %.1fx cpu"
                  % (b[0] / a[0], b[1] / max(a[1], 0.001)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
