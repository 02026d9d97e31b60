"""``bedrock-lint audit``: which callers really invoke Bedrock through application profiles.

Reads CloudTrail events offline and classifies the model each Bedrock invocation named
(``requestParameters.modelId``) with the linter's own classifier, per caller. Inputs, in the
forms people have them, detected by content (never by file name), gzipped or not:

* S3 delivery files ``{"Records": [...]}`` (``*.json.gz``), single files or whole trees;
* ``aws cloudtrail lookup-events`` output ``{"Events": [{"CloudTrailEvent": "<json>"}]}``, and
  its ``--query 'Events[].CloudTrailEvent'`` form (a JSON array of JSON strings);
* JSON lines: one event (or one lookup ``Event``, or one ``Records`` document) per line, as
  CloudTrail Lake, CloudWatch Logs and ``jq -c`` exports write them.

Streaming: a ``Records``/``Events`` array is decoded one element at a time from 1 MiB text
chunks (``json``'s C scanner at an offset), JSON lines one line at a time, and lines that
do not contain ``bedrock.amazonaws.com`` are never parsed. Only per-caller aggregates are kept,
so memory does not grow with the number or size of the files. Files are spread over
processes (``--jobs``); the aggregates merge the same way in any order, so the output does
not depend on the number of processes.

Categories of a model ID: ``application-profile`` (compliant), ``foundation-model`` and
``system-profile`` (direct calls: non-compliant), ``exempt`` (a direct call the policy exempts:
``[models] exempt`` globs, or an API in ``exempt-apis`` such as ``count_tokens``), ``other``
(provisioned, custom, imported and prompt-router ARNs, marketplace endpoints, IDs the
classifier does not recognise, and invocations whose model is not in the event).

Exit codes: 0 = no call at or above ``--fail-on``; 1 = such calls (default: any direct
foundation-model or system-profile call that is not exempt); 2 = usage error. Malformed
events, unreadable or truncated files are reported on stderr and counted, never fatal.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

LOG = logging.getLogger(__name__)

PROG = "bedrock-lint audit"
EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2

SOURCE = "bedrock.amazonaws.com"
_NEEDLE_B = SOURCE.encode()

#: Bedrock events that carry the model they call: event name -> (paths in
#: ``requestParameters`` to the model, first present wins; the API name policy packs use
#: in ``exempt-apis``). ``InvokeAgent`` / ``InvokeFlow`` name an agent or flow, not a model.
MODEL_EVENTS: dict[str, tuple[tuple[tuple[str, ...], ...], str]] = {
    "InvokeModel": ((("modelId",),), "invoke_model"),
    "InvokeModelWithResponseStream": ((("modelId",),), "invoke_model_with_response_stream"),
    "InvokeModelWithBidirectionalStream": ((("modelId",),), "invoke_model_with_bidirectional_stream"),
    "Converse": ((("modelId",),), "converse"),
    "ConverseStream": ((("modelId",),), "converse_stream"),
    "CountTokens": ((("modelId",),), "count_tokens"),
    "StartAsyncInvoke": ((("modelId",),), "start_async_invoke"),
    "CreateModelInvocationJob": ((("modelId",),), "create_model_invocation_job"),
    "InvokeInlineAgent": ((("foundationModel",),), "invoke_inline_agent"),
    "CreateAgent": ((("foundationModel",),), "create_agent"),
    "UpdateAgent": ((("foundationModel",),), "update_agent"),
    "RetrieveAndGenerate": (
        (("retrieveAndGenerateConfiguration", "knowledgeBaseConfiguration", "modelArn"),
         ("retrieveAndGenerateConfiguration", "externalSourcesConfiguration", "modelArn")),
        "retrieve_and_generate"),
    "RetrieveAndGenerateStream": (
        (("retrieveAndGenerateConfiguration", "knowledgeBaseConfiguration", "modelArn"),
         ("retrieveAndGenerateConfiguration", "externalSourcesConfiguration", "modelArn")),
        "retrieve_and_generate_stream"),
}  # fmt: skip

CATEGORIES = ("application-profile", "foundation-model", "system-profile", "exempt", "other")
_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
_PROFILE, _FM, _SYSTEM, _EXEMPT, _OTHER = range(5)
FAIL_ON = {
    "direct": frozenset({_FM, _SYSTEM}),
    "not-profile": frozenset({_FM, _SYSTEM, _OTHER}),
    "never": frozenset(),
}
_KIND_LABEL = {
    "foundation-model": "foundation model", "foundation-model-arn": "foundation-model ARN",
    "system-profile": "system profile", "system-profile-arn": "system-profile ARN",
    "application-profile-arn": "application profile", "provisioned-model-arn": "provisioned model",
    "custom-model-arn": "custom model", "custom-model-deployment-arn": "custom-model deployment",
    "imported-model-arn": "imported model", "prompt-router-arn": "prompt router",
    "prompt-arn": "prompt", "marketplace-endpoint-arn": "marketplace endpoint",
}  # fmt: skip
NO_MODEL = "(no model in event)"

#: Distinct values kept per caller for sessions, source IPs, user agents and regions: the
#: smallest ones, so the result is the same in any merge order.
CAP = 20
#: Messages printed per file before the rest are only counted.
MAX_MESSAGES_PER_FILE = 10
CHUNK = 1 << 20
#: The largest single JSON value (one event) the array reader buffers before giving up.
MAX_VALUE = 64 << 20
_DATA_SUFFIXES = (".json", ".jsonl", ".ndjson", ".log", ".txt")
_WS = re.compile(r"[ \t\n\r]*")
_FIRST_KEY = re.compile(rb'^\s*\{\s*"([A-Za-z]+)"')


# --- aggregates ------------------------------------------------------------------------------


class _Values:
    """At most ``CAP`` distinct strings (the smallest), and whether there were more."""

    __slots__ = ("_top", "items", "more")

    def __init__(self) -> None:
        self.items: set[str] = set()
        self.more = False
        self._top: str | None = None  # the largest kept value, once full

    def add(self, value: str) -> None:
        items = self.items
        if value in items:
            return
        top = self._top
        if top is not None:
            self.more = True
            if value > top:
                return
            items.discard(top)
        items.add(value)
        if len(items) >= CAP:
            self._top = max(items)

    def merge(self, other: _Values) -> None:
        self.more = self.more or other.more
        for v in other.items:
            self.add(v)

    def listed(self) -> list[str]:
        return sorted(self.items)

    def __getstate__(self) -> tuple[set[str], bool, str | None]:
        return self.items, self.more, self._top

    def __setstate__(self, state: tuple[set[str], bool, str | None]) -> None:
        self.items, self.more, self._top = state


@dataclass
class ModelStats:
    category: str
    kind: str
    calls: int = 0
    errors: int = 0
    first: str = ""
    last: str = ""


@dataclass
class Caller:
    key: str
    identity_type: str = ""
    account: str = ""
    role: str = ""
    sessions: _Values = field(default_factory=_Values)
    sources: _Values = field(default_factory=_Values)
    agents: _Values = field(default_factory=_Values)
    regions: _Values = field(default_factory=_Values)
    events: dict[str, int] = field(default_factory=dict)
    models: dict[str, ModelStats] = field(default_factory=dict)

    def counts(self) -> list[int]:
        out = [0] * len(CATEGORIES)
        for m in self.models.values():
            out[_CAT_INDEX[m.category]] += m.calls
        return out

    @property
    def calls(self) -> int:
        return sum(m.calls for m in self.models.values())

    @property
    def errors(self) -> int:
        return sum(m.errors for m in self.models.values())

    @property
    def first(self) -> str:
        return min((m.first for m in self.models.values() if m.first), default="")

    @property
    def last(self) -> str:
        return max((m.last for m in self.models.values()), default="")

    def merge(self, other: Caller) -> None:
        self.identity_type = self.identity_type or other.identity_type
        self.account = self.account or other.account
        self.role = self.role or other.role
        for mine, theirs in ((self.sessions, other.sessions), (self.sources, other.sources),
                             (self.agents, other.agents), (self.regions, other.regions)):
            mine.merge(theirs)
        for name, n in other.events.items():
            self.events[name] = self.events.get(name, 0) + n
        for model, st in other.models.items():
            cur = self.models.get(model)
            if cur is None:
                self.models[model] = ModelStats(st.category, st.kind, st.calls, st.errors,
                                                st.first, st.last)
                continue
            cur.calls += st.calls
            cur.errors += st.errors
            if st.first and (not cur.first or st.first < cur.first):
                cur.first = st.first
            cur.last = max(cur.last, st.last)


@dataclass
class Audit:
    """Everything one run learned: mergeable, independent of the order files are read in."""

    files: int = 0
    events: int = 0
    bedrock_events: int = 0
    malformed: int = 0
    bad_files: int = 0
    callers: dict[str, Caller] = field(default_factory=dict)

    def merge(self, other: Audit) -> None:
        self.files += other.files
        self.events += other.events
        self.bedrock_events += other.bedrock_events
        self.malformed += other.malformed
        self.bad_files += other.bad_files
        for key, caller in other.callers.items():
            mine = self.callers.get(key)
            if mine is None:
                self.callers[key] = caller
            else:
                mine.merge(caller)

    def totals(self) -> list[int]:
        out = [0] * len(CATEGORIES)
        for c in self.callers.values():
            for i, n in enumerate(c.counts()):
                out[i] += n
        return out

    @property
    def model_calls(self) -> int:
        return sum(self.totals())


# --- classification --------------------------------------------------------------------------


class _Classifier:
    """Model ID -> (category, kind label, display ID), cached (few distinct IDs per trail)."""

    def __init__(self, exempt_models: tuple[str, ...], exempt_apis: tuple[str, ...],
                 providers: tuple[str, ...] | None = None,
                 geos: tuple[str, ...] | None = None) -> None:
        from . import modelids

        self._grammar = modelids.Grammar(providers or modelids.DEFAULT_PROVIDERS,
                                         geos or modelids.DEFAULT_GEO_PREFIXES)
        self._matches = modelids.matches_any
        self.exempt_models = exempt_models
        self.exempt_apis = frozenset(exempt_apis)
        self._cache: dict[tuple[str, str], tuple[str, str, str]] = {}

    def __call__(self, model: str, api: str) -> tuple[str, str, str]:
        key = (model, api)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            hit = self._cache[key] = self._classify(model, api)
        return hit

    def _classify(self, model: str, api: str) -> tuple[str, str, str]:
        from urllib.parse import unquote

        shown = unquote(model) if "%" in model else model
        mid = self._grammar.classify(model)
        if mid is None:
            return "other", "unrecognised", shown
        kind = mid.kind.value
        label = _KIND_LABEL.get(kind, kind)
        if kind == "application-profile-arn":
            return "application-profile", label, shown
        if mid.kind.is_direct:
            if api in self.exempt_apis or (mid.model and self._matches(mid.model, self.exempt_models)):
                return "exempt", label, shown
            return ("foundation-model" if mid.kind.is_foundation else "system-profile"), label, shown
        return "other", label, shown


# --- reading ---------------------------------------------------------------------------------


class _Malformed(Exception):
    pass


class _Binary(Protocol):
    """A buffered binary reader: ``io.BufferedReader`` or ``gzip.GzipFile``."""

    def peek(self, size: int, /) -> bytes: ...
    def read(self, size: int | None = ..., /) -> bytes: ...
    def read1(self, size: int = ..., /) -> bytes: ...
    def __iter__(self) -> Iterator[bytes]: ...


@dataclass
class _FileState:
    path: str
    audit: Audit
    take: Callable[[dict[str, Any]], None]
    messages: list[str] = field(default_factory=list)
    problems: int = 0
    #: Elements of the document's array read so far (for messages).
    record: int = 0

    def problem(self, message: str) -> None:
        self.problems += 1
        if len(self.messages) < MAX_MESSAGES_PER_FILE:
            self.messages.append(f"{self.path}: {message}")


class _Text:
    """UTF-8 text decoded chunk by chunk from a binary reader, with a cursor: one JSON value at
    a time. ``read1`` hands over whatever was decompressed so far, so the events before a
    truncated gzip member are still read."""

    def __init__(self, reader: _Binary) -> None:
        import codecs

        self.reader = reader
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.error: BaseException | None = None
        #: the C scanner ``json`` decodes with: ``(text, index) -> (value, end)``
        self.scan: Callable[[str, int], tuple[Any, int]] = \
            json.JSONDecoder().scan_once  # type: ignore[attr-defined]

    def fill(self, at_least: int = 0) -> bool:
        if self.eof:
            return False
        if self.error is not None:
            raise self.error
        want = max(CHUNK, at_least)
        parts: list[str] = []
        got = 0
        while got < want:
            try:
                raw = self.reader.read1(want - got)
            except (EOFError, OSError, zlib.error) as exc:
                if not parts:
                    raise
                self.error = exc  # hand over what came before it first
                break
            if not raw:
                parts.append(self.decoder.decode(b"", final=True))
                self.eof = True
                break
            text = self.decoder.decode(raw)
            parts.append(text)
            got += len(text)
        data = "".join(parts)
        if not data:
            return False
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def peek(self) -> str | None:
        """The next non-whitespace character (not consumed), None at the end."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None

    def expect(self, char: str) -> None:
        got = self.peek()
        if got != char:
            raise _Malformed(f"expected {char!r}, found {'end of file' if got is None else repr(got)}")
        self.pos += 1

    def value(self) -> Any:
        while True:
            if self.peek() is None:
                raise _Malformed("unexpected end of file")
            try:
                obj, end = self.scan(self.buf, self.pos)
            except StopIteration:
                obj, end = _INCOMPLETE, -1
            except json.JSONDecodeError as exc:
                obj, end, error = _INCOMPLETE, -1, f"{exc.msg}, {exc.pos - self.pos} characters into the value"
            else:
                error = ""
                if end >= len(self.buf) and isinstance(obj, (int, float)) and not self.eof:
                    obj = _INCOMPLETE  # a number may continue in the next chunk
            if obj is not _INCOMPLETE:
                self.pos = end
                return obj
            pending = len(self.buf) - self.pos
            if self.eof or pending > MAX_VALUE or not self.fill(pending + CHUNK):
                raise _Malformed(f"invalid JSON ({error or 'truncated value'})")

    def skip_value(self) -> None:
        self.value()


