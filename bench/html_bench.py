#!/usr/bin/env python3
"""Time `llmops export --format html` on the 10,000-case corpus, and filtering in the page it writes.

  bench/html_bench.py --llmops BUILD/tools/llmops/llmops [--db /tmp/llmops-bench/db-10000] [--reps 5]

The corpus is the one bench/run.sh generates (run it once first, or give --db). Then:

  export, no cache      llmops export --format html --no-cache -o PAGE: reads and parses every file
  export, warm          the same without --no-cache, the cache filled by an untimed first run

Each is run --reps times (after one untimed run) and the median wall time reported, with the page's
size. Then tests/browser/run.sh --only speed --speed-db DB loads the page in headless Chromium and
times each kind of filter change (a tag, AND/OR, an industry, a year, a search, a sort, clearing)
three times, from the click to the next painted frame; its summary lines are printed as they are.
Results go to standard output as Markdown, with the commit, the date and the machine.

See bench/README.md, section HTML page.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llmops", required=True, help="the llmops binary to time (a Release build)")
    parser.add_argument("--db", default="/tmp/llmops-bench/db-10000", help="the database to export")
    parser.add_argument("--reps", type=int, default=5, help="timed runs of each export")
    parser.add_argument("--scratch", default="/tmp/llmops-bench/html", help="where the page and logs go")
    return parser.parse_args(argv)


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main(argv):
    args = parse_args(argv)
    if not os.path.isfile(os.path.join(args.db, "llmops.toml")):
        print(f"html_bench: {args.db} is not a database; run bench/run.sh first or give --db", file=sys.stderr)
        return 2
    os.makedirs(args.scratch, exist_ok=True)
    page = os.path.join(args.scratch, "cases.html")
    llmops = os.path.abspath(args.llmops)
    export = [llmops, "-C", args.db, "export", "--format", "html", "-q", "-o", page]

    load_before = os.getloadavg()
    rows = []
    for label, command in (("export, no cache", export + ["--no-cache"]), ("export, warm", export)):
        timed(command)  # untimed: fills the page cache, and the llmops cache for the warm runs
        times = [timed(command) for _ in range(args.reps)]
        rows.append((label, statistics.median(times), min(times), max(times)))
    size = os.path.getsize(page)

    browser = subprocess.run(
        [os.path.join(REPO, "tests", "browser", "run.sh"), "--llmops", llmops, "--repo", REPO, "--data",
         os.path.join(REPO, "tests", "data"), "--out", os.path.join(args.scratch, "browser"), "--only", "speed",
         "--speed-db", args.db],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    load_after = os.getloadavg()
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    print(f"### HTML page: {args.db} ({size / 1e6:.1f} MB page)\n")
    print(f"Command: `bench/html_bench.py --llmops {args.llmops} --db {args.db} --reps {args.reps}` at commit "
          f"{commit}.  ")
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}; "
          f"{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M')} UTC; load average "
          f"{' '.join(f'{x:.2f}' for x in load_before)} before, {' '.join(f'{x:.2f}' for x in load_after)} after.\n")
    print("| command | median | min | max |\n|---|---:|---:|---:|")
    for label, median, low, high in rows:
        print(f"| {label} | {median:.2f} s | {low:.2f} s | {high:.2f} s |")
    print("\nIn the browser (headless Chromium):\n")
    for line in browser.stdout.splitlines():
        if line.startswith("#") or line.startswith("not ok") or "passed" in line:
            print(f"    {line}")
    return 0 if browser.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
