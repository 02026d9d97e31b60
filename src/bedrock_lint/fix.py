"""Automatic fixes: ``--fix``, ``--unsafe-fixes`` and ``--diff`` (see docs/fix.md).

Every fix here changes what a deployment needs (a new environment variable, a tag value to
fill in), so all of them are *unsafe* in ruff's sense: ``--fix`` alone applies nothing and
says how many fixes ``--unsafe-fixes`` would apply; ``--diff`` prints unified diffs instead of
writing. Three kinds:

* Python (libcst, layout and comments kept): a hardcoded model ID or system-profile ID
  (BRL101/BRL102) passed to a Bedrock call, or a plain constant feeding one, becomes
  ``os.environ["<VAR>"]``; where the library needs the base model next to the profile
  (LiteLLM, langchain-aws, LlamaIndex), the base model stays and the profile argument is
  added.
* LiteLLM configs: ``model_id: os.environ/<VAR>`` is inserted after ``litellm_params.model``
  (a literal ``model_id`` is replaced by the reference).
* Terraform: the keys BRL201 reports missing are added to the resource's literal ``tags``
  map as ``"TODO"`` placeholders (or a ``tags`` map is added where there is none).

Fixes are planned from the findings, located again by re-scanning each file (a finding whose
position no longer matches is skipped as stale), applied to the text in memory, then verified:
the new text must parse and the fixed facts must read as fixed. Only files that change are
written, atomically (a temporary file in the same directory, then ``os.replace``; mode kept).
Whatever cannot be fixed safely is left alone and reported with a reason; nothing is guessed.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .config import Settings
from ._files import read_bytes
from .engine import MAX_BYTES, _read_text
from .facts import Document, ModelRef, Use
from .findings import Finding
from .modelids import Grammar, ModelId
from .scanners import ScanContext, ScanError, format_for, load

LOG = logging.getLogger(__name__)

#: Codes with an automatic fix (BRL105 sandbox fallbacks are deliberately not fixed).
FIXABLE_CODES = ("BRL101", "BRL102", "BRL201")
#: The profile variable when a file uses one model and the policy names none.
DEFAULT_PROFILE_VAR = "BEDROCK_INFERENCE_PROFILE_ARN"
#: Prefix of the per-model variable: ``BEDROCK_PROFILE_ARN_<SLUG>``.
PER_MODEL_PREFIX = "BEDROCK_PROFILE_ARN_"
#: Value of the tag keys added to a Terraform profile.
PLACEHOLDER = "TODO"

_BOM = b"\xef\xbb\xbf"


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Untouched:
    """A finding (or, with ``line == 0``, a whole file) that was not fixed, and why."""

    path: str
    line: int
    col: int
    code: str
    reason: str

    def render(self) -> str:
        if self.line == 0:
            return f"{self.path}: not fixed: {self.reason}"
        return f"{self.path}:{self.line}:{self.col}: {self.code} not fixed: {self.reason}"


@dataclass
class FixReport:
    """What a fix run did (or, with ``--diff`` / without ``--unsafe-fixes``, would do)."""

    #: Files written; with ``diff_only``, files whose diff was printed. Sorted.
    changed: list[str] = field(default_factory=list)
    #: Fixes applied (or shown) per rule code.
    applied: dict[str, int] = field(default_factory=dict)
    #: Findings and files left untouched, with reasons. Sorted.
    untouched: list[Untouched] = field(default_factory=list)
    #: Fixes that ``--unsafe-fixes`` applies (whether or not they were applied this time).
    available: int = 0
    #: True when files were written (``unsafe`` and not ``diff_only``).
    wrote: bool = False

    @property
    def fixed(self) -> int:
        return sum(self.applied.values())


# --- entry points ------------------------------------------------------------------------------


def fix_paths(findings: Sequence[Finding], settings: Settings, *, unsafe: bool, diff_only: bool,
              out: TextIO, notes: TextIO | None = None) -> FixReport:
    """Plan fixes for ``findings`` (paths as displayed, relative to the working directory) and
    apply them: write files (``unsafe``), print diffs (``unsafe`` and ``diff_only``), or only
    count them. Diffs go to ``out``; summary and "not fixed" lines go to ``notes`` (default
    ``out``). Never raises for user input; returns what happened."""
    notes = notes if notes is not None else out
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code in FIXABLE_CODES:
            by_path.setdefault(f.path, []).append(f)
    plans = [_plan(path, sorted(group), settings) for path, group in sorted(by_path.items())]
    report = FixReport(available=sum(len(p.fixed) for p in plans if p.new_text is not None))
    if not unsafe:
        for p in plans:
            report.untouched.extend(p.untouched)
        report.untouched.sort()
        if report.available:
            word = "fix" if report.available == 1 else "fixes"
            notes.write(f"{report.available} {word} available with --unsafe-fixes\n")
        return report
    applied: dict[str, int] = {}
    for p in plans:
        report.untouched.extend(p.untouched)
        if p.new_text is None or not p.fixed:
            continue
        if diff_only:
            out.write(_unified_diff(p.path, p.text, p.new_text))
        else:
            problem = _write(p)
            if problem is not None:
                report.untouched.extend(Untouched(p.path, f.line, f.col, f.code, problem)
                                        for f in p.fixed)
                continue
        report.changed.append(p.path)
        for f in p.fixed:
            applied[f.code] = applied.get(f.code, 0) + 1
    report.applied = dict(sorted(applied.items()))
    report.untouched.sort()
    report.wrote = not diff_only
    for u in report.untouched:
        notes.write(u.render() + "\n")
    verb = "would fix" if diff_only else "fixed"
    per_code = ", ".join(f"{code}: {n}" for code, n in report.applied.items())
    files = len(report.changed)
    notes.write(f"{verb} {_count(report.fixed, 'finding')} in {_count(files, 'file')}"
                + (f" ({per_code})" if per_code else "")
                + (f"; {len(report.untouched)} not fixed" if report.untouched else "") + "\n")
    return report


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- one file ----------------------------------------------------------------------------------


@dataclass
class _Plan:
    path: str
    real: str = ""
    original: bytes = b""
    bom: bool = False
    text: str = ""
    #: None: the file is left untouched (see ``untouched``).
    new_text: str | None = None
    fixed: list[Finding] = field(default_factory=list)
    untouched: list[Untouched] = field(default_factory=list)

    def skip(self, f: Finding, reason: str) -> None:
        self.untouched.append(Untouched(self.path, f.line, f.col, f.code, reason))

    def give_up(self, reason: str) -> None:
        self.untouched.append(Untouched(self.path, 0, 0, "", reason))
        self.new_text = None
        self.fixed = []


@dataclass
class _Result:
    """What a format's fixer made of one file's findings."""

    text: str
    fixed: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    #: Set when the fixed text failed verification: the whole file stays untouched.
    failure: str | None = None


def _plan(path: str, findings: list[Finding], settings: Settings) -> _Plan:
    plan = _Plan(path)
    real = os.path.realpath(path)
    plan.real = real
    try:
        data = read_bytes(real)  # one read of the file's size, not an 8 MiB buffer
    except OSError as exc:
        plan.give_up(f"cannot read file: {exc.strerror or exc}")
        return plan
    if len(data) > MAX_BYTES:
        plan.give_up("file is too large to fix")
        return plan
    plan.original = data
    plan.bom = data.startswith(_BOM)
    try:
        text = (data[len(_BOM):] if plan.bom else data).decode("utf-8")
    except UnicodeError:
        plan.give_up("file is not UTF-8 text")
        return plan
    plan.text = text
    fmt = format_for(path, text[:65536])
    ctx = ScanContext(settings.policy, settings.root, _read_text)
    fixer: Callable[[str, str, list[Finding], ScanContext, Settings], _Result] | None = None
    if fmt == "python":
        fixer = _fix_python
    elif fmt == "terraform":
        fixer = _fix_terraform
    elif fmt in ("litellm", "config") and path.lower().endswith((".yaml", ".yml")):
        fixer = _fix_litellm
    wanted = {"python": ("BRL101", "BRL102"), "terraform": ("BRL201",),
              "litellm": ("BRL101", "BRL102"), "config": ("BRL101", "BRL102")}.get(fmt or "", ())
    mine = [f for f in findings if f.code in wanted] if fixer is not None else []
    for f in findings:
        if f not in mine:
            plan.skip(f, f"no automatic fix for {f.code} in {_fmt_name(fmt, path)}")
    if not mine or fixer is None:
        return plan
    try:
        result = fixer(path, text, mine, ctx, settings)
    except ScanError as exc:
        plan.give_up(f"file does not parse ({exc.message}); lint it again")
        return plan
    except Exception as exc:  # a bug in a fixer must not cost the user the other files
        LOG.debug("fixer failed on %s", path, exc_info=True)
        plan.give_up(f"internal error while fixing: {type(exc).__name__}: {exc}")
        return plan
    for f, reason in result.skipped:
        plan.skip(f, reason)
    if result.failure is not None:
        plan.give_up(result.failure)
        return plan
    if result.fixed and result.text != text:
        plan.new_text = result.text
        plan.fixed = sorted(result.fixed)
    return plan


def _fmt_name(fmt: str | None, path: str) -> str:
    if fmt == "cloudformation":
        return "CloudFormation templates"
    if fmt == "terraform":
        return "Terraform files"
    if fmt == "python":
        return "Python files"
    if fmt == "litellm":
        return "this LiteLLM config"
    if fmt == "config":
        return "deployment settings"
    return f"{Path(path).suffix or 'these'} files"


# --- writing -----------------------------------------------------------------------------------


def _write(plan: _Plan) -> str | None:
    """Write ``plan.new_text`` atomically; a reason string if the file was left as it was."""
    assert plan.new_text is not None
    data = (_BOM if plan.bom else b"") + plan.new_text.encode("utf-8")
    try:
        if read_bytes(plan.real) != plan.original:
            return "file changed while fixing; lint it again"
        write_atomic(plan.real, data)
    except OSError as exc:
        return f"cannot write file: {exc.strerror or exc}"
    return None


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` by ``data``: a temporary file in the same directory, flushed, given
    the original's permission bits (and owner, where allowed), then renamed over it. On any
    failure the original is intact and the temporary file removed."""
    st = os.stat(path)
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".bedrock-lint-fix", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not permitted (another owner): the mode is what matters
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _unified_diff(path: str, old: str, new: str) -> str:
    rel = Path(path).as_posix()
    lines = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{rel}", tofile=f"b/{rel}"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


