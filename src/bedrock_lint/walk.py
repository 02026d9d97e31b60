"""Find the files to lint: respect .gitignore and excludes; a directory walk follows no links."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._files import listing
from .config import Settings
from .engine import FileJob
from .globs import gitignore_parts, gitignore_re

_LINTABLE_SUFFIXES = {".py", ".pyi", ".tf", ".yaml", ".yml", ".json", ".template", ".env"}
_POSIX = os.sep == "/"


@dataclass
class Walker:
    settings: Settings
    force_exclude: bool = False

    #: folders (real paths) whose entries to keep in ``listings``
    keep_listings: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.exclude = _Patterns([*self.settings.exclude, *self.settings.extend_exclude])
        self.errors: list[str] = []
        #: what the walk's answer was read from (a whole-run replay checks it): each folder
        #: listed, with its stat as it was before the listing, and each ``.gitignore`` tried
        self.folders: list[tuple[str, os.stat_result]] = []
        self.gitignores: list[str] = []
        #: folder -> its entries' names as listed (folders with a trailing "/")
        self.listings: dict[str, list[str]] = {}

    def _excluded(self, rel: str, is_dir: bool) -> bool:
        return self.exclude.match(rel + ("/" if is_dir else ""))

    def _rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.settings.root).as_posix()
        except ValueError:
            return path.as_posix()

    def jobs(self, paths: list[str]) -> Iterator[FileJob]:
        """Each file once, however often (and however spelled) the paths name it."""
        seen: set[str] = set()
        for arg in paths:
            p = Path(arg)
            if p.is_dir():
                found: Iterator[tuple[FileJob, str]] = self._walk(p)
            elif p.is_file():
                if self.force_exclude and self._excluded(self._rel(p), False):
                    continue
                found = iter(((FileJob(_display(p), str(p), explicit=True), os.path.realpath(p)),))
            else:
                continue
            for job, real in found:
                if real not in seen:
                    seen.add(real)
                    yield job

    def _walk(self, top: Path) -> Iterator[tuple[FileJob, str]]:
        """Each file with its real path, depth first, sorted by name. String paths in the loop: a ``Path`` or a
        ``resolve()`` per entry costs more than reading most files."""
        root = str(self.settings.root)
        top_real = os.path.realpath(top)
        top_rel = _relative(top_real, root)
        seen_dirs: set[tuple[int, int]] = set()
        gitignore = self.settings.respect_gitignore
        absolute = os.path.isabs(str(top))
        top_str = str(top)
        # under the working directory, an absolute top is shown relative, once for all files
        top_shown = _display(top) if absolute else top_str
        per_file_display = absolute and os.path.isabs(top_shown)
        # the folders from the root down to ``top`` were not matched on the way: when one
        # is excluded, match every entry by its whole path (which then excludes it)
        parts = top_rel.split("/") if top_rel else []
        above: tuple[tuple[str, _Patterns], ...] = ()
        if gitignore:  # the .gitignore files of the folders above ``top`` apply to it too
            for i in range(len(parts)):
                above = (*above, *self._gitignore(os.path.join(root, *parts[:i])))
        whole_paths = top_rel is None or any(
            self._excluded("/".join(parts[: i + 1]), True)
            or _ignored(os.path.join(root, *parts[: i + 1]), True, above)
            for i in range(len(parts)))
        # (shown path, real path, path relative to the root or None, gitignores above)
        stack: list[tuple[str, str, str | None, tuple[tuple[str, _Patterns], ...]]] = [
            (str(top), top_real, top_rel, above)
        ]
        while stack:
            folder, real, rel, ignores = stack.pop()
            try:
                st = os.stat(real)
            except OSError as exc:
                self.errors.append(f"{folder}: {exc.strerror or exc}")
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            self.folders.append((real, st))
            if gitignore:
                ignores = (*ignores, *self._gitignore(real))
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.errors.append(f"{folder}: {exc.strerror or exc}")
                continue
            if real in self.keep_listings:
                self.listings[real] = listing(entries)
            if not per_file_display:  # the shown folder, once: normpath(top_shown + rest)
                shown_folder = os.path.normpath(top_shown + folder[len(top_str):])
                shown_prefix = "" if shown_folder == "." else os.path.join(shown_folder, "")
            subdirs = []
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                    if not is_dir and not _candidate(name):
                        continue
                    if entry.is_symlink():
                        # never leave the scanned tree through a link; what a link inside it
                        # points at is walked (and reported) where it really is
                        continue
                    entry_rel = f"{rel}/{name}" if rel else (name if rel == "" else None)
                    is_file = entry.is_file(follow_symlinks=False)
                except OSError:
                    continue
                entry_real = f"{real}{os.sep}{name}"
                shown_rel = entry_rel if entry_rel is not None else Path(entry.path).as_posix()
                if whole_paths:
                    if self._excluded(shown_rel, is_dir) or _ignored(entry_real, is_dir, ignores):
                        continue
                elif (self.exclude.match_entry(shown_rel, name, is_dir)
                      or _ignored_entry(entry_real, name, is_dir, ignores)):
                    continue
                if is_dir:
                    subdirs.append((entry.path, entry_real, entry_rel, ignores))
                elif is_file:
                    path = entry.path
                    shown = _display(Path(path)) if per_file_display else shown_prefix + name
                    yield FileJob(shown, path), entry_real
            stack.extend(reversed(subdirs))

    def _gitignore(self, folder: str) -> tuple[tuple[str, _Patterns], ...]:
        self.gitignores.append(os.path.join(folder, ".gitignore"))
        try:
            with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            return ()
        return ((folder + os.sep, _Patterns(lines)),)


def _relative(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` in POSIX form ("" for the root), None outside it."""
    if path == root:
        return ""
    if path.startswith(root + os.sep):
        return path[len(root) + 1 :].replace(os.sep, "/")
    return None


