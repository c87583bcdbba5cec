#!/usr/bin/env python3
"""Bag-of-tokens precision, recall and F1 of extractors' texts against gold.

Usage:
    extract_f1.py [--verbose] GOLD_DIR LABEL=DIR [LABEL=DIR...]

GOLD_DIR holds NAME.txt, the expected main text of each page (for `make
bench`, tests/fixtures/pages); each DIR holds one extractor's NAME.txt for
the same pages.  As article-extraction benchmarks do, a text is a multiset
of lowercase word tokens (runs of Unicode letters and digits); the overlap
of predicted and gold multisets gives precision (overlap / predicted),
recall (overlap / gold) and F1 per page.  A missing or empty prediction
scores 0 on all three.  Prints the mean P, R and F1 over the gold pages
per extractor (with --verbose, also F1 per page).  Asserts nothing.
"""
import collections
import os
import re
import sys

TOKEN = re.compile(r"[^\W_]+")


def tokens(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return collections.Counter(TOKEN.findall(f.read().lower()))
    except FileNotFoundError:
        return collections.Counter()


def prf(pred, gold):
    overlap = sum((pred & gold).values())
    npred, ngold = sum(pred.values()), sum(gold.values())
    if overlap == 0 or npred == 0 or ngold == 0:
        return 0.0, 0.0, 0.0
    p, r = overlap / npred, overlap / ngold
    return p, r, 2 * p * r / (p + r)


def main(argv):
    verbose = "--verbose" in argv
    argv = [a for a in argv if a != "--verbose"]
    if len(argv) < 2 or not all("=" in a for a in argv[1:]):
        sys.exit(__doc__)
    gold_dir = argv[0]
    names = sorted(f[:-4] for f in os.listdir(gold_dir) if f.endswith(".txt"))
    systems = [a.split("=", 1) for a in argv[1:]]
    gold = {n: tokens(os.path.join(gold_dir, n + ".txt")) for n in names}
    scores = {}
    for label, d in systems:
        scores[label] = {n: prf(tokens(os.path.join(d, n + ".txt")), gold[n]) for n in names}

    width = max(12, max(len(label) for label, _ in systems))
    print("extraction accuracy: bag-of-tokens vs %s (%d pages), means" % (gold_dir, len(names)))
    print("%-*s %6s %6s %6s" % (width, "extractor", "P", "R", "F1"))
    for label, _ in systems:
        s = scores[label].values()
        print("%-*s %6.3f %6.3f %6.3f" % (width, label, *(sum(x[i] for x in s) / len(names) for i in range(3))))
    if verbose:
        print()
        print("%-24s" % "F1 per page" + "".join(" %*s" % (width, label) for label, _ in systems))
        for n in names:
            print("%-24s" % n + "".join(" %*.3f" % (width, scores[label][n][2]) for label, _ in systems))


if __name__ == "__main__":
    main(sys.argv[1:])
