#!/usr/bin/env python3
"""Checks on `llmops export` that golden files cannot make: over a copy of tests/data/export,

- determinism: every format exported twice (the second time without the cache) gives the same bytes;
- atom: the feed is well-formed (xmllint when present, and Python's parser) and holds what Atom 1.0
  requires: feed id, title, updated (the newest entry's), an author; per entry a unique id, title,
  RFC 3339 updated, an alternate link to an http(s) URL; entries newest first;
- sqlite: integrity and foreign keys hold, user_version is set, the FTS5 table is found by the query
  datasette uses to detect it and answers datasette's search query, and the sqlite3 shell opens it;
- hf round trip: an `--profile hf` export imported into an empty database and exported again gives
  the same bytes.

  export_formats_test.py --llmops BUILD/tools/llmops/llmops --data tests/data
"""
import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def run(llmops, root, *args):
    result = subprocess.run([llmops, "-C", root, *args], capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"llmops {' '.join(args)} failed ({result.returncode}): {result.stderr.decode()}")
    return result.stdout


def tree(path):
    files = {}
    for top, _, names in os.walk(path):
        for name in names:
            with open(os.path.join(top, name), "rb") as f:
                files[os.path.relpath(os.path.join(top, name), path)] = f.read()
    return files


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_determinism(llmops, root, work):
    for fmt in ("json", "jsonl", "csv", "atom"):
        for profile in (["--profile", "hf"] if fmt in ("json", "jsonl", "csv") else []), []:
            first = run(llmops, root, "export", "--format", fmt, *profile)
            second = run(llmops, root, "export", "--no-cache", "--format", fmt, *profile)
            check(first == second, f"{fmt} {' '.join(profile)}: two exports differ")
            target = os.path.join(work, f"det.{fmt}")
            run(llmops, root, "export", "-q", "--format", fmt, *profile, "-o", target)
            check(read(target) == first, f"{fmt}: -o writes other bytes than standard output")
    run(llmops, root, "export", "-q", "--format", "sqlite", "-o", os.path.join(work, "a.db"))
    run(llmops, root, "export", "-q", "--no-cache", "--format", "sqlite", "-o", os.path.join(work, "b.db"))
    check(read(os.path.join(work, "a.db")) == read(os.path.join(work, "b.db")), "sqlite: two exports differ")
    run(llmops, root, "export", "-q", "--format", "markdown", "-o", os.path.join(work, "site-a"))
    run(llmops, root, "export", "-q", "--no-cache", "--format", "markdown", "-o", os.path.join(work, "site-b"))
    check(tree(os.path.join(work, "site-a")) == tree(os.path.join(work, "site-b")), "markdown: two exports differ")


def check_atom(llmops, root, work):
    path = os.path.join(work, "feed.xml")
    run(llmops, root, "export", "-q", "--format", "atom", "-o", path)
    if shutil.which("xmllint"):
        lint = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True, check=False)
        check(lint.returncode == 0, f"atom: xmllint: {lint.stderr}")
    feed = ET.parse(path).getroot()
    check(feed.tag == ATOM + "feed", "atom: the root is not an Atom feed")
    for name in ("id", "title", "updated"):
        check(len(feed.findall(ATOM + name)) == 1, f"atom: the feed needs exactly one {name}")
    check(feed.find(ATOM + "author/" + ATOM + "name") is not None, "atom: the feed has no author name")
    entries = feed.findall(ATOM + "entry")
    check(len(entries) == 3, f"atom: expected 3 entries, got {len(entries)}")
    ids, updated = set(), []
    for entry in entries:
        entry_id = entry.findtext(ATOM + "id")
        check(entry_id and entry_id not in ids, f"atom: entry id missing or repeated: {entry_id}")
        ids.add(entry_id)
        check(bool(entry.findtext(ATOM + "title")), f"atom: {entry_id}: no title")
        stamp = entry.findtext(ATOM + "updated") or ""
        check(RFC3339.match(stamp) is not None, f"atom: {entry_id}: updated '{stamp}' is not RFC 3339")
        updated.append(stamp)
        for link in entry.findall(ATOM + "link"):
            check(link.get("href", "").startswith(("http://", "https://")), f"atom: {entry_id}: link is not http(s)")
    check(updated == sorted(updated, reverse=True), "atom: entries are not newest first")
    check(feed.findtext(ATOM + "updated") == updated[0], "atom: feed updated is not the newest entry's")
    hostile = [e for e in entries if "script" in (e.findtext(ATOM + "title") or "")]
    check(len(hostile) == 1 and hostile[0].findtext(ATOM + "title").startswith("<script>alert('t')</script>"),
          "atom: the hostile title does not read back as written")