_INCOMPLETE = object()


def _open(path: str) -> tuple[_Binary, Any]:
    """A buffered binary reader of the (decompressed) content, and the raw file to close."""
    if path == "-":
        raw: Any = sys.stdin.buffer
    else:
        raw = open(path, "rb")  # noqa: SIM115
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        # GzipFile is buffered itself; its read1 returns what one input block decompresses to
        gz: _Binary = gzip.GzipFile(fileobj=buffered, mode="rb")
        return gz, raw
    return buffered, raw


def read_file(path: str, st: _FileState) -> None:
    """Feed every event of ``path`` to ``st.take``; problems go to ``st``."""
    try:
        reader, raw = _open(path)
    except OSError as exc:
        st.audit.bad_files += 1
        st.problem(f"cannot read: {exc.strerror or exc}")
        return
    st.audit.files += 1
    try:
        head = reader.peek(65536)[:65536]
        if head.startswith(b"\xef\xbb\xbf"):
            reader.read(3)
            head = head[3:]
        first = head.lstrip()[:1]
        key = _FIRST_KEY.match(head)
        if first == b"[" or (key and key.group(1) in (b"Records", b"Events", b"NextToken")):
            _read_document(reader, st)
        else:
            _read_lines(reader, st)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        st.audit.bad_files += 1
        st.problem(f"truncated or corrupt gzip data ({exc}); the events before it are counted")
    except UnicodeDecodeError as exc:
        st.audit.bad_files += 1
        st.problem(f"not UTF-8 text ({exc.reason} at byte {exc.start}); rest of file skipped")
    except OSError as exc:
        st.audit.bad_files += 1
        st.problem(f"read error: {exc.strerror or exc}")
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def _read_document(reader: _Binary, st: _FileState) -> None:
    """One JSON document: ``{"Records": [...]}``, ``{"Events": [...]}`` or ``[...]``."""
    _read_document_text(_Text(reader), st)


