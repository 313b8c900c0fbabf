#!/usr/bin/env python3
"""Time `llmops lint` against its peers on generated corpora, in one run.

For each corpus size: generate cases with gen_corpus.py, convert them into an llmops database
root (convert_corpus.py), then time, in rounds so that machine noise falls on every command
alike:

  llmops lint --no-cache            cold: every file parsed and checked
  llmops lint, cache deleted        cold: the first run after removing the cache folder
  llmops lint, warm cache           the same command again, nothing changed
  yaml_loop -j 1 / -j 2             YAML::LoadFile over the same files: the parser's floor
  ajv-cli + ajv-formats             JSON Schema validation of the same YAML files
  yamllint                          YAML lint of the same files (slow: fewer runs)

Wall time is measured around each process; peak RSS comes from GNU time (%M). The report gives
medians, ratios against llmops, and pass/fail for the goals. bench/run.sh sets up the peers
and builds the programs, then calls this script; see bench/README.md.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_GENERATOR = os.path.join(REPO, "..", "shared", "gen_corpus.py")
CONVERTER = os.path.join(HERE, "convert_corpus.py")
GNU_TIME = "/usr/bin/time"
MIB = 1024  # GNU time reports KiB

# The goals from the issue.
COLD_VS_LOOP_MAX = 0.6      # cold lint at most this times the 1-thread yaml-cpp loop
WARM_MAX_SECONDS = 0.15
WARM_SPEEDUP_MIN = 10.0     # warm lint at least this many times faster than every peer
RSS_MAX_MIB = 64.0

# Before each timed run, wait (up to --idle-wait seconds) for a second in which other processes
# used at most this fraction of the machine, so that a build next door does not land in one
# command's timings. A run during which they used more than DISTURBED_FRACTION of the machine
# (and at least DISTURBED_MIN_SECONDS of CPU) is run again.
IDLE_BUSY_MAX = 0.10
DISTURBED_FRACTION = 0.10
DISTURBED_MIN_SECONDS = 0.05
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Every timed command runs at nice -20 where that is allowed (see raise_priority).
PRIORITY = -20 if os.geteuid() == 0 else None

LINT_NO_CACHE = "llmops lint --no-cache"
LINT_COLD = "llmops lint, cache deleted"
LINT_WARM = "llmops lint, warm cache"
LOOP_1 = "yaml-cpp loop, 1 thread"
LOOP_2 = "yaml-cpp loop, 2 threads"
AJV = "ajv-cli + ajv-formats"
YAMLLINT = "yamllint"
LLMOPS_ROWS = [LINT_NO_CACHE, LINT_COLD, LINT_WARM]
PEERS = [LOOP_1, LOOP_2, AJV, YAMLLINT]


class Command:
    """One timed command: `argv` run in `cwd`, `reps` times; `before` runs untimed first."""

    def __init__(self, name, argv, cwd, reps, before=None, warm_up=True, max_retries=None):
        self.name = name
        self.max_retries = max_retries
        self.argv = argv
        self.cwd = cwd
        self.reps = reps
        self.before = before
        self.warm_up = warm_up
        self.seconds = []
        self.cpu_seconds = []
        self.disturbed = 0
        self.rss_kib = []
        self.exit_codes = []


# ------------------------------------------------------------------ machine
def machine_info():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def first_line(argv, cwd=None):
    """The first line `argv` prints, or "?" when it cannot run."""
    try:
        out = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if out.returncode == 0 and text else "?"


def package_version(node_modules, name):
    try:
        with open(os.path.join(node_modules, name, "package.json")) as f:
            return json.load(f)["version"]
    except OSError:
        return "?"


def source_state():
    """The commit llmops was built from: the one run.sh --rev exported, else the repository's
    HEAD, marked when the working tree's sources differ from it."""
    exported = os.environ.get("LLMOPS_BENCH_SOURCE")
    if exported:
        return exported.rsplit("(", 1)[-1].rstrip(")")
    head = first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    changed = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "CMakeLists.txt",
                              "cmake", "libcore", "tools"], capture_output=True, text=True).stdout
    return head + (" plus uncommitted changes" if changed.strip() else "")