def check_sqlite(llmops, root, work):
    path = os.path.join(work, "cases.db")
    run(llmops, root, "export", "-q", "--format", "sqlite", "-o", path)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "sqlite: integrity check failed")
    check(db.execute("PRAGMA foreign_key_check").fetchall() == [], "sqlite: a foreign key points nowhere")
    check(db.execute("PRAGMA user_version").fetchone()[0] == 1, "sqlite: user_version is not 1")
    # The query datasette's detect_fts() runs to find the full-text table of `cases`.
    detected = db.execute(
        """select name from sqlite_master where rootpage = 0 and (
             sql like '%VIRTUAL TABLE%USING FTS%content="cases"%'
             or sql like '%VIRTUAL TABLE%USING FTS%content=[cases]%'
             or (tbl_name = 'cases' and sql like '%VIRTUAL TABLE%USING FTS%'))""").fetchall()
    check(detected == [("cases_fts",)], f"sqlite: datasette would not find the FTS table: {detected}")
    # datasette's search: rows of the table whose rowid the FTS table matches.
    found = db.execute("select id from cases where rowid in (select rowid from cases_fts where cases_fts match ?) "
                       "order by id", ('"DROP TABLE"',)).fetchall()
    check(len(found) == 1 and found[0][0].startswith("sum-a1-a2-labs"), f"sqlite: FTS search found {found}")
    title = db.execute("select title from cases where id like 'sum-a1%'").fetchone()[0]
    check(title.startswith("<script>alert('t')</script> \"Agents\""), "sqlite: the hostile title changed")
    db.close()
    if shutil.which("sqlite3"):
        shell = subprocess.run(["sqlite3", "-readonly", path, "select count(*) from cases_fts where cases_fts "
                                "match 'billing'"], capture_output=True, text=True, check=False)
        check(shell.returncode == 0 and shell.stdout == "1\n", f"sqlite: the shell says {shell.stdout}{shell.stderr}")


def check_hf_round_trip(llmops, root, work):
    exported = run(llmops, root, "export", "--format", "jsonl", "--profile", "hf")
    empty = os.path.join(work, "empty")
    os.makedirs(os.path.join(empty, "cases"))
    shutil.copytree(os.path.join(root, "schema"), os.path.join(empty, "schema"))
    shutil.copy(os.path.join(root, "llmops.toml"), empty)
    with open(os.path.join(work, "hf.jsonl"), "wb") as f:
        f.write(exported)
    maps = ["application_tags=tags", "tools_tags=tags", "extra_tags=tags", "techniques_tags=tags",
            "short_summary=summary", "full_summary=notes"]
    run(llmops, empty, "import", *[arg for m in maps for arg in ("--map", m)], os.path.join(work, "hf.jsonl"))
    again = run(llmops, empty, "export", "--format", "jsonl", "--profile", "hf")
    check(again == exported, "hf round trip: the export of the imported export differs:\n"
          + exported.decode() + "\n---\n" + again.decode())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llmops", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    llmops = os.path.abspath(args.llmops)
    with tempfile.TemporaryDirectory(prefix="llmops-export-formats-") as work:
        root = os.path.join(work, "db")
        shutil.copytree(os.path.join(args.data, "export"), root)
        check_determinism(llmops, root, work)
        check_atom(llmops, root, work)
        check_sqlite(llmops, root, work)
        check_hf_round_trip(llmops, root, work)
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
