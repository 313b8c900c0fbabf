#!/usr/bin/env python3
"""Checks case files against the JSON Schema of `llmops schema --json-schema` with an independent
validator (python3-jsonschema, reading YAML with python3-yaml), for the golden tests.

  check.py validate SCHEMA FILE...   every file must validate; prints the ones that do not
  check.py agree SCHEMA DIR          for DIR/valid/*.yaml and DIR/invalid/*.yaml: lint (llmops on
                                     PATH) and the schema must both accept, or both reject, each file

YAML is read as lint reads it: dates stay text (a case's created_at is a string), and a plain
yes/no/number is what YAML 1.1 makes of it, which lint rejects where text is required.
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml


class CaseLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `2024-05-02` stays the string lint sees."""


CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problem(check, path):
    """The first reason the file at `path` does not validate, or None."""
    with open(path, encoding="utf-8") as f:
        document = yaml.load(f, Loader=CaseLoader)
    errors = sorted(check.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    where = "/".join(str(p) for p in errors[0].absolute_path)
    return f"{where or '(case)'}: {errors[0].message}"


def validate(schema_path, files):
    check = validator(schema_path)
    failed = 0
    for path in files:
        problem = schema_problem(check, path)
        if problem:
            failed += 1
            print(f"{path}: {problem}")
    print("every file validates" if failed == 0 else f"{failed} files do not validate")
    return 0 if failed == 0 else 1


def lint_problem(path):
    """The rules of the errors lint reports for `path` ("[year-range]"), or None. Only the rules:
    some messages name the current year, which would make the expectation age."""
    proc = subprocess.run(["llmops", "lint", "--quiet", "--no-cache", path], capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    if proc.returncode != 1:
        sys.exit(f"llmops lint {path} failed: {proc.stderr.strip()}")
    rules = [line[line.rindex("["):] for line in proc.stdout.splitlines() if " error: " in line]
    return " ".join(rules)


def agree(schema_path, folder):
    check = validator(schema_path)
    disagreements = 0
    for expected in ("valid", "invalid"):
        for path in sorted(glob.glob(os.path.join(folder, expected, "*.yaml"))):
            name = os.path.relpath(path, folder)
            by_lint = lint_problem(path)
            by_schema = schema_problem(check, path)
            ok = (by_lint is None) == (by_schema is None) == (expected == "valid")
            disagreements += 0 if ok else 1
            print(f"{name}: {'ok' if ok else 'DISAGREE'}")
            print(f"  lint:   {by_lint or 'accepts'}")
            print(f"  schema: {by_schema or 'accepts'}")
    return 0 if disagreements == 0 else 1


def main(argv):
    if len(argv) >= 3 and argv[0] == "validate":
        return validate(argv[1], argv[2:])
    if len(argv) == 3 and argv[0] == "agree":
        return agree(argv[1], argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
