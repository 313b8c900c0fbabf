#!/usr/bin/env python3
"""Build a database whose curation dates must all come from git: N case files (no created_at)
added over C commits, some of them renamed later, for timing the history walk of `llmops stats`.

The repository is written with one `git fast-import` (seconds, not minutes): commit k (dated a
day after commit k-1, from 2023-01-01) adds N/C case files, and every tenth commit also renames
five files added earlier, so that the walk has renames to follow. llmops.toml and schema/ are
copied from this repository.

  bench/stats_history_repo.py OUT [--files 10000] [--commits 1000]

See bench/README.md, section Stats.
"""
import argparse
import datetime
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
INDUSTRIES = ["tech", "finance", "healthcare", "e-commerce", "legal"]
TECHNIQUES = ["rag", "evals", "agent-based", "embeddings", "fine-tuning", "prompt-engineering"]


def case_text(i):
    return (
        "schema_version: 1\n"
        f"id: company-{i:05d}-case-{i:05d}\n"
        f"title: Case {i:05d}\n"
        f"company: Company {i:05d}\n"
        f"industry: {INDUSTRIES[i % len(INDUSTRIES)]}\n"
        f"year: {2023 + i % 3}\n"
        "status: published\n"
        f"source_url: https://example.com/case/{i:05d}\n"
        "tags:\n"
        f"  technique: [{TECHNIQUES[i % len(TECHNIQUES)]}]\n"
    ).encode()


def blob(out, data):
    out.write(b"data %d\n" % len(data))
    out.write(data)
    out.write(b"\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    shutil.copy(os.path.join(REPO, "llmops.toml"), args.out)
    shutil.copytree(os.path.join(REPO, "schema"), os.path.join(args.out, "schema"))
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True, env=env)
    fast_import = subprocess.Popen(["git", "-C", args.out, "fast-import", "--quiet"], stdin=subprocess.PIPE, env=env)
    out = fast_import.stdin
    per_commit = args.files // args.commits
    names = {}  # case number -> current file name
    start = datetime.datetime(2023, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
    next_case = 0
    for k in range(args.commits):
        when = int((start + datetime.timedelta(days=k)).timestamp())
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer Bench <bench@example.com> %d +0000\n" % when)
        blob(out, b"commit %d" % k)
        if k == 0:
            for name in ("llmops.toml",):
                with open(os.path.join(args.out, name), "rb") as f:
                    out.write(b"M 100644 inline %s\n" % name.encode())
                    blob(out, f.read())
        count = per_commit if k < args.commits - 1 else args.files - next_case
        for _ in range(count):
            name = f"cases/company-{next_case:05d}-case-{next_case:05d}.yaml"
            out.write(b"M 100644 inline %s\n" % name.encode())
            blob(out, case_text(next_case))
            names[next_case] = name
            next_case += 1
        if k % 10 == 9:
            # Rename five earlier files: the walk must carry their first dates over.
            for j in range(5):
                victim = (k * 7 + j * 13) % next_case
                old = names[victim]
                new = old.replace(".yaml", "-r.yaml") if "-r" not in old else old.replace("-r.yaml", ".yaml")
                out.write(b"R %s %s\n" % (old.encode(), new.encode()))
                names[victim] = new
    out.close()
    if fast_import.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.out, "checkout", "-q", "-f", "main"], check=True, env=env)
    # The schema is not committed on purpose: the walk only looks at cases/, and an untracked
    # schema/ keeps the history to case files.
    with open(os.path.join(args.out, ".git", "info", "exclude"), "a") as f:
        f.write("schema/\n.llmops/\n")
    print(f"{args.out}: {args.files} case files over {args.commits} commits")


if __name__ == "__main__":
    main()
