#!/usr/bin/env python3
"""Score the newswatch tagger against the hand-written gold corpus.

Usage:
    score.py NEWSWATCH [--check] [--verbose]
    score.py --from OUTPUTS.jsonl [--check] [--verbose]

The corpus lives beside this file: articles/NNN-slug.txt (plain text, first
line the headline, second line the publication time) and gold/NNN-slug.json
(the events and entities a careful analyst would record; conventions in
README.md).  The tagger is run ONCE over every article (`NEWSWATCH tag
FILE...`, one JSON object per line, each with "file"), or its saved output is
read with --from.  Predicted events are matched one-to-one to gold events of
the same type within each article:

  designation, delisting, enforcement: same authority name (case-insensitive)
      and at least one shared target name;
  denial: same denier name (by.name);
  accusation: at least one shared name in "against".

Names are compared case-insensitively after Unicode NFC normalisation and
after collapsing runs of whitespace and hyphens into one space.

The table reports P/R/F1 per event type, designation target names (per
article: the union of all designation targets), denier names, entities per
kind (countries are compared by ISO code, everything else by name), the
false-designation rate on articles whose gold has no designation, and the
share of correct dates on matched events that have a gold date.

--check exits 1 unless designation F1 >= 0.90, target F1 >= 0.85, denial
F1 >= 0.85, false-designation rate <= 0.05 and every article got an output.
--verbose lists every false positive and false negative per file.
Python 3 standard library only.
"""

import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ACTION_TYPES = ("designation", "delisting", "enforcement")
EVENT_TYPES = ("designation", "delisting", "denial", "accusation", "enforcement")
THRESHOLDS = (
    ("designation F1", 0.90, ">="),
    ("target F1", 0.85, ">="),
    ("denial F1", 0.85, ">="),
    ("false-designation rate", 0.05, "<="),
)
TAG_TIMEOUT = 600  # seconds for the one tagger run over the whole corpus

_SPACE_HYPHEN = re.compile(r"[\s\-\u2010\u2011]+")


def norm(name):
    """Comparison key of a name: NFC, case-folded, whitespace/hyphens -> ' '."""
    if not isinstance(name, str):
        return ""
    s = unicodedata.normalize("NFC", name).casefold()
    return _SPACE_HYPHEN.sub(" ", s).strip()


def obj_name(x):
    """Name of an authority/party that may be an object or a bare string."""
    if isinstance(x, dict):
        return x.get("name")
    if isinstance(x, str):
        return x
    return None


def name_set(parties):
    out = set()
    if isinstance(parties, list):
        for p in parties:
            n = norm(obj_name(p))
            if n:
                out.add(n)
    return out


# ---------------------------------------------------------------- loading


def load_corpus(corpus):
    arts = sorted(glob.glob(os.path.join(corpus, "articles", "*.txt")))
    items = []
    for a in arts:
        stem = os.path.splitext(os.path.basename(a))[0]
        g = os.path.join(corpus, "gold", stem + ".json")
        with open(g, encoding="utf-8") as fh:
            items.append((stem, a, json.load(fh)))
    return items


def parse_jsonl(text, source):
    objs, bad = [], 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            o = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(o, dict):
            objs.append(o)
        else:
            bad += 1
    if bad:
        print("warning: %d unparsable line(s) in %s" % (bad, source), file=sys.stderr)
    return objs


def run_tagger(binary, files):
    try:
        proc = subprocess.run([binary, "tag"] + files, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TAG_TIMEOUT)
    except OSError as e:
        print("score.py: cannot run %s: %s" % (binary, e), file=sys.stderr)
        sys.exit(2)
    except subprocess.TimeoutExpired:
        print("score.py: %s tag did not finish in %d s" % (binary, TAG_TIMEOUT), file=sys.stderr)
        sys.exit(2)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        print("warning: %s tag exited with status %d%s" % (
            binary, proc.returncode, (": " + err[-1]) if err else ""), file=sys.stderr)
    return parse_jsonl(proc.stdout.decode("utf-8", "replace"), binary + " tag")


def index_outputs(objs, items):
    """Map article stem -> tagger output object."""
    stems = {stem for stem, _, _ in items}
    out = {}
    unnamed = []
    for o in objs:
        f = o.get("file")
        if isinstance(f, str):
            stem = os.path.splitext(os.path.basename(f))[0]
            if stem in stems:
                out[stem] = o
            continue
        unnamed.append(o)
    # a single-input run carries no "file": pair by position as a fallback
    if unnamed and len(unnamed) == len(items) and not out:
        for (stem, _, _), o in zip(items, unnamed):
            out[stem] = o
    return out


# ---------------------------------------------------------------- matching