def _read_document_text(text: _Text, st: _FileState) -> None:
    try:
        if text.peek() == "[":
            _array(text, st)
        else:
            text.expect("{")
            if text.peek() == "}":
                text.pos += 1
            else:
                while True:
                    name = text.value()
                    text.expect(":")
                    if name in ("Records", "Events") and text.peek() == "[":
                        _array(text, st)
                    else:
                        text.skip_value()
                    nxt = text.peek()
                    text.pos += 1
                    if nxt == "}":
                        break
                    if nxt != ",":
                        raise _Malformed(f"expected ',' or '}}', found {nxt!r}" if nxt else
                                         "unexpected end of file")
        if text.peek() is not None:
            raise _Malformed("extra data after the JSON document")
    except _Malformed as exc:
        st.audit.malformed += 1
        where = f"after record {st.record}" if st.record else "at the start"
        st.problem(f"{exc} {where}; rest of file skipped")


def _array(text: _Text, st: _FileState) -> None:
    """Every element of the array at the cursor, dispatched as it is decoded.

    The hot path decodes the element in place (the C scanner at the cursor) and takes the
    separator right behind it; whitespace, chunk ends and errors go through ``_Text``.
    """
    text.expect("[")
    if text.peek() == "]":
        text.pos += 1
        return
    scan = text.scan
    take = st.take
    events = 0
    try:
        while True:
            buf = text.buf
            try:
                item, end = scan(buf, text.pos)
                if end >= len(buf) and not text.eof and isinstance(item, (int, float)):
                    raise StopIteration(end)  # a number may continue in the next chunk
            except (StopIteration, json.JSONDecodeError):
                item = text.value()  # whitespace, a chunk boundary, or a real error
                buf, end = text.buf, text.pos
            st.record += 1
            if type(item) is dict and "eventSource" in item:
                events += 1
                if item["eventSource"] == SOURCE:
                    take(item)
            else:
                _dispatch(item, st, 0, st.record)
            sep = buf[end : end + 1]
            if sep == ",":
                text.pos = end + 1
                continue
            text.pos = end
            if sep != "]":
                sep = text.peek() or ""
            text.pos += 1
            if sep == "]":
                return
            if sep != ",":
                raise _Malformed("expected ',' or ']'" + (f", found {sep!r}" if sep else
                                                          ", found end of file"))
    finally:
        st.audit.events += events


