#!/usr/bin/env python3
"""make check-contrib: CONTRIBUTING.md's checklists and the layout they rely on.

- every file or folder CONTRIBUTING.md names exists;
- one header per source file: each src/<stage>/<file>.c has
  include/cdcgen/<stage>/<file>.h and the reverse (the commands share
  include/cdcgen/cmd/cmd.h), and every function a header declares is
  defined in its own source file;
- every target (cdcgen --list-targets) is in config.schema.json's targets
  enum, the README's targets table and the man page;
- every command (cdcgen --list-commands) has src/cmd/<name>.c, its entry
  point in cmd.h and an entry in the man page.
Usage: check.py ROOT CDCGEN
"""
import glob
import json
import os
import re
import subprocess
import sys

root, cdcgen = sys.argv[1], sys.argv[2]
fails = []
n = 0


def check(ok, what):
    global n
    n += 1
    if not ok:
        fails.append(what)


def read(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


# ---- the files CONTRIBUTING.md names ----
contributing = read("CONTRIBUTING.md")
PATHLIKE = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_./-]*(/|\.(c|h|json|md|ebnf|yaml|1|mjs|sh|dict|py))$")
named = sorted({t for t in re.findall(r"`([^`\n]+)`", contributing)
                if PATHLIKE.match(t) and ("/" in t or "." in t)})
USER_FILES = {"cdcgen.yaml"}  # the user's, named in prose
for path in named:
    if path in USER_FILES:
        continue
    full = os.path.join(root, path)
    check(os.path.isdir(full) if path.endswith("/") else os.path.isfile(full),
          f"CONTRIBUTING.md names {path}, which does not exist")
check(len(named) >= 30, f"CONTRIBUTING.md names only {len(named)} files")

# ---- one header per source file, declaring only that file's functions ----
PROTO = re.compile(r"^[A-Za-z_][^;()]*?\b((?:cdc|cmd|x)[a-z0-9_]*)\(", re.M)


def declared(header_text):
    text = re.sub(r"/\*.*?\*/", "", header_text, flags=re.S)
    text = re.sub(r"^#.*(?:\\\n.*)*$", "", text, flags=re.M)  # macros
    text = re.sub(r"^typedef[^;]*;", "", text, flags=re.M | re.S)
    return set(PROTO.findall(text))


def defined(source_text, name):
    return re.search(r"^[A-Za-z_][^;=]*\b" + re.escape(name) + r"\(", source_text, re.M) is not None


sources = sorted(glob.glob(os.path.join(root, "src/*/*.c")))
headers = sorted(glob.glob(os.path.join(root, "include/cdcgen/*/*.h")))
rel = lambda p: os.path.relpath(p, root)
for src in sources:
    stage, base = src.split(os.sep)[-2], os.path.basename(src)[:-2]
    header = os.path.join(root, "include/cdcgen", stage,
                          "cmd.h" if stage == "cmd" and not os.path.exists(
                              os.path.join(root, "include/cdcgen/cmd", base + ".h")) else base + ".h")
    check(os.path.isfile(header), f"{rel(src)} has no header {rel(header)}")
for header in headers:
    stage, base = header.split(os.sep)[-2], os.path.basename(header)[:-2]
    if base == "common":  # macros and types only
        check(not declared(read(rel(header))), f"{rel(header)} declares functions")
        continue
    if (stage, base) == ("cmd", "cmd"):
        for name in declared(read(rel(header))):
            src = os.path.join(root, "src/cmd", name[len("cmd_"):] + ".c")
            check(os.path.isfile(src) and defined(read(rel(src)), name),
                  f"{rel(header)} declares {name}, not defined in {rel(src)}")
        continue
    src = os.path.join(root, "src", stage, base + ".c")
    check(os.path.isfile(src), f"{rel(header)} has no source {rel(src)}")
    if not os.path.isfile(src):
        continue
    text = read(rel(src))
    for name in sorted(declared(read(rel(header)))):
        check(defined(text, name), f"{rel(header)} declares {name}, which {rel(src)} does not define")

# ---- targets ----
targets = [l.split()[0] for l in subprocess.run([cdcgen, "--list-targets"], capture_output=True,
                                                  text=True, check=True).stdout.splitlines()]
check(len(targets) >= 5, "cdcgen --list-targets lists targets")
schema = json.loads(read("grammar/config.schema.json"))
enum = schema["properties"]["targets"]["items"]["enum"]
check(sorted(enum) == sorted(targets), f"config.schema.json's targets {enum} are not {targets}")
readme, man = read("README.md"), read("man/cdcgen.1")
for t in targets:
    check(re.search(r"^\| `" + re.escape(t) + r"` \|", readme, re.M) is not None,
          f"target {t} is not in the README's targets table")
    check(re.search(r"\b" + re.escape(t) + r"\b", man) is not None, f"target {t} is not in the man page")

# ---- commands ----
commands = subprocess.run([cdcgen, "--list-commands"], capture_output=True, text=True,
                          check=True).stdout.split()
cmd_h = read("include/cdcgen/cmd/cmd.h")
for c in commands:
    check(os.path.isfile(os.path.join(root, "src/cmd", c + ".c")), f"command {c} has no src/cmd/{c}.c")
    check(f"int cmd_{c}(" in cmd_h, f"command {c} has no entry point in cmd.h")
    check(re.search(r"^\.It Cm " + re.escape(c) + r"\b", man, re.M) is not None,
          f"command {c} has no entry in the man page")

for f in fails:
    print("FAIL: " + f)
print(f"contrib: {n - len(fails)} passed, {len(fails)} failed "
      f"({len(named)} files named, {len(sources)} sources, {len(targets)} targets, {len(commands)} commands)")
sys.exit(1 if fails else 0)
