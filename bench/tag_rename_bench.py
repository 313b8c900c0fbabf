#!/usr/bin/env python3
"""Time `llmops tag rename` of a tag used by about a third of a generated corpus, next to lint.

  bench/tag_rename_bench.py --llmops BUILD/tools/llmops/llmops [-n 10000] [--reps 3] [--scratch DIR]

Makes DIR/db-N once (gen_corpus.py, then convert_corpus.py), picks the canonical tag whose share
of cases is closest to one third, and for each repetition: copies the database afresh, times
`llmops lint --no-cache`, then `llmops tag rename TAG TAG-renamed`, and checks that exactly the
cases naming the tag (plus schema/tags.toml) were written (by content and by mtime) and that
lint reports no more errors than before. Prints a Markdown table of the median times.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "/work/shared/gen_corpus.py"


def run(cmd, cwd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def snapshot(root):
    out = {}
    for top, _, files in os.walk(root):
        if ".llmops" in top:
            continue
        for f in files:
            p = os.path.join(top, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = (os.stat(p).st_mtime_ns, fh.read())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llmops", required=True)
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--scratch", default="/tmp/llmops-bench-tag")
    args = ap.parse_args()
    llmops = os.path.abspath(args.llmops)
    base = os.path.join(args.scratch, f"db-{args.n}")
    if not os.path.isdir(os.path.join(base, "cases")):
        os.makedirs(args.scratch, exist_ok=True)
        raw = os.path.join(args.scratch, f"raw-{args.n}")
        subprocess.run([sys.executable, GENERATOR, "-n", str(args.n), "-o", raw], check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "convert_corpus.py"), raw, "-o", base], check=True)

    # The tag closest to a third of the cases, counted as written in the files.
    cases_dir = os.path.join(base, "cases")
    texts = {f: open(os.path.join(cases_dir, f), encoding="utf-8").read() for f in os.listdir(cases_dir)}
    listed = subprocess.run([llmops, "tag", "list", "--format", "csv"], cwd=base, capture_output=True,
                            text=True, check=True).stdout.splitlines()[1:]
    counts = {}
    for row in listed:
        slug, _, _, cases, *_rest = row.split(",")
        if ",true," not in row:
            counts[slug] = int(cases)
    tag = min(counts, key=lambda s: abs(counts[s] - args.n / 3))
    word = re.compile(r"(?<![a-z0-9-])" + re.escape(tag) + r"(?![a-z0-9-])")
    users = {f for f, t in texts.items() if word.search(t)}
    print(f"corpus: {args.n} cases; renaming '{tag}', written in {len(users)} cases ({counts[tag]} by lint's count)")

    lint_times, rename_times = [], []
    for rep in range(args.reps):
        work = os.path.join(args.scratch, "work")
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(base, work)
        t, proc = run([llmops, "lint", "--no-cache", "-q"], work)
        lint_times.append(t)
        errors_before = proc.stdout.count(": error:")
        before = snapshot(work)
        time.sleep(0.01)
        t, proc = run([llmops, "tag", "rename", tag, tag + "-renamed"], work)
        if proc.returncode != 0:
            sys.exit(f"rename failed: {proc.stderr}")
        rename_times.append(t)
        after = snapshot(work)
        touched = {p for p in after if after[p][0] != before[p][0]}
        changed = {p for p in after if after[p][1] != before[p][1]}
        expected = {os.path.join("cases", f) for f in users} | {os.path.join("schema", "tags.toml")}
        if touched != changed or changed != expected:
            sys.exit(f"files written: {len(touched)}, changed: {len(changed)}, expected: {len(expected)}")
        _, proc = run([llmops, "lint", "--no-cache", "-q"], work)
        if proc.stdout.count(": error:") > errors_before:
            sys.exit("the renamed database has more lint errors than before")
        print(f"run {rep + 1}: lint {lint_times[-1]:.2f} s, rename {rename_times[-1]:.2f} s, "
              f"{len(changed)} files written")
    print()
    print("| command | median of %d (s) |" % args.reps)
    print("|---|---|")
    print(f"| `llmops lint --no-cache` ({args.n} cases) | {statistics.median(lint_times):.2f} |")
    print(f"| `llmops tag rename {tag} {tag}-renamed` ({len(users)} cases rewritten) | "
          f"{statistics.median(rename_times):.2f} |")


if __name__ == "__main__":
    main()