def _read_lines(reader: _Binary, st: _FileState) -> None:
    """JSON lines. A line without ``bedrock.amazonaws.com`` is counted, never parsed."""
    audit = st.audit
    needle = _NEEDLE_B
    loads = json.loads
    events = 0
    number = 0
    for number, line in enumerate(reader, 1):
        if needle not in line:
            if len(line) > 2 or line.strip():
                events += 1
            continue
        try:
            obj = loads(line)
        except ValueError as exc:
            audit.malformed += 1
            st.problem(f"line {number}: not a JSON event ({exc})")
            continue
        _dispatch(obj, st, number, 0)
    audit.events += events


def _dispatch(item: Any, st: _FileState, line: int, record: int) -> None:
    """An element: an event, a lookup-events ``Event``, a JSON string, or a Records document."""
    audit = st.audit
    if isinstance(item, dict):
        if "eventSource" in item:
            audit.events += 1
            if item.get("eventSource") == SOURCE:
                st.take(item)
            return
        inner = item.get("CloudTrailEvent")
        if isinstance(inner, str):
            _dispatch(inner, st, line, record)
            return
        records = item.get("Records")
        if isinstance(records, list):
            for rec in records:
                _dispatch(rec, st, line, record)
            return
    elif isinstance(item, str):
        audit.events += 1
        if SOURCE not in item:
            return
        try:
            event = json.loads(item)
        except ValueError as exc:
            audit.malformed += 1
            st.problem(f"{_where(line, record)}: CloudTrailEvent is not JSON ({exc})")
            return
        if isinstance(event, dict):
            if event.get("eventSource") == SOURCE:
                st.take(event)
            return
    elif isinstance(item, list):
        for sub in item:
            _dispatch(sub, st, line, record)
        return
    audit.malformed += 1
    st.problem(f"{_where(line, record)}: not a CloudTrail event ({type(item).__name__})")


