#!/usr/bin/env python3
"""check_archive.py - check a newswatch archive line by line (used by poll.sh).

Usage: check_archive.py ARCHIVE_DIR EXPECTED_TSV [--lines N]

Every line must be a complete JSON record of schema version 1 with the
fields in SPEC order, valid UTF-8, evidence offsets that point at the
evidence sentence in "text", and no id twice.  Each record whose URL ends in
a page listed in EXPECTED_TSV must carry the events listed there (authority
and at least one target for designations, delistings and enforcement; the
denier for denials), and a "none" article no designation or delisting.
Prints one TAP line per check.
"""
import json
import os
import sys

FIELDS = ["v", "id", "feed", "url", "title", "published", "fetched", "lang", "text",
          "entities", "events"]


def tap(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
    return ok


def load(archive):
    records = []
    for name in sorted(os.listdir(archive)):
        raw = open(os.path.join(archive, name), "rb").read()
        tap(raw.endswith(b"\n"), f"{name} ends with a newline (no torn line)")
        for n, line in enumerate(raw.split(b"\n")[:-1], 1):
            try:
                text = line.decode("utf-8")
                rec = json.loads(text)
            except (UnicodeDecodeError, ValueError) as e:
                tap(False, f"{name}:{n} is valid UTF-8 JSON ({e})")
                continue
            records.append(rec)
    return records


def expected(tsv):
    gold = {}
    for line in open(tsv, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        feed, page, events = line.rstrip("\n").split("\t")
        gold[page] = [] if events == "none" else events.split("|")
    return gold


def main():
    archive, tsv = sys.argv[1], sys.argv[2]
    want_lines = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--lines" else None
    records = load(archive)
    if want_lines is not None:
        tap(len(records) == want_lines, f"{len(records)} records (want {want_lines})")
    ids = [r.get("id") for r in records]
    tap(len(ids) == len(set(ids)), "no id archived twice")
    for r in records:
        where = r.get("url") or r.get("id")
        tap(list(r.keys()) == FIELDS, f"{where}: fields in SPEC order")
        body = r["text"].encode("utf-8")
        for ev in r["events"]:
            e = ev["evidence"]
            tap(body[e["start"]:e["end"]].decode("utf-8") == e["sentence"],
                f"{where}: {ev['type']} evidence offsets point at its sentence")
    gold = expected(tsv)
    for r in records:
        page = next((p for p in gold if (r.get("url") or "").endswith(p)), None)
        if page is None:
            continue
        evs = r["events"]
        if not gold[page]:
            tap(not [e for e in evs if e["type"] in ("designation", "delisting")],
                f"{page}: no designation or delisting")
            continue
        for want in gold[page]:
            parts = want.split(":")
            kind = parts[0]
            if kind == "denial":
                ok = any(e["type"] == "denial" and e["by"]["name"] == parts[1] for e in evs)
                tap(ok, f"{page}: denial by {parts[1]}")
                continue
            authority, targets = parts[1], parts[2].split(";")
            ok = any(e["type"] == kind and (e.get("authority") or {}).get("name") == authority
                     and {t["name"] for t in e["targets"]} & set(targets) for e in evs)
            tap(ok, f"{page}: {kind} by {authority} of {targets[0]}...")


main()
