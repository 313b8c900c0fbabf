#!/usr/bin/env python3
"""`kill -9` in the middle of `llmops export` leaves the target old or new, never half-written.

For each of json, sqlite and markdown: build a database of a few thousand generated cases, export
it once (the "old" export), add cases, then start the export again and SIGKILL it while its
temporary is being written (and, in further rounds, at random moments). After every kill the
target must be exactly the old export; a run to completion must then give exactly what a clean
export to a fresh path gives, and leave no temporary behind.

  export_kill_test.py --llmops BUILD/tools/llmops/llmops --data tests/data [--cases N] [--rounds N]
"""
import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

FORMATS = {"json": "export.json", "sqlite": "export.db", "markdown": "site"}


def case_yaml(n, notes_words):
    words = " ".join(f"word{(n * 7 + i) % 997}" for i in range(notes_words))
    return (
        "schema_version: 1\n"
        f"id: generated-case-{n:05d}\n"
        f"title: Generated Case Number {n} About Agents\n"
        f"company: Company {n % 311}\n"
        "industry: tech\n"
        f"year: {2021 + n % 5}\n"
        "status: published\n"
        f"created_at: 2025-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
        f"source_url: https://example.com/generated/{n}\n"
        "tags:\n"
        "  application: [chatbot]\n"
        f"  technique: [{'rag' if n % 2 else 'evals'}]\n"
        "summary: >-\n"
        f"  Generated case {n} for the export interruption test.\n"
        "notes: >-\n"
        f"  {words}\n"
    )


def make_database(root, data, first, count, notes_words):
    if first == 0:
        shutil.copytree(os.path.join(data, "export", "schema"), os.path.join(root, "schema"))
        shutil.copy(os.path.join(data, "export", "llmops.toml"), root)
        os.makedirs(os.path.join(root, "cases"))
    for n in range(first, first + count):
        with open(os.path.join(root, "cases", f"generated-case-{n:05d}.yaml"), "w") as f:
            f.write(case_yaml(n, notes_words))


def snapshot(path, fmt):
    """What the target holds, comparably: bytes, a SQL dump, or every file of a folder."""
    if not os.path.lexists(path):
        return None
    if fmt == "markdown":
        files = {}
        for top, _, names in os.walk(path):
            for name in names:
                full = os.path.join(top, name)
                with open(full, "rb") as f:
                    files[os.path.relpath(full, path)] = f.read()
        return files
    with open(path, "rb") as f:
        data = f.read()
    if fmt == "sqlite":
        # Opening it proves it is a complete database; the dump compares its content.
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise AssertionError(f"{path}: integrity check failed")
            return (data, "\n".join(db.iterdump()))
        finally:
            db.close()
    return data


def temporaries(path):
    folder = os.path.dirname(path)
    prefix = "." + os.path.basename(path) + ".export.tmp-"
    return [name for name in os.listdir(folder) if name.startswith(prefix)]


def export(llmops, root, fmt, target):
    cmd = [llmops, "-C", root, "export", "--format", fmt, "-q", "-o", target]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def kill_during(llmops, root, fmt, target, delay):
    """Starts the export and kills it: after `delay` seconds, or (delay None) once its temporary exists.
    Returns whether the temporary existed when it was killed, or None when the export finished first."""
    cmd = [llmops, "-C", root, "export", "--format", fmt, "-q", "-o", target]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    if delay is None:
        while not temporaries(target) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
    else:
        time.sleep(delay)
    during = bool(temporaries(target))
    if process.poll() is not None:
        return None
    process.send_signal(signal.SIGKILL)
    process.wait()
    if process.returncode != -signal.SIGKILL:
        return None
    return during


def check_format(llmops, root, work, fmt, rounds, rng):
    target = os.path.join(work, FORMATS[fmt])
    old = snapshot(target, fmt)
    hits = 0
    started = time.monotonic()
    full = export(llmops, root, fmt, os.path.join(work, "reference-" + FORMATS[fmt]))
    duration = time.monotonic() - started
    if full.returncode != 0:
        raise AssertionError(f"{fmt}: export failed: {full.stderr}")
    new = snapshot(os.path.join(work, "reference-" + FORMATS[fmt]), fmt)
    if new == old:
        raise AssertionError(f"{fmt}: the database change did not change the export")
    for attempt in range(rounds):
        delay = None if attempt == 0 else rng.uniform(0, duration)
        during = kill_during(llmops, root, fmt, target, delay)
        now = snapshot(target, fmt)
        if during is not None and now != old:
            raise AssertionError(f"{fmt}: after kill -9 ({'while writing' if during else 'early'}) the target "
                                 "is neither absent nor the previous export")
        if during is None and now != new:
            raise AssertionError(f"{fmt}: the export finished but the target is not the new export")
        hits += 1 if during else 0
        if during is None:
            return hits
    result = export(llmops, root, fmt, target)
    if result.returncode != 0:
        raise AssertionError(f"{fmt}: the export after the kills failed: {result.stderr}")
    if snapshot(target, fmt) != new:
        raise AssertionError(f"{fmt}: the export after the kills differs from a clean export")
    if temporaries(target):
        raise AssertionError(f"{fmt}: temporaries left after a complete export: {temporaries(target)}")
    return hits


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llmops", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--cases", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    llmops = os.path.abspath(args.llmops)
    with tempfile.TemporaryDirectory(prefix="llmops-export-kill-") as work:
        root = os.path.join(work, "db")
        os.makedirs(root)
        make_database(root, args.data, 0, args.cases, 200)
        for fmt in FORMATS:  # the old exports, and a warm cache for the rounds below
            result = export(llmops, root, fmt, os.path.join(work, FORMATS[fmt]))
            if result.returncode != 0:
                print(f"{fmt}: first export failed: {result.stderr}", file=sys.stderr)
                return 1
        make_database(root, args.data, args.cases, 50, 200)
        export(llmops, root, "json", os.path.join(work, "warm.json"))  # caches the new cases
        failures = 0
        for fmt in FORMATS:
            try:
                hits = check_format(llmops, root, work, fmt, args.rounds, rng)
                if hits == 0:
                    raise AssertionError(f"{fmt}: no kill landed while the export was being written")
                print(f"{fmt}: {hits} kill(s) while writing; target old after each, new after a full run")
            except AssertionError as e:
                print(f"FAIL {e}", file=sys.stderr)
                failures += 1
        # A killed first export (no previous target) leaves no target at all.
        fresh = os.path.join(work, "fresh.json")
        during = kill_during(llmops, root, "json", fresh, None)
        if during is not None and os.path.lexists(fresh):
            print("FAIL json: a killed first export left a target behind", file=sys.stderr)
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