def _where(line: int, record: int) -> str:
    return f"line {line}" if line else f"record {record}"


# --- one event -------------------------------------------------------------------------------


def _taker(audit: Audit, classify: _Classifier, by_role: bool) -> Callable[[dict[str, Any]], None]:
    callers = audit.callers

    def take(ev: dict[str, Any]) -> None:
        audit.bedrock_events += 1
        spec = MODEL_EVENTS.get(ev.get("eventName"))  # type: ignore[arg-type]
        if spec is None:
            return  # a Bedrock event that calls no model (InvokeAgent, ListFoundationModels...)
        paths, api = spec
        model = None
        params = ev.get("requestParameters")
        if isinstance(params, dict):
            for path in paths:
                node: Any = params
                for key in path:
                    node = node.get(key) if isinstance(node, dict) else None
                if isinstance(node, str) and node:
                    model = node
                    break
        if model is None:
            category, kind, shown = "other", "missing", NO_MODEL
        else:
            category, kind, shown = classify(model, api)
        ui = ev.get("userIdentity")
        if not isinstance(ui, dict):
            ui = {}
        arn = ui.get("arn")
        ctx = ui.get("sessionContext")
        issuer = ctx.get("sessionIssuer") if isinstance(ctx, dict) else None
        role_arn = issuer.get("arn") if isinstance(issuer, dict) else None
        if by_role and isinstance(role_arn, str):
            key = role_arn
        elif isinstance(arn, str) and arn:
            key = arn
        else:
            key = f"{ui.get('type') or 'unknown'}:{ui.get('invokedBy') or ui.get('principalId') or ui.get('accountId') or '?'}"
        caller = callers.get(key)
        if caller is None:
            caller = callers[key] = Caller(key, str(ui.get("type") or ""), str(ui.get("accountId") or ""))
            if isinstance(issuer, dict):
                caller.role = str(issuer.get("userName") or issuer.get("arn") or "")
            if not by_role and isinstance(arn, str) and ":assumed-role/" in arn:
                caller.sessions.add(arn.rsplit("/", 1)[-1])
        if by_role and isinstance(arn, str) and ":assumed-role/" in arn:
            caller.sessions.add(arn.rsplit("/", 1)[-1])
        src = ev.get("sourceIPAddress")
        if isinstance(src, str) and src not in caller.sources.items:
            caller.sources.add(src)
        agent = ev.get("userAgent")
        if isinstance(agent, str) and agent not in caller.agents.items:
            caller.agents.add(agent)
        region = ev.get("awsRegion")
        if isinstance(region, str) and region not in caller.regions.items:
            caller.regions.add(region)
        name = ev["eventName"]
        caller.events[name] = caller.events.get(name, 0) + 1
        stats = caller.models.get(shown)
        if stats is None:
            stats = caller.models[shown] = ModelStats(category, kind)
        stats.calls += 1
        if ev.get("errorCode"):
            stats.errors += 1
        when = ev.get("eventTime")
        if isinstance(when, str) and when:
            if not stats.first or when < stats.first:
                stats.first = when
            stats.last = max(stats.last, when)

    return take