def tool_versions(a):
    node_modules = os.path.dirname(os.path.dirname(a.ajv))  # <node_modules>/.bin/ajv
    return {
        "llmops": first_line([a.llmops, "--version"]),
        "llmops commit": source_state(),
        "yaml-cpp": first_line(["dpkg-query", "-W", "-f", "${Version}", "libyaml-cpp-dev"]),
        "yamllint": first_line([a.yamllint, "--version"]),
        "ajv-cli": package_version(node_modules, "ajv-cli"),
        "ajv": package_version(node_modules, "ajv"),
        "ajv-formats": package_version(node_modules, "ajv-formats"),
        "node": first_line(["node", "--version"]),
    }


# ------------------------------------------------------------------ corpora
def file_digest(path):
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def prepare_corpus(a, n):
    """The database root for `n` cases under the scratch folder, made unless it is up to date."""
    db = os.path.join(a.scratch, f"db-{n}")
    stamp = {
        "n": n, "seed": a.seed, "git": not a.no_git,
        "generator": file_digest(a.generator), "converter": file_digest(CONVERTER),
        "case.toml": file_digest(a.case_toml), "llmops.toml": file_digest(a.config),
    }
    stamp_path = os.path.join(a.scratch, f"db-{n}.stamp.json")
    if not a.fresh and os.path.isdir(db) and os.path.isfile(stamp_path):
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                print(f"bench: reusing {db}", file=sys.stderr)
                return db
    gen = os.path.join(a.scratch, f"gen-{n}")
    for path in (gen, db, stamp_path):
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    print(f"bench: generating {n} cases into {db}", file=sys.stderr)
    subprocess.run([sys.executable, a.generator, "-n", str(n), "-o", gen, "--seed", a.seed],
                   check=True)
    subprocess.run([sys.executable, CONVERTER, gen, "-o", db, "--generator", a.generator,
                    "--case-toml", a.case_toml, "--config", a.config], check=True)
    shutil.rmtree(gen)
    if not a.no_git:
        git = ["git", "-C", db, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
        subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-q", "-m", f"Generated corpus of {n} cases"], check=True)
    with open(stamp_path, "w") as f:
        json.dump(stamp, f)
    return db


def corpus_bytes(cases_dir):
    total = count = 0
    for entry in os.scandir(cases_dir):
        if entry.name.endswith(".yaml"):
            with open(entry.path, "rb") as f:
                total += len(f.read())  # also brings the file into the page cache
            count += 1
    return count, total


def cache_dir(db):
    with open(os.path.join(db, "llmops.toml"), "rb") as f:
        config = tomllib.load(f)
    return os.path.join(db, config.get("paths", {}).get("cache", ".llmops/cache"))


# ------------------------------------------------------------------ running
def cpu_times():
    """(all, idle) CPU time of the machine so far, in clock ticks (/proc/stat's first line)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]  # guest time is already in user
    return sum(fields), fields[3] + fields[4]  # idle + iowait


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for_idle(max_wait):
    """Waits until the machine was nearly idle for one second (others' processes use less than
    IDLE_BUSY_MAX of it), for at most `max_wait` seconds; returns the last busy fraction seen."""
    deadline = time.monotonic() + max_wait
    while True:
        total0, idle0 = cpu_times()
        time.sleep(1.0)
        total1, idle1 = cpu_times()
        busy = 1.0 - (idle1 - idle0) / max(1, total1 - total0)
        if busy <= IDLE_BUSY_MAX or time.monotonic() >= deadline:
            return busy


def raise_priority():
    """Runs in the child before exec: the highest CPU priority when allowed (root), so that
    other work on a shared machine yields the cores to the command being timed. With the
    kernel's autogroup scheduling, nice only ranks processes within one session, so the child
    starts a session of its own and sets that group's nice as well."""
    if PRIORITY is None:
        return
    os.setsid()
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write(str(PRIORITY))
    except OSError:
        pass  # no autogroup scheduling: the process nice below is enough
    os.setpriority(os.PRIO_PROCESS, 0, PRIORITY)


def run_once(cmd, log_dir):
    """Runs `cmd` once; returns (seconds, peak RSS in KiB, CPU seconds (user + system), exit
    code, CPU seconds that other processes used on the machine meanwhile)."""
    if cmd.before:
        cmd.before()
    slug = "".join(c if c.isalnum() else "-" for c in cmd.name).strip("-")
    out_path = os.path.join(log_dir, slug + ".out")
    rss_path = os.path.join(log_dir, slug + ".rss")
    with open(out_path, "wb") as out:
        own_before = children_cpu_seconds()
        all_before, idle_before = cpu_times()
        start = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", rss_path] + cmd.argv, cwd=cmd.cwd,
                              stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                              preexec_fn=raise_priority)
        seconds = time.perf_counter() - start
        all_after, idle_after = cpu_times()
        own = children_cpu_seconds() - own_before
    busy = ((all_after - all_before) - (idle_after - idle_before)) / CLOCK_TICKS
    with open(rss_path) as f:
        rss, user, system = f.read().strip().splitlines()[-1].split()
    return seconds, int(rss), float(user) + float(system), proc.returncode, max(0.0, busy - own)


