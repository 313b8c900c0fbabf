#!/usr/bin/env python3
"""Drives `llmops add` on a pseudo-terminal, as a contributor at a keyboard would, and prints a
normalised transcript: each prompt, each answer, and what became of the database.

  drive.py SCENARIO      (run in a database root, with llmops on PATH)

Scenarios: `answers` fills in every prompt, typing a misspelt tag first and then a prefix and an
alias, a bad further source before good ones, and notes of two paragraphs; `ctrl-c` presses
Ctrl-C at the company prompt; `ctrl-d` ends the input there.
"""
import os
import pty
import re
import select
import sys
import termios
import time

TIMEOUT = 20


class Session:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp(argv[0], argv)
        self.before = termios.tcgetattr(self.fd)
        self.buffer = b""
        self.transcript = b""

    def read_until(self, needle):
        deadline = time.time() + TIMEOUT
        while needle.encode() not in self.buffer:
            if time.time() > deadline:
                os.kill(self.pid, 9)
                sys.exit(f"timed out waiting for {needle!r}; got {(self.transcript + self.buffer).decode(errors='replace')!r}")
            if not select.select([self.fd], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                sys.exit(f"the program ended while waiting for {needle!r}: {self.buffer.decode(errors='replace')!r}")
            self.buffer += chunk
        end = self.buffer.index(needle.encode()) + len(needle)
        self.transcript += self.buffer[:end]
        self.buffer = self.buffer[end:]

    def send(self, text):
        os.write(self.fd, text.encode())

    def answer(self, prompt, text):
        self.read_until(prompt)
        self.send(text + "\n")

    def finish(self):
        while True:
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.buffer += chunk
        self.transcript += self.buffer
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        after = termios.tcgetattr(self.fd)
        text = self.transcript.decode().replace("\r\n", "\n")
        print(re.sub(r"from 1990 to \d{4}", "from 1990 to NEXT-YEAR", text), end="")
        print(f"[exit {code}; terminal settings {'unchanged' if after == self.before else 'CHANGED'}]")
        return code


def cases():
    return sorted(os.listdir("cases"))


def main():
    scenario = sys.argv[1]
    before = cases()
    s = Session(["llmops", "add", "--created-at", "2025-01-02"])
    if scenario == "answers":
        s.answer("title: ", "Routing Claims: A Triage Agent")
        s.answer("company: ", "Hooli")
        s.answer("industry: ", "fin")
        s.answer("year (optional): ", "1890")
        s.answer("year (optional): ", "2024")
        s.answer("source_url: ", "https://www.acme.example.com/blog/support-bot/")
        s.answer("source_url: ", "https://hooli.example.com/claims")
        s.answer("sources (optional, empty to end): ", "ftp://hooli.example.com/claims.pdf")
        s.answer("sources (optional, empty to end): ", "https://hooli.example.com/claims/")
        s.answer("sources (optional, empty to end): ", "https://talks.example.org/hooli-claims")
        s.answer("sources (optional, empty to end): ", "")
        s.answer("tags: ", "retreival chat-bot")
        s.answer("tags: ", "retr chat-bot")
        s.answer("summary (optional): ", "")
        s.answer("notes (optional): ", "The agent reads a claim and routes it.")
        s.answer("  ... ", "")
        s.answer("  ... ", "Adjusters review every routing: it is a second paragraph.")
        s.answer("  ... ", ".")
        s.answer("status (optional): ", "published")
        s.answer("[Y/n] ", "y")
    elif scenario == "ctrl-c":
        s.answer("title: ", "Interrupted Case")
        s.read_until("company: ")
        s.send("Hoo\x03")
    elif scenario == "ctrl-d":
        s.answer("title: ", "Ended Case")
        s.read_until("company: ")
        s.send("\x04")
    s.finish()
    added = [c for c in cases() if c not in before]
    print("new files:", " ".join(added) or "none")
    for name in added:
        with open(os.path.join("cases", name), encoding="utf-8") as f:
            sys.stdout.write(f.read())


if __name__ == "__main__":
    main()