@dataclass(frozen=True)
class _Job:
    exempt_models: tuple[str, ...]
    exempt_apis: tuple[str, ...]
    providers: tuple[str, ...]
    geos: tuple[str, ...]
    by_role: bool


def audit_files(paths: Iterable[str], job: _Job) -> tuple[Audit, list[str], int]:
    """Read ``paths`` in this process: the aggregate, messages, and the problem count."""
    audit = Audit()
    classify = _Classifier(job.exempt_models, job.exempt_apis, job.providers, job.geos)
    messages: list[str] = []
    problems = 0
    take = _taker(audit, classify, job.by_role)
    for path in paths:
        st = _FileState(path, audit, take)
        read_file(path, st)
        messages.extend(st.messages)
        if st.problems > len(st.messages):
            messages.append(f"{path}: ... and {st.problems - len(st.messages)} more problems")
        problems += st.problems
    return audit, messages, problems


def _work(args: tuple[list[str], _Job]) -> tuple[Audit, list[str], int]:
    return audit_files(*args)


def run(paths: list[str], job: _Job, jobs: int | None = None) -> tuple[Audit, list[str], int]:
    """All files, over ``jobs`` processes when there are enough; messages in file order."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(paths) < 4 or "-" in paths:
        return audit_files(paths, job)
    from concurrent.futures import ProcessPoolExecutor

    # contiguous batches keep messages in file order; several per worker balance sizes
    n = min(len(paths), workers * 4)
    size = -(-len(paths) // n)
    batches = [paths[i : i + size] for i in range(0, len(paths), size)]
    total = Audit()
    messages: list[str] = []
    problems = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for audit, msgs, count in pool.map(_work, [(b, job) for b in batches]):
            total.merge(audit)
            messages.extend(msgs)
            problems += count
    return total, messages, problems


def expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to read (directories walked in name order), and paths that do not exist."""
    files: list[str] = []
    missing: list[str] = []
    for p in paths:
        if p == "-":
            files.append(p)
        elif os.path.isdir(p):
            for folder, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d != "CloudTrail-Digest" and not d.startswith("."))
                for name in sorted(names):
                    base = name.removesuffix(".gz")
                    if base.endswith(_DATA_SUFFIXES) and "_CloudTrail-Digest_" not in name:
                        files.append(os.path.join(folder, name))
        elif os.path.exists(p):
            files.append(p)
        else:
            missing.append(p)
    return files, missing


# --- output ----------------------------------------------------------------------------------


def _sorted_callers(audit: Audit, failing: frozenset[int]) -> list[Caller]:
    def key(c: Caller) -> tuple[int, str]:
        counts = c.counts()
        return (0 if any(counts[i] for i in failing) else 1, c.key)

    return sorted(audit.callers.values(), key=key)


def _models(c: Caller) -> list[tuple[str, ModelStats]]:
    return sorted(c.models.items(), key=lambda kv: (-kv[1].calls, kv[0]))