# --- profile variables -------------------------------------------------------------------------


def slug_var(mid: ModelId, full: bool = False) -> str:
    """``BEDROCK_PROFILE_ARN_<SLUG>``: the model's short slug (``full``: the slug with date and
    version), upper-cased, every character other than A-Z and 0-9 written as ``_``."""
    slug = (mid.slug if full else mid.short_slug) or mid.model or mid.text
    return PER_MODEL_PREFIX + re.sub(r"[^A-Z0-9]", "_", slug.upper())


def profile_vars(mids: Iterable[ModelId], *, single: str | None) -> dict[str, str]:
    """Foundation-model ID -> variable name. ``single``: the variable when there is one model.
    Two models with the same short slug (dated releases of one family) use full slugs."""
    models: dict[str, ModelId] = {}
    for mid in mids:
        if mid.model:
            models.setdefault(mid.model, mid)
    if single is not None and len(models) == 1:
        return {next(iter(models)): single}
    short: dict[str, list[str]] = {}
    for model, mid in models.items():
        short.setdefault(slug_var(mid), []).append(model)
    out: dict[str, str] = {}
    for name, group in short.items():
        for model in group:
            out[model] = name if len(group) == 1 else slug_var(models[model], full=True)
    return out


def _direct_refs(doc: Document, grammar: Grammar) -> dict[tuple[int, int], list[tuple[ModelRef, ModelId]]]:
    """Refs that BRL101/BRL102 judge (direct uses of a foundation model or system profile)."""
    out: dict[tuple[int, int], list[tuple[ModelRef, ModelId]]] = {}
    for ref in doc.refs:
        if ref.use not in (Use.CALL, Use.SETTING):
            continue
        mid = grammar.classify(ref.value)
        if mid is not None and mid.kind.is_direct:
            out.setdefault((ref.loc.line, ref.loc.col), []).append((ref, mid))
    return out


