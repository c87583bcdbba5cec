#!/usr/bin/env python3
"""Throughput of readability-lxml (Debian's python3-readability) on HTML pages.

Usage:
    readability_bench.py [--out DIR] FILE.html...

`make bench` (tests/bench/run.sh) compares newswatch extract with the
extractor it borrows its scoring from.  All pages are read into memory
first; then, in this one process, each page goes through
readability.Document(html).summary() and the summary HTML is turned into
plain text (lxml text_content(), one paragraph per block element).  Only
that loop is timed (time.process_time, CPU seconds), so the interpreter's
start-up and the imports, which a long-running readability service would
pay once, are not counted.

Prints one line: "BYTES SECONDS PAGES" (HTML bytes in, CPU seconds, pages).
With --out DIR, each page's text is also written to DIR/NAME.txt (NAME is
the file name without .html) after timing, for tests/bench/extract_f1.py.
Pages readability rejects (it raises on empty or unparsable input) count
as empty text; their number goes to stderr.
"""
import os
import re
import sys
import time

import lxml.html
from readability import Document

# Block elements whose text is a paragraph of its own in the output.
BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption",
    "br", "hr", "form", "address",
}


def to_text(summary):
    """The summary HTML as plain text, paragraphs separated by blank lines."""
    if not summary.strip():
        return ""
    root = lxml.html.fromstring(summary)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    paras = (re.sub(r"\s+", " ", p).strip() for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paras if p)


def extract(html):
    try:
        return to_text(Document(html).summary(html_partial=True)), True
    except Exception:  # readability raises on empty/unparsable pages
        return "", False


def main(argv):
    out = None
    if len(argv) >= 2 and argv[0] == "--out":
        out, argv = argv[1], argv[2:]
    if not argv:
        sys.exit(__doc__)
    pages = []
    for path in argv:
        with open(path, "rb") as f:
            pages.append(f.read())
    texts = []
    failed = 0
    t0 = time.process_time()
    for html in pages:
        text, ok = extract(html)
        failed += not ok
        texts.append(text)
    spent = time.process_time() - t0
    if failed:
        print("readability_bench: %d pages rejected" % failed, file=sys.stderr)
    if out:
        os.makedirs(out, exist_ok=True)
        for path, text in zip(argv, texts):
            name = os.path.basename(path)
            if name.endswith(".html"):
                name = name[: -len(".html")]
            with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
                f.write(text + "\n")
    print("%d %.6f %d" % (sum(len(p) for p in pages), spent, len(pages)))


if __name__ == "__main__":
    main(sys.argv[1:])
