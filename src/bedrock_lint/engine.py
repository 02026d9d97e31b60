"""Route files to scanners, run the rules, apply suppressions, sort the findings."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import LOG_FORMAT, cache, isolate, scanners, suppress
from .config import Settings
from .facts import Document, Use
from .findings import Finding, Severity
from .modelids import DEFAULT_GRAMMAR
from .registry import all_rules
from .rules._base import Context, Rule
from .globs import globmatch
from ._files import MAX_BYTES, WIDE_BOMS as _WIDE_BOMS, decode
from ._files import read_stamped as _read_stamped

if TYPE_CHECKING:
    from .early import EarlyLane

LOG = logging.getLogger(__name__)

_PARALLEL_MIN_FILES = 24
#: neighbour files (Terraform siblings, AGENTS.md, samconfig.toml) kept in memory per process
_TEXT_CACHE_FILES = 512


@dataclass(frozen=True)
class FileJob:
    path: str  # as displayed in findings
    real: str  # filesystem path
    explicit: bool = False


_UNREAD = object()
#: the start of the message for a file that cannot be read: such a result is not cached
#: (making a file readable changes neither its size nor its mtime)
CANNOT_READ = "cannot read file: "


class Deferred(Exception):
    """Raised by a ``Linter`` whose ``owned`` formats do not include the file's: another
    worker, which has that format's parser loaded, is to lint it."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self.fmt = fmt


class _Timeout(BaseException):
    """The per-file time limit. Not an ``Exception``: code that catches those (cfn-lint's
    decoder, per-block recovery in a scanner) must not swallow it."""


def _decode_position(data: bytes, exc: UnicodeError) -> tuple[int, int]:
    """1-based line and column of the first byte that does not decode (UTF-8 files)."""
    start = getattr(exc, "start", None)
    if not isinstance(start, int) or data.startswith(_WIDE_BOMS):
        return 1, 1
    offset = start - 3 if data.startswith(b"\xef\xbb\xbf") else start
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    line = body.count(b"\n", 0, offset) + 1
    line_start = body.rfind(b"\n", 0, offset) + 1
    col = len(body[line_start:offset].decode("utf-8", "replace")) + 1
    return line, col


def _read_text(path: Path, stamps: dict[str, cache.Stamp] | None = None) -> str | None:
    """A neighbour file's text, or None (missing, unreadable, not a regular file, too large).
    ``stamps``, when given, receives its stamp as it was read (as it is, if it was not)."""
    key = str(path)
    try:
        data, stamp = _read_stamped(key, regular_only=True)
    except OSError:
        if stamps is not None:
            stamps[key] = cache.stamp(key)
        return None
    if stamps is not None:
        stamps[key] = stamp
    try:
        return decode(data)
    except UnicodeError:
        return None


class ModuleCalls:
    """The project's local Terraform module calls (``scanners.local_module_calls``), computed
    once per run and only when asked. A lint that used them depends on all of them: the
    cache records that as the pseudo-file ``KEY`` with ``stamp()``, a digest of the set."""

    KEY = "<terraform local module calls>"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._value: frozenset[str] | None = None
        #: what the set was read from: each folder listed and ``.tf`` file read, with its
        #: stamp (a whole-run replay checks these instead of the digest)
        self.read: dict[str, cache.Stamp] = {}

    def get(self) -> frozenset[str]:
        if self._value is None:
            read: dict[str, cache.Stamp] = {}
            folders: list[str] = []
            value = scanners.local_module_calls(self.root, lambda p: _read_text(p, read), folders)
            read.update((f, cache.stamp(f)) for f in folders)
            self._value, self.read = value, read
        return self._value

    def stamp(self) -> cache.Stamp:
        digest = hashlib.sha256("\n".join(sorted(self.get())).encode("utf-8", "surrogateescape"))
        return (len(self.get()), int.from_bytes(digest.digest()[:7], "big"))