def _reported_models(doc: Document, refs_at: dict[tuple[int, int], list[tuple[ModelRef, ModelId]]],
                     settings: Settings) -> list[ModelId]:
    """The models BRL101/BRL102 report in ``doc`` (exempt models and APIs left out), whether or
    not those rules are selected or suppressed in this run."""
    from .rules._base import Context
    from .rules.model_ids import HardcodedModelId, SystemProfileId

    out: list[ModelId] = []
    for rule in (HardcodedModelId(), SystemProfileId()):
        options = {k: o.default for k, o in rule.options.items()}
        options |= settings.rule_settings(rule.code).options
        ctx = Context(settings.policy, options, rule.severity, None, doc.path)
        for f in rule.check(doc, ctx):
            out.extend(mid for _, mid in refs_at.get((f.line, f.col), []))
    return out


# --- text helpers ------------------------------------------------------------------------------


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Replace ``[start, end)`` spans (non-overlapping) by their texts."""
    out = text
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out


# ================================================================================================
# Python
# ================================================================================================

#: LiteLLM-style calls: the base model stays in ``model`` and ``model_id`` carries the profile
#: (dspy.LM passes extra keywords to LiteLLM).
LITELLM_CALLS = frozenset({"completion", "acompletion", "embedding", "aembedding",
                           "image_generation", "aimage_generation", "text_completion",
                           "atext_completion", "LM"})
#: langchain-aws: ``model_id`` (alias ``model``) takes the profile, ``base_model_id`` (alias
#: ``base_model``) the base model, ``provider`` is required once the model is an ARN.
LANGCHAIN_CALLS = frozenset({"ChatBedrock", "ChatBedrockConverse", "BedrockLLM"})
#: LlamaIndex: the base model stays, ``application_inference_profile_arn`` is added.
LLAMAINDEX_CALLS = {"BedrockConverse": ("model",), "BedrockEmbedding": ("model_name",)}
LLAMAINDEX_PROFILE_ARG = "application_inference_profile_arn"
#: Calls that need the base model for more than routing and have no profile argument the
#: fixer knows, or that do not accept application inference profiles at all.
NO_SAFE_CALLS = frozenset({
    "BedrockEmbeddings", "Bedrock", "BedrockConverseModel", "infer_model", "init_chat_model",
    "AmazonBedrockGenerator", "AmazonBedrockTextEmbedder", "AmazonBedrockDocumentEmbedder",
    "ChatAnthropicBedrock", "invoke_inline_agent",
})  # fmt: skip
_NEEDS_BASE = LITELLM_CALLS | LANGCHAIN_CALLS | frozenset(LLAMAINDEX_CALLS) | NO_SAFE_CALLS
#: Request keys (boto3 parameters nested in dicts) whose value may simply become the profile.
REQUEST_KEYS = frozenset({"modelId", "modelArn", "foundationModel", "modelIdentifier"})


@dataclass
class _CallEdit:
    """Changes to one call: argument values to replace and keyword arguments to add."""

    replace: dict[int, Any] = field(default_factory=dict)  # arg index -> new value
    add_after: dict[int, list[tuple[str, Any]]] = field(default_factory=dict)  # index -> kwargs


def _callee_name(func: Any) -> str:
    import libcst as cst

    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return ""


def _plain_string(node: Any) -> bool:
    import libcst as cst

    if isinstance(node, cst.SimpleString):
        return isinstance(node.evaluated_value, str)
    if isinstance(node, cst.ConcatenatedString):
        return _plain_string(node.left) and _plain_string(node.right)
    return False


def _quote(node: Any) -> str:
    import libcst as cst

    while isinstance(node, cst.ConcatenatedString):
        node = node.left
    return "'" if isinstance(node, cst.SimpleString) and node.quote.endswith("'") else '"'


def _os_binding(module: Any) -> tuple[bool, bool]:
    """(``import os`` at module level, ``os`` bound to something else at module level)."""
    import libcst as cst

    imported = rebound = False
    def bound_name(alias: Any) -> str:
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            return str(alias.asname.name.value)
        return (cst.helpers.get_full_name_for_node(alias.name) or "").split(".")[0]

    for stmt in module.body:
        smalls = stmt.body if isinstance(stmt, cst.SimpleStatementLine) else []
        for small in smalls:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if bound_name(alias) == "os":
                        if alias.asname is None:
                            imported = True  # import os, import os.path
                        else:
                            rebound = True
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if any(bound_name(alias) == "os" for alias in small.names):
                    rebound = True
            elif isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                targets = ([t.target for t in small.targets] if isinstance(small, cst.Assign)
                           else [small.target])
                if any(isinstance(t, cst.Name) and t.value == "os" for t in targets):
                    rebound = True
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) and stmt.name.value == "os":
            rebound = True
    return imported, rebound


def _fix_python(path: str, text: str, findings: list[Finding], ctx: ScanContext,
                settings: Settings) -> _Result:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

    from .scanners import python as pyscan

    result = _Result(text)
    doc = pyscan.scan(path, text, ctx)
    refs_at = _direct_refs(doc, ctx.grammar)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise ScanError(f"Python syntax error: {exc.message}", exc.editor_line, exc.editor_column) from None
    wrapper = MetadataWrapper(module)
    positions = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    strings: dict[tuple[int, int], list[tuple[Any, Any]]] = {}
    for node, rng in positions.items():
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString,
                             cst.BinaryOperation)):
            strings.setdefault((rng.start.line, rng.start.column + 1), []).append((node, rng))

    imported, rebound = _os_binding(wrapper.module)
    located: list[tuple[Finding, Any, list[tuple[ModelRef, ModelId]]]] = []
    for f in findings:
        refs = refs_at.get((f.line, f.col), [])
        cands = [(n, r) for n, r in strings.get((f.line, f.col), [])
                 if f.end_line is None or (r.end.line, r.end.column + 1) == (f.end_line, f.end_col)]
        if not refs or not cands:
            result.skipped.append((f, "the finding no longer matches the file; lint it again"))
            continue
        # the outermost node with that exact range (a concatenation before its first part)
        node = next((n for n, _ in cands if not any(parents.get(n) is m for m, _ in cands)), cands[0][0])
        located.append((f, node, refs))
    if rebound and located:
        for f, _, _ in located:
            result.skipped.append((f, "no safe fix: the name os is bound to something else in this module"))
        return result

    # every model the file is reported for counts, fixable or not, whatever the selection and
    # suppressions of this run: with several, each variable must say which model it stands for
    mids = _reported_models(doc, refs_at, settings)
    policy_vars = ctx.policy.profile_env_vars
    default = policy_vars[0] if policy_vars else DEFAULT_PROFILE_VAR
    # a file that already reads a profile variable may mean another model by it: per-model names
    already = re.search(rf"\b(?:{re.escape(default)}\b|{PER_MODEL_PREFIX})", text) is not None
    names = profile_vars(mids, single=None if already else default)

    replace_nodes: dict[int, Any] = {}  # id(original node) -> new node
    call_edits: dict[int, _CallEdit] = {}
    for f, node, refs in located:
        mid = refs[0][1]
        var = names.get(mid.model or "", default)
        reason = _plan_python_edit(node, parents, refs, mid, var, replace_nodes, call_edits)
        if reason is None:
            result.fixed.append(f)
        else:
            result.skipped.append((f, reason))
    if not result.fixed:
        return result

    class _Apply(cst.CSTTransformer):
        def on_leave(self, original: Any, updated: Any) -> Any:
            new = replace_nodes.get(id(original))
            if new is not None:
                return new
            edit = call_edits.get(id(original))
            if edit is not None and isinstance(updated, cst.Call):
                return _edit_call(updated, edit)
            return updated

    new_module = wrapper.module.visit(_Apply())
    if not imported:
        new_module = _add_import_os(new_module)
    new_text = new_module.code
    problem = _verify_python(path, new_text, ctx)
    if problem is not None:
        result.failure = problem
        return result
    result.text = new_text
    return result


def _import_module(stmt: Any) -> tuple[str, bool] | None:
    """(top-level module, is ``import x``) of a one-import statement line, else None."""
    import libcst as cst

    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, cst.Import):
        name = cst.helpers.get_full_name_for_node(small.names[0].name) or ""
        return name.split(".")[0], True
    if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
        name = cst.helpers.get_full_name_for_node(small.module) or ""
        return name.split(".")[0], False
    return None


def _add_import_os(module: Any) -> Any:
    """Add ``import os`` where isort would put it: among the standard-library imports of the
    module's leading import block (a new group before the others when there are none)."""
    import sys

    import libcst as cst

    body = list(module.body)
    i = 0
    if body and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1 and \
            isinstance(body[0].body[0], cst.Expr) and isinstance(body[0].body[0].value, cst.SimpleString):
        i = 1  # the docstring
    block: list[tuple[int, str, bool]] = []
    for j in range(i, len(body)):
        info = _import_module(body[j])
        if info is None:
            break
        block.append((j, *info))
    future = [b for b in block if b[1] == "__future__"]
    block = [b for b in block if b[1] != "__future__"]
    new = cst.parse_statement("import os\n")
    if not block:  # no imports: after the docstring and __future__ imports, blank lines around
        j = future[-1][0] + 1 if future else i
        if j >= len(body):
            body.append(new.with_changes(leading_lines=[cst.EmptyLine()] if j else []))
            return module.with_changes(body=body)
        nxt = body[j]
        kept = list(nxt.leading_lines)  # comments stay with the statement they precede
        if not (kept and kept[0].comment is None):
            kept.insert(0, cst.EmptyLine())
        body[j] = nxt.with_changes(leading_lines=kept)
        body.insert(j, new.with_changes(leading_lines=[cst.EmptyLine()] if j else []))
        return module.with_changes(body=body)
    stdlib: frozenset[str] = getattr(sys, "stdlib_module_names", frozenset())
    std = [b for b in block if b[1] in stdlib]
    if not std:  # a new standard-library group before the first import
        j = block[0][0]
        first = body[j]
        body[j] = first.with_changes(leading_lines=[cst.EmptyLine()])
        body.insert(j, new.with_changes(leading_lines=first.leading_lines))
        return module.with_changes(body=body)
    after_plain = [b for b in std if b[2] and b[1] > "os"]
    if after_plain:  # before the first ``import x`` that sorts after os
        j = after_plain[0][0]
        target = body[j]
        body[j] = target.with_changes(leading_lines=[])
        body.insert(j, new.with_changes(leading_lines=target.leading_lines))
        return module.with_changes(body=body)
    plain = [b for b in std if b[2]]
    if plain:
        body.insert(plain[-1][0] + 1, new)
        return module.with_changes(body=body)
    j = std[0][0]  # only ``from x import`` lines: plain imports come first
    target = body[j]
    body[j] = target.with_changes(leading_lines=[])
    body.insert(j, new.with_changes(leading_lines=target.leading_lines))
    return module.with_changes(body=body)


