"""Whole-run replay: a re-run over a tree in which nothing changed prints what the last run
printed, without walking the tree, reading a file or importing the linter.

The result cache (``cache``) spares a re-run its parsing, but every file must still be found,
read and judged. A full run of folders with the settings as configured (options that only
choose the report format, ``-j``, ``-q``, ``--exit-zero`` and ``--force-exclude`` aside) writes
``run-<key>.txt`` into the cache folder, so that deleting the cache deletes it too. It holds
the run's output and exit code, and the stamp (size, mtime, ctime) of everything the output was
read from:

* every folder the walk listed (a file added, removed or renamed changes its folder's stamp)
  and every ``.gitignore`` it tried; the folder that holds the cache folder, whose stamp the
  cache itself changes, by its listing instead;
* every file linted, and every other file a lint read (Terraform siblings and modules,
  ``samconfig.toml``, ``AGENTS.md``, including the ones that were absent); when a result used
  the project's Terraform module calls, every folder and ``.tf`` file they were read from;
* the settings' own files (config, the files it extends, the policy pack), the site-packages
  folders plugins are installed into, and this package's modules. The config search is run
  again with the quick path's receipt (``quick``) and its pyproject verdicts; the receipt also
  points from the run's key (install, interpreter, working directory, arguments) to the file.

A stamp that differs, a folder listed otherwise, a path that now resolves elsewhere: the
full command runs (and records anew). Nothing is recorded when the run wrote to stderr (a
worker's warning, like a cache hit's, is not repeated), could not read a folder, exited with
an error, had a result that may not repeat (``engine.repeatable``: an internal error, a parse
out of time), named only files (pre-commit names others on every commit), or read anything
changed less than two seconds before it began (a same-size edit within the clock tick would go
unseen).
"""

from __future__ import annotations

import os
import sys
from operator import itemgetter

from . import __version__
from ._files import listing

FORMAT = 1
PREFIX = "run-"
#: replay files kept per cache folder (pre-commit passes another file list on every commit)
MAX_RUNS = 16
#: options of a run that may be recorded: they change what is printed, not what is found
FLAGS = frozenset({"--format", "-f", "--jobs", "-j", "--quiet", "-q", "--exit-zero",
                   "--force-exclude"})
_HERE = os.path.dirname(os.path.abspath(__file__))


def run_key(args: list[str]) -> str:
    """What decides a run's output besides the files: install, interpreter, folder, and the
    arguments of the check command (without the word ``check``)."""
    return "\x1f".join([_HERE, sys.version, os.getcwd(), *args])


def digest(key: str) -> str:
    import hashlib

    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _stamp(path: str) -> str:
    """``_format_stamp(cache.stamp(path))``, without building the tuple (11,000 of them a run)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _format_stamp(stamp: tuple[int, ...] | None) -> str:
    if stamp is None:
        return "-"
    return f"{stamp[0]}:{stamp[1]}:{stamp[2]}" if len(stamp) == 3 else ":".join(map(str, stamp[:3]))


def _kind(path: str) -> str:
    return "d" if os.path.isdir(path) else "f" if os.path.isfile(path) else "-"


def _current_listing(folder: str, dropped: str) -> list[str] | None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return None
    return _without(listing(entries), dropped)


def _without(names: list[str], dropped: str) -> list[str]:
    """A listing less the entry ``dropped`` (whatever its kind)."""
    return [n for n in names if n.rstrip("/?@") != dropped]


# -- replaying ----------------------------------------------------------------------------
def run(args: list[str]) -> int | None:
    """The exit code of ``bedrock-lint ARGS`` after printing what its recorded run printed,
    when nothing it was read from has changed; else None."""
    from . import quick

    receipt = quick.Receipt.load(quick.receipt_path())
    if receipt is None:
        return None
    key = run_key(args[1:] if args and args[0] == "check" else args)  # as ``cli.main`` strips it
    where = receipt.replays.get(digest(key))
    if where is None:
        return None
    try:
        with open(where, encoding="utf-8", errors="surrogateescape", newline="") as fh:
            text = fh.read()
    except OSError:
        return None
    head, sep, out = text.partition("\nO\t")
    size, _, out = out.partition("\n")
    lines = head.split("\n")
    if (not sep or lines[0] != f"V\t{FORMAT}\t{__version__}" or lines[1] != f"K\t{key}"
            or size != str(len(out))):
        return None  # another version's, another run's (a digest shared), or cut short
    code = None
    for line in lines[2:]:
        tag, _, rest = line.partition("\t")
        if tag == "S":
            was, _, path = rest.partition("\t")
            if _stamp(path) != was:
                return None
        elif tag == "A":
            arg, kind, real = rest.split("\t")
            if _kind(arg) != kind or os.path.realpath(arg) != real:
                return None
        elif tag == "C":  # the config search from the first path, and the settings it found
            config_key, root, start = rest.split("\t")
            found = quick.discover(start, receipt.verdict)  # the settings' files: S lines
            if found is None or found[0] != config_key:
                return None
            if (found[1] or quick._project_root(start)) != root:
                return None
        elif tag == "L":
            folder, dropped, names = rest.split("\t")
            if _current_listing(folder, dropped) != (names.split("\x1f") if names else []):
                return None
        elif tag == "X":
            code = int(rest)
        else:
            return None
    if code is None:
        return None
    stdout = sys.stdout
    if hasattr(stdout, "reconfigure") and getattr(stdout, "errors", "") == "strict":
        stdout.reconfigure(errors="surrogateescape")
    stdout.write(out)
    stdout.flush()
    return code


# -- recording (called by a full run) -----------------------------------------------------
class StderrWatch:
    """Stands in for ``sys.stderr`` during a run that may be recorded: a run that warned
    is not replayed (the replay prints stdout only)."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.stream, self.written = stream, False

    def write(self, text: str) -> int:
        if text:
            self.written = True
        return self.stream.write(text)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.stream, name)


