#!/usr/bin/env python3
"""Turn a fault-injected corpus from gen_corpus.py into an llmops database root whose faults are
kept, and list where llmops must report each of them.

  python3 /work/shared/gen_corpus.py -n 40 -o /tmp/faults --faults 0.5 --seed faults
  python3 tests/data/convert_faults.py /tmp/faults -o tests/data/faults

bench/convert_corpus.py converts clean corpora for benchmarks; it cannot be used here: it stops at
the first file that is not valid YAML and, writing values back through its own quoting, would
repair faults such as an unquoted ': ' in a title. This script reads each faulty file knowing its
fault (faults.jsonl), recovers the record, writes the case in the project's format, and injects
the same fault again in that format:

  unknown_tag       the unknown tag stays in its family's list                    tag-unknown
  missing_required  title, company, industry or source_url left out               field-missing
                    a tag list (application_tags, ...) left out: the whole `tags`
                    key is left out, since llmops requires tags, not each family  field-missing
                    short_summary left out                                        summary-missing
                    year, published_date, full_summary: optional here, no fault
  bad_url           the same text as source_url                                   url-invalid
  duplicate_url     the same source_url; both cases are reported                  duplicate-url
  malformed_yaml    unclosed_quote, bad_indent, colon_in_plain, unclosed_flow     yaml-syntax
                    tab_indent: a tab before a tag list item                      file-tab

OUT gets llmops.toml and schema/case.toml copied from tests/data/db, schema/tags.toml and
schema/industries.toml built from the generator's own vocabulary (--emit-vocab), cases/, the
generator's faults.jsonl, and expected.tsv: one `path<TAB>line<TAB>rule` row per expected finding,
each after a comment naming the fault it comes from.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GENERATOR = os.path.join(HERE, "..", "..", "..", "shared", "gen_corpus.py")

# Families in the order of the project's vocabulary, with the generator field each comes from.
FAMILIES = [("application", "Application", "application_tags"),
            ("technique", "Technique", "techniques_tags"),
            ("tool", "Tool", "tools_tags")]
FIELD_FAMILY = {field: family for family, _, field in FAMILIES}
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/case.schema.json"
WRAP = 78


class FormatError(Exception):
    pass


# ------------------------------------------------------------------ reading the generator's YAML
def parse_scalar(text):
    if text.startswith('"'):
        return json.loads(text)
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return float(text)
    return text


def fold(lines):
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        else:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "\n".join(paragraphs).rstrip("\n")


def repair(lines, variant):
    """The generator's lines with its malformed_yaml `variant` undone, so the record can be read."""
    out = []
    for line in lines:
        if variant == "unclosed_quote" and line.startswith('title: "') and not line.rstrip().endswith('"'):
            line = "title: " + json.dumps(line[len('title: "'):])
        elif variant == "bad_indent" and line.startswith("   company:"):
            line = line.lstrip(" ")
        elif variant == "tab_indent" and line.startswith("\t- "):
            line = "  - " + line[3:]
        elif variant == "colon_in_plain" and line.startswith("title: ") and not line.startswith('title: "'):
            line = "title: " + json.dumps(line[len("title: "):])
        elif variant == "unclosed_flow" and line.startswith("tools_tags: ["):
            items = [s.strip() for s in line[len("tools_tags: ["):].split(",") if s.strip()]
            out.append("tools_tags:")
            out += [f"  - {item}" for item in items]
            continue
        out.append(line)
    return out


def read_generated(text, where, variant=None):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if variant:
        lines = repair(lines, variant)
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
                    k, _, v = item.partition(": ")
                    mapping[k] = parse_scalar(v)
            rec[key] = mapping if mapping else items
        else:
            rec[key] = parse_scalar(value)
    return rec


# ------------------------------------------------------------------ writing the project's YAML
_PLAIN_OK = re.compile(r"[A-Za-z][A-Za-z0-9 ._/:?=&%~+()-]*")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}


def scalar(s):
    if (_PLAIN_OK.fullmatch(s) and ": " not in s and " #" not in s
            and not s.endswith((":", " ")) and s.lower() not in _RESERVED):
        return s
    return json.dumps(s, ensure_ascii=False)


def wrap(text, width):
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


class Emitted:
    """The lines of one case file, with the line number where each key or family starts."""

    def __init__(self):
        self.lines = [SCHEMA_COMMENT]
        self.at = {}

    def add(self, key, line):
        self.at.setdefault(key, len(self.lines) + 1)
        self.lines.append(line)

    def text(self):
        return "\n".join(self.lines) + "\n"