def _verdict(c: Caller, failing: frozenset[int]) -> str:
    counts = c.counts()
    if any(counts[i] for i in (_FM, _SYSTEM)):
        return "non-compliant"
    if counts[_OTHER] and _OTHER in failing:
        return "non-compliant"
    if counts[_OTHER]:
        return "not verified"
    return "compliant"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def render_text(audit: Audit, out: TextIO, failing: frozenset[int]) -> None:
    t = audit.totals()
    out.write(f"Read {_plural(audit.files, 'file')}, {_plural(audit.events, 'event')}: "
              f"{_plural(audit.model_calls, 'Bedrock model call')} from "
              f"{_plural(len(audit.callers), 'caller')}.\n")
    out.write(f"  application profile {t[_PROFILE]:,}, foundation model {t[_FM]:,}, "
              f"system profile {t[_SYSTEM]:,}, exempt {t[_EXEMPT]:,}, other {t[_OTHER]:,}\n")
    if audit.malformed or audit.bad_files:
        out.write(f"  unreadable: {_plural(audit.malformed, 'malformed event')}, "
                  f"{_plural(audit.bad_files, 'bad file')} (details on stderr)\n")
    for c in _sorted_callers(audit, failing):
        counts = c.counts()
        out.write(f"\n{_verdict(c, failing).upper()}  {c.key}\n")
        who = [c.identity_type or "unknown identity"]
        if c.role:
            who.append(f"role {c.role}")
        if c.sessions.items:
            who.append("session " + ", ".join(c.sessions.listed()) + (", ..." if c.sessions.more else ""))
        out.write(f"  {'; '.join(who)}\n")
        failed = f" ({_plural(c.errors, 'failed call')})" if c.errors else ""
        out.write(f"  {_plural(c.calls, 'call')}{failed}: application profile {counts[_PROFILE]}, "
                  f"foundation model {counts[_FM]}, system profile {counts[_SYSTEM]}, "
                  f"exempt {counts[_EXEMPT]}, other {counts[_OTHER]}\n")
        out.write(f"  seen {c.first or '?'} .. {c.last or '?'}\n")
        if c.sources.items:
            out.write("  from " + ", ".join(c.sources.listed()) + (", ..." if c.sources.more else "")
                      + "; region " + ", ".join(c.regions.listed()) + "\n")
        out.writelines(f"  {st.calls:>8,}  {model}  [{st.kind}, {st.category}]\n" for model, st in _models(c))
    bad = sum(1 for c in audit.callers.values() if _verdict(c, failing) == "non-compliant")
    if bad:
        n = sum(sum(c.counts()[i] for i in failing) for c in audit.callers.values())
        out.write(f"\nFound {_plural(n, 'non-compliant call')} from {_plural(bad, 'caller')}.\n")
    elif audit.model_calls:
        out.write("\nNo non-compliant calls.\n")
    else:
        out.write("\nNo Bedrock model calls found.\n")


def _caller_json(c: Caller, failing: frozenset[int]) -> dict[str, Any]:
    counts = c.counts()
    return {
        "caller": c.key,
        "verdict": _verdict(c, failing),
        "identity_type": c.identity_type,
        "account": c.account,
        "role": c.role,
        "sessions": c.sessions.listed(),
        "sessions_truncated": c.sessions.more,
        "source_ips": c.sources.listed(),
        "user_agents": c.agents.listed(),
        "regions": c.regions.listed(),
        "calls": c.calls,
        "failed_calls": c.errors,
        "counts": {cat: counts[i] for i, cat in enumerate(CATEGORIES)},
        "first_seen": c.first,
        "last_seen": c.last,
        "event_names": dict(sorted(c.events.items())),
        "models": [{"model_id": m, "kind": s.kind, "category": s.category, "calls": s.calls,
                    "failed_calls": s.errors, "first_seen": s.first, "last_seen": s.last}
                   for m, s in _models(c)],
    }


def render_json(audit: Audit, out: TextIO, failing: frozenset[int], problems: list[str]) -> None:
    t = audit.totals()
    doc = {
        "version": 1,
        "summary": {
            "files": audit.files,
            "events": audit.events,
            "bedrock_events": audit.bedrock_events,
            "model_calls": audit.model_calls,
            "counts": {cat: t[i] for i, cat in enumerate(CATEGORIES)},
            "callers": len(audit.callers),
            "non_compliant_callers": sum(1 for c in audit.callers.values()
                                         if _verdict(c, failing) == "non-compliant"),
            "malformed_events": audit.malformed,
            "bad_files": audit.bad_files,
        },
        "callers": [_caller_json(c, failing) for c in _sorted_callers(audit, failing)],
        "problems": problems,
    }
    json.dump(doc, out, indent=2)
    out.write("\n")


CSV_HEADER = ("caller", "verdict", "identity_type", "role", "sessions", "source_ips", "model_id",
              "kind", "category", "calls", "failed_calls", "first_seen", "last_seen")


