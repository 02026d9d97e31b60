"""Find the files to lint: respect .gitignore and excludes, never follow links out of the tree."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .engine import FileJob
from .globs import gitignore_re

_LINTABLE_SUFFIXES = {".py", ".pyi", ".tf", ".yaml", ".yml", ".json", ".template", ".env"}


@dataclass
class Walker:
    settings: Settings
    force_exclude: bool = False

    def __post_init__(self) -> None:
        self.exclude = _Patterns([*self.settings.exclude, *self.settings.extend_exclude])
        self.errors: list[str] = []

    def _excluded(self, rel: str, is_dir: bool) -> bool:
        return self.exclude.match(rel + ("/" if is_dir else ""))

    def _rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.settings.root).as_posix()
        except ValueError:
            return path.as_posix()

    def jobs(self, paths: list[str]) -> Iterator[FileJob]:
        for arg in paths:
            p = Path(arg)
            if p.is_dir():
                yield from self._walk(p)
            elif p.is_file():
                if self.force_exclude and self._excluded(self._rel(p), False):
                    continue
                yield FileJob(_display(p), str(p), explicit=True)

    def _walk(self, top: Path) -> Iterator[FileJob]:
        root_real = top.resolve()
        seen_dirs: set[tuple[int, int]] = set()
        stack: list[tuple[Path, tuple[object, ...]]] = [(top, ())]
        while stack:
            folder, ignores = stack.pop()
            try:
                st = folder.stat()
            except OSError as exc:
                self.errors.append(f"{folder}: {exc.strerror or exc}")
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            if self.settings.respect_gitignore:
                ignores = (*ignores, *self._gitignore(folder))
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                self.errors.append(f"{folder}: {exc.strerror or exc}")
                continue
            subdirs = []
            for entry in entries:
                path = Path(entry.path)
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir(follow_symlinks=False)
                    if is_link:
                        target = path.resolve()
                        if not (target == root_real or root_real in target.parents):
                            continue  # never leave the scanned tree through a link
                        if target.is_dir():
                            continue  # linked directories are walked where they really are
                    is_file = entry.is_file()
                except OSError:
                    continue
                rel = self._rel(path)
                if self._excluded(rel, is_dir) or self._ignored(path, is_dir, ignores):
                    continue
                if is_dir:
                    subdirs.append((path, ignores))
                elif is_file and _candidate(entry.name):
                    yield FileJob(_display(path), str(path))
            stack.extend(reversed(subdirs))

    def _gitignore(self, folder: Path) -> tuple[object, ...]:
        gi = folder / ".gitignore"
        try:
            lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ()
        return ((folder, _Patterns(lines)),)

    @staticmethod
    def _ignored(path: Path, is_dir: bool, ignores: tuple[object, ...]) -> bool:
        for base, spec in ignores:  # type: ignore[misc]
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match(rel + ("/" if is_dir else "")):
                return True
        return False


class _Patterns:
    """gitignore-style patterns. Plain patterns use the project's own matcher (cheap to
    import: a pre-commit run on a few files never loads pathspec); a set with negations or
    character classes goes to pathspec for full gitignore semantics."""

    def __init__(self, lines: list[str]) -> None:
        pats = [ln.strip() for ln in lines]
        pats = [p for p in pats if p and not p.startswith("#")]
        self._spec = None
        self._res = []
        if any(p.startswith("!") or "[" in p or "\\" in p for p in pats):
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(pats)
        else:
            self._res = [gitignore_re(p) for p in pats]

    def match(self, rel: str) -> bool:
        if self._spec is not None:
            return bool(self._spec.match_file(rel))
        return any(r.fullmatch(rel) for r in self._res)


def _candidate(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in _LINTABLE_SUFFIXES or name == ".env" or name.startswith(".env.")


def _display(path: Path) -> str:
    text = os.path.normpath(str(path))
    if os.path.isabs(text):
        try:
            rel = os.path.relpath(text)
            if not rel.startswith(".."):
                return rel
        except ValueError:
            pass
    return text
