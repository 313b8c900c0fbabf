#!/usr/bin/env python3
"""Turn a corpus made by gen_corpus.py into an llmops database root.

gen_corpus.py writes SRC/cases/<slug>.yaml with its own field names (slug, short_summary,
application_tags, ...). This script writes DEST (SRC itself by default) as a database root:

  DEST/llmops.toml                 the repository's llmops.toml if it has one, else the default
  DEST/schema/case.toml            copied from the repository's schema/
  DEST/schema/tags.toml            from the generator's vocabulary (--emit-vocab)
  DEST/schema/industries.toml      idem
  DEST/schema/case.schema.json     a JSON Schema of the same case format, for ajv-cli
  DEST/cases/<id>.yaml             one case per generated record, in the project's format
  DEST/.gitignore                  ignores the cache folder

Field mapping: id <- slug, summary <- short_summary, notes <- full_summary, tags grouped by
family (application <- application_tags, technique <- techniques_tags, tool <- tools_tags),
created_at <- published_date, sources <- [github_url] (when that URL is not used elsewhere),
status = published, schema_version = 1. The numeric id, authors, metrics, last_reviewed,
deployment_scale and the generator's one-line notes have no place in the format and are dropped.

Python standard library only: the generator's YAML is read with a small reader for exactly the
subset gen_corpus.py emits, and YAML is written by hand (json.dumps gives valid double-quoted
YAML strings).
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_GENERATOR = os.path.join(REPO, "..", "shared", "gen_corpus.py")

# Families in the order of schema/tags.toml, with the generator field each one comes from.
FAMILIES = [
    ("application", "Application", "application_tags"),
    ("technique", "Technique", "techniques_tags"),
    ("tool", "Tool", "tools_tags"),
]
DESCRIPTION = "Generated for benchmarks."
WRAP = 80
CASE_ORDER = ["schema_version", "id", "title", "company", "industry", "year", "status",
              "created_at", "source_url", "sources", "tags", "summary", "notes"]
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/case.schema.json"

# Used when the repository has no llmops.toml at its root (the contract's defaults).
DEFAULT_CONFIG = """\
# llmops database configuration
[paths]
cases = "cases"          # one <id>.yaml per case
schema = "schema"        # case.toml, tags.toml, industries.toml
cache = ".llmops/cache"  # disposable, gitignored

[limits]
max_file_bytes = 262144
max_depth = 8
max_tags_per_case = 200
max_line_bytes = 16384
year_min = 1990
year_max_ahead = 1        # year may be at most (current year + this)

[lint]
main_branch = "main"
sort_tags = false         # when true, tags must be sorted within a family (fixable)
title_similarity = 0.9    # near-duplicate title threshold, same company

[rules]                   # rule id = "error" | "warning" | "info" | "off"
summary-missing = "info"
"""


class FormatError(Exception):
    """The input is not in the YAML subset gen_corpus.py emits."""


# ------------------------------------------------------------------ reading
def parse_scalar(text):
    """A one-line YAML scalar as gen_corpus.py writes it: double-quoted, integer or plain."""
    if text.startswith('"'):
        return json.loads(text)
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return float(text)
    return text


def fold(lines):
    """The value of a `>-` block scalar from its de-indented `lines` (no more-indented lines)."""
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        else:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "\n".join(paragraphs).rstrip("\n")


def read_generated(text, where):
    """The record in `text`, a file written by gen_corpus.py's emit_yaml."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rec, i = {}, 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line in ("---", "") or line.startswith("#"):
            continue
        m = re.fullmatch(r"([a-z_]+):(?: (.*))?", line)
        if not m:
            raise FormatError(f"{where}:{i}: expected 'key: value', got {line!r}")
        key, value = m.group(1), m.group(2)
        if key in rec:
            raise FormatError(f"{where}:{i}: duplicate key {key!r}")
        if value in ("|", ">-"):
            block = []
            while i < len(lines) and (lines[i] == "" or lines[i].startswith("  ")):
                block.append(lines[i][2:])
                i += 1
            while block and block[-1] == "":
                block.pop()
            rec[key] = "\n".join(block) + "\n" if value == "|" else fold(block)
        elif value is None or value == "":
            items, mapping = [], {}
            while i < len(lines) and lines[i].startswith("  "):
                item = lines[i][2:]
                i += 1
                if item.startswith("- "):
                    items.append(parse_scalar(item[2:]))
                else:
                    k, sep, v = item.partition(": ")
                    if not sep:
                        raise FormatError(f"{where}:{i}: expected a list item or 'key: value'")
                    mapping[k] = parse_scalar(v)
            if items and mapping:
                raise FormatError(f"{where}:{i}: {key!r} mixes list items and keys")
            rec[key] = mapping if mapping else items
        else:
            rec[key] = parse_scalar(value)
    return rec


# ------------------------------------------------------------------ writing
_PLAIN_OK = re.compile(r"[A-Za-z][A-Za-z0-9 ._/:?=&%~+()-]*")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}


