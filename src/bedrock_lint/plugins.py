"""Entry-point discovery without importing ``importlib.metadata`` when nobody declares any.

Importing ``importlib.metadata`` costs more than a pre-commit run on a clean file should take,
and almost no environment has bedrock-lint plugins. The installed distributions'
``entry_points.txt`` files are checked for the group's header first; only a hit pays for the
full machinery.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any


@functools.lru_cache(maxsize=8)
def _declared(group: str) -> bool:
    header = f"[{group}]"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8") as fh:
                    if header in fh.read():
                        return True
            except OSError:
                continue
    return False


def entry_points(group: str) -> list[Any]:
    if not _declared(group):
        return []
    from importlib.metadata import entry_points as _eps

    return sorted(_eps(group=group), key=lambda e: e.name)
