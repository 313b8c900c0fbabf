#!/usr/bin/env python3
"""Writes a seed corpus for the query fuzzer: every query expression the docs and tests use.

  query_seeds.py OUT_DIR

Sources: the quoted expressions after `llmops query` in docs/*.md, README.md and tests/cli/*/cmd,
and the string literals of tests/unit/query_parser_test.cpp. One file per distinct expression.
"""
import glob
import hashlib
import os
import re
import shlex
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def from_command_lines(text):
    for match in re.finditer(r"llmops(?: -C \S+)? (?:query|tag apply --where|stats --where|export --where) ([^\n`]+)", text):
        try:
            words = shlex.split(match.group(1))
        except ValueError:
            continue
        for word in words:
            if not word.startswith("-"):
                yield word


def from_literals(text):
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        yield bytes(match.group(1), "utf-8").decode("unicode_escape", errors="ignore")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = set()
    for path in glob.glob(os.path.join(ROOT, "docs", "*.md")) + [os.path.join(ROOT, "README.md")] + \
            glob.glob(os.path.join(ROOT, "tests", "cli", "*", "cmd")):
        with open(path, encoding="utf-8") as f:
            seeds.update(from_command_lines(f.read()))
    with open(os.path.join(ROOT, "tests", "unit", "query_parser_test.cpp"), encoding="utf-8") as f:
        seeds.update(from_literals(f.read()))
    for seed in sorted(seeds):
        data = seed.encode("utf-8", errors="surrogatepass")
        with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print(f"query seeds: {len(seeds)}")


if __name__ == "__main__":
    main()