def _env_expr(var: str, quote: str) -> Any:
    import libcst as cst

    return cst.parse_expression(f"os.environ[{quote}{var}{quote}]")


def _plan_python_edit(node: Any, parents: Any, refs: list[tuple[ModelRef, ModelId]], mid: ModelId,
                      var: str, replace_nodes: dict[int, Any], call_edits: dict[int, _CallEdit]) -> str | None:
    """Record the edit for one literal; the reason it cannot be fixed, or None."""
    import libcst as cst

    if not _plain_string(node):
        return "no safe fix: the model ID is built from parts (f-string or concatenation)"
    parent = parents.get(node)
    quote = _quote(node)
    env = _env_expr(var, quote)
    route = mid.route
    if isinstance(parent, cst.Arg) and parent.value is node:
        call = parents.get(parent)
        if not isinstance(call, cst.Call):
            return _not_plain(parent)
        name = _callee_name(call.func)
        index = next(i for i, a in enumerate(call.args) if a is parent)
        kw = parent.keyword.value if parent.keyword is not None else None
        positional = [a for a in call.args if a.keyword is None and not a.star]
        first = kw is None and positional and positional[0] is parent
        keywords = {a.keyword.value for a in call.args if a.keyword is not None}
        has_star = any(a.star == "**" for a in call.args)
        edit = call_edits.setdefault(id(call), _CallEdit())
        if name in LITELLM_CALLS and (kw == "model" or first):
            if has_star:
                return f"no safe fix: {name}() passes **kwargs, which may already carry model_id"
            edit.add_after.setdefault(_kw_anchor(call, index, kw), []).append(("model_id", env))
            return None
        if name in LANGCHAIN_CALLS and kw in ("model_id", "model"):
            if route:
                return f"no safe fix: route prefix {route!r} is not a langchain-aws model ID"
            if has_star:
                return f"no safe fix: {name}() passes **kwargs, which may already carry base_model_id or provider"
            edit.replace[index] = env
            extra: list[tuple[str, Any]] = []
            if not keywords & {"base_model_id", "base_model"}:
                extra.append(("base_model_id", node))
            if "provider" not in keywords and mid.provider:
                extra.append(("provider", cst.SimpleString(f"{quote}{mid.provider}{quote}")))
            if extra:
                edit.add_after.setdefault(index, []).extend(extra)
            return None
        if name in LLAMAINDEX_CALLS and (kw in LLAMAINDEX_CALLS[name] or first):
            if has_star:
                return f"no safe fix: {name}() passes **kwargs, which may already carry {LLAMAINDEX_PROFILE_ARG}"
            edit.add_after.setdefault(_kw_anchor(call, index, kw), []).append(
                (LLAMAINDEX_PROFILE_ARG, env))
            return None
        if name in _NEEDS_BASE:
            return f"no safe fix: {name}() needs the base model and takes no profile argument the fixer knows"
        if route:
            return f"no safe fix: route prefix {route!r} needs a LiteLLM call to add model_id to"
        blocked = _indirect_consumer(refs, direct_call=call)
        if blocked is not None:
            return blocked
        replace_nodes[id(node)] = env
        return None
    if route:
        return f"no safe fix: route prefix {route!r} needs a LiteLLM call to add model_id to"
    plain_assign = (isinstance(parent, cst.Assign) and parent.value is node) or (
        isinstance(parent, cst.AnnAssign) and parent.value is node)
    request_value = (isinstance(parent, cst.DictElement) and parent.value is node
                     and isinstance(parent.key, cst.SimpleString)
                     and parent.key.evaluated_value in REQUEST_KEYS)
    if not (plain_assign or request_value):
        return _not_plain(parent)
    blocked = _indirect_consumer(refs, direct_call=None)
    if blocked is not None:
        return blocked
    replace_nodes[id(node)] = env
    return None


