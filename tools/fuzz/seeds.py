#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from the repository's fixtures and example
manifests, and from any extra folders given (read in place, nothing is copied into the
repository): every TOML file seeds `toml`, every requirements file seeds `requirements`, and
every quoted string and requirements line seeds `pep508`, one seed per file.

    tools/fuzz/seeds.py OUT [EXTRA_FOLDER ...]
"""
import hashlib
import os
import re
import sys

out, roots = sys.argv[1], ["Tests/Fixtures", "Examples"] + sys.argv[2:]
for target in ("toml", "pep508", "requirements"):
    os.makedirs(os.path.join(out, target), exist_ok=True)


def seed(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if not data or len(data) > 65536:
        return
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


quoted = re.compile(r'"([^"\n]{1,200})"')
for root in roots:
    for folder, _, files in os.walk(root):
        for file in files:
            path = os.path.join(folder, file)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            if file.endswith(".toml"):
                target = "toml"
            elif file.endswith((".txt", ".in")) and "requirements" in file or file.startswith("constraints"):
                target = "requirements"
            else:
                continue
            with open(path, "rb") as f:
                data = f.read()
            seed(target, data)
            text = data.decode("utf-8", "surrogateescape")
            if target == "toml":
                for match in quoted.finditer(text):
                    seed("pep508", match.group(1))
            else:
                for line in text.splitlines():
                    if line.strip() and not line.lstrip().startswith(("#", "-")):
                        seed("pep508", line.strip())
for target in ("toml", "pep508", "requirements"):
    print(f"{target}: {len(os.listdir(os.path.join(out, target)))} seeds")