def compatible(etype, g, p):
    """Overlap score (>0) when predicted event p may match gold event g."""
    if etype in ACTION_TYPES:
        if norm(obj_name(g.get("authority"))) != norm(obj_name(p.get("authority"))):
            return 0
        return len(name_set(g.get("targets")) & name_set(p.get("targets")))
    if etype == "denial":
        gn, pn = norm(obj_name(g.get("by"))), norm(obj_name(p.get("by")))
        return 1 if gn and gn == pn else 0
    if etype == "accusation":
        return len(name_set(g.get("against")) & name_set(p.get("against")))
    return 0


def match_events(etype, gold, pred):
    """Greedy one-to-one matching by overlap; returns pairs and leftovers."""
    cand = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = compatible(etype, g, p)
            if s > 0:
                cand.append((-s, i, j))
    cand.sort()
    gi, pj, pairs = set(), set(), []
    for _, i, j in cand:
        if i in gi or j in pj:
            continue
        gi.add(i)
        pj.add(j)
        pairs.append((gold[i], pred[j]))
    fn = [g for i, g in enumerate(gold) if i not in gi]
    fp = [p for j, p in enumerate(pred) if j not in pj]
    return pairs, fp, fn


def entity_key(e):
    kind = e.get("kind")
    if kind == "country" and isinstance(e.get("country"), str) and e["country"]:
        return (kind, e["country"].upper())
    return (kind, norm(e.get("name")))


def describe(etype, e):
    if etype in ACTION_TYPES:
        names = [obj_name(t) for t in e.get("targets") or []]
        return "%s by %s: %s" % (etype, obj_name(e.get("authority")), "; ".join(str(n) for n in names))
    if etype == "denial":
        return "denial by %s" % obj_name(e.get("by"))
    if etype == "accusation":
        names = [obj_name(t) for t in e.get("against") or []]
        return "accusation by %s against %s" % (obj_name(e.get("by")), "; ".join(str(n) for n in names))
    return etype


class Count:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, tp, fp, fn):
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def p(self):
        d = self.tp + self.fp
        return self.tp / d if d else None

    def r(self):
        d = self.tp + self.fn
        return self.tp / d if d else None

    def f1(self):
        p, r = self.p(), self.r()
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def set_counts(gold, pred):
    return len(gold & pred), len(pred - gold), len(gold - pred)


# ---------------------------------------------------------------- scoring


def score(items, outputs, verbose):
    ev = {t: Count() for t in EVENT_TYPES}
    targets, deniers = Count(), Count()
    ents = {}
    negatives = neg_flagged = 0
    dates_ok = dates_n = 0
    bg_ok = bg_n = 0
    state_ok = state_n = 0
    pub_ok = 0
    missing = []
    for stem, _, gold in items:
        out = outputs.get(stem)
        if out is None:
            missing.append(stem)
            out = {}
        pev = [e for e in out.get("events") or [] if isinstance(e, dict)]
        gev = gold.get("events", [])
        lines = []
        if out.get("published") == gold.get("published"):
            pub_ok += 1
        for t in EVENT_TYPES:
            g = [e for e in gev if e.get("type") == t]
            p = [e for e in pev if e.get("type") == t]
            pairs, fp, fn = match_events(t, g, p)
            ev[t].add(len(pairs), len(fp), len(fn))
            for ge, pe in pairs:
                if t in ACTION_TYPES and ge.get("date"):
                    dates_n += 1
                    dates_ok += pe.get("date") == ge["date"]
                if t == "designation":
                    bg_n += 1
                    bg_ok += bool(pe.get("background")) == bool(ge.get("background"))
                if t == "denial":
                    state_n += 1
                    state_ok += bool(pe.get("state")) == bool(ge.get("state"))
            lines += ["  FP event   %s" % describe(t, e) for e in fp]
            lines += ["  FN event   %s" % describe(t, e) for e in fn]
        gt = set().union(*[name_set(e.get("targets")) for e in gev if e.get("type") == "designation"])
        pt = set().union(*[name_set(e.get("targets")) for e in pev if e.get("type") == "designation"])
        targets.add(*set_counts(gt, pt))
        lines += ["  FP target  %s" % n for n in sorted(pt - gt)]
        lines += ["  FN target  %s" % n for n in sorted(gt - pt)]
        gd = {norm(obj_name(e.get("by"))) for e in gev if e.get("type") == "denial"} - {""}
        pd = {norm(obj_name(e.get("by"))) for e in pev if e.get("type") == "denial"} - {""}
        deniers.add(*set_counts(gd, pd))
        ge_keys = {entity_key(e) for e in gold.get("entities", [])}
        pe_keys = {entity_key(e) for e in out.get("entities") or [] if isinstance(e, dict)}
        for kind in {k for k, _ in ge_keys | pe_keys}:
            gk = {k for k in ge_keys if k[0] == kind}
            pk = {k for k in pe_keys if k[0] == kind}
            ents.setdefault(kind, Count()).add(*set_counts(gk, pk))
        lines += ["  FP entity  %s %s" % k for k in sorted(pe_keys - ge_keys, key=str)]
        lines += ["  FN entity  %s %s" % k for k in sorted(ge_keys - pe_keys, key=str)]
        if not any(e.get("type") == "designation" for e in gev):
            negatives += 1
            if any(e.get("type") == "designation" for e in pev):
                neg_flagged += 1
                lines.append("  FALSE DESIGNATION on an article without designation")
        if verbose and (lines or stem in missing):
            print(stem + (" (no tagger output)" if stem in missing else ""))
            for ln in lines:
                print(ln)
    return {
        "events": ev, "targets": targets, "deniers": deniers, "entities": ents,
        "negatives": negatives, "neg_flagged": neg_flagged,
        "dates": (dates_ok, dates_n), "background": (bg_ok, bg_n),
        "state": (state_ok, state_n), "published": pub_ok, "missing": missing,
    }