def _not_plain(parent: Any) -> str:
    import libcst as cst

    if isinstance(parent, cst.DictElement):
        what = "a value in a table (dict)"
    elif isinstance(parent, (cst.Element, cst.StarredElement)):
        what = "an element of a list, tuple or set"
    elif isinstance(parent, cst.Param):
        what = "a parameter default"
    elif isinstance(parent, (cst.Return, cst.Yield)):
        what = "a return value"
    else:
        what = "part of an expression"
    return f"no safe fix: the literal is {what}, not a plain value of an assignment or call argument"


def _kw_anchor(call: Any, index: int, kw: str | None) -> int:
    """Where new keyword arguments go: after a keyword model argument, else after the last."""
    return index if kw is not None else len(call.args) - 1


def _indirect_consumer(refs: list[tuple[ModelRef, ModelId]], direct_call: Any) -> str | None:
    """A reason to refuse when the value flows into a library that needs the base model."""
    here = _callee_name(direct_call.func) if direct_call is not None else None
    for ref, _ in refs:
        hit = set((ref.api or "").split("/")) & _NEEDS_BASE
        if hit and here not in hit:
            via = f" through {ref.via}" if ref.via else ""
            return (f"no safe fix: the value reaches {ref.context}{via}, which needs the base model "
                    "next to the profile: add the profile argument at that call")
    return None


def _edit_call(call: Any, edit: _CallEdit) -> Any:
    import libcst as cst

    args = list(call.args)
    for index, value in edit.replace.items():
        args[index] = args[index].with_changes(value=value)
    for index in sorted(edit.add_after, reverse=True):
        new_args = [cst.Arg(keyword=cst.Name(k), value=v,
                            equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                  whitespace_after=cst.SimpleWhitespace("")))
                    for k, v in edit.add_after[index]]
        args = _insert_args(call, args, index, new_args)
    return call.with_changes(args=tuple(args))


def _insert_args(call: Any, args: list[Any], index: int, new_args: list[Any]) -> list[Any]:
    """Insert ``new_args`` after ``args[index]``, separated the way the call already is. A
    comment at the end of the target's line stays on that line (never copied)."""
    import libcst as cst

    def first_line(ws: Any) -> Any:
        return ws.first_line if isinstance(ws, cst.ParenthesizedWhitespace) else None

    def with_first_line(ws: Any, line: Any) -> Any:
        if isinstance(ws, cst.ParenthesizedWhitespace) and line is not None:
            return ws.with_changes(first_line=line)
        return ws

    def plain(ws: Any) -> Any:
        return with_first_line(ws, cst.TrailingWhitespace())

    def plain_comma(comma: Any) -> Any:
        if isinstance(comma, cst.Comma):
            return comma.with_changes(whitespace_after=plain(comma.whitespace_after))
        return comma

    target = args[index]
    if index + 1 < len(args):
        sep = target.comma
        if not isinstance(sep, cst.Comma):
            sep = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        sep = plain_comma(sep)
        return args[: index + 1] + [a.with_changes(comma=sep) for a in new_args] + args[index + 1 :]
    # after the last argument: the separator is the one between arguments (or after "(")
    if index > 0 and isinstance(args[index - 1].comma, cst.Comma):
        sep = plain_comma(args[index - 1].comma)
    elif isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        sep = cst.Comma(whitespace_after=plain(call.whitespace_before_args))
    else:
        sep = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    tail_comma, tail_ws = target.comma, target.whitespace_after_arg
    line_end = tail_comma.whitespace_after if isinstance(tail_comma, cst.Comma) else tail_ws
    head_sep = sep.with_changes(whitespace_after=with_first_line(sep.whitespace_after,
                                                                 first_line(line_end)))
    head = target.with_changes(comma=head_sep, whitespace_after_arg=cst.SimpleWhitespace(""))
    middle = [a.with_changes(comma=sep) for a in new_args[:-1]]
    last = new_args[-1].with_changes(comma=plain_comma(tail_comma), whitespace_after_arg=plain(tail_ws))
    return args[:index] + [head, *middle, last]


