#!/usr/bin/env python3
"""Crash safety: a command killed with SIGKILL half-way leaves every file either as it was or as
a complete run writes it, never truncated or mixed, and running the same command again finishes
the job.

  interrupt_test.py --llmops BIN --data tests/data SCENARIO [--work DIR]

For a scenario, the test builds a database from tests/data/db with many generated cases, runs the
command once to the end on a copy (the reference), then repeatedly on fresh copies kills it with
SIGKILL after a delay. The delay is searched for: a run killed before it wrote anything or after it
wrote everything narrows the window, so that most trials land in the middle of the writing. After
each kill, every file must be byte-identical to its state before or to the reference, and no
visible file may be added; the hidden temporary files (`.NAME.tmp-XXXXXX`) an interrupted atomic
write leaves are allowed. Then the command runs again and the database must equal the reference.
The test fails unless at least `MIXED_NEEDED` trials were caught with some files written and some
not, so that it shows what it claims; a command that writes one file (add) must instead have been
killed both just before and just after its write, by delays less than `BRACKET` seconds apart.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MIXED_NEEDED = 2
BRACKET = 0.005
MAX_TRIALS = 16
TEMP_NAME = re.compile(r"^\..+\.tmp-[A-Za-z0-9]{6}$")

TAGS = [
    ("application: [chat-bot, customer-support]", "technique: [rag, embeddings]"),
    ("application: [summarization]", "technique: [fine-tuning]"),
    ("application: [question-answering]", "technique: [rag, reranking]"),
]


def case_text(n, alias_tag):
    app, tech = TAGS[n % len(TAGS)]
    if not alias_tag:
        app = app.replace("chat-bot", "chatbot")
    return (
        "# yaml-language-server: $schema=../schema/case.schema.json\n"
        "schema_version: 1\n"
        f"id: crash-{n:05d}\n"
        f"title: Case Study {n} of the Interruption Test\n"
        f"company: Company {n:05d}\n"
        "industry: tech\n"
        "year: 2024\n"
        "status: published\n"
        "created_at: 2024-05-02\n"
        f"source_url: https://crash.example.com/cases/{n}\n"
        "tags:\n"
        f"  {app}\n"
        f"  {tech}\n"
        "summary: A short account of the system, written for the interruption test.\n"
    )


def make_database(data, root, count, alias_tag=False):
    shutil.copytree(os.path.join(data, "db"), root)
    cases = os.path.join(root, "cases")
    for n in range(count):
        with open(os.path.join(cases, f"crash-{n:05d}.yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(case_text(n, alias_tag))


def write_records(path, count):
    with open(path, "w", encoding="utf-8") as f:
        for n in range(count):
            f.write(json.dumps({
                "title": f"Imported Case {n} of the Interruption Test",
                "company": f"Importer {n:05d}",
                "industry": "tech",
                "year": 2025,
                "source_url": f"https://import.example.com/cases/{n}",
                "tags": ["rag", "chatbot"],
                "created_at": "2025-01-02",
            }) + "\n")


# Each scenario: how to build the database, the command, and the exit codes a finished run gives
# (first run, and the rerun after an interruption).
def scenario(name, data):
    if name == "tag-rename":
        return dict(build=lambda root: make_database(data, root, 10_000),
                    argv=["tag", "rename", "rag", "retrieval-augmented"], ok={0}, rerun_ok={0})
    if name == "lint-fix":
        return dict(build=lambda root: make_database(data, root, 3_000, alias_tag=True),
                    argv=["lint", "--fix", "--no-cache", "-q"], ok={0}, rerun_ok={0})

    if name == "import":
        def build(root):
            make_database(data, root, 0)
            write_records(os.path.join(root, "records.jsonl"), 2_000)
        return dict(build=build, argv=["import", "records.jsonl"], ok={0}, rerun_ok={0})
    if name == "add":
        return dict(build=lambda root: make_database(data, root, 3_000),
                    argv=["add", "--title", "The Case Added While Killed", "--company", "Adder", "--industry",
                          "tech", "--year", "2025", "--url", "https://add.example.com/killed", "--tags",
                          "rag,chatbot", "--created-at", "2025-03-04", "--yes"],
                    # After a kill that came once the file was written, the rerun finds the case
                    # catalogued and refuses it: the job is done either way.
                    ok={0}, rerun_ok={0, 1}, single=True)
    sys.exit(f"unknown scenario {name!r}")


def snapshot(root):
    """Every file under `root` (but the cache) by relative path, with its bytes."""
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".llmops"]
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def run(llmops, root, argv, timeout=600):
    return subprocess.run([llmops, *argv], cwd=root, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout, env=dict(os.environ, NO_COLOR="1"))


def check_state(before, after, now):
    """Returns (problems, changed, pending): files in neither state, files in the reference state
    that differ from the old one, and files still to be changed."""
    problems, changed, pending = [], 0, 0
    for path in sorted(set(before) | set(after) | set(now)):
        old, new, got = before.get(path), after.get(path), now.get(path)
        if got is not None and old is None and new is None:
            if not TEMP_NAME.match(os.path.basename(path)):
                problems.append(f"{path}: a file neither state has")
            continue
        if old == new:
            if got != old:
                problems.append(f"{path}: changed, but the command never changes it")
            continue
        if got == new:
            changed += 1
        elif got == old:
            pending += 1
        else:
            problems.append(f"{path}: neither old nor new ({'missing' if got is None else f'{len(got)} bytes'})")
    return problems, changed, pending


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llmops", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", help="scratch folder (default: a new temporary one, removed after)")
    ap.add_argument("scenario")
    a = ap.parse_args()
    llmops = os.path.abspath(a.llmops)
    s = scenario(a.scenario, os.path.abspath(a.data))

    work = a.work or tempfile.mkdtemp(prefix=f"llmops-crash-{a.scenario}-")
    try:
        pristine = os.path.join(work, "pristine")
        s["build"](pristine)
        before = snapshot(pristine)

        reference = os.path.join(work, "reference")
        shutil.copytree(pristine, reference, symlinks=True)
        start = time.monotonic()
        done = run(llmops, reference, s["argv"])
        full = time.monotonic() - start
        if done.returncode not in s["ok"]:
            sys.exit(f"the uninterrupted run failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
        after = snapshot(reference)
        if after == before:
            sys.exit("the uninterrupted run changed nothing: the scenario tests nothing")
        print(f"{a.scenario}: a full run takes {full:.2f} s and changes "
              f"{sum(1 for p in set(before) | set(after) if before.get(p) != after.get(p))} files")

        low, high = 0.0, full * 1.5
        mixed = 0
        for trial in range(1, MAX_TRIALS + 1):
            delay = (low + high) / 2
            target = os.path.join(work, f"trial-{trial}")
            shutil.copytree(pristine, target, symlinks=True)
            process = subprocess.Popen([llmops, *s["argv"]], cwd=target, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       env=dict(os.environ, NO_COLOR="1"))
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            killed = process.wait() == -signal.SIGKILL
            problems, changed, pending = check_state(before, after, snapshot(target))
            state = "finished first" if not killed else ("nothing written" if changed == 0 else
                                                       "all written" if pending == 0 else "mixed")
            print(f"  trial {trial}: killed after {delay:.3f} s: {state} ({changed} files new, {pending} old)")
            if problems:
                sys.exit("  broken files after the kill:\n    " + "\n    ".join(problems[:20]))
            if state == "mixed":
                mixed += 1
            elif state == "nothing written":
                low = delay
            else:
                high = delay

            rerun = run(llmops, target, s["argv"])
            if rerun.returncode not in s["rerun_ok"]:
                sys.exit(f"  the rerun failed ({rerun.returncode}): {rerun.stderr.decode()[-2000:]}")
            problems, changed, pending = check_state(before, after, snapshot(target))
            if problems or pending:
                sys.exit(f"  the rerun did not finish the job: {pending} files still old\n    " +
                         "\n    ".join(problems[:20]))
            shutil.rmtree(target)
            if mixed >= MIXED_NEEDED or (s.get("single") and low > 0 and high - low < BRACKET):
                break
            if state == "mixed":
                # Spread the next kill across the writing window rather than at its centre.
                low, high = (low, delay) if trial % 2 else (delay, high)
        if s.get("single"):
            if not (low > 0 and high - low < BRACKET):
                sys.exit(f"after {trial} kills, the write is not bracketed closer than {high - low:.3f} s")
            print(f"{a.scenario}: {trial} kills, the last ones {high - low:.4f} s either side of the write; "
                  "the file was absent or complete each time, and the rerun finished the job")
        elif mixed < MIXED_NEEDED:
            sys.exit(f"only {mixed} of {trial} kills landed while files were being written; "
                     f"the test needs {MIXED_NEEDED}")
        else:
            print(f"{a.scenario}: {trial} kills, {mixed} in the middle of writing; every file old or new, "
                  "and the rerun finished the job")
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
