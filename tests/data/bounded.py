#!/usr/bin/env python3
"""Runs a command and checks that it stays within a time and memory budget.

  bounded.py --max-seconds S --max-rss-mib M -- COMMAND [ARG...]

The command's stdout and stderr are discarded; what is printed is stable enough for a golden test:
the exit status, then whether the peak resident memory (of the command and anything it waited for)
and the wall time stayed within the budget. Exits 0 when both did.
"""
import argparse
import resource
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-seconds", type=float, required=True)
    ap.add_argument("--max-rss-mib", type=float, required=True)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    start = time.monotonic()
    try:
        status = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                timeout=a.max_seconds).returncode
    except subprocess.TimeoutExpired:
        print(f"still running after {a.max_seconds:g} s: killed")
        return 1
    seconds = time.monotonic() - start
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"exit {status}")
    print(f"peak RSS within {a.max_rss_mib:g} MiB: {'yes' if rss_mib <= a.max_rss_mib else f'no ({rss_mib:.0f} MiB)'}")
    print(f"finished within {a.max_seconds:g} s: {'yes' if seconds <= a.max_seconds else f'no ({seconds:.1f} s)'}")
    return 0 if rss_mib <= a.max_rss_mib and seconds <= a.max_seconds else 1


if __name__ == "__main__":
    sys.exit(main())