def _verify_python(path: str, text: str, ctx: ScanContext) -> str | None:
    import libcst as cst

    from .scanners import python as pyscan

    try:
        compile(text, path, "exec", dont_inherit=True)
        cst.parse_module(text)
        pyscan.scan(path, text, ctx)
    except (SyntaxError, ValueError, cst.ParserSyntaxError, ScanError) as exc:
        return f"the fixed file would not parse ({type(exc).__name__}); left as it was"
    return None


# ================================================================================================
# LiteLLM configs (YAML, also embedded in ConfigMaps and Helm values)
# ================================================================================================


@dataclass(frozen=True)
class _YamlHit:
    mapping: Any
    key: Any
    value: Any
    src: Any


def _yaml_mappings(path: str, text: str) -> Iterator[tuple[Any, Any]]:
    """Every mapping node of the file (and of YAML embedded in block strings), with its Source."""
    import yaml

    from .scanners.litellm import MAX_NODES, compose, compose_file, embedded

    src, docs = compose_file(path, text)
    stack: list[tuple[Any, Any]] = [(d, src) for d in reversed(docs)]
    seen: set[int] = set()
    budget = MAX_NODES
    while stack:
        node, s = stack.pop()
        budget -= 1
        if budget < 0 or id(node) in seen:
            if budget < 0:
                return
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            yield node, s
            stack.extend((v, s) for _, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, s) for v in reversed(node.value))
        elif isinstance(node, yaml.ScalarNode) and node.style == "|" and "\n" in str(node.value):
            sub = embedded(node, s)
            if sub is None:
                continue
            try:
                docs = compose(sub)
            except ScanError:
                continue
            stack.extend((d, sub) for d in reversed(docs))


@dataclass
class _YamlIndex:
    #: (key, line, col) of a scalar value -> the mapping that holds it directly
    hits: dict[tuple[str, int, int], _YamlHit] = field(default_factory=dict)
    #: id(mapping) -> the mappings that merge it (``<<: *anchor``), directly or transitively
    users: dict[int, list[Any]] = field(default_factory=dict)
    #: every mapping of the file, kept alive so that the ids above stay unique
    mappings: list[Any] = field(default_factory=list)


def _yaml_index(path: str, text: str, keys: tuple[str, ...] = ("model", "model_id")) -> _YamlIndex:
    import yaml

    from .scanners.litellm import MERGE_TAG, key_text

    index = _YamlIndex()
    direct: dict[int, list[Any]] = {}
    for mapping, src in _yaml_mappings(path, text):
        index.mappings.append(mapping)
        for k, v in mapping.value:
            if k.tag == MERGE_TAG:
                for source in v.value if isinstance(v, yaml.SequenceNode) else (v,):
                    if isinstance(source, yaml.MappingNode):
                        direct.setdefault(id(source), []).append(mapping)
                continue
            name = key_text(k)
            if name in keys and isinstance(v, yaml.ScalarNode):
                loc = src.loc(v)
                index.hits.setdefault((name, loc.line, loc.col), _YamlHit(mapping, k, v, src))
    for source, merging in direct.items():
        seen: dict[int, Any] = {}
        stack = list(merging)
        while stack:
            user = stack.pop()
            if id(user) not in seen:
                seen[id(user)] = user
                stack.extend(direct.get(id(user), []))
        index.users[source] = list(seen.values())
    return index


def _fix_litellm(path: str, text: str, findings: list[Finding], ctx: ScanContext,
                 settings: Settings) -> _Result:
    from .scanners.litellm import Budget, pairs, scalar_text

    result = _Result(text)
    scan = load(format_for(path, text[:65536]) or "litellm")
    if scan is None:
        return result
    doc = scan(path, text, ctx)
    refs_at = _direct_refs(doc, ctx.grammar)
    names = profile_vars(_reported_models(doc, refs_at, settings), single=None)
    lines = text.splitlines(keepends=True)
    nl = _newline(text)
    inserts: list[tuple[int, str]] = []  # (after 1-based line, text)
    edits: list[tuple[int, int, str]] = []
    starts = _line_starts(text)
    checks: list[tuple[str, int, int, str]] = []  # (key, line, col, var) to verify afterwards
    index = _yaml_index(path, text)
    for f in findings:
        refs = [(r, m) for r, m in refs_at.get((f.line, f.col), [])
                if r.context in ("litellm_params.model", "litellm_params.model_id")]
        if not refs:
            reason = ("the finding no longer matches the file; lint it again"
                      if (f.line, f.col) not in refs_at else
                      "no automatic fix for this setting (only litellm_params.model and model_id)")
            result.skipped.append((f, reason))
            continue
        ref, mid = refs[0]
        key = ref.context.rsplit(".", 1)[1]
        hit = index.hits.get((key, f.line, f.col))
        if hit is None:
            result.skipped.append((f, "the finding no longer matches the file; lint it again"))
            continue
        var = names.get(mid.model or "", slug_var(mid))
        problem = _yaml_layout_problem(hit)
        if problem is None and key == "model":
            existing = [n for n, _, _ in pairs(hit.mapping, Budget()) if n == "model_id"]
            if existing:
                problem = "no safe fix: litellm_params already has a model_id (not a profile reference)"
            elif any(_own_model_without_id(user) for user in index.users.get(id(hit.mapping), [])):
                problem = ("no safe fix: entries that merge this mapping (<<) set their own model; "
                           "a model_id here would reach them too")
        if problem is not None:
            result.skipped.append((f, problem))
            continue
        kloc, vloc = hit.src.loc(hit.key), hit.src.loc(hit.value)
        if key == "model":
            line_text = lines[vloc.line - 1]
            indent = " " * (kloc.col - 1)
            lead = line_text[: kloc.col - 1]
            if lead.strip(" -") or "\t" in lead:
                result.skipped.append((f, "no safe fix: unusual layout around litellm_params.model"))
                continue
            inserts.append((vloc.line, f"{indent}model_id: os.environ/{var}"))
        else:
            start = starts[vloc.line - 1] + vloc.col - 1
            end = starts[vloc.line - 1] + (vloc.end_col or vloc.col) - 1
            edits.append((start, end, f"os.environ/{var}"))
        checks.append((key, f.line, f.col, var))
        result.fixed.append(f)
    if not result.fixed:
        return result
    new_text = _apply_edits(text, edits)
    new_lines = new_text.splitlines(keepends=True)
    for after, added in sorted(inserts, reverse=True):
        prev = new_lines[after - 1]
        if not prev.endswith(("\n", "\r")):
            new_lines[after - 1] = prev + nl
            new_lines.insert(after, added)
        else:
            new_lines.insert(after, added + nl)
    new_text = "".join(new_lines)
    # verify: parses, and each fixed mapping now routes through the profile variable
    try:
        new_index = _yaml_index(path, new_text)
        for key, line, col, var in checks:
            shift = sum(1 for after, _ in inserts if after < line)
            hit = new_index.hits.get((key, line + shift, col))
            if hit is None:
                raise ScanError("fixed value not found again")
            mid_node = next((v for n, _, v in pairs(hit.mapping, Budget()) if n == "model_id"), None)
            if scalar_text(mid_node) != f"os.environ/{var}":
                raise ScanError("model_id did not land in litellm_params")
        scan(path, new_text, ctx)
    except ScanError as exc:
        result.failure = f"the fixed file would not parse or verify ({exc.message}); left as it was"
        return result
    result.text = new_text
    return result