def scalar(s):
    """A YAML scalar for the string `s`: plain when that reads back as the same string,
    else double-quoted."""
    if (_PLAIN_OK.fullmatch(s) and ": " not in s and " #" not in s
            and not s.endswith((":", " ")) and s.lower() not in _RESERVED):
        return s
    return json.dumps(s, ensure_ascii=False)


def wrap(text, width):
    """Greedy word wrap of `text` (single spaces between words) at `width` columns."""
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = word if not cur else cur + " " + word
    if cur:
        lines.append(cur)
    return lines


def emit_case(case):
    """The text of cases/<id>.yaml for `case`, keys in the canonical order."""
    out = [SCHEMA_COMMENT]
    for key in CASE_ORDER:
        if key not in case:
            continue
        value = case[key]
        if key in ("schema_version", "year"):
            out.append(f"{key}: {value}")
        elif key == "created_at":
            out.append(f"{key}: {value}")  # plain: a YAML date, as in the canonical example
        elif key == "sources":
            out.append(f"{key}:")
            out += [f"  - {scalar(url)}" for url in value]
        elif key == "tags":
            out.append("tags:")
            for family, items in value.items():
                out.append(f"  {family}: [{', '.join(items)}]")
        elif key == "summary":
            assert "\n" not in value and "  " not in value
            out.append("summary: >-")
            out += ["  " + line for line in wrap(value, WRAP - 2)]
        elif key == "notes":
            assert value.endswith("\n") and not value.endswith("\n\n")
            out.append("notes: |")
            out += [("  " + line) if line else "" for line in value[:-1].split("\n")]
        else:
            out.append(f"{key}: {scalar(value)}")
    return "\n".join(out) + "\n"


def toml_string(s):
    """A TOML basic string for `s` (JSON escapes are valid TOML escapes for these strings)."""
    return json.dumps(s, ensure_ascii=False)


