#!/usr/bin/env python3
"""Completes a copy of the hostile database (tests/data/hostile) with the fixtures that are too
large or too odd to commit.

  make_hostile.py OUT [--unreadable]

OUT is a database root: when it has no llmops.toml yet, tests/data/hostile is copied there first.
Then OUT/cases/ gains:

  many-tags.yaml        10,000 entries in one tag list                     tags-too-many
  long-line.yaml        a single 1 MB line (past max_file_bytes too)       file-too-large
  wide-line.yaml        a 20,000-byte line in a small file                 line-too-long
  huge-file.yaml        50 MB of YAML comments                             file-too-large
  outside-link.yaml     a symlink to /etc/passwd, outside the root         path-escape
  dangling-link.yaml    a symlink to nothing                               file-unreadable
  named-pipe.yaml       a FIFO, which must never be opened for reading     file-name
  unreadable.yaml       (with --unreadable) a file with mode 000           file-unreadable
                        (not readable for a normal user; root reads anyway)

The committed fixtures beside them: deep nesting, a billion laughs, NUL bytes, invalid UTF-8,
UTF-16 with a byte order mark, CRLF line ends, a repeated key, a name with spaces and non-ASCII,
a directory named like a case, a .yml file, and one well-formed case without a summary.
"""
import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MB = 1024 * 1024


def case(case_id, title, extra=""):
    return (f"schema_version: 1\nid: {case_id}\ntitle: {title}\ncompany: Hostile Inc\nindustry: tech\n"
            f"year: 2024\nstatus: published\nsource_url: https://hostile.example.com/{case_id}\n"
            f"tags:\n  application: [chatbot]\n  technique: [rag]\n"
            f"summary: A short account in our own words.\n{extra}")


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="the database root to complete")
    ap.add_argument("--unreadable", action="store_true", help="also add a file nobody may read (chmod 000)")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.out, "llmops.toml")):
        shutil.copytree(os.path.join(HERE, "hostile"), a.out, symlinks=True, dirs_exist_ok=True)
    cases = os.path.join(a.out, "cases")

    tags = "".join(f"    - tag-{i:05d}\n" for i in range(10_000))
    text = case("many-tags", "Ten Thousand Tags")
    write(os.path.join(cases, "many-tags.yaml"), text.replace("  technique: [rag]\n", "  technique:\n" + tags))

    write(os.path.join(cases, "long-line.yaml"), case("long-line", "One Line of a Megabyte", "notes: " + "x" * MB + "\n"))
    write(os.path.join(cases, "wide-line.yaml"), case("wide-line", "One Line Past the Limit", "notes: " + "w" * 20_000 + "\n"))

    with open(os.path.join(cases, "huge-file.yaml"), "w", encoding="ascii") as f:
        f.write(case("huge-file", "Fifty Megabytes"))
        block = ("# " + "z" * 1021 + "\n") * 1024
        for _ in range(50):
            f.write(block)

    os.symlink("/etc/passwd", os.path.join(cases, "outside-link.yaml"))
    os.symlink("nowhere-to-be-found.yaml", os.path.join(cases, "dangling-link.yaml"))
    os.mkfifo(os.path.join(cases, "named-pipe.yaml"))

    if a.unreadable:
        path = os.path.join(cases, "unreadable.yaml")
        write(path, case("unreadable", "Nobody May Read This"))
        os.chmod(path, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