def emit_case(case, fault):
    """The text of the case, with `fault` (a faults.jsonl record, or None) written into it."""
    variant = fault.get("variant") if fault else None
    out = Emitted()
    order = ["schema_version", "id", "title", "company", "industry", "year", "status", "created_at",
             "source_url", "sources", "tags", "summary", "notes"]
    for key in order:
        if key not in case:
            continue
        value = case[key]
        if key == "title" and variant == "unclosed_quote":
            out.add(key, 'title: "' + value.replace('"', ""))
        elif key == "title" and variant == "colon_in_plain":
            out.add(key, "title: " + value)  # plain, with its ': ', as the generator wrote it
        elif key == "company" and variant == "bad_indent":
            out.add(key, "   company: " + scalar(value))
        elif key in ("schema_version", "year", "created_at"):
            out.add(key, f"{key}: {value}")
        elif key == "sources":
            out.add(key, "sources:")
            out.lines += [f"  - {scalar(url)}" for url in value]
        elif key == "tags":
            out.add(key, "tags:")
            for family, items in value.items():
                if family == "application" and variant == "tab_indent":
                    out.add("tags." + family, f"  {family}:")
                    out.add("tab", f"\t- {items[0]}")
                    out.lines += [f"    - {item}" for item in items[1:]]
                elif family == "tool" and variant == "unclosed_flow":
                    out.add("tags." + family, f"  {family}: [{', '.join(items)}")
                else:
                    out.add("tags." + family, f"  {family}: [{', '.join(items)}]")
        elif key == "summary":
            out.add(key, "summary: >-")
            out.lines += ["  " + line for line in wrap(value, WRAP - 2)]
        elif key == "notes":
            out.add(key, "notes: |")
            out.lines += [("  " + line) if line else "" for line in value[:-1].split("\n")]
        else:
            out.add(key, f"{key}: {scalar(value)}")
    return out


