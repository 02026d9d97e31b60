"""The console entry point, and the quick answer for files that cannot hold a finding.

A pre-commit hook passes the staged files; most commits touch none that mentions Bedrock or a
model provider. For them the answer ("All clear") needs only the bytes of the files and the
provider names of the effective policy, not the command line parser, the config loader, the
rule registry or any scanner. ``run`` gives that answer using only ``os`` and ``sys``; anything
it is not sure of returns None and the full command (``cli.main``) runs instead, with the same
output it would always give.

What the effective settings were is taken from a *receipt* that full runs write
(``$XDG_CACHE_HOME/bedrock-lint/quick-1.txt``): per install and config file (or "no config
file"), the policy's provider names and the exclude patterns, with the stamp (size, mtime,
ctime, inode) of everything they were read from: the config and the files it extends (as
named, so that a link pointed elsewhere counts), the policy pack, this package's modules and
built-in packs, and the site-packages folders that plugins are installed into. The config
file itself is found anew on every run (the same search as ``config.find_config``); a
``pyproject.toml`` passed on the way is judged from its bytes when they cannot name our
table, else from a recorded verdict with its stamp. A
stamp that differs, a file that is new, an option, a file whose bytes hold a needle word, or a
Terraform file that calls a module or whose module has a file with a needle word: the full
command runs. The receipt only ever skips work that would have found nothing; deleting it is
always safe.
"""

from __future__ import annotations

import os
import stat
import sys

from . import __version__
from ._files import MAX_BYTES, WIDE_BOMS, Undecided, find_config_file, read_bytes

#: bump when the receipt's format or meaning changes
RECEIPT_NAME = "quick-1.txt"
#: the options that leave the settings and the output of a clean run as they are
QUICK_FLAGS = frozenset({"--force-exclude", "-q", "--quiet"})
#: first words that are other subcommands (``cli.SUBCOMMANDS`` less ``check``)
OTHER_COMMANDS = frozenset({"rules", "rule", "docs", "config", "inventory", "audit", "scaffold"})
#: a file changed this recently may change again within one timestamp tick: not recorded
RACY_SECONDS = 2.0
#: modules whose code decides what the receipt says (an edited checkout invalidates it)
_OWN_MODULES = ("quick.py", "config.py", "policy.py", "modelids.py", "engine.py", "walk.py")
_MAX_SETTINGS, _MAX_VERDICTS, _MAX_REPLAYS = 32, 256, 64
_MAX_RECEIPT = 1 << 20
_FIELD_SEP, _PAIR_SEP = "\x1f", "\x1e"


def main(argv: list[str] | None = None) -> int:
    """``bedrock-lint``: the quick answer when it is certain, or the replay of the same run
    over an unchanged tree (``replay``), else the full command."""
    args = list(sys.argv[1:] if argv is None else argv)
    code = None
    try:
        code = run(args)
        if code is None:
            from .replay import run as replay

            code = replay(args)
    except KeyboardInterrupt:
        print("bedrock-lint: interrupted", file=sys.stderr)
        return 130
    except Exception:  # the quick path is only a shortcut: any doubt runs the full command
        code = None
    if code is not None:
        return code
    from . import early

    if argv is None:  # the process's own entry (and its lanes', which are forked from it):
        import gc  # a lint allocates many short-lived objects and few cycles; collecting

        gc.set_threshold(50_000, 20, 20)  # them every 700 cost 5% of a whole-tree run
    if not args or args[0] not in OTHER_COMMANDS:
        try:
            early.start_for(args)  # a folder run: a lane loads parsers while the rest starts up
        except Exception:
            pass
    try:
        from .cli import main as full_main

        return full_main(args)
    except KeyboardInterrupt:  # (the command reports its own; this is during its import)
        print("bedrock-lint: interrupted", file=sys.stderr)
        return 130
    finally:
        early.discard()
        if argv is None:  # the process's own entry: it exits next
            import gc

            gc.freeze()  # the last collection at exit would walk every object (~10 ms)


