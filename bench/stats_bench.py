#!/usr/bin/env python3
"""Time `llmops stats` against a warm `llmops query` on the same corpus, and the git history walk.

Part 1, on a converted corpus (bench/run.sh makes /tmp/llmops-bench/db-10000; copy it to
/tmp/stats-bench/db-10000, the default, so that the caches written here disturb no other run):
with the query cache warm, time in rounds (so that machine noise falls on every command alike)

  query tag+year, warm       llmops query 'tag:rag year>=2024' --format ids
  query full text, warm      llmops query 'evaluation pipeline' --format ids --limit 20
  stats ...                  the overview, --by, --trend, --since, --cooccur (see STATS below)

and report each stats median as a multiple of the tag+year query's (goal: at most 2x).

Part 2, on a repository built by stats_history_repo.py (10,000 case files without created_at,
1,000 commits, renames): time the one `git log` the walk runs, and `llmops stats --trend quarter`
with the history cache removed (the walk runs) and kept (it does not), the case cache warm in
both; the difference is the walk with its parsing (goal: well under a second).

  bench/stats_bench.py --llmops BUILD/tools/llmops/llmops [--corpus DIR] [--reps 7]

See bench/README.md, section Stats.
"""
import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

QUERIES = [
    ("query tag+year, warm", ["query", "tag:rag year>=2024", "--format", "ids"]),
    ("query full text, warm", ["query", "evaluation pipeline", "--format", "ids", "--limit", "20"]),
]
STATS = [
    ("stats (overview)", ["stats"]),
    ("stats --format markdown", ["stats", "--format", "markdown"]),
    ("stats --by technique", ["stats", "--by", "technique"]),
    ("stats --by company --top 20", ["stats", "--by", "company", "--top", "20"]),
    ("stats --where 'tag:rag' --by industry", ["stats", "--where", "tag:rag", "--by", "industry"]),
    ("stats --trend year", ["stats", "--trend", "year"]),
    ("stats --trend quarter", ["stats", "--trend", "quarter"]),
    ("stats --since 2025-01-01", ["stats", "--since", "2025-01-01", "--top", "20"]),
    ("stats --cooccur rag", ["stats", "--cooccur", "rag"]),
    ("stats --cooccur --min-support 50", ["stats", "--cooccur", "--min-support", "50"]),
    ("stats --by technique --chart", ["stats", "--by", "technique", "--chart", "/tmp/llmops-stats-bench.svg"]),
]
RATIO_MAX = 2.0
WALK_MAX_S = 1.0


def run(argv, cwd, cpu=None):
    """Wall time of one run; its CPU time (user + system, from the kernel's accounting of
    children) is appended to `cpu` when given."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({r.returncode}): {r.stderr.decode()}")
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed


def rounds(commands, cwd, reps, before=None):
    times = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    for _ in range(reps):
        for name, argv in commands:
            if before:
                before(name)
            times[name].append(run(argv, cwd, cpu[name]))
    return times, cpu


def row(name, values, cpu, base=None):
    med = statistics.median(values)
    ratio = f" {med / base:.2f} |" if base else ""
    return (f"| {name} | {len(values)} | {med:.3f} | {min(values):.3f}-{max(values):.3f} | "
            f"{statistics.median(cpu):.3f} |{ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llmops", required=True)
    parser.add_argument("--corpus", default="/tmp/stats-bench/db-10000")
    parser.add_argument("--history", default="/tmp/stats-bench/history-10000")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    llmops = os.path.abspath(args.llmops)
    if not os.path.isfile(os.path.join(args.corpus, "llmops.toml")):
        sys.exit(f"{args.corpus}: no corpus; make one with bench/run.sh --sizes 10000 and copy it there (cp -a)")

    load_before = os.getloadavg()
    print(f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; "
          f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC; load average {load_before[0]:.2f} before")
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"llmops: {llmops} (source commit {commit})")

    # Part 1: warm stats against a warm query. One untimed run of each fills the caches.
    commands = [(n, [llmops] + a) for n, a in QUERIES + STATS]
    for _, argv in commands:
        run(argv, args.corpus)
    time.sleep(2.5)  # past the window in which fresh file stamps are not trusted
    for _, argv in commands:
        run(argv, args.corpus)
    times, cpu = rounds(commands, args.corpus, args.reps)
    base = statistics.median(times[QUERIES[0][0]])
    print(f"\n#### Stats against a warm query, {args.corpus}\n")
    print("| command | runs | median s | min-max s | median CPU s | x query tag+year |\n|---|---:|---:|---:|---:|---:|")
    for name, _ in commands:
        print(row(name, times[name], cpu[name], base))
    worst = max(statistics.median(times[n]) / base for n, _ in STATS)
    print(f"\nWorst stats/query ratio: {worst:.2f} (goal <= {RATIO_MAX})")

    # Part 2: the history walk.
    if not os.path.isdir(os.path.join(args.history, ".git")):
        subprocess.run([sys.executable, os.path.join(HERE, "stats_history_repo.py"), args.history], check=True)
    cache = os.path.join(args.history, ".llmops", "cache", "git-history.txt")

    def drop_history_cache(name):
        if name.endswith(", walk") and os.path.exists(cache):
            os.remove(cache)

    files = subprocess.run(["git", "-C", args.history, "ls-files", "cases"], capture_output=True, text=True).stdout.count("\n")
    commits = subprocess.run(["git", "-C", args.history, "rev-list", "--count", "HEAD"], capture_output=True, text=True).stdout.strip()
    walk = [
        ("git log (the walk's one process)", ["git", "-c", "core.quotepath=off", "log", "--reverse", "--topo-order", "-M",
                                              "--name-status", "-z", "--diff-filter=ACDR", "--relative", "--format=%x01%cs",
                                              "--", "cases"]),
        ("stats --trend quarter, walk", [llmops, "stats", "--trend", "quarter"]),
        ("stats --trend quarter, walk cached", [llmops, "stats", "--trend", "quarter"]),
    ]
    for _, argv in walk:
        run(argv, args.history)
    time.sleep(2.5)
    for _, argv in walk:
        run(argv, args.history)
    wtimes, wcpu = rounds(walk, args.history, args.reps, drop_history_cache)
    print(f"\n#### History walk, {args.history}: {files} case files, {commits} commits\n")
    print("| command | runs | median s | min-max s | median CPU s |\n|---|---:|---:|---:|---:|")
    for name, _ in walk:
        print(row(name, wtimes[name], wcpu[name]))
    walk_cost = statistics.median(wtimes[walk[1][0]]) - statistics.median(wtimes[walk[2][0]])
    walk_cpu = statistics.median(wcpu[walk[1][0]]) - statistics.median(wcpu[walk[2][0]])
    print(f"\nThe walk (difference of the two stats medians): {walk_cost:.3f} s wall, {walk_cpu:.3f} s CPU "
          f"(goal well under {WALK_MAX_S} s)")
    load_after = os.getloadavg()
    print(f"Load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    return 0 if worst <= RATIO_MAX and walk_cost < WALK_MAX_S else 1


if __name__ == "__main__":
    sys.exit(main())