def render_csv(audit: Audit, out: TextIO, failing: frozenset[int]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for c in _sorted_callers(audit, failing):
        for model, st in _models(c):
            w.writerow((c.key, _verdict(c, failing), c.identity_type, c.role,
                        " ".join(c.sessions.listed()), " ".join(c.sources.listed()), model,
                        st.kind, st.category, st.calls, st.errors, st.first, st.last))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(audit: Audit, out: TextIO, failing: frozenset[int]) -> None:
    t = audit.totals()
    out.write("# Bedrock CloudTrail audit\n\n")
    out.write(f"{_plural(audit.model_calls, 'model call')} from {_plural(len(audit.callers), 'caller')} "
              f"in {_plural(audit.events, 'event')} ({_plural(audit.files, 'file')}): "
              f"application profile {t[_PROFILE]:,}, foundation model {t[_FM]:,}, "
              f"system profile {t[_SYSTEM]:,}, exempt {t[_EXEMPT]:,}, other {t[_OTHER]:,}.\n\n")
    out.write("| Caller | Verdict | Profile | Foundation model | System profile | Exempt | Other "
              "| First seen | Last seen | Models |\n")
    out.write("|---|---|---:|---:|---:|---:|---:|---|---|---|\n")
    for c in _sorted_callers(audit, failing):
        n = c.counts()
        models = "<br>".join(f"`{_md(m)}` ({s.calls})" for m, s in _models(c))
        out.write(f"| `{_md(c.key)}` | {_verdict(c, failing)} | {n[_PROFILE]} | {n[_FM]} | "
                  f"{n[_SYSTEM]} | {n[_EXEMPT]} | {n[_OTHER]} | {c.first} | {c.last} | {models} |\n")


# --- command line ----------------------------------------------------------------------------


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description=(
        "Read CloudTrail events offline (S3 delivery files, gzipped or not, directory trees; "
        "`aws cloudtrail lookup-events` output; JSON lines) and report, per caller, the Bedrock "
        "model calls made through application inference profiles and those made directly."))
    p.add_argument("paths", nargs="+", metavar="FILE|DIR", help="event files or directories ('-' = stdin)")
    p.add_argument("--format", "-f", choices=("text", "json", "csv", "markdown"), default="text")
    p.add_argument("--output", "-o", type=Path, help="write the report to a file instead of stdout")
    p.add_argument("--by", choices=("arn", "role"), default="arn",
                   help="group callers by userIdentity.arn (default; one row per role session) "
                        "or by the role that issued the session")
    p.add_argument("--fail-on", choices=tuple(FAIL_ON), default="direct",
                   help="exit 1 on direct foundation-model/system-profile calls (default), on any "
                        "call not through an application profile (not-profile), or never")
    p.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores)")
    p.add_argument("--config", type=Path, help="config file for the policy (exempt models)")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--policy", help="policy pack name or path (default: adr-0007)")
    return p


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except _Usage as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_CLEAN
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head`: the reader left; as `bedrock-lint check` does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FOUND
    except Exception as exc:  # an internal bug: one line and exit 2, never a traceback
        LOG.debug("%s failed", PROG, exc_info=True)
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _main(argv: list[str]) -> int:
    ns = _parser().parse_args(argv)
    if ns.jobs is not None and ns.jobs < 1:
        raise _Usage("--jobs must be at least 1")
    files, missing = expand(ns.paths)
    if missing:
        raise _Usage(f"path not found: {missing[0]}")
    if not files:
        print(f"{PROG}: warning: no event files in {', '.join(ns.paths)}", file=sys.stderr)
    from .config import ConfigError, load_settings

    try:
        settings = load_settings(start=Path.cwd(), config=ns.config, isolated=ns.isolated,
                                 overrides={"policy": ns.policy})
    except ConfigError as exc:
        raise _Usage(str(exc)) from None
    pol = settings.policy
    job = _Job(tuple(pol.exempt_models), tuple(pol.exempt_apis), tuple(pol.providers),
               tuple(pol.geo_prefixes), ns.by == "role")
    audit, messages, _ = run(files, job, ns.jobs)
    for message in messages:
        print(f"{PROG}: warning: {message}", file=sys.stderr)
    failing = FAIL_ON[ns.fail_on]
    out: TextIO = open(ns.output, "w", encoding="utf-8", newline="") if ns.output else sys.stdout  # noqa: SIM115
    try:
        if ns.format == "json":
            render_json(audit, out, failing, messages)
        elif ns.format == "csv":
            render_csv(audit, out, failing)
        elif ns.format == "markdown":
            render_markdown(audit, out, failing)
        else:
            render_text(audit, out, failing)
    finally:
        if ns.output:
            out.close()
    t = audit.totals()
    return EXIT_FOUND if any(t[i] for i in failing) else EXIT_CLEAN
