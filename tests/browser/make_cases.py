#!/usr/bin/env python3
"""Writes a database of N made-up cases for the browser test of the HTML page (and its timing).

Usage: make_cases.py --schema-from ROOT --count N --out DIR [--seed S]

DIR receives llmops.toml and schema/ copied from ROOT, and cases/<id>.yaml for N cases whose
industries and tags come from ROOT's vocabulary (so the page shows real labels and families),
with titles, companies, years, dates, sources and summaries drawn from small word lists. The
same seed gives the same files.
"""

import argparse
import random
import shutil
import sys
import tomllib
from pathlib import Path

ADJECTIVES = ["Scalable", "Reliable", "Fast", "Private", "Grounded", "Multilingual", "Cheaper", "Safer",
              "Agentic", "Realtime", "Offline", "Evaluated", "Hybrid", "Secure", "Adaptive", "Streaming"]
SUBJECTS = ["Support Assistant", "Search", "Code Review", "Claims Triage", "Document QA", "Fraud Signals",
            "Sales Copilot", "Contract Analysis", "Onboarding Bot", "Catalog Enrichment", "Ticket Routing",
            "Medical Notes", "Tutoring", "Translation", "Incident Summaries", "Knowledge Base"]
VERBS = ["Building", "Scaling", "Evaluating", "Shipping", "Monitoring", "Fine-tuning", "Securing", "Running"]
COMPANY_FIRST = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell",
                 "Cyberdyne", "Soylent", "Aperture", "Massive", "Oscorp", "Wonka", "Gringotts", "Nakatomi",
                 "Monarch", "Pied Piper", "Dunder"]
COMPANY_LAST = ["Labs", "Bank", "Health", "Retail", "Systems", "Media", "Insurance", "Motors", "Energy",
                "Legal", "Telecom", "Learning", "Logistics", "Analytics", "Group", "Cloud"]
WORDS = ["model", "prompt", "retrieval", "index", "latency", "cost", "evaluation", "agent", "guardrail",
         "dashboard", "pipeline", "vector", "store", "judge", "release", "customer", "analyst", "answer",
         "context", "cache", "token", "budget", "feedback", "dataset", "rollout", "tracing", "policy"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema-from", required=True, type=Path, help="a database root to copy the schema from")
    parser.add_argument("--count", required=True, type=int)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--seed", default="html-page")
    return parser.parse_args(argv)


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
    return " ".join(words).capitalize() + "."


def main(argv):
    args = parse_args(argv)
    rng = random.Random(args.seed)
    root = args.schema_from
    with open(root / "schema" / "tags.toml", "rb") as f:
        vocabulary = tomllib.load(f)
    with open(root / "schema" / "industries.toml", "rb") as f:
        industries = sorted(tomllib.load(f)["industries"])
    by_family = {}
    for slug, tag in sorted(vocabulary["tags"].items()):
        if not tag.get("deprecated", False):
            by_family.setdefault(tag["family"], []).append(slug)

    out = args.out
    if out.exists():
        shutil.rmtree(out)
    (out / "cases").mkdir(parents=True)
    shutil.copy(root / "llmops.toml", out / "llmops.toml")
    shutil.copytree(root / "schema", out / "schema")

    seen = set()
    for n in range(args.count):
        company = f"{rng.choice(COMPANY_FIRST)} {rng.choice(COMPANY_LAST)}"
        title = f"{rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(SUBJECTS)} at {company}"
        case_id = f"case-{n:05d}"
        assert case_id not in seen
        seen.add(case_id)
        year = rng.choice([2021, 2022, 2023, 2023, 2024, 2024, 2024, 2025, 2025, 2025, 2025, 2026])
        lines = [
            "schema_version: 1",
            f"id: {case_id}",
            f"title: {title}",
            f"company: {company}",
            f"industry: {rng.choice(industries)}",
        ]
        if rng.random() > 0.03:
            lines.append(f"year: {year}")
        lines += [
            "status: published",
            f"created_at: {min(year + 1, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"source_url: https://example.com/{case_id}",
        ]
        tag_lines = []
        for family, slugs in by_family.items():
            chosen = sorted(rng.sample(slugs, rng.randint(0, min(4, len(slugs)))))
            if chosen:
                tag_lines.append(f"  {family}: [{', '.join(chosen)}]")
        lines += ["tags:"] + tag_lines if tag_lines else ["tags: {}"]
        lines.append("summary: >-")
        lines.append("  " + " ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
        (out / "cases" / f"{case_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
