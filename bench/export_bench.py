#!/usr/bin/env python3
"""Time `llmops export` to each format on a generated corpus (10,000 cases by default).

The corpus is a copy of the one query_bench.py uses (gen_corpus.py converted into an llmops
database; generated the same way when absent), kept under SCRATCH/export-N and reused. Each round exports, with the cache filled:

  json, jsonl, csv, csv --profile hf, sqlite, markdown, atom     llmops export --format F -o OUT

and once cold (`--no-cache`, every file read and parsed) to json. Before each timed run the
script waits for a quiet second (--idle-wait); a run during which other processes used more than
a tenth of the machine is run again (--retries). Wall time is measured around each process, CPU
time from the kernel's accounting of children, peak RSS with GNU time; the size of each output
is reported, and two exports of each format are checked to be identical first.

  bench/export_bench.py --llmops BUILD/tools/llmops/llmops [--cases 10000] [--reps 5]

See bench/README.md, section Export.
"""
import argparse
import datetime
import hashlib
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

from bench import cpu_times, wait_for_idle  # the same sampling as bench/run.sh

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GENERATOR = os.path.normpath(os.path.join(REPO, "..", "shared", "gen_corpus.py"))
CONVERTER = os.path.join(HERE, "convert_corpus.py")
GNU_TIME = "/usr/bin/time"
DISTURBED = 0.10
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

EXPORTS = [
    ("json", ["--format", "json"], "cases.json"),
    ("jsonl", ["--format", "jsonl"], "cases.jsonl"),
    ("csv", ["--format", "csv"], "cases.csv"),
    ("csv --profile hf", ["--format", "csv", "--profile", "hf"], "cases-hf.csv"),
    ("sqlite", ["--format", "sqlite"], "cases.db"),
    ("markdown", ["--format", "markdown"], "site"),
    ("atom", ["--format", "atom"], "feed.xml"),
    ("json, no cache", ["--format", "json", "--no-cache"], "cold.json"),
]


def run(argv, cwd):
    """Runs `argv` once; returns (seconds, peak RSS MiB, exit code, CPU seconds)."""
    rss_file = os.path.join(cwd, ".rss")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    proc = subprocess.run([GNU_TIME, "-f", "%M", "-o", rss_file] + argv, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(rss_file) as f:
        rss = int(f.read().split()[-1]) / 1024
    os.remove(rss_file)
    if proc.returncode != 0:
        sys.exit(f"export_bench: {' '.join(argv)} exited {proc.returncode}: {proc.stderr}")
    return seconds, rss, usage.ru_utime + usage.ru_stime - cpu_before


def digest(path):
    """A hash of a file, or of every file of a folder with its relative name."""
    h = hashlib.sha256()
    if os.path.isdir(path):
        for top, dirs, names in sorted(os.walk(path)):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(top, name)
                h.update(os.path.relpath(full, path).encode() + b"\0")
                with open(full, "rb") as f:
                    h.update(f.read())
    else:
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def size_of(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(top, n)) for top, _, names in os.walk(path) for n in names)
    return os.path.getsize(path)