def _ignored(real: str, is_dir: bool, ignores: tuple[tuple[str, _Patterns], ...]) -> bool:
    for base, spec in ignores:
        if real.startswith(base):
            rel = real[len(base) :].replace(os.sep, "/")
            if spec.match(rel + ("/" if is_dir else "")):
                return True
    return False


def _ignored_entry(real: str, name: str, is_dir: bool,
                   ignores: tuple[tuple[str, _Patterns], ...]) -> bool:
    for base, spec in ignores:
        if real.startswith(base):
            rel = real[len(base) :]
            if spec.match_entry(rel if _POSIX else rel.replace(os.sep, "/"), name, is_dir):
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

            try:
                self._spec = pathspec.GitIgnoreSpec.from_lines(pats)
            except ValueError:  # git skips a line it cannot read ("!" or "\\" alone): so do we
                self._spec = pathspec.GitIgnoreSpec.from_lines(
                    [p for p in pats if _valid_gitignore_line(pathspec, p)])
        else:
            self._res = [gitignore_re(p) for p in pats]
        # for ``match_entry``: unanchored patterns test a name, the others the path, each
        # kind as one regex
        names, dir_names, paths = [], [], []
        for p in pats if self._spec is None else ():
            anchored, dir_only, core = gitignore_parts(p)
            if anchored:
                paths.append(gitignore_re(p).pattern)
            else:
                (dir_names if dir_only else names).append(core)
        self._names, self._dir_names, self._paths = (
            re.compile("|".join(f"(?:{x})" for x in xs)) if xs else None
            for xs in (names, dir_names, paths))

    def match(self, rel: str) -> bool:
        if self._spec is not None:
            return bool(self._spec.match_file(rel))
        return any(r.fullmatch(rel) for r in self._res)

    def match_entry(self, rel: str, name: str, is_dir: bool) -> bool:
        """``match(rel)`` for an entry of a walk whose folders were matched (and not
        excluded) on the way down: an unanchored pattern can then only match the name."""
        if self._spec is not None:
            return self.match(rel + "/" if is_dir else rel)
        if self._names is not None and self._names.fullmatch(name):
            return True
        if is_dir and self._dir_names is not None and self._dir_names.fullmatch(name):
            return True
        return self._paths is not None and self._paths.fullmatch(rel + "/" if is_dir else rel) is not None


def _valid_gitignore_line(pathspec: Any, line: str) -> bool:
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _candidate(name: str) -> bool:
    """A name the linter may read: a lintable suffix (as ``os.path.splitext`` finds it:
    after the last dot, with something other than dots before it), or a dotenv file."""
    i = name.rfind(".")
    suffix = name[i:].lower() if i > 0 and (name[0] != "." or name[:i].lstrip(".")) else ""
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
