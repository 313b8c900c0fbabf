#!/usr/bin/env python3
"""Adds every record of a facts file one by one with `llmops add --from -` into a scratch copy of
the database (this repository's llmops.toml and schema/, an empty cases/), then checks that every
written case lints clean and reads back to exactly the values given.

  scripts/add-all-facts.py --llmops BUILD/tools/llmops/llmops [--facts FILE] [--keep DIR]

A record whose source URL is already in the scratch database (the facts hold a few cases twice)
must be refused with exit 1 and a duplicate-url message; any other refusal is a failure. The
facts' `slug` field is not part of the case format and is dropped with `--map slug=`.
Exit status: 0 when every record was written or refused as a duplicate and every check passed.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml  # PyYAML: an independent reader of what llmops wrote

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_FACTS = os.path.join(ROOT, "..", "shared", "data", "zenml-llmops-facts.jsonl")


class PlainLoader(yaml.SafeLoader):
    """YAML 1.1 as PyYAML reads it, but dates stay text (created_at is compared as written)."""


PlainLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def expected_values(record, vocabulary):
    """What the case file must hold for `record`: its values as the case format states them."""
    tags = collections.defaultdict(set)
    for tag in record.get("tags", []):
        canonical = vocabulary["alias"].get(tag, tag)
        tags[vocabulary["family"][canonical]].add(canonical)
    out = {
        "title": record["title"],
        "company": record["company"],
        "industry": record["industry"],
        "source_url": record["source_url"],
        "status": "draft" if record.get("draft") else "published",
        "created_at": record["created_at"][:10],
        "tags": {family: sorted(t) for family, t in tags.items()},
    }
    if record.get("year") is not None:
        out["year"] = record["year"]
    return out


def load_vocabulary(llmops, root):
    """Family of each canonical tag, and alias -> canonical, from `llmops schema` output (JSON Schema)."""
    import tomllib
    with open(os.path.join(root, "schema", "tags.toml"), "rb") as f:
        data = tomllib.load(f)
    family, alias = {}, {}
    for slug, tag in data.get("tags", {}).items():
        family[slug] = tag["family"]
        for a in tag.get("aliases", []):
            alias[a] = slug
        if tag.get("deprecated") and tag.get("replaced_by"):
            alias[slug] = tag["replaced_by"]
    return {"family": family, "alias": alias}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llmops", required=True)
    ap.add_argument("--facts", default=DEFAULT_FACTS)
    ap.add_argument("--keep", help="build the scratch database in DIR (must not exist) and keep it")
    a = ap.parse_args()
    llmops = os.path.abspath(a.llmops)
    scratch = a.keep or tempfile.mkdtemp(prefix="llmops-add-all-")
    if a.keep:
        os.makedirs(scratch)
    shutil.copy(os.path.join(ROOT, "llmops.toml"), scratch)
    shutil.copytree(os.path.join(ROOT, "schema"), os.path.join(scratch, "schema"))
    os.makedirs(os.path.join(scratch, "cases"))
    vocabulary = load_vocabulary(llmops, ROOT)

    failures = []
    written, duplicates = {}, 0
    with open(a.facts, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for n, record in enumerate(records, 1):
        proc = subprocess.run([llmops, "-C", scratch, "add", "--from", "-", "--map", "slug=", "--yes"],
                              input=json.dumps(record, ensure_ascii=False).encode(), capture_output=True)
        err = proc.stderr.decode()
        if proc.returncode == 0:
            path = proc.stdout.decode().strip()
            written[os.path.join(scratch, path) if not os.path.isabs(path) else path] = (n, record)
        elif proc.returncode == 1 and "[duplicate-url]" in err:
            duplicates += 1
        else:
            failures.append(f"record {n} ({record['title']!r}): exit {proc.returncode}: {err.strip()}")

    for path, (n, record) in sorted(written.items()):
        with open(path, encoding="utf-8") as f:
            case = yaml.load(f, Loader=PlainLoader)
        case["created_at"] = str(case.get("created_at"))
        want = expected_values(record, vocabulary)
        got = {k: case.get(k) for k in want}
        if got != want:
            diff = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
            failures.append(f"record {n}: {os.path.basename(path)} reads back differently: {diff}")

    lint = subprocess.run([llmops, "-C", scratch, "lint", "--format", "json", "--no-cache"], capture_output=True)
    findings = [d for d in json.loads(lint.stdout or b"[]").get("diagnostics", [])
                if d.get("severity") in ("error", "warning")] if lint.stdout.strip().startswith(b"{") else []
    # The facts spell some companies two ways ("AirBnB", "Airbnb"); add writes the values as given
    # (warning when it does), so lint's company-spelling warning is the input's, reported apart.
    spelling = [d for d in findings if d["rule"] == "company-spelling"]
    findings = [d for d in findings if d["rule"] != "company-spelling"]
    if lint.returncode != 0 or findings:
        failures.append(f"lint exit {lint.returncode}: {len(findings)} errors and warnings, first: "
                        f"{findings[:3] or lint.stderr.decode()[:500]}")

    print(f"records {len(records)}: written {len(written)}, refused as duplicate URL {duplicates}, "
          f"other outcomes {len(records) - len(written) - duplicates}")
    print(f"lint of the scratch database: exit {lint.returncode}, {len(findings)} errors and warnings, "
          f"besides {len(spelling)} company-spelling warnings on companies the facts spell two ways:")
    for pair in sorted({d["message"].split(";")[0] for d in spelling}):
        print("  " + pair)
    for failure in failures[:50]:
        print("FAIL", failure)
    print(f"{len(failures)} failures; scratch database {'kept in ' + scratch if a.keep else 'removed'}")
    if not a.keep:
        shutil.rmtree(scratch)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