def describe_exit(cmd, code, log_dir):
    slug = "".join(c if c.isalnum() else "-" for c in cmd.name).strip("-")
    with open(os.path.join(log_dir, slug + ".out"), errors="replace") as f:
        lines = f.read().splitlines()
    head = "\n    ".join(lines[:5])
    return f"bench: warning: {cmd.name} exited {code} ({len(lines)} lines of output):\n    {head}"


def disturbed(seconds, others_cpu):
    """Whether other processes used enough of the machine during a run to skew its time."""
    return others_cpu > max(DISTURBED_FRACTION * seconds * os.cpu_count(), DISTURBED_MIN_SECONDS)


def measure(commands, log_dir, idle_wait, retries):
    """Runs every command: one untimed warm-up each (where asked), then timed rounds. A run
    during which other processes were busy is thrown away and run again, up to `retries` times
    (once for a command whose `max_retries` says so) per run; the last attempt is kept. Returns (runs thrown away, disturbed runs kept)."""
    thrown_away = kept_disturbed = 0
    for cmd in commands:
        if cmd.warm_up:
            code = run_once(cmd, log_dir)[3]
            if code != 0:
                print(describe_exit(cmd, code, log_dir), file=sys.stderr)
    for rep in range(max(c.reps for c in commands)):
        for cmd in commands:
            if rep >= cmd.reps:
                continue
            allowed = retries if cmd.max_retries is None else min(retries, cmd.max_retries)
            for attempt in range(allowed + 1):
                if idle_wait > 0:
                    wait_for_idle(idle_wait)
                seconds, rss, cpu, code, others = run_once(cmd, log_dir)
                noisy = disturbed(seconds, others)
                print(f"bench:   {cmd.name}: {seconds:.3f} s, {rss / MIB:.1f} MiB, exit {code}"
                      + (f"; others used {others:.2f} CPU s meanwhile" if noisy else ""),
                      file=sys.stderr)
                if not noisy:
                    break
                if attempt < allowed:
                    thrown_away += 1
                else:
                    kept_disturbed += 1
                    cmd.disturbed += 1
            cmd.seconds.append(seconds)
            cmd.cpu_seconds.append(cpu)
            cmd.rss_kib.append(rss)
            cmd.exit_codes.append(code)
            if code != 0 and len(cmd.exit_codes) == 1:
                print(describe_exit(cmd, code, log_dir), file=sys.stderr)
    return thrown_away, kept_disturbed


def commands_for(a, db):
    cases = os.path.join(db, "cases")
    schema = os.path.join(db, "schema", "case.schema.json")
    cache = cache_dir(db)

    def delete_cache():
        shutil.rmtree(cache, ignore_errors=True)

    reps = a.reps
    # The order within a round matters: the cache-deleted run fills the cache that the warm
    # run then reads.
    return [
        Command(LINT_NO_CACHE, [a.llmops, "lint", "--no-cache"], db, reps),
        Command(LINT_COLD, [a.llmops, "lint"], db, reps, before=delete_cache),
        Command(LINT_WARM, [a.llmops, "lint"], db, reps),
        Command(LOOP_1, [a.yaml_loop, "-j", "1", cases], db, reps),
        Command(LOOP_2, [a.yaml_loop, "-j", "2", cases], db, reps),
        Command(AJV, [a.ajv, "validate", "--spec=draft2020", "-c", "ajv-formats", "-s", schema,
                      "-d", "cases/*.yaml"], db, reps),
        Command(YAMLLINT, [a.yamllint, "-f", "parsable", "-c", os.path.join(HERE, "yamllint.yaml"),
                           "cases"], db, a.yamllint_reps, warm_up=False, max_retries=1),
    ]