class Linter:
    """Lints files with one ``Settings``. Stateless across files; safe to use in workers."""

    def __init__(self, settings: Settings, debug: bool = False,
                 module_calls: ModuleCalls | None = None) -> None:
        self.settings = settings
        self.debug = debug
        self.rules: list[Rule] = [r() for r in all_rules() if settings.enabled(r.code)]
        self.known_codes = {r.code for r in all_rules()}
        self.grammar = settings.policy.grammar
        #: the broad needle (any provider or Bedrock word), for the caller inventory
        self.needle = self.grammar.needle()
        self._text_cache: dict[Path, str | None] = {}
        #: folder -> (a module file holds a candidate, the files that answer was read from)
        self._module_hits: dict[str, tuple[bool, dict[str, cache.Stamp]]] = {}
        #: other files read while linting the current file (for the result cache)
        self._deps: dict[str, cache.Stamp] | None = None
        #: the current file's stamp when it was opened
        self._own: Any = _UNREAD
        self.module_calls = module_calls or ModuleCalls(settings.root)
        #: the formats this linter parses; a file of another format raises ``Deferred``
        #: (None: all). A worker parses the formats of its lane and defers the others.
        self.owned: frozenset[str] | None = None

    # -- helpers -------------------------------------------------------------------------
    def relpath(self, real: str) -> str:
        try:
            return Path(os.path.abspath(real)).relative_to(self.settings.root).as_posix()
        except ValueError:
            return Path(real).as_posix()

    def is_test(self, rel: str) -> bool:
        return any(globmatch(rel, pat) for pat in self.settings.test_paths)

    def read_text(self, path: Path) -> str | None:
        key = Path(os.path.abspath(path))
        self.depend_on(str(key))
        if key not in self._text_cache:
            if len(self._text_cache) >= _TEXT_CACHE_FILES:
                self._text_cache.clear()  # bounded memory on huge trees; re-reading is cheap
            self._text_cache[key] = _read_text(key)
        return self._text_cache[key]

    def depend_on(self, path: str) -> None:
        """The current file's facts depend on ``path``: a file read, or a folder whose entries
        were listed (its stamp changes when one is added or removed)."""
        if self._deps is not None:
            key = os.path.abspath(path)
            if key not in self._deps:
                self._deps[key] = cache.stamp(key)

    def local_module_calls(self) -> frozenset[str]:
        if self._deps is not None:
            self._deps[ModuleCalls.KEY] = self.module_calls.stamp()
        return self.module_calls.get()

    def _module_needle(self, real: str) -> bool:
        """A Terraform file takes values from its module's other files (``MODEL_ID =
        var.model`` with the default in variables.tf): the needle may be in a sibling."""
        if not real.endswith(".tf"):
            return False
        folder = os.path.dirname(os.path.abspath(real))
        known = self._module_hits.get(folder)
        if known is None:
            outer, self._deps = self._deps, {folder: cache.stamp(folder)}  # a file added
            hit = False
            try:
                try:
                    names = sorted(os.listdir(folder))
                except OSError:
                    names = []
                for name in names:
                    if name.endswith((".tf", ".tfvars")):
                        text = self.read_text(Path(folder) / name)
                        if text is not None and self.grammar.holds_candidate(text):
                            hit = True
                            break
                known = self._module_hits[folder] = (hit, self._deps)
            finally:
                self._deps = outer
        if self._deps is not None:
            self._deps.update(known[1])  # what the answer was read from
        return known[0]

    def agents_md(self, real: str) -> str | None:
        folder = Path(os.path.abspath(real)).parent
        root = self.settings.root
        for candidate in (folder, *folder.parents):
            text = self.read_text(candidate / "AGENTS.md")
            if text is not None:
                return text
            self.depend_on(str(candidate))  # a .git made there ends the search
            if candidate == root or (candidate / ".git").exists():
                break
        return None

    def _error(self, job: FileJob, code: str, message: str, line: int = 1, col: int = 1,
               severity: Severity = Severity.ERROR) -> Finding:
        rule = next((r for r in all_rules() if r.code == code), None)
        return Finding(job.path, line, col, code, message, severity,
                       rule.name if rule else code, url=rule.url() if rule else "")

    # -- one file ------------------------------------------------------------------------
    def lint_file_recorded(self, job: FileJob) -> tuple[list[Finding], cache.Stamp, dict[str, cache.Stamp]]:
        """Lint one file and say what it depended on: its own stamp, taken before it was read
        (an edit after that gives it a newer one), and every other file read."""
        pre = None
        if not job.real.endswith(".tf"):  # the pre-filter's usual answer, without the layers
            try:
                pre = _read_stamped(job.real)
            except OSError:
                pass  # reported below
            else:
                if not pre[0].startswith(_WIDE_BOMS) and not self.grammar.may_hold_finding(pre[0]):
                    return [], pre[1], {}
        self._deps, self._own = {}, _UNREAD
        try:
            findings = self.lint_file(job, pre)
            deps, own = self._deps, self._own
        finally:
            self._deps = None
        if own is _UNREAD:  # not opened: as it is now (a file that cannot be read is not cached)
            own = cache.stamp(job.real)
        if deps:
            deps.pop(os.path.abspath(job.real), None)
        return findings, own, deps  # type: ignore[return-value]

    def lint_file(self, job: FileJob,
                  pre: tuple[bytes, cache.Stamp] | None = None) -> list[Finding]:
        """``job``'s findings (``pre``: its bytes and stamp, when already read)."""
        try:
            return self._lint_file(job, pre)
        except Deferred:
            raise
        except Exception as exc:  # last line of defence: never a traceback for user input
            LOG.debug("internal error on %s", job.path, exc_info=True)
            detail = traceback.format_exc() if self.debug else f"{type(exc).__name__}: {exc}"
            return [self._error(job, "BRL002", f"internal error while linting: {detail}")]

    def _lint_file(self, job: FileJob, pre: tuple[bytes, cache.Stamp] | None) -> list[Finding]:
        try:
            data, self._own = pre if pre is not None else _read_stamped(job.real)
        except OSError as exc:
            return [self._error(job, "BRL001", f"{CANNOT_READ}{exc.strerror or exc}")]
        wide = data.startswith(_WIDE_BOMS)  # UTF-16/32: the pre-filter reads the decoded text
        # a Terraform file that calls a local module is judged with it: profiles declared
        # there are reported at the call
        tf_call = job.real.endswith(".tf") and b"module" in data
        if (not wide and not tf_call and not self.grammar.may_hold_finding(data)
                and not self._module_needle(job.real)):
            return []  # nothing here can be a Bedrock model reference or profile
        if b"\x00" in data[:8192] and not wide:
            return []  # binary
        try:
            text = decode(data)
        except UnicodeError as exc:
            at = _decode_position(data, exc)
            return [self._error(job, "BRL001", f"file is not valid UTF-8 text ({exc.reason})", *at)]
        tf_call = tf_call and scanners.LOCAL_MODULE_SOURCE.search(text) is not None
        if not tf_call and not self.grammar.holds_candidate(text) and not self._module_needle(job.real):
            return []  # mentions a provider or Bedrock, but nothing a rule could report
        fmt = scanners.format_for(job.real, text[:65536])
        if fmt is None:
            return []
        if len(data) > MAX_BYTES:
            return [self._error(job, "BRL001",
                                f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; not parsed")]
        if self.owned is not None and fmt not in self.owned:
            raise Deferred(fmt)
        scan = scanners.load(fmt)
        if scan is None:
            return []
        rel = self.relpath(job.real)
        ctx = scanners.ScanContext(self.settings.policy, self.settings.root, self.read_text,
                                   self.local_module_calls, self.depend_on)
        try:
            if fmt == "python" and isolate.available() and isolate.risky_python(text):
                # libcst parses in native code: no signal interrupts it, and deep nesting
                # overflows its stack. Such a file is scanned in a child that can be killed.
                doc = isolate.run(lambda: scan(job.path, text, ctx), self.settings.timeout)
            else:
                with _time_limit(self.settings.timeout):
                    doc = scan(job.path, text, ctx)
        except isolate.ChildTimeout:
            return [self._error(job, "BRL001",
                                f"parsing took longer than {self.settings.timeout:g}s; file skipped")]
        except isolate.ChildCrashed as exc:
            return [self._error(job, "BRL001", f"the parser crashed on this file ({exc.how}); "
                                "it is nested too deeply or too large to parse")]
        except scanners.ScanError as exc:
            return self._apply_suppressions(
                job, text, [self._error(job, "BRL001", exc.message, exc.line, exc.col)])
        except _Timeout:
            return [self._error(job, "BRL001",
                                f"parsing took longer than {self.settings.timeout:g}s; file skipped")]
        except RecursionError:
            return [self._error(job, "BRL001", "file is nested too deeply to parse")]
        doc.is_test = self.is_test(rel)
        findings = _unique(self._run_rules(doc, job, rel))
        return self._apply_suppressions(job, text, findings)

    def _run_rules(self, doc: Document, job: FileJob, rel: str) -> Iterator[Finding]:
        agents: str | None = None
        if any(r.use is Use.FALLBACK for r in doc.refs):
            agents = self.agents_md(job.real) or ""
        for rule in self.rules:
            if doc.fmt not in rule.formats or (doc.is_test and not rule.in_tests):
                continue
            rs = self.settings.rule_settings(rule.code)
            options = {k: o.default for k, o in rule.options.items()} | rs.options
            ctx = Context(self.settings.policy, options, rs.severity or rule.severity, agents, rel)
            try:
                yield from rule.check(doc, ctx)
            except Exception as exc:
                LOG.debug("rule %s failed on %s", rule.code, job.path, exc_info=True)
                detail = traceback.format_exc() if self.debug else f"{type(exc).__name__}: {exc}"
                yield self._error(job, "BRL002", f"rule {rule.code} {rule.name} failed: {detail}")

    def _apply_suppressions(self, job: FileJob, text: str, findings: list[Finding]) -> list[Finding]:
        rel = self.relpath(job.real)
        ignored = {c for glob, codes in self.settings.per_file_ignores if globmatch(rel, glob)
                   for c in codes}
        findings = [f for f in findings if not any(f.code.startswith(c) for c in ignored)]
        # a finding may sit in another file (a tag written in providers.tf): that file's
        # suppression comments decide; unused-suppression checks stay with each file's own run
        elsewhere = [f for f in findings if f.path != job.path]
        findings = [f for f in findings if f.path == job.path]
        kept_elsewhere = [f for f in elsewhere if not self._suppressed_elsewhere(f)]
        return sorted(self._suppress_own(job, text, findings) + kept_elsewhere)

    def _suppressed_elsewhere(self, f: Finding) -> bool:
        text = self.read_text(Path(f.path))
        if text is None:
            return False
        return any(m.line == f.line and f.code in m.codes for m in suppress.parse(text))

    def _suppress_own(self, job: FileJob, text: str, findings: list[Finding]) -> list[Finding]:
        rel = self.relpath(job.real)
        ignored = {c for glob, codes in self.settings.per_file_ignores if globmatch(rel, glob)
                   for c in codes}
        marks = suppress.parse(text)
        if not marks:
            return findings
        by_line: dict[int, list[suppress.Suppression]] = {}
        for mark in marks:
            by_line.setdefault(mark.line, []).append(mark)
        used: set[tuple[int, str]] = set()
        kept = []
        for f in findings:
            hit = next((m for m in by_line.get(f.line, []) if f.code in m.codes), None)
            if hit is not None and f.code not in ("BRL003", "BRL004"):
                used.add((hit.line, f.code))
            else:
                kept.append(f)
        extra = []
        for mark in marks:
            if not mark.codes:
                extra.append(self._error(job, "BRL003", "suppression names no rule codes",
                                         mark.line, mark.col, Severity.WARNING))
                continue
            for code in mark.codes:
                if code not in self.known_codes:
                    extra.append(self._error(job, "BRL003", f"suppression names unknown code {code!r}",
                                             mark.line, mark.col, Severity.WARNING))
                elif (mark.line, code) not in used and self.settings.enabled(code):
                    extra.append(self._error(job, "BRL004", f"suppression of {code} is unused",
                                             mark.line, mark.col, Severity.WARNING))
        extra = [f for f in extra if self.settings.enabled(f.code)
                 and not any(f.code.startswith(c) for c in ignored)]
        return kept + extra


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule and position: a value that reaches two sinks is one problem."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for f in findings:
        key = (f.line, f.col, f.code)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _raise)
    # after the limit, again every 50 ms until the file is left: one that a ``finally`` or a
    # ``__del__`` running at that moment loses is delivered again
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        while True:  # a limit that fires while this runs must not escape it
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except _Timeout:
                continue


# -- many files -------------------------------------------------------------------------------
_WORKER: Linter | None = None
_READ_SENT = False
#: a worker takes over another lane's format (and loads its parser) only for this many files
_STEAL_MIN = 8
_DEFERRED_BATCH = 8
_IN_FLIGHT = 2
_BATCH_MAX = 256


def _init_worker(settings: Settings, debug: bool) -> None:
    global _WORKER
    if not logging.getLogger().handlers:  # a lane forked before the command set logging up
        logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format=LOG_FORMAT)
    if all_rules.cache_info().currsize == 0:  # ... and read its rules: the command has
        registry = logging.getLogger("bedrock_lint.registry")  # reported broken plugins
        level = registry.level
        registry.setLevel(logging.ERROR)
        try:
            all_rules()
        finally:
            registry.setLevel(level)
    _WORKER = Linter(settings, debug)


