#!/usr/bin/env python3
"""Golden tests for the llmops program, one folder per case (in the manner of zstd's cli-tests).

tests/cli/<name>/
  cmd      a shell command line, run by bash in a scratch folder with `llmops` first on PATH
  repo     optional: fixture names under tests/data/, copied in order into the scratch folder
           (a later one overlays an earlier one), so that no test ever writes into the source tree
  stdout   the expected standard output
  stderr   the expected standard error
  exit     the expected exit status
  xfail    optional: why the program does not yet do what the expectation says (a known bug);
           the case passes while its output differs and fails once it matches

The scratch folder's parent is a fresh temporary folder; its path is the only thing normalised:
it is written as $TMP in the expectations. The command sees LLMOPS_TEST_DATA (the fixture folder)
and PYTHON (this interpreter), a HOME of its own, and a fixed git identity and dates.

  run.py --llmops BUILD/tools/llmops/llmops --data tests/data [NAME ...]
  run.py ... --update [NAME ...]     rewrite the expectations from what the program does now
"""
import argparse
import difflib
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = ("stdout", "stderr", "exit")
TIMEOUT = 300


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def remove_tree(path):
    """rmtree that first gives back permissions a test took away (chmod 000 files and folders)."""
    def retry(func, p, _):
        os.chmod(os.path.dirname(p), stat.S_IRWXU)
        if os.path.isdir(p) and not os.path.islink(p):
            os.chmod(p, stat.S_IRWXU)
        func(p)
    for top, dirs, _ in os.walk(path):
        for d in dirs:
            full = os.path.join(top, d)
            if not os.path.islink(full):
                os.chmod(full, stat.S_IRWXU)
    shutil.rmtree(path, onerror=retry)


def environment(llmops, data, home):
    env = {
        "PATH": os.path.dirname(os.path.abspath(llmops)) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm",
        "TZ": "UTC",
        "LLMOPS_TEST_DATA": data,
        "PYTHON": sys.executable,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z",
    }
    return env


def normalise(output, tmp):
    """`output` with the scratch folder's parent written as $TMP (also in its resolved form)."""
    for path in sorted({tmp, os.path.realpath(tmp)}, key=len, reverse=True):
        output = output.replace(path.encode(), b"$TMP")
    return output


def run_case(name, llmops, data):
    """Runs the case in folder `name`; returns {stdout, stderr, exit} as bytes, normalised."""
    case = os.path.join(HERE, name)
    cmd = read(os.path.join(case, "cmd")).decode().rstrip("\n")
    tmp = tempfile.mkdtemp(prefix="llmops-cli-")
    try:
        work = os.path.join(tmp, "work")
        home = os.path.join(tmp, "home")
        os.mkdir(home)
        repo = read(os.path.join(case, "repo"), b"").decode().split()
        if not repo:
            os.mkdir(work)
        for fixture in repo:
            shutil.copytree(os.path.join(data, fixture), work, symlinks=True, dirs_exist_ok=True)
        proc = subprocess.run(["bash", "-c", cmd], cwd=work, env=environment(llmops, data, home),
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        return {
            "stdout": normalise(proc.stdout, tmp),
            "stderr": normalise(proc.stderr, tmp),
            "exit": f"{proc.returncode}\n".encode(),
        }
    finally:
        remove_tree(tmp)


def show_diff(what, expected, actual):
    exp = expected.decode(errors="backslashreplace").splitlines(keepends=True)
    act = actual.decode(errors="backslashreplace").splitlines(keepends=True)
    sys.stdout.writelines(difflib.unified_diff(exp, act, f"expected {what}", f"actual {what}"))
    if not actual.endswith(b"\n") or not expected.endswith(b"\n"):
        sys.stdout.write("\n")


def check(name, llmops, data, update):
    case = os.path.join(HERE, name)
    if not os.path.isfile(os.path.join(case, "cmd")):
        print(f"{name}: no such case (tests/cli/{name}/cmd is missing)")
        return False
    xfail = read(os.path.join(case, "xfail"))
    actual = run_case(name, llmops, data)
    if update:
        if xfail is not None:
            print(f"{name}: kept (xfail: its expectation is written by hand)")
            return True
        for what in EXPECTED:
            with open(os.path.join(case, what), "wb") as f:
                f.write(actual[what])
        print(f"{name}: updated")
        return True
    differs = False
    for what in EXPECTED:
        expected = read(os.path.join(case, what), b"")
        if expected != actual[what]:
            differs = True
            if xfail is None:
                show_diff(what, expected, actual[what])
    if xfail is not None:
        reason = xfail.decode().strip()
        if differs:
            print(f"{name}: fails as expected: {reason}")
            return True
        print(f"{name}: passes although marked xfail; remove tests/cli/{name}/xfail ({reason})")
        return False
    print(f"{name}: {'FAILED' if differs else 'ok'}")
    return not differs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llmops", required=True, help="the llmops program under test")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(HERE), "data"), help="tests/data")
    ap.add_argument("--update", action="store_true", help="rewrite the expected files")
    ap.add_argument("names", nargs="*", help="cases to run (default: all)")
    a = ap.parse_args()
    names = a.names or sorted(n for n in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, n, "cmd")))
    llmops = os.path.abspath(a.llmops)
    data = os.path.abspath(a.data)
    results = [check(name, llmops, data, a.update) for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