def fmt(x):
    return "    -" if x is None else "%5.3f" % x


def ratio(ok, n):
    return ok / n if n else None


def print_table(res, n_items):
    print("newswatch tagger vs gold: %d articles, %d without designation, %d without output"
          % (n_items, res["negatives"], len(res["missing"])))
    print("%-26s %5s %5s %5s  %5s  %5s  %5s" % ("metric", "gold", "pred", "tp", "P", "R", "F1"))

    def row(label, c):
        print("%-26s %5d %5d %5d  %s  %s  %s" % (label, c.tp + c.fn, c.tp + c.fp, c.tp,
                                               fmt(c.p()), fmt(c.r()), fmt(c.f1())))
    total = Count()
    for t in EVENT_TYPES:
        row("event " + t, res["events"][t])
        total.add(res["events"][t].tp, res["events"][t].fp, res["events"][t].fn)
    row("events (all types)", total)
    row("designation targets", res["targets"])
    row("deniers", res["deniers"])
    for kind in sorted(res["entities"], key=str):
        row("entity " + str(kind), res["entities"][kind])
    fdr = ratio(res["neg_flagged"], res["negatives"])
    print("false-designation rate on negative articles: %d/%d = %s"
          % (res["neg_flagged"], res["negatives"], fmt(fdr).strip()))
    for label, key in (("dates correct on matched events with gold dates", "dates"),
                       ("background flag correct on matched designations", "background"),
                       ("state flag correct on matched denials", "state")):
        ok, n = res[key]
        print("%s: %d/%d = %s" % (label, ok, n, fmt(ratio(ok, n)).strip()))
    print("published time correct: %d/%d = %s"
          % (res["published"], n_items, fmt(ratio(res["published"], n_items)).strip()))


def check(res):
    values = {
        "designation F1": res["events"]["designation"].f1(),
        "target F1": res["targets"].f1(),
        "denial F1": res["events"]["denial"].f1(),
        "false-designation rate": ratio(res["neg_flagged"], res["negatives"]),
    }
    failed = []
    for name, limit, op in THRESHOLDS:
        v = values[name]
        good = v is not None and (v >= limit if op == ">=" else v <= limit)
        if not good:
            failed.append("%s %s (want %s %.2f)" % (name, fmt(v).strip(), op, limit))
    if res["missing"]:
        failed.append("%d article(s) without tagger output" % len(res["missing"]))
    return failed


def main(argv):
    ap = argparse.ArgumentParser(description="Score `newswatch tag` against the gold corpus.")
    ap.add_argument("newswatch", nargs="?", help="the newswatch binary")
    ap.add_argument("--from", dest="from_file", metavar="FILE",
                    help="read tagger outputs (JSON lines with \"file\") instead of running it")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the thresholds are met")
    ap.add_argument("--verbose", action="store_true", help="list false positives/negatives per file")
    ap.add_argument("--corpus", default=HERE, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not args.newswatch and not args.from_file:
        ap.error("give the newswatch binary or --from FILE")
    items = load_corpus(args.corpus)
    if not items:
        print("score.py: no articles under %s" % args.corpus, file=sys.stderr)
        return 2
    if args.from_file:
        try:
            with open(args.from_file, encoding="utf-8", errors="replace") as fh:
                objs = parse_jsonl(fh.read(), args.from_file)
        except OSError as e:
            print("score.py: %s" % e, file=sys.stderr)
            return 2
    else:
        objs = run_tagger(args.newswatch, [a for _, a, _ in items])
    outputs = index_outputs(objs, items)
    res = score(items, outputs, args.verbose)
    print_table(res, len(items))
    if args.check:
        failed = check(res)
        if failed:
            print("check failed: " + "; ".join(failed))
            return 1
        print("check passed")
    return 0


if __name__ == "__main__":
    # piping the report into head(1) should not end in a traceback
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv[1:]))