def warm_lane() -> None:
    """In a lane started early (``early``): load the parsers of the formats it parses first
    and the default grammar's patterns, before it has settings or files. Never raises: what
    it cannot load is loaded (or reported) when a file needs it."""
    try:
        DEFAULT_GRAMMAR.holds_candidate("")
        for fmt in sorted(set(lane_plan(2)[-1]), key=lambda f: f != "terraform"):
            scanners.warm(fmt)
    except Exception:
        LOG.debug("warming a lane failed", exc_info=True)


class _NoLanes(Exception):
    """No lane could be forked (a process limit): lint in this process instead."""


#: (job, findings, own stamp, dependency stamps)
_Result = tuple[FileJob, list[Finding], cache.Stamp, dict[str, cache.Stamp]]


def _work(batch: list[tuple[str, str, bool]], owned: frozenset[str] | None = None
          ) -> tuple[list[tuple[Any, ...]], dict[str, cache.Stamp] | None]:
    """Lint a batch in a worker. Jobs travel as plain tuples and come back as their index in
    the batch (pickling 10,000 dataclasses each way costs more than reading the files):
    ``(i, findings, own stamp, dependency stamps)``, or ``(i, None, format, None)`` for a
    file deferred to a lane that owns its format. With them, once, what the worker's module
    calls were read from (``ModuleCalls.read``)."""
    global _READ_SENT
    assert _WORKER is not None
    _WORKER.owned = owned
    out: list[tuple[Any, ...]] = []
    for i, (path, real, explicit) in enumerate(batch):
        try:
            out.append((i, *_WORKER.lint_file_recorded(FileJob(path, real, explicit))))
        except Deferred as d:
            out.append((i, None, d.fmt, None))
    read = _WORKER.module_calls.read
    if read and not _READ_SENT:
        _READ_SENT = True
        return out, read
    return out, None