# ------------------------------------------------------------------ vocabulary
def load_vocab(generator):
    out = subprocess.run([sys.executable, generator, "--emit-vocab", "/dev/stdout"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def build_tag_map(vocab):
    """(generator field, slug) -> (family, tag). A slug in two families keeps its name in the
    first and is `<slug>-<family>` in the others, since a tag has one family."""
    mapping, owner = {}, {}
    for family, _, field in FAMILIES:
        for slug in vocab[field]:
            tag = slug if slug not in owner else f"{slug}-{family}"
            owner[tag] = family
            mapping[(field, slug)] = (family, tag)
    return mapping


def toml_string(s):
    return json.dumps(s, ensure_ascii=False)


def tags_toml(tag_map):
    out = ["# The vocabulary of gen_corpus.py, converted by tests/data/convert_faults.py.", ""]
    for order, (family, label, _) in enumerate(FAMILIES, start=1):
        out += [f"[families.{family}]", f"label = {toml_string(label)}",
                f"description = {toml_string('Generated tags: ' + label.lower() + '.')}", f"order = {order}", ""]
    for family, tag in sorted(tag_map.values(), key=lambda ft: ft[1]):
        out += [f"[tags.{tag}]", f"family = {toml_string(family)}", f"label = {toml_string(tag)}",
                f"description = {toml_string('A generated ' + family + ' tag.')}", ""]
    return "\n".join(out)


def industries_toml(industries):
    out = ["# The industries of gen_corpus.py, converted by tests/data/convert_faults.py.", ""]
    for slug in sorted(industries):
        out += [f"[industries.{slug}]", f"label = {toml_string(slug)}",
                f"description = {toml_string('A generated industry.')}", ""]
    return "\n".join(out)


# ------------------------------------------------------------------ conversion
def convert_record(rec, tag_map, used_urls, fault):
    tags = {}
    for family, _, field in FAMILIES:
        for slug in rec.get(field, []):
            fam, tag = tag_map.get((field, slug), (family, slug))  # an unknown tag stays as written
            tags.setdefault(fam, []).append(tag)
    case = {"schema_version": 1, "id": rec["slug"]}
    for key, source in [("title", "title"), ("company", "company"), ("industry", "industry"), ("year", "year")]:
        if source in rec:
            case[key] = rec[source]
    case["status"] = "published"
    if "published_date" in rec:
        case["created_at"] = rec["published_date"]
    if "source_url" in rec:
        case["source_url"] = rec["source_url"]
    github = rec.get("github_url")
    if github and github not in used_urls:
        used_urls.add(github)
        case["sources"] = [github]
    dropped_tags = fault and fault["kind"] == "missing_required" and fault["field"] in FIELD_FAMILY
    if not dropped_tags:
        case["tags"] = tags
    if "short_summary" in rec:
        case["summary"] = rec["short_summary"]
    if "full_summary" in rec:
        case["notes"] = rec["full_summary"]
    return case


def describe(fault):
    detail = {k: v for k, v in fault.items() if k not in ("file", "slug", "kind")}
    return fault["kind"] + (" " + json.dumps(detail, ensure_ascii=False) if detail else "")


def expected_rows(path, fault, emitted, emitted_by_slug):
    """(comment, rows) for `fault` in the case at `path`, written as `emitted`."""
    kind = fault["kind"]
    first_key = emitted.at["schema_version"]
    if kind == "unknown_tag":
        return [(path, emitted.at["tags." + FIELD_FAMILY[fault["field"]]], "tag-unknown")]
    if kind == "missing_required":
        field = fault["field"]
        if field in ("title", "company", "industry", "source_url") or field in FIELD_FAMILY:
            return [(path, first_key, "field-missing")]
        if field == "short_summary":
            return [(path, first_key, "summary-missing")]
        return []  # optional in the project's format
    if kind == "bad_url":
        return [(path, emitted.at["source_url"], "url-invalid")]
    if kind == "duplicate_url":
        other = emitted_by_slug[fault["duplicate_of"]]
        return [(path, emitted.at["source_url"], "duplicate-url"),
                (f"cases/{fault['duplicate_of']}.yaml", other.at["source_url"], "duplicate-url")]
    if kind == "malformed_yaml":
        variant = fault["variant"]
        if variant == "tab_indent":
            return [(path, emitted.at["tab"], "file-tab")]
        line = {"unclosed_quote": "title", "colon_in_plain": "title", "bad_indent": "company",
                "unclosed_flow": "tags.tool"}[variant]
        return [(path, emitted.at[line], "yaml-syntax")]
    raise FormatError(f"unknown fault kind {kind!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", help="folder written by gen_corpus.py -o with --faults (holds cases/, faults.jsonl)")
    ap.add_argument("-o", "--out", required=True, help="database root to write (replaced)")
    ap.add_argument("--generator", default=DEFAULT_GENERATOR, help="gen_corpus.py, for its vocabulary")
    ap.add_argument("--db", default=os.path.join(HERE, "db"), help="root to copy llmops.toml and case.toml from")
    a = ap.parse_args(argv)

    faults = {}
    with open(os.path.join(a.src, "faults.jsonl"), encoding="utf-8") as f:
        for line in f:
            fault = json.loads(line)
            faults[fault["file"]] = fault
    vocab = load_vocab(a.generator)
    tag_map = build_tag_map(vocab)

    src_cases = os.path.join(a.src, "cases")
    names = sorted(n for n in os.listdir(src_cases) if n.endswith(".yaml"))
    records = []
    for name in names:
        path = f"cases/{name}"
        fault = faults.get(path)
        with open(os.path.join(src_cases, name), encoding="utf-8") as f:
            records.append((path, fault, read_generated(f.read(), path, fault and fault.get("variant"))))

    used_urls = {rec["source_url"] for _, _, rec in records if "source_url" in rec}
    emitted = {}
    for path, fault, rec in records:
        emitted[rec["slug"]] = (path, fault, emit_case(convert_record(rec, tag_map, used_urls, fault), fault))

    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(os.path.join(a.out, "cases"))
    os.makedirs(os.path.join(a.out, "schema"))
    for path, _, case in emitted.values():
        with open(os.path.join(a.out, path), "w", encoding="utf-8", newline="\n") as f:
            f.write(case.text())
    with open(os.path.join(a.db, "llmops.toml"), encoding="utf-8") as f:
        config = f.read().split("\n", 1)[1]
    with open(os.path.join(a.out, "llmops.toml"), "w", encoding="utf-8") as f:
        f.write("# The fault corpus: gen_corpus.py -n 40 --faults 0.5 --seed faults, converted by\n"
                "# tests/data/convert_faults.py. expected.tsv says where each fault must be reported.\n" + config)
    shutil.copyfile(os.path.join(a.db, "schema", "case.toml"), os.path.join(a.out, "schema", "case.toml"))
    with open(os.path.join(a.out, "schema", "tags.toml"), "w", encoding="utf-8") as f:
        f.write(tags_toml(tag_map))
    with open(os.path.join(a.out, "schema", "industries.toml"), "w", encoding="utf-8") as f:
        f.write(industries_toml(vocab["industry"]))
    shutil.copyfile(os.path.join(a.src, "faults.jsonl"), os.path.join(a.out, "faults.jsonl"))
    with open(os.path.join(a.out, ".gitignore"), "w") as f:
        f.write(".llmops/\n")

    by_slug = {slug: e for slug, (_, _, e) in emitted.items()}
    out = ["# path\tline\trule: where llmops lint must report each fault of faults.jsonl"]
    for path, fault, case in sorted(emitted.values(), key=lambda e: e[0]):
        if not fault:
            continue
        rows = expected_rows(path, fault, case, by_slug)
        out.append(f"# {path}: {describe(fault)}" + ("" if rows else " (no counterpart in the case format)"))
        out += [f"{p}\t{line}\t{rule}" for p, line, rule in rows]
    with open(os.path.join(a.out, "expected.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(json.dumps({"cases": len(emitted), "faults": len(faults), "out": a.out}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