# ------------------------------------------------------------------ vocabulary
def load_vocab(generator):
    """The generator's vocabularies (its --emit-vocab output) as a dict."""
    out = subprocess.run([sys.executable, generator, "--emit-vocab", "/dev/stdout"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def build_tag_map(vocab):
    """Maps (generator field, slug) to (family, tag id). A slug listed in two families keeps its
    name in the first and becomes `<slug>-<family>` in the others, since a tag has one family."""
    mapping, owner = {}, {}
    for family, _, field in FAMILIES:
        for slug in vocab[field]:
            tag = slug if slug not in owner else f"{slug}-{family}"
            assert tag not in owner, tag
            owner[tag] = family
            mapping[(field, slug)] = (family, tag)
    return mapping


def tags_toml(tag_map):
    out = ["# Generated for benchmarks by bench/convert_corpus.py from gen_corpus.py's vocabulary.", ""]
    for order, (family, label, _) in enumerate(FAMILIES, start=1):
        out += [f"[families.{family}]", f"label = {toml_string(label)}",
                f"description = {toml_string(DESCRIPTION)}", f"order = {order}", ""]
    for family, tag in tag_map.values():
        out += [f"[tags.{tag}]", f"family = {toml_string(family)}", f"label = {toml_string(tag)}",
                f"description = {toml_string(DESCRIPTION)}", ""]
    return "\n".join(out)


def industries_toml(industries):
    out = ["# Generated for benchmarks by bench/convert_corpus.py from gen_corpus.py's vocabulary.", ""]
    for slug in industries:
        out += [f"[industries.{slug}]", f"label = {toml_string(slug)}",
                f"description = {toml_string(DESCRIPTION)}", ""]
    return "\n".join(out)


def json_schema(vocab, tag_map, year_max):
    """A JSON Schema of the case format, as close to schema/case.toml as JSON Schema goes.

    Checks that need more than one file (id equals the file name, duplicate ids or URLs) are
    out of its reach. created_at also admits an object: js-yaml, which ajv-cli reads YAML with,
    turns a plain YYYY-MM-DD into a Date object before ajv sees it (rolling 2020-13-45 over into
    a real date), so only a quoted date can be checked with `format`."""
    id_pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"
    url = {"type": "string", "format": "uri", "pattern": r"^https?://[^\s/$.?#][^\s]*$"}
    one_line = r"^[^\s](.*[^\s])?$"
    families = {}
    for family, _, _ in FAMILIES:
        tags = [tag for fam, tag in tag_map.values() if fam == family]
        families[family] = {"type": "array", "uniqueItems": True,
                            "items": {"type": "string", "enum": tags}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/llmops/bench/case.schema.json",
        "title": "llmops case (benchmark corpus)",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "id", "title", "company", "industry", "status",
                     "source_url", "tags"],
        "properties": {
            "schema_version": {"const": 1},
            "id": {"type": "string", "pattern": id_pattern, "minLength": 1, "maxLength": 80},
            "title": {"type": "string", "pattern": one_line, "maxLength": 200},
            "company": {"type": "string", "pattern": one_line, "maxLength": 100},
            "industry": {"type": "string", "enum": vocab["industry"]},
            "year": {"type": "integer", "minimum": 1990, "maximum": year_max},
            "status": {"type": "string", "enum": ["draft", "published"]},
            "created_at": {"anyOf": [{"type": "string", "format": "date"}, {"type": "object"}]},
            "source_url": url,
            "sources": {"type": "array", "uniqueItems": True, "items": url},
            "tags": {"type": "object", "additionalProperties": False, "minProperties": 1,
                     "properties": families},
            "summary": {"type": "string", "maxLength": 1200},
            "notes": {"type": "string", "maxLength": 20000},
            "not_duplicate_of": {"type": "array", "uniqueItems": True,
                                 "items": {"type": "string", "pattern": id_pattern}},
        },
    }


# ------------------------------------------------------------------ conversion
def convert_record(rec, tag_map, used_urls):
    """The case for the generated record `rec`; `used_urls` holds every source_url."""
    tags = {}
    for family, _, field in FAMILIES:
        for slug in rec.get(field, []):
            fam, tag = tag_map[(field, slug)]
            tags.setdefault(fam, []).append(tag)
    case = {
        "schema_version": 1,
        "id": rec["slug"],
        "title": rec["title"],
        "company": rec["company"],
        "industry": rec["industry"],
        "year": rec["year"],
        "status": "published",
        "created_at": rec["published_date"],
        "source_url": rec["source_url"],
        "tags": tags,
        "summary": rec["short_summary"],
        "notes": rec["full_summary"],
    }
    github = rec.get("github_url")
    if github and github not in used_urls:
        used_urls.add(github)
        case["sources"] = [github]
    return case


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", help="folder written by gen_corpus.py -o (holds cases/)")
    ap.add_argument("-o", "--out", help="database root to write (default: SRC, in place)")
    ap.add_argument("--generator", default=DEFAULT_GENERATOR,
                    help="gen_corpus.py, asked for its vocabulary (default: %(default)s)")
    ap.add_argument("--case-toml", default=os.path.join(REPO, "schema", "case.toml"),
                    help="schema/case.toml to copy (default: the repository's)")
    ap.add_argument("--config", default=os.path.join(REPO, "llmops.toml"),
                    help="llmops.toml to copy; the contract's default when it does not exist "
                         "(default: the repository's)")
    a = ap.parse_args(argv)
    dest = a.out or a.src
    src_cases = os.path.join(a.src, "cases")
    if not os.path.isfile(a.case_toml):
        ap.error(f"{a.case_toml} not found: the repository has no schema/case.toml yet; "
                 "pass --case-toml")

    vocab = load_vocab(a.generator)
    tag_map = build_tag_map(vocab)
    names = sorted(n for n in os.listdir(src_cases) if n.endswith(".yaml"))
    records = []
    for name in names:
        path = os.path.join(src_cases, name)
        with open(path, encoding="utf-8") as f:
            records.append(read_generated(f.read(), path))

    used_urls = {rec["source_url"] for rec in records}
    cases = [convert_record(rec, tag_map, used_urls) for rec in records]

    dest_cases = os.path.join(dest, "cases")
    if os.path.realpath(dest_cases) == os.path.realpath(src_cases):
        for name in names:
            os.remove(os.path.join(src_cases, name))
    os.makedirs(dest_cases, exist_ok=True)
    os.makedirs(os.path.join(dest, "schema"), exist_ok=True)
    total = 0
    for case in cases:
        data = emit_case(case).encode("utf-8")
        total += len(data)
        with open(os.path.join(dest_cases, case["id"] + ".yaml"), "wb") as f:
            f.write(data)

    if os.path.isfile(a.config):
        shutil.copyfile(a.config, os.path.join(dest, "llmops.toml"))
    else:
        with open(os.path.join(dest, "llmops.toml"), "w") as f:
            f.write(DEFAULT_CONFIG)
    shutil.copyfile(a.case_toml, os.path.join(dest, "schema", "case.toml"))
    with open(os.path.join(dest, "schema", "tags.toml"), "w") as f:
        f.write(tags_toml(tag_map))
    with open(os.path.join(dest, "schema", "industries.toml"), "w") as f:
        f.write(industries_toml(vocab["industry"]))
    with open(os.path.join(dest, "llmops.toml"), "rb") as f:
        ahead = tomllib.load(f).get("limits", {}).get("year_max_ahead", 1)
    year_max = datetime.date.today().year + ahead
    with open(os.path.join(dest, "schema", "case.schema.json"), "w") as f:
        json.dump(json_schema(vocab, tag_map, year_max), f, indent=2)
        f.write("\n")
    with open(os.path.join(dest, ".gitignore"), "w") as f:
        f.write(".llmops/\n")
    print(json.dumps({"cases": len(cases), "yaml_bytes": total, "out": dest}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