# ------------------------------------------------------------------ report
def summarize(commands):
    rows = {}
    for cmd in commands:
        rows[cmd.name] = {
            "argv": cmd.argv,
            "median_s": statistics.median(cmd.seconds),
            "min_s": min(cmd.seconds),
            "max_s": max(cmd.seconds),
            "runs": len(cmd.seconds),
            "disturbed_runs": cmd.disturbed,
            "median_cpu_s": statistics.median(cmd.cpu_seconds),
            "peak_rss_mib": max(cmd.rss_kib) / MIB,
            "exit_codes": sorted(set(cmd.exit_codes)),
            "seconds": cmd.seconds,
        }
    return rows


def evaluate_goals(rows):
    """(goal, passed, detail) for each goal, from the summarized `rows` of one size."""
    med = {name: row["median_s"] for name, row in rows.items()}
    goals = []
    loop = med[LOOP_1]
    for name in (LINT_NO_CACHE, LINT_COLD):
        ratio = med[name] / loop
        goals.append((f"cold ({name}) <= {COLD_VS_LOOP_MAX} x yaml-cpp loop, 1 thread",
                      ratio <= COLD_VS_LOOP_MAX,
                      f"{med[name]:.3f} s / {loop:.3f} s = {ratio:.2f} x"))
    warm = med[LINT_WARM]
    goals.append((f"warm <= {WARM_MAX_SECONDS} s", warm <= WARM_MAX_SECONDS, f"{warm:.3f} s"))
    fastest_peer = min(PEERS, key=lambda p: med[p])
    speedup = med[fastest_peer] / warm
    goals.append((f"warm >= {WARM_SPEEDUP_MIN:g} x faster than every peer",
                  speedup >= WARM_SPEEDUP_MIN,
                  f"fastest peer ({fastest_peer}) {med[fastest_peer]:.3f} s = {speedup:.1f} x warm"))
    rss = max(rows[name]["peak_rss_mib"] for name in LLMOPS_ROWS)
    goals.append((f"peak RSS <= {RSS_MAX_MIB:g} MiB", rss <= RSS_MAX_MIB,
                  f"{rss:.1f} MiB (largest of the three llmops runs)"))
    return goals


def markdown(results):
    out = []
    m = results["machine"]
    out.append(f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, "
               f"Linux {m['kernel']}; {m['date']}.")
    versions = [v if v.startswith(k + " ") else f"{k} {v}" for k, v in results["versions"].items()]
    out.append("Versions: " + ", ".join(versions) + ".")
    out.append(f"Command: `{results['command']}`" + (
        f" (commands timed at nice {PRIORITY})" if PRIORITY is not None else ""))
    for size in results["sizes"]:
        rows = size["rows"]
        cold = rows[LINT_NO_CACHE]["median_s"]
        warm = rows[LINT_WARM]["median_s"]
        out.append("")
        out.append(f"### {size['cases']:,} cases, {size['yaml_bytes'] / 1e6:.1f} MB of YAML")
        out.append("")
        out.append("| command | runs | median s | min-max s | x llmops cold | x llmops warm "
                   "| CPU s | peak RSS MiB | exit |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for name, row in rows.items():
            runs = str(row["runs"])
            if row["disturbed_runs"]:
                runs += f" ({row['disturbed_runs']} with others busy)"
            out.append(f"| {name} | {runs} | {row['median_s']:.3f} "
                       f"| {row['min_s']:.3f}-{row['max_s']:.3f} "
                       f"| {row['median_s'] / cold:.2f} | {row['median_s'] / warm:.1f} "
                       f"| {row['median_cpu_s']:.2f} | {row['peak_rss_mib']:.1f} "
                       f"| {','.join(str(c) for c in row['exit_codes'])} |")
        out.append("")
        out.append(f"Load average before/after: {size['load_before']} / {size['load_after']}. "
                   f"Runs during which other processes used more than {DISTURBED_FRACTION:.0%} of "
                   f"the machine: {size['runs_thrown_away']} thrown away and run again, "
                   f"{size['disturbed_runs_kept']} kept.")
        out.append("")
        out.append("| goal | result | measured |")
        out.append("|---|---|---|")
        for goal, passed, detail in size["goals"]:
            out.append(f"| {goal} | {'PASS' if passed else 'FAIL'} | {detail} |")
    return "\n".join(out) + "\n"


def write_results(results, scratch, stamp):
    with open(os.path.join(scratch, f"results-{stamp}.json"), "w") as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(scratch, f"results-{stamp}.md"), "w") as f:
        f.write(markdown(results))