def lane_plan(workers: int) -> list[set[str]]:
    """The formats each of ``workers`` lanes parses at first: Python (the common and costly
    one) on half of them, everything else on the rest."""
    py = (workers + 1) // 2
    rest = set(scanners.FORMATS) - {"python"}
    return [{"python"} if i < py else set(rest) for i in range(workers)]


def _run_lanes(source: Iterator[FileJob], settings: Settings, workers: int, debug: bool,
               take: Callable[[_Result], None], calls_read: dict[str, cache.Stamp],
               early: EarlyLane | None = None) -> None:
    """Lint the jobs of ``source`` on ``workers`` single-process lanes. Every lane reads and
    pre-filters batches of files (most need no parser); a file that needs a parser its lane
    does not own is sent on to a lane that owns it, so each parser is imported by few
    processes. A lane with nothing left takes over a format with a long queue. The walk goes
    on while the lanes work, and each result goes to ``take`` as it comes (and what a lane's
    module calls were read from to ``calls_read``). ``early``, a lane started before the
    settings were read (``early.start``), becomes the first lane of the non-Python formats
    when it is warm; until then its files wait or are taken over. Which process lints a
    file never changes its findings."""
    from collections import deque

    from .lanes import Lane, Pending, poll

    batches: deque[list[FileJob]] = deque()
    pulled = 0
    walking = True

    def walk_on() -> None:
        """The next batch from the walk: small at first (every lane gets work early), up to
        ``_BATCH_MAX`` files."""
        nonlocal pulled, walking
        size = min(_BATCH_MAX, max(8, pulled // (2 * workers)))
        part = list(islice(source, size))
        pulled += len(part)
        walking = len(part) == size
        if part:
            batches.append(part)

    owns = lane_plan(workers)
    queues: dict[str, deque[FileJob]] = {}
    with contextlib.ExitStack() as stack:
        lanes: list[Lane] = []
        warming: dict[int, Pending] = {}  # lane -> its warming, while it lasts
        for lane in range(workers):
            if early is not None and owns[lane] != {"python"}:
                stack.callback(early.close)
                lanes.append(early.lane)
                if not early.ready():
                    warming[lane] = early.warm
                early = None
            else:
                try:
                    lanes.append(Lane())
                except OSError as exc:  # no process to spare: the caller lints in one
                    for started in lanes:
                        started.close(kill=True)
                    raise _NoLanes() from exc
                stack.callback(lanes[-1].close)
            lanes[-1].submit(_init_worker, settings, debug)  # (after warming, before files)
        if early is not None:  # no lane for it
            early.close()
        busy: dict[Pending, tuple[int, list[FileJob]]] = {}

        def submit(lane: int, part: list[FileJob], owned: frozenset[str] | None) -> None:
            sent = [(j.path, j.real, j.explicit) for j in part]
            busy[lanes[lane].submit(_work, sent, owned)] = (lane, part)

        def give(lane: int, fmt: str) -> None:
            q = queues[fmt]
            submit(lane, [q.popleft() for _ in range(min(_DEFERRED_BATCH, len(q)))], None)

        def load(lane: int) -> int:
            return sum(1 for other, _ in busy.values() if other == lane)

        def ready(lane: int) -> bool:
            if lane in warming and warming[lane].done():
                del warming[lane]
            return lane not in warming

        try:
            while True:
                if walking:
                    walk_on()
                for lane in filter(ready, range(workers)):  # its own formats' files first, then new
                    while load(lane) < _IN_FLIGHT:  # files; two in flight: a lane never waits on us
                        mine = next((f for f in sorted(owns[lane]) if queues.get(f)), None)
                        if mine is not None:
                            give(lane, mine)
                        elif batches:
                            submit(lane, batches.popleft(), frozenset(owns[lane]))
                        else:
                            break
                for lane in [i for i in range(workers) if not load(i) and ready(i)]:
                    if walking:
                        break  # new files are coming: no lane takes over a format yet
                    # nothing of its own left: take over the longest queue when it is long, or
                    # when none of its owners is working
                    waiting = [f for f in queues if queues[f]]
                    if not waiting:
                        break
                    fmt = max(waiting, key=lambda f: len(queues[f]))
                    if len(queues[fmt]) >= _STEAL_MIN or not any(
                            fmt in owns[o] for o, _ in busy.values()):
                        owns[lane].add(fmt)
                        give(lane, fmt)
                if not busy and not walking:  # every queue was taken: nothing is left
                    break
                # move tasks and answers: at once while walking, else wait for an answer (or for
                # a lane that gets warm)
                poll(lanes, 0 if walking else None)
                for fut in [f for f in busy if f.done()]:
                    _, part = busy.pop(fut)
                    results, read = fut.result()
                    if read:
                        calls_read.update(read)
                    for i, found, own, deps in results:
                        if found is None:
                            queues.setdefault(own, deque()).append(part[i])
                        else:
                            take((part[i], found, own, deps))
        except BaseException:  # an error, or an interrupt: no lane's batch is waited for
            for started in lanes:
                started.close(kill=True)
            raise


def repeatable(findings: Iterable[Finding]) -> bool:
    """Whether linting the same files again gives these findings again: not so for an internal
    error, a parse that ran out of time, or a file that could not be read (making it
    readable changes neither its size nor its mtime)."""
    return not any(f.code == "BRL002" or "took longer" in f.message
                   or f.message.startswith(CANNOT_READ) for f in findings)


def lint_jobs(jobs: Iterable[FileJob], settings: Settings, *, jobs_n: int | None = None,
              debug: bool = False, use_cache: bool = False, cache_dir: Path | None = None,
              inputs: dict[str, cache.Stamp] | None = None,
              early: EarlyLane | None = None) -> list[Finding]:
    """Lint every job once (from the cache where nothing changed); spread over processes when
    there is enough work, starting while ``jobs`` is still being walked. Findings are the same
    with or without cache and workers. ``inputs``, when given, receives the stamp of every
    file the findings were read from, by absolute path; the Terraform module calls a finding
    used are given as the files and folders they were read from (as ``ModuleCalls.KEY``
    when those are not known). ``early``: a lane started before (``early.start``), used
    when there is work for lanes and stopped otherwise."""
    calls = ModuleCalls(settings.root)
    store = cache.Cache(settings, cache_dir, {ModuleCalls.KEY: calls.stamp}) if use_cache else None
    findings: list[Finding] = []

    def todo_jobs() -> Iterator[FileJob]:
        seen: set[FileJob] = set()
        for job in jobs:
            if job in seen:
                continue
            seen.add(job)
            hit = store.hit(job) if store is not None else None
            if hit is None:
                yield job
            else:
                findings.extend(hit.findings)
                if inputs is not None:
                    inputs[store.key(job.real)] = hit.stamp
                    inputs.update(hit.deps)

    def take(result: _Result) -> None:  # once a file: kept lean
        job, found, own, deps = result
        if found:
            findings.extend(found)
        if store is None:
            if inputs is not None:
                inputs[os.path.abspath(job.real)] = own
                inputs.update(deps)
            return
        key = store.key(job.real)
        if inputs is not None:
            inputs[key] = own
            if deps:
                inputs.update(deps)
        if not found or repeatable(found):
            store.put(job, own, deps, found, key)

    todo = todo_jobs()
    head = list(islice(todo, _PARALLEL_MIN_FILES))
    workers = jobs_n if jobs_n is not None else (os.cpu_count() or 1)
    if not hasattr(os, "fork"):
        workers = 1  # lanes are forked
    calls_read: dict[str, cache.Stamp] = {}  # what the lanes' module calls were read from
    one_process = workers <= 1 or len(head) < _PARALLEL_MIN_FILES
    if not one_process:
        try:  # (no file is taken from the walk before every lane is forked)
            _run_lanes(chain(head, todo), settings, workers, debug, take, calls_read, early)
        except _NoLanes:
            one_process = True
    if one_process:
        if early is not None:
            early.close()
        linter = Linter(settings, debug, calls)
        for job in chain(head, todo):
            take((job, *linter.lint_file_recorded(job)))
    calls_read.update(calls.read)  # and this process's (linting, or checking cache hits)
    if inputs is not None and ModuleCalls.KEY in inputs and calls_read:
        # the files and folders the calls were read from stand for their digest
        del inputs[ModuleCalls.KEY]
        inputs.update(calls_read)
    if store is not None:
        store.save()
    return sorted(set(findings))  # a tag written once may be judged for every profile


def at_or_above(findings: Iterable[Finding], level: Severity) -> bool:
    return any(f.severity.rank >= level.rank for f in findings)