# -- the quick answer --------------------------------------------------------------------
def run(args: list[str]) -> int | None:
    """The exit code of ``bedrock-lint ARGS`` when every file named is certainly clean under
    the recorded settings (after printing what the full command prints), else None."""
    if args and args[0] == "check":
        args = args[1:]
    if not args or args[0] in OTHER_COMMANDS:
        return None
    flags = {a for a in args if a.startswith("-")}
    if not flags <= QUICK_FLAGS:
        return None
    at = [i for i, a in enumerate(args) if not a.startswith("-")]
    if not at or at[-1] - at[0] + 1 != len(at):
        return None  # argparse takes one run of paths: a path after an option is an error
    paths = [args[i] for i in at]
    files: list[tuple[str, str]] = []  # (as given, real path)
    for path in paths:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        real = os.path.realpath(path)
        if real.endswith(".tf") and not path.endswith(".tf"):
            return None  # a link to a Terraform file: leave the subtleties to the full command
        files.append((path, real))
    receipt = Receipt.load(receipt_path())
    if receipt is None:
        return None
    found = discover(os.path.dirname(os.path.abspath(paths[0])), receipt.verdict)
    if found is None:
        return None
    key, root = found
    recorded = receipt.settings.get(_settings_key(key))
    if recorded is None or not recorded.current():
        return None
    needles = recorded.needles()
    force_exclude = "--force-exclude" in flags
    excludes = recorded.exclude_matcher() if force_exclude else None
    if force_exclude and excludes is None:
        return None  # a pattern this module does not match itself
    if force_exclude and root is None:
        root = _project_root(os.path.dirname(os.path.abspath(paths[0])))
    seen: set[str] = set()
    for path, real in files:
        if excludes is not None and excludes(_relative(real, path, root or "")):
            continue
        if real in seen:
            continue
        seen.add(real)
        data = _read(path)
        if data is None or data.startswith(WIDE_BOMS) or any(n in data for n in needles):
            return None
        if path.endswith(".tf") and (b"module" in data or not _module_clean(path, needles)):
            return None  # calls a module, or its module's files may hold what it uses
    if not ({"-q", "--quiet"} & flags):
        n = len(seen)
        sys.stdout.write(f"All clear: no findings in {n} file{'s' if n != 1 else ''}.\n")
        sys.stdout.flush()
    return 0


#: this install's package folder: receipts are per install (two installs of one version, a
#: pre-commit environment and a checkout, may differ in code)
_HERE = os.path.dirname(os.path.abspath(__file__))


def _settings_key(config_key: str) -> str:
    return f"{_HERE}{_PAIR_SEP}{config_key}"


def _install_deps() -> list[str]:
    """What decides the needles and rules besides the config: this package's modules, the
    folder of the built-in policy packs, and the site-packages folders that hold plugins
    (``bedrock_lint.rules`` entry points: installing or removing one changes the folder)."""
    deps = [os.path.join(_HERE, m) for m in _OWN_MODULES]
    for packs in (os.path.join(_HERE, "policy_packs"),
                  os.path.join(os.path.dirname(os.path.dirname(_HERE)), "rules")):
        if os.path.isdir(packs):
            deps.append(packs)
            break
    deps += [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)]
    return deps


def _module_clean(path: str, needles: list[bytes]) -> bool:
    """True when no ``.tf``/``.tfvars`` file beside ``path`` can give it a value a rule would
    report: each is readable UTF-8-or-ASCII-compatible and holds no needle (the linter's check,
    ``Linter._module_needle``, looks for candidates in their text, and every candidate
    contains a needle)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    for name in names:
        if name.endswith((".tf", ".tfvars")):
            data = _read(os.path.join(folder, name))
            if data is None or data.startswith(WIDE_BOMS) or any(n in data for n in needles):
                return False
    return True


def _read(path: str) -> bytes | None:
    """A regular file's bytes as the linter reads them, or None (unreadable, too large)."""
    try:
        return read_bytes(path, regular_only=True)
    except OSError:
        return None


def receipt_path() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "bedrock-lint", RECEIPT_NAME)


