#!/usr/bin/env python3
"""An independent check of `llmops query`: the same queries answered by a second implementation.

This script reads the fixture database tests/data/query with PyYAML and tomllib (not with llmops'
reader), evaluates each query of QUERIES with its own parser, matcher, BM25F scorer and ordering,
and compares the ids, their order and their scores with what `llmops query --format json` prints.
Facet counts and --limit/--sort are compared the same way.

  query_oracle.py --llmops BUILD/tools/llmops/llmops --data tests/data [-v]

The two implementations share only the written contract (docs/query.md): how words are folded and
split, what each field term means, the BM25F constants and the tie-breaking order.
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unicodedata

try:
    import yaml
except ImportError:  # ctest counts exit code 77 as skipped
    print("query_oracle.py: PyYAML is not installed (apt-get install python3-yaml); skipped")
    sys.exit(77)

K1, B = 1.2, 0.75
WEIGHTS = {"title": 3.0, "company": 2.0, "summary": 1.5, "notes": 1.0}
TEXT_FIELDS = ["title", "company", "summary", "notes"]

# (expression, extra arguments)
QUERIES = [
    ("", []),
    ("tag:rag", []),
    ("tag:retrieval-augmented-generation", []),
    ("technique:rag", []),
    ("tag:aws", []),
    ("tag:amazon-aws", []),
    ("tag:scalability", []),
    ("tag:compliance", []),
    ("tag:evals", []),
    ("tag:agent-based OR tag:multi-agent-systems", []),
    ("tag:rag,evals", []),
    ("TAG:RAG", []),
    ("industry:finance", []),
    ("industry:fintech", []),
    ("industry:e-commerce", []),
    ("industry:telecommunications", []),
    ("industry:finance,insurance", []),
    ('company:"Mercado Libre"', []),
    ("company:mercado", []),
    ("company:conde", []),
    ("company:zurich", []),
    ("company:Société", []),
    ("title:evaluation", []),
    ('title:"network assistant"', []),
    ("title:assist*", []),
    ("year>=2024", []),
    ("year>2024", []),
    ("year<2023", []),
    ("year<=2023", []),
    ("year:2025", []),
    ("year=2024", []),
    ("year:2023..2024", []),
    ("year:2025..", []),
    ("year:..2021", []),
    ("status:draft", []),
    ("status:published", []),
    ("has:summary", []),
    ("missing:summary", []),
    ("missing:year", []),
    ("has:notes", []),
    ("has:sources", []),
    ("has:not_duplicate_of", []),
    ("missing:created", []),
    ("has:practice", []),
    ("missing:practice", []),
    ("url:youtube.com", []),
    ("url:YOUTUBE", []),
    ("id:nubank-customer-chat", []),
    ("id:wayne-*", []),
    ("created>=2025", []),
    ("created<2024-11", []),
    ("created:2024-11", []),
    ("created:2024-06..2024-12", []),
    ("created>2024-11-21", []),
    ("tag:rag industry:finance year>=2024", []),
    ("tag:rag AND industry:finance AND year>=2024", []),
    ("-tag:poc", []),
    ("NOT tag:poc", []),
    ("tag:rag -industry:finance", []),
    ("(tag:rag OR tag:fine-tuning) industry:finance", []),
    ("tag:rag OR tag:fine-tuning industry:finance", []),
    ("NOT (tag:rag OR tag:evals)", []),
    ("evaluation", []),
    ("Evaluation", []),
    ("évaluation", []),
    ("evaluat*", []),
    ('"customer support"', []),
    ("customer support", []),
    ("customer OR support", []),
    ("gpt-4o", []),
    ('"GPT-4o"', []),
    ("agents -tag:poc", []),
    ("agents industry:e-commerce evaluation", []),
    ("retrieval tag:rag", []),
    ("nubank", []),
    ("bank", []),
    ("-evaluation tag:evals", []),
    ("evaluation -evaluation", []),
    ("model", []),
    ("conde nast", []),
    ("Zürich", []),
    ("zurich insurance claims", []),
    ("tag:rag", ["--sort", "title"]),
    ("tag:rag", ["--sort", "title:desc"]),
    ("tag:rag", ["--sort", "year:asc"]),
    ("", ["--sort", "company"]),
    ("", ["--sort", "created:desc"]),
    ("", ["--sort", "industry"]),
    ("", ["--sort", "id:desc"]),
    ("", ["--sort", "status"]),
    ("evaluation", ["--sort", "year"]),
    ("evaluation", ["--sort", "relevance:asc"]),
    ("", ["--limit", "3"]),
    ("evaluation", ["--limit", "2"]),
    ("", ["--facets"]),
    ("tag:rag", ["--facets"]),
    ("evaluation", ["--facets", "--limit", "1"]),
]


# ------------------------------------------------------------------ text
SPECIAL_FOLDS = {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "œ": "oe", "ħ": "h",
                 "ı": "i", "ĳ": "ij", "ŀ": "l", "ŋ": "n", "ŧ": "t", "ſ": "s", "ĸ": "k"}


def fold(s):
    """Lower-case, Latin accents removed."""
    out = []
    for ch in s.lower():
        if ch in SPECIAL_FOLDS:
            out.append(SPECIAL_FOLDS[ch])
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def words(s):
    """Folded words: letters and digits; punctuation, symbols and spaces separate."""
    found, current = [], []
    for ch in fold(s):
        category = unicodedata.category(ch)
        if category[0] in "LN":
            current.append(ch)
        elif category[0] == "M":
            continue
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def count_phrase(hay, phrase, prefix):
    n = 0
    for i in range(len(hay) - len(phrase) + 1):
        head, last = hay[i:i + len(phrase) - 1], hay[i + len(phrase) - 1]
        if head == phrase[:-1] and (last.startswith(phrase[-1]) if prefix else last == phrase[-1]):
            n += 1
    return n


# ------------------------------------------------------------------ data
class Vocabulary:
    def __init__(self, schema_dir):
        with open(os.path.join(schema_dir, "tags.toml"), "rb") as f:
            self.tags = tomllib.load(f)["tags"]
        with open(os.path.join(schema_dir, "industries.toml"), "rb") as f:
            self.industries = tomllib.load(f)["industries"]
        with open(os.path.join(schema_dir, "tags.toml"), "rb") as f:
            self.families = list(tomllib.load(f)["families"].items())
        self.families.sort(key=lambda kv: kv[1].get("order", 0))

    def canonical_tag(self, written):
        entry_slug = None
        if written in self.tags:
            entry_slug = written
        else:
            for slug, tag in self.tags.items():
                if written in tag.get("aliases", []):
                    entry_slug = slug
        if entry_slug is None:
            return None
        tag = self.tags[entry_slug]
        return tag["replaced_by"] if tag.get("deprecated") else entry_slug

    def canonical_industry(self, written):
        for slug, industry in self.industries.items():
            if written == slug or written in industry.get("aliases", []):
                return slug
        return None


def load_cases(root):
    cases = []
    folder = os.path.join(root, "cases")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                data = yaml.safe_load(f)
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict):
            continue
        data = {k: (str(v) if k == "created_at" and v is not None else v) for k, v in data.items()}
        data["path"] = "cases/" + name
        data["tag_list"] = [(family, slug) for family, slugs in (data.get("tags") or {}).items() for slug in slugs]
        data["words"] = {f: words(data[f]) if data.get(f) else [] for f in TEXT_FIELDS}
        cases.append(data)
    return cases


# ------------------------------------------------------------------ parsing
TOKEN = re.compile(r'\s+|(?P<open>\()|(?P<close>\))|(?P<phrase>"(?:[^"\\]|\\.)*")|(?P<minus>-(?=[^\s)-]))|'
                   r'(?P<word>[^\s()"]+(?:(?<=[:=<>])"(?:[^"\\]|\\.)*")?)')


def tokenize(expression):
    tokens, at = [], 0
    while at < len(expression):
        m = TOKEN.match(expression, at)
        at = m.end()
        kind = m.lastgroup
        if kind is None:
            continue
        text = m.group(kind)
        if kind == "word" and text in ("AND", "OR", "NOT"):
            kind = text
        tokens.append((kind, text))
    return tokens


class Parser:
    def __init__(self, expression, vocabulary):
        self.tokens = tokenize(expression)
        self.at = 0
        self.vocabulary = vocabulary

    def peek(self):
        return self.tokens[self.at][0] if self.at < len(self.tokens) else "end"

    def parse(self):
        if not self.tokens:
            return ("all",)
        return self.parse_or(False)

    def parse_or(self, negated):
        items = [self.parse_and(negated)]
        while self.peek() == "OR":
            self.at += 1
            items.append(self.parse_and(negated))
        return items[0] if len(items) == 1 else ("or", items)

    def parse_and(self, negated):
        items = [self.parse_unary(negated)]
        while True:
            if self.peek() == "AND":
                self.at += 1
            elif self.peek() not in ("word", "phrase", "open", "NOT", "minus"):
                break
            items.append(self.parse_unary(negated))
        return items[0] if len(items) == 1 else ("and", items)

    def parse_unary(self, negated):
        if self.peek() in ("NOT", "minus"):
            self.at += 1
            return ("not", self.parse_unary(True))
        kind, text = self.tokens[self.at]
        self.at += 1
        if kind == "open":
            node = self.parse_or(negated)
            self.at += 1
            return node
        if kind == "phrase":
            return self.text_term(unquote(text), negated)
        m = re.match(r"([A-Za-z_]+)(>=|<=|:|=|>|<)(.*)$", text)
        if not m:
            return self.text_term(text, negated)
        return self.field_term(m.group(1).lower(), m.group(2), m.group(3), negated)

    def text_term(self, value, negated):
        value = value.strip()
        return ("text", words(value), value.endswith("*"), not negated)

    def field_term(self, name, op, value, negated):
        if value.startswith('"'):
            value = unquote(value)
        v = self.vocabulary
        if name == "tag" or name in dict(v.families):
            canon = {v.canonical_tag(piece.strip().lower()) for piece in value.split(",")}
            return ("tag", None if name == "tag" else name, canon)
        if name == "industry":
            return ("industry", {v.canonical_industry(piece.strip().lower()) for piece in value.split(",")})
        if name == "status":
            return ("status", {piece.strip().lower() for piece in value.split(",")})
        if name in ("company", "title"):
            return (name, words(value), value.strip().endswith("*"))
        if name == "year":
            lo, hi = -math.inf, math.inf
            if op in (":", "="):
                a, _, b = value.partition("..")
                lo = int(a) if a else -math.inf
                hi = (int(b) if b else math.inf) if ".." in value else lo
            else:
                y = int(value)
                lo = {">=": y, ">": y + 1}.get(op, -math.inf)
                hi = {"<=": y, "<": y - 1}.get(op, math.inf)
            return ("year", lo, hi)
        if name in ("created", "created_at"):
            if op in (":", "="):
                a, _, b = value.partition("..")
                b = b if ".." in value else a
                return ("created", a, True, b, True)
            if op.startswith(">"):
                return ("created", value, op == ">=", "", True)
            return ("created", "", True, value, op == "<=")
        if name in ("has", "missing"):
            field = {"created": "created_at", "url": "source_url"}.get(value.lower(), value.lower())
            return (name, field)
        if name == "url":
            return ("url", value.lower())
        if name == "id":
            return ("id", value.rstrip("*").lower(), value.endswith("*"))
        raise ValueError("unknown field " + name)


def unquote(text):
    return re.sub(r'\\(["\\])', r"\1", text[1:-1])


# ------------------------------------------------------------------ evaluation
def present(case, field, families):
    if field in families:
        return any(f == field for f, _ in case["tag_list"])
    if field == "tags":
        return bool(case["tag_list"])
    value = case.get(field)
    return value is not None and value != [] and value != ""


def holds(term, case, vocabulary, tf_out):
    kind = term[0]
    if kind == "text":
        _, phrase, prefix, _ = term
        tf = {f: count_phrase(case["words"][f], phrase, prefix) for f in TEXT_FIELDS}
        tf_out.append(tf)
        return any(tf.values())
    if kind in ("title", "company"):
        return count_phrase(case["words"][kind], term[1], term[2]) > 0
    if kind == "tag":
        _, family, canon = term
        return any((family is None or f == family) and vocabulary.canonical_tag(s) in canon for f, s in case["tag_list"])
    if kind == "industry":
        return case.get("industry") is not None and vocabulary.canonical_industry(case["industry"]) in term[1]
    if kind == "status":
        return case.get("status") in term[1]
    if kind == "year":
        return case.get("year") is not None and term[1] <= case["year"] <= term[2]
    if kind == "created":
        date = case.get("created_at")
        if date is None:
            return False
        _, lo, lo_incl, hi, hi_incl = term
        if lo and (date[:len(lo)] < lo or (date[:len(lo)] == lo and not lo_incl)):
            return False
        if hi and (date[:len(hi)] > hi or (date[:len(hi)] == hi and not hi_incl)):
            return False
        return True
    if kind in ("has", "missing"):
        families = [f for f, _ in vocabulary.families]
        return present(case, term[1], families) == (kind == "has")
    if kind == "url":
        urls = [case.get("source_url") or ""] + list(case.get("sources") or [])
        return any(term[1] in u.lower() for u in urls)
    if kind == "id":
        return case["id"].startswith(term[1]) if term[2] else case["id"] == term[1]
    raise ValueError(kind)


def evaluate(node, case, vocabulary, scored):
    kind = node[0]
    if kind == "all":
        return True
    if kind == "not":
        return not evaluate(node[1], case, vocabulary, [])
    if kind == "and":
        results = [evaluate(n, case, vocabulary, scored) for n in node[1]]
        return all(results)
    if kind == "or":
        results = [evaluate(n, case, vocabulary, scored) for n in node[1]]
        return any(results)
    tf = []
    result = holds(node, case, vocabulary, tf)
    if kind == "text" and node[3]:
        scored.append((node, tf[0]))
    return result


def answer(expression, args, cases, vocabulary):
    tree = Parser(expression, vocabulary).parse()
    n = len(cases)
    average = {f: sum(len(c["words"][f]) for c in cases) / n for f in TEXT_FIELDS}
    per_case = []
    for case in cases:
        scored = []
        matched = evaluate(tree, case, vocabulary, scored)
        per_case.append((matched, scored))
    # Document frequency of each scored term over every case, matched or not.
    def df(term):
        return sum(1 for c in cases if count_any(term, c))

    def count_any(term, case):
        return any(count_phrase(case["words"][f], term[1], term[2]) for f in TEXT_FIELDS)

    ranked = has_scored(tree)
    results = []
    for case, (matched, scored) in zip(cases, per_case):
        if not matched:
            continue
        score = 0.0
        for term, tf in scored:
            d = df(term)
            if d == 0:
                continue
            weighted = 0.0
            for f in TEXT_FIELDS:
                norm = 1 - B + B * len(case["words"][f]) / average[f] if average[f] > 0 else 1
                weighted += WEIGHTS[f] * tf[f] / norm
            idf = math.log(1 + (n - d + 0.5) / (d + 0.5))
            score += idf * weighted * (K1 + 1) / (weighted + K1)
        results.append((case, score))
    sort = None
    limit = 0
    if "--sort" in args:
        spec = args[args.index("--sort") + 1]
        name, _, direction = spec.partition(":")
        sort = (name, (direction == "desc") if direction else name == "relevance")
    if "--limit" in args:
        limit = int(args[args.index("--limit") + 1])
    chain = ([sort] if sort else []) + ([("relevance", True)] if ranked else []) + [("year", True), ("title", False),
                                                                                     ("path", False)]
    results = sort_results(results, chain)
    total = len(results)
    facets = compute_facets([c for c, _ in results], vocabulary) if "--facets" in args else None
    if limit:
        results = results[:limit]
    return results, total, facets


def has_scored(node):
    if node[0] == "text":
        return node[3]
    if node[0] in ("and", "or"):
        return any(has_scored(n) for n in node[1])
    return False


def sort_results(results, chain):
    import functools

    def value(entry, field):
        case, score = entry
        if field == "relevance":
            return score
        if field == "title":
            return fold(case.get("title") or "") if case.get("title") is not None else None
        if field == "company":
            return fold(case["company"]) if case.get("company") is not None else None
        if field == "created":
            return case.get("created_at")
        return case.get(field)

    def compare(a, b):
        for field, descending in chain:
            va, vb = value(a, field), value(b, field)
            if (va is None) != (vb is None):
                return 1 if va is None else -1
            if va is None or va == vb:
                continue
            less = va < vb
            return (1 if less else -1) if descending else (-1 if less else 1)
        return 0

    return sorted(results, key=functools.cmp_to_key(compare))


def compute_facets(cases, vocabulary):
    def by_count(counter):
        return [{"value": k, "count": counter[k]} for k in sorted(counter, key=lambda k: (-counter[k], k))]

    industries, years, statuses, families = {}, {}, {}, {f: {} for f, _ in vocabulary.families}
    unknown_year = 0
    for case in cases:
        ind = vocabulary.canonical_industry(case["industry"]) or case["industry"]
        industries[ind] = industries.get(ind, 0) + 1
        if case.get("year") is None:
            unknown_year += 1
        else:
            years[case["year"]] = years.get(case["year"], 0) + 1
        statuses[case["status"]] = statuses.get(case["status"], 0) + 1
        seen = set()
        for family, slug in case["tag_list"]:
            canon = vocabulary.canonical_tag(slug)
            if canon is not None:
                family, slug = vocabulary.tags[canon]["family"], canon
            if (family, slug) in seen:
                continue
            seen.add((family, slug))
            families.setdefault(family, {})
            families[family][slug] = families[family].get(slug, 0) + 1
    facets = {"industry": by_count(industries),
              "year": [{"value": str(y), "count": years[y]} for y in sorted(years, reverse=True)] +
                      ([{"value": "unknown", "count": unknown_year}] if unknown_year else []),
              "status": by_count(statuses)}
    for family, counts in families.items():
        facets[family] = by_count(counts)
    return facets


# ------------------------------------------------------------------ comparison
def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llmops", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("-v", "--verbose", action="store_true")
    options = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="llmops-oracle-")
    try:
        root = os.path.join(scratch, "query")
        shutil.copytree(os.path.join(options.data, "query"), root)
        vocabulary = Vocabulary(os.path.join(root, "schema"))
        cases = load_cases(root)
        failures = 0
        # Cold runs read every file; warm runs go through the cache the first of them wrote.
        for round_name, cache_args in (("cold", ["--no-cache"]), ("warm", [])):
            for expression, args in QUERIES:
                expected, total, facets = answer(expression, args, cases, vocabulary)
                fields = ["--fields", "id,score"]
                argv = [options.llmops, "-C", root, "query", "--format", "json", "-q"] + fields + cache_args + args
                argv += [expression] if expression else []
                proc = subprocess.run(argv, capture_output=True, text=True)
                label = f"[{round_name}] {expression!r} {' '.join(args)}".strip()
                if proc.returncode != 0:
                    print(f"FAIL {label}: exit {proc.returncode}: {proc.stderr.strip()}")
                    failures += 1
                    continue
                got = json.loads(proc.stdout)
                got_ids = [c["id"] for c in got["cases"]]
                want_ids = [c["id"] for c, _ in expected]
                problems = []
                if got_ids != want_ids:
                    problems.append(f"ids\n    want {want_ids}\n    got  {got_ids}")
                else:
                    for c, (case, score) in zip(got["cases"], expected):
                        if abs(c["score"] - score) > 1e-5:
                            problems.append(f"score of {case['id']}: want {score:.6f}, got {c['score']}")
                if got["total"] != total:
                    problems.append(f"total: want {total}, got {got['total']}")
                if facets is not None and got.get("facets") != facets:
                    problems.append(f"facets\n    want {facets}\n    got  {got.get('facets')}")
                if problems:
                    failures += 1
                    print(f"FAIL {label}: " + "; ".join(problems))
                elif options.verbose:
                    print(f"ok   {label}: {len(want_ids)} of {total}")
        checked = 2 * len(QUERIES)
        print(f"{checked - failures} of {checked} queries agree with the oracle ({len(cases)} cases)")
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