def prepare(scratch, n, seed):
    """A database of `n` generated cases of its own (so that its cache is its own): a copy of the one
    query_bench.py made when present, else generated the same way; reused when present."""
    base = os.path.join(scratch, f"export-{n}")
    db = os.path.join(base, "db")
    if os.path.isdir(os.path.join(db, "cases")):
        print(f"export_bench: reusing {db}", file=sys.stderr)
        return db
    shutil.rmtree(base, ignore_errors=True)
    shared = os.path.join(scratch, f"query-{n}", "db")
    if os.path.isdir(os.path.join(shared, "cases")):
        print(f"export_bench: copying {shared}", file=sys.stderr)
        shutil.copytree(shared, db, ignore=shutil.ignore_patterns(".llmops"))
        return db
    gen = os.path.join(base, "gen")
    print(f"export_bench: generating {n} cases into {base}", file=sys.stderr)
    subprocess.run([sys.executable, GENERATOR, "-n", str(n), "-o", gen, "--seed", seed], check=True)
    subprocess.run([sys.executable, CONVERTER, gen, "-o", db], check=True)
    shutil.rmtree(gen)
    return db


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llmops", required=True)
    ap.add_argument("--scratch", default="/tmp/llmops-bench")
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--seed", default="llmops")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--idle-wait", type=float, default=30)
    ap.add_argument("--retries", type=int, default=2)
    a = ap.parse_args()
    llmops = os.path.abspath(a.llmops)
    db = prepare(a.scratch, a.cases, a.seed)
    out_dir = os.path.join(a.scratch, f"export-{a.cases}", "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)

    def argv(args, name, suffix=""):
        return [llmops, "export", "-q", *args, "-o", os.path.join(out_dir, suffix + name)]

    # Untimed: fill the cache (with texts), then check that two exports of each format are identical.
    run([llmops, "export", "-q", "--format", "json", "-o", os.path.join(out_dir, "warmup.json")], db)
    time.sleep(2.5)  # file stamps older than the window in which fresh stamps are not trusted
    for name, args, target in EXPORTS:
        run(argv(args, target), db)
        run(argv(args, target, "again-"), db)
        if digest(os.path.join(out_dir, target)) != digest(os.path.join(out_dir, "again-" + target)):
            sys.exit(f"export_bench: two {name} exports differ")
    print("export_bench: two exports of each format are identical", file=sys.stderr)

    times = {name: [] for name, _, _ in EXPORTS}
    cpus = {name: [] for name, _, _ in EXPORTS}
    rss = {name: 0.0 for name, _, _ in EXPORTS}
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    redone = 0
    disturbed = 0  # runs still disturbed after the last retry, kept
    for _ in range(a.reps):
        for name, args, target in EXPORTS:
            for attempt in range(a.retries + 1):
                if a.idle_wait > 0:
                    wait_for_idle(a.idle_wait)
                total0, idle0 = cpu_times()
                seconds, peak, cpu = run(argv(args, target), db)
                total1, idle1 = cpu_times()
                others = ((total1 - total0) - (idle1 - idle0)) / CLOCK_TICKS - cpu
                if others <= max(DISTURBED * seconds * os.cpu_count(), 0.05):
                    break
                if attempt < a.retries:
                    redone += 1
                else:
                    disturbed += 1
            times[name].append(seconds)
            cpus[name].append(cpu)
            rss[name] = max(rss[name], peak)
            print(f"export_bench: {name}: {seconds:.3f} s", file=sys.stderr)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())

    with open("/proc/cpuinfo") as f:
        model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    version = subprocess.run([llmops, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    yaml_size = sum(os.path.getsize(os.path.join(db, "cases", f)) for f in os.listdir(os.path.join(db, "cases")))
    out = [f"Machine: {len(os.sched_getaffinity(0))} CPUs ({model}), Linux {platform.release()}; "
           f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average "
           f"{load_before} before, {load_after} after; {redone} runs disturbed by other processes and redone, "
           f"{disturbed} kept although disturbed (out of retries).",
           f"Versions: {version} (commit {commit}). Corpus: {a.cases:,} cases, {yaml_size / 1e6:.1f} MB of YAML.",
           f"Command: `bench/export_bench.py --llmops {a.llmops} --cases {a.cases} --reps {a.reps} "
           f"--idle-wait {a.idle_wait:g} --retries {a.retries}`", "",
           "| export | runs | median s | min-max s | median CPU s | peak RSS MiB | output MB |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for name, _, target in EXPORTS:
        t = times[name]
        out.append(f"| {name} | {len(t)} | {statistics.median(t):.3f} | {min(t):.3f}-{max(t):.3f} "
                   f"| {statistics.median(cpus[name]):.3f} | {rss[name]:.1f} "
                   f"| {size_of(os.path.join(out_dir, target)) / 1e6:.1f} |")
    report = "\n".join(out) + "\n"
    print(report)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    with open(os.path.join(a.scratch, f"export-results-{stamp}.md"), "w") as f:
        f.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