def _own_model_without_id(mapping: Any) -> bool:
    from .scanners.litellm import key_text

    own = {key_text(k) for k, _ in mapping.value}
    return "model" in own and "model_id" not in own


def _yaml_layout_problem(hit: _YamlHit) -> str | None:
    k, v = hit.key, hit.value
    if hit.mapping.flow_style:
        return "no safe fix: litellm_params is a flow-style mapping ({...})"
    if k.start_mark.line != v.start_mark.line or v.start_mark.line != v.end_mark.line:
        return "no safe fix: the value does not sit on one line with its key"
    if v.style not in (None, "'", '"'):
        return "no safe fix: the value is a block scalar"
    if v.tag != "tag:yaml.org,2002:str":
        return "no safe fix: the value carries a YAML tag"
    return None


# ================================================================================================
# Terraform
# ================================================================================================


def _fix_terraform(path: str, text: str, findings: list[Finding], ctx: ScanContext,
                   settings: Settings) -> _Result:
    from .rules.profile_tags import tag_gaps
    from .scanners import terraform as tf

    result = _Result(text)
    tree = tf._parse_text(text)
    if isinstance(tree, tf._ParseFailure):
        raise ScanError(tree.message, tree.line, tree.col)
    doc = tf.scan(path, text, ctx)
    policy = ctx.policy
    order = {k: i for i, k in enumerate(k for tier in policy.tiers for k in tier.keys)}
    blocks: dict[int, list[tuple[str, str, Any]]] = {}
    for block in tf._body_items(tree.children[0]):
        if block.data != "block":
            continue
        kind, labels, body = tf._block_parts(block)
        if kind == "resource" and len(labels) >= 2 and body is not None:
            blocks.setdefault(block.meta.line, []).append(
                (labels[0], labels[1], block))
    starts = _line_starts(text)
    nl = _newline(text)
    edits: list[tuple[int, int, str]] = []
    fixed_profiles: dict[str, tuple[str, ...]] = {}
    for f in findings:
        profiles = [p for p in doc.profiles if (p.loc.line, p.loc.col) == (f.line, f.col)]
        own = [p for p in profiles if not p.logical_name.startswith("module.")]
        if not own:
            reason = ("no safe fix: the profile is declared in a module; fix it in the module's own files"
                      if profiles else "the finding no longer matches the file; lint it again")
            result.skipped.append((f, reason))
            continue
        profile = own[0]
        if profile.logical_name in fixed_profiles:
            result.fixed.append(f)  # a second tier of the same profile: one edit covers both
            continue
        keys = sorted({k for gap in tag_gaps(profile, policy) if gap.missing for k in gap.keys},
                      key=lambda k: (order.get(k, len(order)), k))
        block = next((b for rtype, rname, b in blocks.get(f.line, ())
                      if f"{rtype}.{rname}" == profile.logical_name), None)
        if not keys or block is None:
            result.skipped.append((f, "the finding no longer matches the file; lint it again"))
            continue
        if profile.kind.startswith("awscc_"):
            result.skipped.append((f, "no safe fix: awscc tags are a list of key/value objects"))
            continue
        edit_or_reason = _tf_tags_edit(tf, text, starts, nl, block, keys)
        if isinstance(edit_or_reason, str):
            result.skipped.append((f, edit_or_reason))
            continue
        edits.extend(edit_or_reason)
        fixed_profiles[profile.logical_name] = tuple(keys)
        result.fixed.append(f)
    if not edits:
        result.fixed = []
        return result
    new_text = _apply_edits(text, edits)
    new_tree = tf._parse_text(new_text)
    if isinstance(new_tree, tf._ParseFailure):
        result.failure = f"the fixed file would not parse ({new_tree.message}); left as it was"
        return result
    try:
        new_doc = tf.scan(path, new_text, ctx)
    except ScanError as exc:
        result.failure = f"the fixed file would not parse ({exc.message}); left as it was"
        return result
    for name, added in fixed_profiles.items():
        prof = next((p for p in new_doc.profiles if p.logical_name == name), None)
        still = {k for gap in tag_gaps(prof, policy) if gap.missing for k in gap.keys} if prof else set(added)
        if prof is None or still & set(added):
            result.failure = f"the fixed tags of {name} did not verify; left as it was"
            return result
    result.text = new_text
    return result