def record(args: list[str], *, settings, walker, inputs: dict, cache_dir: str,  # type: ignore[no-untyped-def]
           paths: list[str], start: str, out: str, code: int, started_ns: int) -> None:
    """Write the replay of this run (see the module docstring). Never raises: a replay is
    a shortcut, and anything it cannot vouch for is simply not recorded."""
    try:
        _record(args, settings, walker, inputs, cache_dir, paths, start, out, code, started_ns)
    except Exception:
        pass


def _record(args, settings, walker, inputs, cache_dir, paths, start, out, code, started_ns):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from . import quick
    from ._files import stamp_of
    from .cache import RACY_NS, make_dir, stamp
    from .engine import ModuleCalls
    from .scanners import local_module_calls

    if walker.errors or not any(os.path.isdir(p) for p in paths):
        return
    make_dir(Path(cache_dir))
    stamps: dict[str, tuple[int, ...] | None] = dict(inputs)
    if stamps.pop(ModuleCalls.KEY, None) is not None:
        # (the engine gives the files the module calls were read from in place of their
        # digest; when it could not) the folders and .tf files they are read from, as they
        # are now (the same walk, reading nothing): what changed since is newer than the run
        def read_text(path):  # type: ignore[no-untyped-def]
            stamps[str(path)] = stamp(str(path))

        folders: list[str] = []
        local_module_calls(settings.root, read_text, folders)
        stamps.update((f, stamp(f)) for f in folders)
    for real, st in walker.folders:
        stamps[real] = stamp_of(st)
    stamps.update((g, stamp(g)) for g in walker.gitignores)
    # what the receipt's settings line is checked against: that line is rewritten by every
    # run with these settings, so the replay keeps the stamps its own output came from
    for dep in (*map(str, settings.sources), settings.policy.source, *quick._install_deps()):
        if dep:
            stamps[os.path.abspath(dep)] = stamp(dep)
    for folder, _, names in os.walk(_HERE):  # the rules, scanners and reporters too
        stamps.update((os.path.join(folder, n), stamp(os.path.join(folder, n)))
                      for n in names if n.endswith(".py"))
    # the folder that holds the cache: by its listing, less the cache (which the run made)
    holder, dropped = os.path.split(os.path.realpath(cache_dir))
    lines, listed = [], []
    if holder in walker.listings:
        listed = _without(walker.listings[holder], dropped)
        if _current_listing(holder, dropped) != listed:
            return
        stamps.pop(holder, None)
        lines.append(f"L\t{holder}\t{dropped}\t" + "\x1f".join(listed))
    elif holder in stamps:  # stamped by a lane, perhaps before the run made the cache there:
        stamps[holder] = stamp(holder)  # as it is now (a change in the run is newer than it)
    # (11,000 stamps a run: each pass in C where it can be)
    known = [s for s in stamps.values() if s]
    newest = max(max(map(itemgetter(1), known), default=0),
                 max(map(itemgetter(2), known), default=0))
    # the cache's racy window, or the quick path's where longer (2 s mtimes on FAT and SMB)
    if started_ns - newest < max(RACY_NS, int(quick.RACY_SECONDS * 1e9)):
        return
    config_key = os.path.realpath(settings.config_path) if settings.config_path else "-"
    key = run_key(args)
    head = [f"V\t{FORMAT}\t{__version__}", f"K\t{key}", f"X\t{code}",
            f"C\t{config_key}\t{settings.root}\t{start}"]
    head += [f"A\t{p}\t{_kind(p)}\t{os.path.realpath(p)}" for p in paths]
    head += lines
    head += [f"S\t{_format_stamp(s)}\t{p}" for p, s in stamps.items()]
    named = "".join((*stamps, *paths, *args, os.getcwd(), holder, *listed))
    if "\t" in named or "\n" in named or "\x1f" in named:
        return  # the separators of the file's lines and fields
    body = "\n".join(head)
    name = os.path.join(cache_dir, f"{PREFIX}{digest(key)}.txt")
    tmp = f"{name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(f"{body}\nO\t{len(out)}\n{out}")
        os.replace(tmp, name)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _prune(cache_dir)
    quick.remember_replay(digest(key), name)


def _prune(cache_dir: str) -> None:
    """Keep the newest ``MAX_RUNS`` replay files."""
    import re

    _OWN_NAME = re.compile(re.escape(PREFIX) + r"[0-9a-f]{24}\.txt")
    runs = []
    for entry in os.scandir(cache_dir):
        if _OWN_NAME.fullmatch(entry.name):  # never a file of the user's (``cache-dir = "."``)
            runs.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(runs)[:-MAX_RUNS]:
        os.unlink(path)
