"""The I/O floor of a whole-repository scan: one Python process that walks the tree and reads
every file, testing a few literal needles. Nothing a linter does can cost less than this.

Usage: python floor.py DIR  ->  prints "files bytes hits"
"""

from __future__ import annotations

import os
import sys

NEEDLES = (b"bedrock", b"anthropic", b"inference-profile", b"amazon.", b"meta.")
SKIP = {".git", ".bedrock-lint-cache"}


def scan(top: str) -> tuple[int, int, int]:
    files = size = hits = 0
    stack = [top]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP:
                        stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    with open(entry.path, "rb") as fh:
                        data = fh.read()
                    files += 1
                    size += len(data)
                    if any(n in data for n in NEEDLES):
                        hits += 1
    return files, size, hits


if __name__ == "__main__":
    print(*scan(sys.argv[1] if len(sys.argv) > 1 else "."))