def stamp(path: str) -> str:
    """What a file's identity and content version look like from outside, or ``-``."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def discover(folder: str, verdict) -> tuple[str, str | None] | None:  # type: ignore[no-untyped-def]
    """The config search of ``config.find_config`` from ``folder``: the receipt key (the
    config's real path, or ``-``) and, with a config, the project root (its folder). A
    ``pyproject.toml`` that may be ours is judged by ``verdict(real path)``; None (no verdict,
    or unreadable) leaves the answer unknown: None."""
    def ours(path: str, data: bytes | None) -> bool | None:
        return None if data is None else verdict(os.path.realpath(path))

    try:
        found = find_config_file(folder, ours)
    except Undecided:
        return None
    if found is None:
        return "-", None
    real = os.path.realpath(found)
    return real, os.path.dirname(real)


def _project_root(folder: str) -> str:
    """``config.project_root``: the enclosing git work tree, else the working directory when
    inside it, else the folder."""
    here = os.path.realpath(folder)
    probe = here
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    cwd = os.path.realpath(os.getcwd())
    inside = here == cwd or here.startswith(cwd.rstrip("/") + "/")
    return cwd if inside else here


def _relative(real: str, given: str, root: str) -> str:
    """``Walker._rel``: the resolved path relative to the root, else the path as given."""
    prefix = root.rstrip("/") + "/"
    if root and real.startswith(prefix):
        return real[len(prefix):]
    parts = [p for i, p in enumerate(given.split("/")) if p not in ("", ".") or (i == 0 and not p)]
    return "/".join(parts) or "."  # as ``Path(given).as_posix()``


def _glob_match(name: str, pattern: str) -> bool:
    """A path component against a pattern whose only wildcard is ``*``."""
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return name == pattern
    first, last = pieces[0], pieces[-1]
    if len(name) < len(first) + len(last) or not name.startswith(first) or not name.endswith(last):
        return False
    at, end = len(first), len(name) - len(last)
    for piece in pieces[1:-1]:
        found = name.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


class Recorded:
    """What a full run recorded for one config: provider names, excludes, dependencies."""

    def __init__(self, providers: list[str], excludes: list[str], deps: list[tuple[str, str]]):
        self.providers, self.excludes, self.deps = providers, excludes, deps

    def current(self) -> bool:
        return all(stamp(path) == was for was, path in self.deps)

    def needles(self) -> list[bytes]:
        """``Grammar.may_hold_finding``'s literals."""
        return [b"nference", b"bedrock", *(p.encode() + b"." for p in self.providers)]

    def exclude_matcher(self):  # type: ignore[no-untyped-def]
        """A matcher for the patterns when all are plain unanchored names (as the defaults
        are), else None: the walker's gitignore semantics for the rest are not copied here."""
        names: list[tuple[str, bool]] = []
        for line in self.excludes:
            pat = line.strip()
            if not pat or pat.startswith("#"):
                continue
            if any(c in pat for c in "![?\\") or "**" in pat:
                return None
            if pat.startswith("/") or "/" in pat.strip("/"):
                return None  # anchored
            names.append((pat.strip("/"), pat.endswith("/")))

        def excluded(rel: str) -> bool:
            parts = rel.split("/")
            for core, dir_only in names:
                for i, part in enumerate(parts):
                    if dir_only and i == len(parts) - 1:
                        break
                    if _glob_match(part, core):
                        return True
            return False

        return excluded


class Receipt:
    """The receipt file: a version line, then ``P`` (a pyproject.toml's verdict), ``S`` (one
    config's settings) and ``R`` (where a whole run's replay is, ``replay``) lines,
    tab-separated, newest last."""

    def __init__(self) -> None:
        self.verdicts: dict[str, tuple[str, bool]] = {}  # real path -> (stamp, ours)
        self.settings: dict[str, Recorded] = {}
        self.replays: dict[str, str] = {}  # run key digest -> replay file
        self.lines: dict[str, str] = {}  # record key -> line, in file order
        self.text = ""  # as read, when it was this version's

    @classmethod
    def load(cls, path: str, *, any_version: bool = False) -> Receipt | None:
        try:
            with open(path, encoding="utf-8", errors="surrogateescape") as fh:
                text = fh.read(_MAX_RECEIPT + 1)
        except (OSError, ValueError):
            return None
        if len(text) > _MAX_RECEIPT or not text.endswith("\n"):
            return cls() if any_version else None  # damaged or cut short: start again
        lines = text[:-1].split("\n")
        receipt = cls()
        if lines[0] != f"V\t{__version__}":  # another version's: nothing in it holds
            return receipt if any_version else None
        receipt.text = text
        for line in lines[1:]:
            fields = line.split("\t")
            if fields[0] == "P" and len(fields) == 4:
                receipt.verdicts[fields[1]] = (fields[2], fields[3] == "1")
                receipt.lines["P\t" + fields[1]] = line
            elif fields[0] == "S" and len(fields) == 5:
                deps = []
                for pair in filter(None, fields[4].split(_FIELD_SEP)):
                    was, _, dep = pair.partition(_PAIR_SEP)
                    deps.append((was, dep))
                receipt.settings[fields[1]] = Recorded(
                    [p for p in fields[2].split(",") if p],
                    [e for e in fields[3].split(_FIELD_SEP) if e], deps)
                receipt.lines["S\t" + fields[1]] = line
            elif fields[0] == "R" and len(fields) == 3:
                receipt.replays[fields[1]] = fields[2]
                receipt.lines["R\t" + fields[1]] = line
        return receipt

    def verdict(self, real: str) -> bool | None:
        known = self.verdicts.get(real)
        if known is None or known[0] != stamp(real):
            return None
        return known[1]


# -- writing the receipt (called by a full run) ------------------------------------------
def record(settings, start: str) -> None:  # type: ignore[no-untyped-def]
    """Record what ``settings`` (loaded for the folder ``start`` with no option changing them)
    need from the files they were read from. Never raises; skips anything it cannot vouch
    for (a file changed in the last seconds, a path with a separator in it)."""
    try:
        _record(settings, start)
    except Exception:  # a cache of a shortcut: failing to write it changes nothing
        pass


def _record(settings, start: str) -> None:  # type: ignore[no-untyped-def]
    import time

    path = receipt_path()
    receipt = Receipt.load(path, any_version=True) or Receipt()
    now = time.time()
    lines = dict(receipt.lines)
    key = os.path.realpath(settings.config_path) if settings.config_path else "-"

    def fresh(dep: str) -> bool:
        try:
            st = os.stat(dep)
        except OSError:
            return True
        return now - max(st.st_mtime, st.st_ctime) < RACY_SECONDS

    # the pyproject.toml files the search passes, with their verdicts (as find_config gave)
    verdicts: dict[str, bool] = {}

    def judge(real: str) -> bool | None:
        ours = real == key
        verdicts[real] = ours
        return ours

    found = discover(start, judge)
    if found is None or found[0] != key:
        return  # this search and the config loader disagree: record nothing
    for real, ours in verdicts.items():
        if fresh(real) or any(c in real for c in "\t\n\r"):
            return
        lines["P\t" + real] = f"P\t{real}\t{stamp(real)}\t{int(ours)}"
    # the files as the settings named them, not resolved: a link pointed elsewhere has
    # another stamp
    deps = [*(str(p) for p in settings.sources), settings.policy.source, *_install_deps()]
    pairs = []
    for dep in dict.fromkeys(os.path.abspath(d) for d in deps if d):
        if fresh(dep):
            return
        pairs.append(f"{stamp(dep)}{_PAIR_SEP}{dep}")
    providers = ",".join(settings.policy.providers)
    patterns = (*settings.exclude, *settings.extend_exclude)
    fields = [_settings_key(key), providers, _FIELD_SEP.join(patterns), _FIELD_SEP.join(pairs)]
    if any(c in f for f in fields for c in "\t\n\r") or any(
            _PAIR_SEP in p or _FIELD_SEP in p for p in (*patterns, *settings.policy.providers)):
        return
    lines.pop("S\t" + fields[0], None)  # newest last
    lines["S\t" + fields[0]] = "S\t" + "\t".join(fields)
    _write(path, receipt, lines)


def remember_replay(digest: str, replay_file: str) -> None:
    """Point the receipt at the replay of the run whose key has this digest (``replay``)."""
    if any(c in replay_file for c in "\t\n\r"):
        return
    path = receipt_path()
    receipt = Receipt.load(path, any_version=True) or Receipt()
    lines = dict(receipt.lines)
    lines.pop("R\t" + digest, None)  # newest last
    lines["R\t" + digest] = f"R\t{digest}\t{replay_file}"
    _write(path, receipt, lines)


def _write(path: str, receipt: Receipt, lines: dict[str, str]) -> None:
    """Write the receipt with ``lines`` (the newest of each kind), unless nothing changed."""
    keep: set[str] = set()
    for kind, most in (("S\t", _MAX_SETTINGS), ("P\t", _MAX_VERDICTS), ("R\t", _MAX_REPLAYS)):
        keep.update([k for k in lines if k.startswith(kind)][-most:])
    body = "\n".join([f"V\t{__version__}", *(v for k, v in lines.items() if k in keep)]) + "\n"
    if body == receipt.text or len(body) > _MAX_RECEIPT:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(body)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