# ------------------------------------------------------------------ main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llmops", required=True, help="the llmops binary")
    ap.add_argument("--yaml-loop", required=True, help="the yaml_loop binary (bench/yaml_loop.cpp)")
    ap.add_argument("--ajv", default=os.path.join(HERE, "node_modules", ".bin", "ajv"),
                    help="ajv-cli (default: %(default)s)")
    ap.add_argument("--yamllint", default=shutil.which("yamllint") or "yamllint")
    ap.add_argument("--scratch", default="/tmp/llmops-bench",
                    help="where corpora, logs and results go (default: %(default)s)")
    ap.add_argument("--sizes", default="1000,10000", help="comma list of corpus sizes")
    ap.add_argument("--reps", type=int, default=5, help="timed runs per command (default: 5)")
    ap.add_argument("--yamllint-reps", type=int, default=3,
                    help="timed runs of yamllint, which is slow (default: 3)")
    ap.add_argument("--seed", default="llmops", help="gen_corpus.py seed")
    ap.add_argument("--generator", default=os.path.normpath(DEFAULT_GENERATOR))
    ap.add_argument("--case-toml", default=os.path.join(REPO, "schema", "case.toml"))
    ap.add_argument("--config", default=os.path.join(REPO, "llmops.toml"),
                    help="llmops.toml for the corpora (the contract's default if missing)")
    ap.add_argument("--no-git", action="store_true", help="do not make the corpora git repositories")
    ap.add_argument("--fresh", action="store_true", help="regenerate corpora even if up to date")
    ap.add_argument("--idle-wait", type=float, default=30,
                    help="before each timed run, wait up to this many seconds for the machine to "
                         "be idle; 0 to not wait (default: %(default)s)")
    ap.add_argument("--retries", type=int, default=3,
                    help="times a run disturbed by other processes is run again (default: 3)")
    ap.add_argument("--command", default=None, help="the command line to print in the report")
    a = ap.parse_args(argv)
    if a.reps < 1 or a.yamllint_reps < 1:
        ap.error("--reps and --yamllint-reps must be at least 1")
    sizes = sorted(int(s) for s in a.sizes.split(",") if s.strip())
    for tool in (a.llmops, a.yaml_loop, a.ajv, GNU_TIME):
        if not os.access(tool, os.X_OK):
            ap.error(f"{tool} is not an executable file")
    a.llmops, a.yaml_loop, a.ajv = (os.path.abspath(p) for p in (a.llmops, a.yaml_loop, a.ajv))
    os.makedirs(a.scratch, exist_ok=True)

    results = {
        "command": a.command or " ".join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:]),
        "machine": machine_info(),
        "versions": tool_versions(a),
        "sizes": [],
    }
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in sizes:
        db = prepare_corpus(a, n)
        count, size = corpus_bytes(os.path.join(db, "cases"))
        log_dir = os.path.join(a.scratch, f"logs-{n}")
        os.makedirs(log_dir, exist_ok=True)
        print(f"bench: {count} cases, {size / 1e6:.1f} MB; timing", file=sys.stderr)
        commands = commands_for(a, db)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        thrown_away, kept_disturbed = measure(commands, log_dir, a.idle_wait, a.retries)
        rows = summarize(commands)
        results["sizes"].append({
            "cases": count, "yaml_bytes": size, "rows": rows, "goals": evaluate_goals(rows),
            "load_before": load_before, "runs_thrown_away": thrown_away,
            "disturbed_runs_kept": kept_disturbed,
            "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        })

        write_results(results, a.scratch, stamp)  # after each size, so a long run shows progress

    print(markdown(results))
    print(f"bench: results in {a.scratch}/results-{stamp}.{{md,json}}", file=sys.stderr)
    # The goals are stated for the largest corpus; smaller ones are reported for the trend.
    return 0 if all(passed for _, passed, _ in results["sizes"][-1]["goals"]) else 1


if __name__ == "__main__":
    sys.exit(main())