_HCL_ENTRY = re.compile(r'^(?P<indent>[ \t]*)(?P<key>"(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*)(?P<pad>[ \t]*)='
                        r'(?![=>])')


def _hcl_key(key: str, quoted: bool) -> str:
    return key if key.isidentifier() and not quoted else '"' + key.replace('"', '\\"') + '"'


def _tf_tags_edit(tf: Any, text: str, starts: list[int], nl: str, block: Any,
                  keys: list[str]) -> list[tuple[int, int, str]] | str:
    """Text edits that add ``keys`` as placeholders, or the reason there is no safe fix."""
    lines = text.split("\n")

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col - 1

    def indent_of(line: int) -> str:
        raw = lines[line - 1]
        return raw[: len(raw) - len(raw.lstrip(" \t"))]

    _, _, body = tf._block_parts(block)
    attrs = tf._attrs_of(body)
    close: list[Any] = [c for c in block.children if isinstance(c, str) and str(c) == "}"]
    if "tags" not in attrs:
        if not close:
            return "no safe fix: unusual layout of the resource block"
        rbrace = close[-1]
        if lines[rbrace.line - 1][: rbrace.column - 1].strip():
            return "no safe fix: the resource's closing brace shares a line with other text"
        items = list(tf._body_items(body))
        block_indent = indent_of(block.meta.line)
        inner = indent_of(items[0].meta.line) if items else block_indent + "  "
        step = inner[len(block_indent):] if inner.startswith(block_indent) and inner != block_indent else "  "
        entries = _hcl_entries(keys, inner + step, quoted=False, nl=nl)
        prev = lines[rbrace.line - 2] if rbrace.line >= 2 else ""
        blank = nl if prev.strip() and rbrace.line - 1 != block.meta.line else ""
        chunk = f"{blank}{inner}tags = {{{nl}{entries}{inner}}}{nl}"
        pos = starts[rbrace.line - 1]
        return [(pos, pos, chunk)]
    expr = attrs["tags"].children[-1]
    kids = tf._trees(expr)
    if not (expr.data == "expr_term" and len(kids) == 1 and kids[0].data == "object"
            and not tf._has_token(expr, "LPAR")):
        return "no safe fix: tags is not a literal map (merge(), a variable or a local)"
    obj = kids[0]
    elems = [e for e in tf._trees(obj) if e.data == "object_elem"]
    written: list[str] = []
    quoted_keys = []
    for e in elems:
        key_node = tf._trees(e)[0]
        name = tf._elem_key_name(key_node)
        if name is None:
            return "no safe fix: a tag key is computed"
        written.append(name)
        raw = text[offset(key_node.meta.line, key_node.meta.column):
                   offset(key_node.meta.end_line, key_node.meta.end_column)]
        quoted_keys.append(raw.startswith('"'))
    if set(keys) & set(written):
        dup = min(set(keys) & set(written))
        return f"no safe fix: tag {dup!r} is written with a null value"
    quoted = bool(quoted_keys) and all(quoted_keys)
    braces: list[Any] = [c for c in obj.children if isinstance(c, str) and str(c) in ("{", "}")]
    if len(braces) < 2:
        return "no safe fix: unusual layout of the tags map"
    lbrace, rbrace = braces[0], braces[-1]
    attr_indent = indent_of(attrs["tags"].meta.line)
    if lbrace.line == rbrace.line:
        start, end = offset(lbrace.line, lbrace.column), offset(rbrace.line, rbrace.column)
        if not elems:
            inner = attr_indent + "  "
            entries = _hcl_entries(keys, inner, quoted=False, nl=nl)
            return [(start, end + 1, f"{{{nl}{entries}{attr_indent}}}")]
        before = text[start + 1 : end].rstrip()
        at = start + 1 + len(before)
        pairs = ", ".join(f'{_hcl_key(k, quoted)} = "{PLACEHOLDER}"' for k in keys)
        chunk = f" {pairs}," if before.endswith(",") else f", {pairs}"
        return [(at, at, chunk)]
    if lines[rbrace.line - 1][: rbrace.column - 1].strip():
        return "no safe fix: the closing brace of tags shares a line with an entry"
    starts_line = [e for e in elems if not lines[e.meta.line - 1][: e.meta.column - 1].strip()]
    inner = indent_of(starts_line[-1].meta.line) if starts_line else indent_of(rbrace.line) + "  "
    # the group of single-line entries right above the closing brace, which terraform fmt aligns
    group: list[int] = []
    row = rbrace.line - 1
    while row >= 1 and row > lbrace.line:
        m = _HCL_ENTRY.match(lines[row - 1])
        if m is None or m.group("indent") != inner:
            break
        group.append(row)
        row -= 1
    edits: list[tuple[int, int, str]] = []
    eq_col: int | None = None
    if group:
        matches = [_HCL_ENTRY.match(lines[r - 1]) for r in group]
        eq_cols = {len(m.group("indent")) + len(m.group("key")) + len(m.group("pad")) for m in matches if m}
        if len(eq_cols) == 1:  # aligned (or a single entry): the new keys join the group
            target = max([len(inner) + len(_hcl_key(k, quoted)) + 1 for k in keys] + list(eq_cols))
            for r, m in zip(group, matches):
                assert m is not None
                pad_start = starts[r - 1] + len(m.group("indent")) + len(m.group("key"))
                want = " " * (target - len(m.group("indent")) - len(m.group("key")))
                if m.group("pad") != want:
                    edits.append((pad_start, pad_start + len(m.group("pad")), want))
            eq_col = target
    entries = _hcl_entries(keys, inner, quoted=quoted, nl=nl, eq_col=eq_col)
    pos = starts[rbrace.line - 1]
    edits.append((pos, pos, entries))
    return edits


def _hcl_entries(keys: list[str], indent: str, *, quoted: bool, nl: str,
                 eq_col: int | None = None) -> str:
    """One ``key = "TODO"`` line per key, ``=`` aligned (at ``eq_col`` when given)."""
    names = [_hcl_key(k, quoted) for k in keys]
    width = max(len(n) for n in names) if eq_col is None else eq_col - len(indent) - 1
    return "".join(f'{indent}{n.ljust(width)} = "{PLACEHOLDER}"{nl}' for n in names)

