"""``bedrock-lint inventory``: every Bedrock caller in the repository, and how it picks its model.

The playbook's caller inventory, produced from code and configuration: one row per call
site or configured model, with the caller it belongs to, how the model is chosen, the model
(when the repository says) and whether it complies; plus the application inference profiles
the repository declares, with their effective tags.

Files are walked and routed exactly like ``bedrock-lint check`` (``Walker``, ``Settings``,
``scanners.format_for`` / ``scanners.load``); each file is also linted, so a row's
"complies" agrees with the linter's findings at the literals it names (column ``findings``).

Sources of rows:

* **Python** call sites, from one extra libcst pass (the scanner's facts only hold literals):
  boto3 ``converse``/``invoke_model``/... with ``modelId``, batch, inline-agent and
  retrieve-and-generate calls, and the framework constructors (langchain-aws, Strands,
  LlamaIndex, pydantic-ai, Haystack, Anthropic's Bedrock client, LiteLLM/DSPy/CrewAI with a
  ``bedrock/`` route). The model argument is followed inside the file (and into a sibling
  module for ``from .config import NAME``) to a literal, an environment variable
  (``os.environ[...]``, ``getenv``, pydantic-settings fields), an SSM parameter
  (``get_parameter(Name=...)``), a parameter, or "unknown". Implicit defaults count:
  ``strands.Agent()``/``BedrockModel()`` without a model use ``global.anthropic.claude-sonnet-4-6``,
  ``BedrockEmbeddings()``/``BedrockEmbedding()`` ``amazon.titan-embed-text-v1``,
  ``AmazonBedrockRanker()`` ``cohere.rerank-v3-5:0``. Model literals the scanner found that no
  recognised call site uses (settings, tables) are rows of their own.
* **Terraform, CloudFormation, LiteLLM, deployment configs**: the scanners' model references,
  plus the references to profiles and SSM parameters the scanners do not report because they
  are not literals (``foundation_model = aws_bedrock_inference_profile.x.arn``,
  ``BEDROCK_AIP_ARN: !GetAtt Profile.InferenceProfileArn``, ``model_id: os.environ/AIP_ARN``).

Callers: Terraform, the resource address; CloudFormation, the logical ID; LiteLLM, the
``model_name``; docker-compose, the service; Serverless Framework, the function; Kubernetes, the
``Kind/name``. Python and ``.env`` files: the Lambda function whose handler file (SAM/
CloudFormation ``Handler`` + ``CodeUri``, Serverless ``handler``) is the file or whose
``CodeUri`` holds it; else the nearest directory below the root with ``pyproject.toml``,
``setup.py``, ``setup.cfg``, ``requirements.txt`` or a ``Dockerfile`` (``service <dir>``); else the
top-level package (``package <name>``); else the top-level directory or the file itself.

"Complies": ``yes`` (an application-profile ARN, a profile resource, a profile environment
variable of the policy, a LiteLLM ``model_id`` reference, or a setting that the repository
itself sets to one of those), ``no`` (a foundation model or system profile, literal or
implicit, or a wildcard route), ``exempt`` (the policy exempts the model or API, or a
suppression comment does), ``other`` (provisioned, custom, imported models and routers: not
profiles, and not wrappable in one) and ``unknown`` (nothing in the repository says).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import libcst  # imported where used: only an inventory with Python files pays for it

LOG = logging.getLogger(__name__)

PROG = "bedrock-lint inventory"
EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2

STRANDS_DEFAULT = "global.anthropic.claude-sonnet-4-6"
TITAN_EMBED_DEFAULT = "amazon.titan-embed-text-v1"
RANKER_DEFAULT = "cohere.rerank-v3-5:0"
MODEL_CODES = frozenset({"BRL101", "BRL102", "BRL105", "BRL106"})
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Dockerfile")
COMPLIES = ("no", "unknown", "other", "yes", "exempt")  # worst first


# --- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """One way a call site or setting gets its model."""

    how: str  # literal | env | ssm | profile | default | param | unknown | wildcard
    detail: str = ""
    value: str | None = None
    #: (path, line, col) of the literal in the repository, if any
    at: tuple[str, int, int] | None = None
    fallback: str | None = None
    fallback_at: tuple[str, int, int] | None = None
    #: given in a parameter that exists to carry a profile ARN (LiteLLM ``model_id``,
    #: LlamaIndex ``application_inference_profile_arn``, pydantic-ai ``bedrock_inference_profile``)
    profile_slot: bool = False


@dataclass(frozen=True)
class CallerRow:
    path: str
    line: int
    col: int
    fmt: str
    caller: str
    where: str
    chosen_by: str
    models: tuple[str, ...]
    complies: str
    findings: tuple[str, ...] = ()
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.col, "format": self.fmt,
                "caller": self.caller, "where": self.where, "chosen_by": self.chosen_by,
                "models": list(self.models), "complies": self.complies,
                "findings": list(self.findings), "notes": self.notes}


@dataclass(frozen=True)
class ProfileRow:
    path: str
    line: int
    col: int
    fmt: str
    resource: str
    name: str
    copy_from: str
    tags: tuple[tuple[str, str | None], ...]
    unresolved: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.col, "format": self.fmt,
                "resource": self.resource, "name": self.name, "copy_from": self.copy_from,
                "tags": {k: v for k, v in self.tags}, "unresolved_tag_sources": list(self.unresolved)}


@dataclass
class Inventory:
    callers: list[CallerRow] = field(default_factory=list)
    profiles: list[ProfileRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# --- internal records -------------------------------------------------------------------------


@dataclass
class _Item:
    """A row before attribution and verdicts."""

    path: str  # repository-relative
    line: int
    col: int
    fmt: str
    where: str
    origins: list[Origin]
    caller: str | None = None  # None: decided by file attribution
    api: str | None = None
    key: str | None = None  # the env var / ssm name this setting defines
    notes: list[str] = field(default_factory=list)
    real: str = ""  # filesystem path of the file
    #: the linter's model-rule codes at the origins' literals
    codes: tuple[str, ...] = ()


# --- helpers ---------------------------------------------------------------------------------


def _kind_words(kind: str) -> str:
    return {
        "foundation-model": "foundation model", "foundation-model-arn": "foundation model",
        "system-profile": "system profile", "system-profile-arn": "system profile",
        "application-profile-arn": "profile ARN", "provisioned-model-arn": "provisioned-model ARN",
        "custom-model-arn": "custom-model ARN", "custom-model-deployment-arn": "custom-model ARN",
        "imported-model-arn": "imported-model ARN", "prompt-router-arn": "prompt-router ARN",
        "prompt-arn": "prompt ARN", "marketplace-endpoint-arn": "marketplace endpoint",
    }.get(kind, kind)  # fmt: skip


_ENV_KEY = re.compile(
    r"(?:environment variable |ConfigMap key |Secret key |[Ee]nvironment\.(?:[Vv]ariables\.)?|"
    r"environment_variables\.|runtime_environment_variables\.|environment\.)"
    r"([A-Za-z_][A-Za-z0-9_]*)$")


def env_key(context: str) -> str | None:
    """The environment variable a setting's context names (``...Environment.Variables.X``)."""
    m = _ENV_KEY.search(context)
    return m.group(1) if m else None


class _Policy:
    """The parts of the policy a verdict needs."""

    def __init__(self, settings: Any) -> None:
        from . import modelids

        pol = settings.policy
        self.grammar = pol.grammar
        self.exempt_models = tuple(pol.exempt_models)
        self.exempt_apis = frozenset(pol.exempt_apis)
        self.profile_vars = frozenset(pol.profile_env_vars)
        self.matches = modelids.matches_any

    def exempt(self, model: str | None, api: str | None) -> bool:
        if api and any(part in self.exempt_apis for part in api.split("/")):
            return True
        return bool(model) and self.matches(model, self.exempt_models)  # type: ignore[arg-type]


# --- command line ----------------------------------------------------------------------------


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description=(
        "List every Bedrock call site and configured model in the repository: caller, how the "
        "model is chosen, and whether it complies; and the inference profiles declared."))
    p.add_argument("paths", nargs="*", help="files or directories (default: .)")
    p.add_argument("--format", "-f", choices=("markdown", "json", "csv"), default="markdown")
    p.add_argument("--output", "-o", type=Path, help="write the inventory to a file instead of stdout")
    p.add_argument("--table", choices=("callers", "profiles"), default="callers",
                   help="the table --format csv writes (default: callers)")
    p.add_argument("--include-tests", action="store_true",
                   help="list call sites in test code too (test-paths of the config)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when some row does not comply")
    p.add_argument("--config", type=Path, help="use this config file")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--policy", help="policy pack name or path (default: adr-0007)")
    p.add_argument("--no-gitignore", action="store_true", help="do not read .gitignore files")
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
    paths = ns.paths or ["."]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise _Usage(f"path not found: {missing[0]}")
    from .config import ConfigError, load_settings

    first = Path(paths[0]).resolve()
    overrides: dict[str, Any] = {"policy": ns.policy,
                                 "respect-gitignore": False if ns.no_gitignore else None}
    try:
        settings = load_settings(start=first if first.is_dir() else first.parent,
                                 config=ns.config, isolated=ns.isolated, overrides=overrides)
    except ConfigError as exc:
        raise _Usage(str(exc)) from None
    try:
        inv = build(paths, settings, include_tests=ns.include_tests)
    except Exception as exc:  # an internal bug: one line, exit 2
        LOG.debug("inventory failed", exc_info=True)
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for problem in inv.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    out: TextIO = open(ns.output, "w", encoding="utf-8", newline="") if ns.output else sys.stdout  # noqa: SIM115
    try:
        if ns.format == "json":
            render_json(inv, out)
        elif ns.format == "csv":
            render_csv(inv, out, ns.table)
        else:
            render_markdown(inv, out)
    finally:
        if ns.output:
            out.close()
    if ns.exit_zero:
        return EXIT_CLEAN
    bad = any(r.complies == "no" for r in inv.callers) or bool(inv.problems)
    return EXIT_FOUND if bad else EXIT_CLEAN


# --- building --------------------------------------------------------------------------------


def build(paths: list[str], settings: Any, *, include_tests: bool = False) -> Inventory:
    """The inventory of ``paths`` under ``settings``."""
    from . import scanners
    from .engine import FileJob, Linter, decode
    from .walk import Walker

    linter = Linter(settings)
    policy = _Policy(settings)
    walker = Walker(settings)
    jobs: list[FileJob] = sorted(dict.fromkeys(walker.jobs(paths)), key=lambda j: j.path)
    inv = Inventory()
    for err in walker.errors:
        inv.problems.append(f"cannot read {err}")
    items: list[_Item] = []
    functions: list[tuple[str, str, str]] = []
    root = settings.root
    extra_needle = re.compile(rb"strands|Bedrock")
    py_modules = _PyModules(root, linter.read_text, policy)
    for job in jobs:
        rel = linter.relpath(job.real)
        if not include_tests and linter.is_test(rel):
            continue
        try:
            with open(job.real, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            inv.problems.append(f"{rel}: cannot read file: {exc.strerror or exc}")
            continue
        try:
            text = decode(data)
        except UnicodeError:
            continue  # the linter reports it (BRL001) when it could hold a reference
        fmt = scanners.format_for(job.real, text[:65536])
        if fmt is None:
            continue
        # the linter's own needle (a .tf file also counts when a sibling holds its values),
        # plus Strands' implicit default: ``Agent()`` may name neither Bedrock nor a model
        relevant = bool(linter.needle.search(data)) or bool(extra_needle.search(data)) \
            or linter._module_needle(job.real)
        limit = _limit(settings.timeout)
        template = _decode_template(text, limit) if fmt == "cloudformation" else None
        if fmt == "cloudformation":
            functions.extend(_sam_functions(rel, template))
        elif fmt == "config" and os.path.basename(job.real) in ("serverless.yml", "serverless.yaml"):
            functions.extend(_serverless_functions(rel, text))
        if not relevant:
            continue
        scan = scanners.load(fmt)
        if scan is None:
            continue
        ctx = scanners.ScanContext(settings.policy, root, linter.read_text)
        try:
            with limit():
                doc = scan(job.path, text, ctx)
        except scanners.ScanError as exc:
            inv.problems.append(f"{rel}:{exc.line}:{exc.col}: {exc.message}")
            continue
        except Exception as exc:  # noqa: BLE001 - a timeout, or a scanner bug: not fatal
            inv.problems.append(f"{rel}: could not be scanned ({_why(exc, settings.timeout)})")
            continue
        doc.is_test = linter.is_test(rel)
        codes: dict[tuple[int, int], list[str]] = {}
        for f in _findings(linter, job, rel, text, doc):
            codes.setdefault((f.line, f.col), []).append(f.code)
        to_rel = _Rel(job.path, rel, linter)
        file_items: list[_Item]
        try:
            with limit():
                if fmt == "python":
                    file_items = _python_items(job, rel, text, doc, to_rel, policy, py_modules)
                elif fmt == "terraform":
                    file_items = _terraform_items(job, rel, text, doc, to_rel, ctx, policy)
                elif fmt == "cloudformation":
                    file_items = _cloudformation_items(rel, template, doc, to_rel, policy)
                else:
                    file_items = _yaml_items(job, rel, text, doc, to_rel, fmt, policy)
        except Exception as exc:
            LOG.debug("inventory of %s failed", rel, exc_info=True)
            inv.problems.append(f"{rel}: references other than literals skipped "
                                f"({_why(exc, settings.timeout)})")
            file_items = [_ref_item(to_rel, r, fmt, None) for r in doc.refs
                          if r.use.value in ("call", "setting", "fallback")]
        for item in file_items:
            item.real = job.real
            items.append(_with_codes(item, codes, to_rel))
        for prof in doc.profiles:
            inv.profiles.append(_profile_row(prof, to_rel, policy))
    attribution = _Attribution(root, functions)
    for item in items:
        if item.caller is None:
            item.caller = attribution.caller(item.real, item.path)
    inv.callers = _verdicts(items, policy)
    inv.callers.sort(key=lambda r: (r.path, r.line, r.col, r.where, r.chosen_by))
    inv.profiles = sorted(set(inv.profiles), key=lambda p: (p.path, p.line, p.col, p.resource))
    inv.problems = sorted(dict.fromkeys(inv.problems))
    return inv


def _limit(seconds: float) -> Any:
    """The engine's per-file time limit (``timeout`` in the config), as a context factory."""
    import contextlib

    from . import engine

    guard = getattr(engine, "_time_limit", None)
    if guard is None:
        return contextlib.nullcontext
    return lambda: guard(seconds)


def _why(exc: BaseException, seconds: float) -> str:
    if type(exc).__name__ == "_Timeout":
        return f"took longer than {seconds:g}s"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"{type(exc).__name__}: {exc}"


def _findings(linter: Any, job: Any, rel: str, text: str, doc: Any) -> list[Any]:
    """The linter's findings for a document already scanned: the engine's own rule and
    suppression steps, so the file is not parsed twice (``lint_file`` if they ever move)."""
    run_rules = getattr(linter, "_run_rules", None)
    suppress = getattr(linter, "_apply_suppressions", None)
    if run_rules is None or suppress is None:
        return list(linter.lint_file(job))
    return list(suppress(job, text, list(run_rules(doc, job, rel))))


class _Rel:
    """Locations of one file's facts, made repository-relative."""

    def __init__(self, display: str, rel: str, linter: Any) -> None:
        self.display = display
        self.rel = rel
        self.linter = linter

    def path(self, p: str) -> str:
        if p == self.display:
            return self.rel
        return str(self.linter.relpath(p))

    def at(self, loc: Any) -> tuple[str, int, int]:
        return (self.path(loc.path), loc.line, loc.col)


def _with_codes(item: _Item, codes: dict[tuple[int, int], list[str]], to_rel: _Rel) -> _Item:
    """Attach the linter's finding codes to the origins' literals (same file only)."""
    found: list[str] = []
    for o in item.origins:
        for at in (o.at, o.fallback_at):
            if at is not None and at[0] == to_rel.rel:
                found.extend(c for c in codes.get((at[1], at[2]), ()) if c in MODEL_CODES)
    item.codes = tuple(sorted(set(found)))
    return item


def _ref_item(to_rel: _Rel, ref: Any, fmt: str, caller: str | None) -> _Item:
    from .facts import Use

    path, line, col = to_rel.at(ref.loc)
    origin = _literal(ref.value, (path, line, col))
    if ref.use is Use.FALLBACK:
        origin = Origin("env", ref.env_var or "", fallback=ref.value, fallback_at=(path, line, col))
    where = ref.context + (f" via {ref.via}" if ref.via else "")
    # what a deployment setting defines; code (a default in ``os.getenv``) defines nothing
    key = env_key(ref.context) if fmt != "python" else None
    return _Item(path, line, col, fmt, where, [origin], caller, api=ref.api, key=key)


def _literal(value: str, at: tuple[str, int, int] | None) -> Origin:
    if "*" in value:
        return Origin("wildcard", value=value, at=at)
    return Origin("literal", value=value, at=at)


def _profile_row(prof: Any, to_rel: _Rel, policy: _Policy) -> ProfileRow:
    path, line, col = to_rel.at(prof.loc)
    if prof.copy_from is not None:
        # the model or system profile copied: the ARN's partition, Region and account may be
        # the scanners' placeholders for values written as variables
        mid = policy.grammar.classify(prof.copy_from)
        copy = prof.copy_from
        if mid is not None and mid.kind.is_arn and "/" in prof.copy_from:
            copy = prof.copy_from.rsplit("/", 1)[1]
    else:
        copy = "(unresolved)" if not prof.copy_from_resolved else ""
    tags = tuple(sorted((k, v.value) for k, v in prof.tags.items()))
    return ProfileRow(path, line, col, prof.fmt, prof.logical_name, prof.name or "(unresolved)",
                      copy, tags, tuple(prof.unresolved_tag_sources))


# --- verdicts --------------------------------------------------------------------------------


def _verdicts(items: list[_Item], policy: _Policy) -> list[CallerRow]:
    # what the repository sets each environment variable / SSM parameter to
    settings_by_key: dict[str, list[tuple[str, str]]] = {}
    first_pass: list[tuple[_Item, list[tuple[str, str, list[str]]]]] = []
    for item in items:
        judged = [_judge(o, item, policy, None) for o in item.origins]
        first_pass.append((item, judged))
        if item.key:
            worst = _worst([v for _, v, _ in judged])
            settings_by_key.setdefault(item.key, []).append((f"{item.path}:{item.line}", worst))
    rows: list[CallerRow] = []
    for item, judged in first_pass:
        if any(o.how in ("env", "ssm") for o in item.origins):
            judged = [_judge(o, item, policy, settings_by_key) for o in item.origins]
        chosen = list(dict.fromkeys(c for c, _, _ in judged))
        verdicts = [v for _, v, _ in judged]
        notes = list(dict.fromkeys(item.notes + [n for _, _, ns in judged for n in ns]))
        models = tuple(dict.fromkeys(o.value for o in item.origins
                                     if o.value is not None and o.how != "env"))
        rows.append(CallerRow(item.path, item.line, item.col, item.fmt, item.caller or "?",
                              item.where, " or ".join(chosen), models, _worst(verdicts),
                              item.codes, "; ".join(notes)))
    return rows


def _worst(verdicts: Iterable[str]) -> str:
    """The verdict of several origins: the worst one (``COMPLIES`` order; yes beats exempt)."""
    vs = set(verdicts)
    return next((v for v in COMPLIES if v in vs), "unknown")


def _judge(o: Origin, item: _Item, policy: _Policy, by_key: dict[str, list[tuple[str, str]]] | None
           ) -> tuple[str, str, list[str]]:
    """(chosen-by text, verdict, notes) of one origin."""
    codes = set(item.codes)
    notes: list[str] = []
    if o.how in ("literal", "default"):
        assert o.value is not None
        mid = policy.grammar.classify(o.value)
        prefix = "implicit default" if o.how == "default" else "literal"
        if mid is None:
            return f"{prefix} {o.value!r}", "unknown", notes
        words = _kind_words(mid.kind.value)
        chosen = f"{prefix} {words}" if o.how == "literal" else f"implicit default ({words})"
        if mid.kind.value == "application-profile-arn":
            return chosen, "yes", notes
        if mid.kind.is_direct:
            if o.how == "literal" and codes & {"BRL101", "BRL102"}:
                return chosen, "no", notes
            if policy.exempt(mid.model, item.api):
                return chosen, "exempt", notes
            if o.how == "literal" and o.at is not None and _suppressed(item, o.at):
                notes.append("suppressed in code")
                return chosen, "exempt", notes
            return chosen, "no", notes
        return chosen, "other", notes
    if o.how == "wildcard":
        return "wildcard route", "no", notes
    if o.how == "profile":
        return f"profile resource {o.detail}", "yes", notes
    if o.how in ("env", "ssm"):
        if o.how == "env":
            is_profile_var = o.detail in policy.profile_vars
            chosen = f"profile ARN from env var {o.detail}" if (is_profile_var or o.profile_slot) \
                else f"env var {o.detail}"
            key = o.detail
        else:
            is_profile_var = False
            chosen = f"SSM parameter {o.detail}" if o.detail else "SSM parameter"
            key = f"ssm:{o.detail}" if o.detail else ""
        by_policy = is_profile_var or o.profile_slot or item.key in policy.profile_vars
        verdict = "yes" if by_policy else "unknown"
        set_in = (by_key or {}).get(key, []) if key else []
        set_in = [(where, v) for where, v in set_in if where != f"{item.path}:{item.line}"]
        if set_in:
            notes.append(f"set in {', '.join(w for w, _ in set_in)}")
            values = {v for _, v in set_in}
            if "no" in values:
                verdict = "no"
            elif values <= {"yes", "exempt"}:
                verdict = "yes"
        if o.fallback is not None:
            mid = policy.grammar.classify(o.fallback)
            if mid is not None and mid.kind.is_direct and not policy.exempt(mid.model, item.api):
                flagged = codes & {"BRL101", "BRL102", "BRL105"}
                notes.append(f"falls back to {o.fallback!r} while {o.detail} is unset"
                             + (f" ({', '.join(sorted(flagged))})" if flagged else ""))
                # the default is what runs wherever the variable is not set; for the policy's
                # profile variable that is a sandbox fallback, fine when AGENTS.md documents it
                if flagged or not by_policy:
                    verdict = "no"
            else:
                notes.append(f"falls back to {o.fallback!r} while {o.detail} is unset")
        return chosen, verdict, notes
    verdict = "yes" if item.key in policy.profile_vars else "unknown"  # the policy's variable
    if o.how == "param":
        return f"parameter {o.detail}", verdict, notes
    return ("unknown" + (f" ({o.detail})" if o.detail else "")), verdict, notes


def _suppressed(item: _Item, at: tuple[str, int, int]) -> bool:
    from . import suppress

    try:
        text = Path(item.real).read_text(encoding="utf-8", errors="replace") if item.real else ""
    except OSError:
        return False
    return any(m.line == at[1] and m.codes and set(m.codes) & {"BRL101", "BRL102"}
               for m in suppress.parse(text))


# --- attribution -----------------------------------------------------------------------------


class _Attribution:
    """Which Lambda, service, package or directory a file belongs to."""

    def __init__(self, root: Path, functions: list[tuple[str, str, str]]) -> None:
        self.root = root
        self.by_handler: dict[str, list[str]] = {}
        self.by_dir: list[tuple[str, str]] = []
        for caller, code_dir, handler in functions:
            if handler:
                self.by_handler.setdefault(handler, []).append(caller)
            if code_dir:
                self.by_dir.append((code_dir, caller))

    def caller(self, real: str, rel: str) -> str:
        names = self.by_handler.get(rel)
        if names:
            return ", ".join(sorted(set(names)))
        inside = [(d, c) for d, c in self.by_dir if d not in ("", ".") and rel.startswith(d + "/")]
        if inside:
            longest = max(len(d) for d, _ in inside)
            return ", ".join(sorted({c for d, c in inside if len(d) == longest}))
        parts = rel.split("/")
        folder = self.root
        marker: str | None = None
        for i, part in enumerate(parts[:-1]):
            folder = folder / part
            if any((folder / m).exists() for m in PROJECT_MARKERS):
                marker = "/".join(parts[: i + 1])
        if marker:
            return f"service {marker}"
        folder = self.root
        for part in parts[:-1]:
            folder = folder / part
            if (folder / "__init__.py").exists():
                return f"package {part}"  # the outermost package: the top-level one
        if len(parts) > 1:
            return f"dir {parts[0]}"
        return f"module {rel}"


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _decode_template(text: str, limit: Any) -> Any | None:
    """The decoded template (the scanner's decoder), or None if it is broken."""
    from .scanners._cfn_decode import decode

    try:
        with limit():
            tpl = decode(text)
    except Exception:  # noqa: BLE001 - a broken template is the linter's to report
        return None
    if not isinstance(tpl, dict) or not isinstance(tpl.get("Resources"), dict):
        return None
    return tpl


def _sam_functions(rel: str, tpl: Any) -> list[tuple[str, str, str]]:
    """(caller, code dir, handler file) of each Lambda function a template defines in code."""
    if tpl is None:
        return []
    base = os.path.dirname(rel)
    glob_fn = _mapping(_mapping(tpl.get("Globals")).get("Function"))
    out = []
    for key, res in tpl["Resources"].items():
        if not isinstance(res, dict):
            continue
        rtype = res.get("Type")
        props = _mapping(res.get("Properties"))
        if rtype == "AWS::Serverless::Function":
            code = props.get("CodeUri", glob_fn.get("CodeUri"))
            handler = props.get("Handler", glob_fn.get("Handler"))
        elif rtype == "AWS::Lambda::Function":
            code = props.get("Code")
            handler = props.get("Handler")
        else:
            continue
        if not isinstance(code, str) or "://" in code:
            continue
        code_dir = os.path.normpath(os.path.join(base, code)).replace(os.sep, "/")
        code_dir = "" if code_dir == "." else code_dir
        handler_file = ""
        if isinstance(handler, str) and "." in handler:
            module = handler.rsplit(".", 1)[0].replace(".", "/")
            handler_file = os.path.normpath(os.path.join(code_dir or ".", module + ".py")).replace(os.sep, "/")
        out.append((f"lambda {key}", code_dir if code_dir != base else "", handler_file))
    return out


def _serverless_functions(rel: str, text: str) -> list[tuple[str, str, str]]:
    from .scanners import ScanError
    from .scanners.litellm import Budget, compose_file, get, pairs, scalar_text

    try:
        _, docs = compose_file(rel, text)
    except ScanError:
        return []
    base = os.path.dirname(rel)
    out = []
    budget = Budget()
    for doc in docs:
        fns = get(doc, "functions", budget)
        if fns is None or not hasattr(fns, "value") or not isinstance(fns.value, list):
            continue
        try:
            entries = pairs(fns, budget)  # type: ignore[arg-type]
        except (AttributeError, TypeError):
            continue
        for name, _, body in entries:
            handler = scalar_text(get(body, "handler", budget))
            if handler and "." in handler:
                module = handler.rsplit(".", 1)[0]
                path = os.path.normpath(os.path.join(base or ".", module + ".py")).replace(os.sep, "/")
                out.append((f"lambda {name}", "", path))
    return out


# --- Python ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    api: str
    keys: tuple[str, ...] = ()
    positional: bool = False
    default: str | None = None
    profile_keys: tuple[str, ...] = ()
    #: the model must carry this route prefix, else the call is not (known to be) Bedrock
    route: str | None = None
    #: model keys searched inside dict arguments (nested request structures)
    nested: tuple[str, ...] = ()
    #: a model keyword (or ``**kwargs``) must be present for the call to count
    requires_key: bool = False


_RUNTIME = _Spec("", ("modelId",), requires_key=True)
METHODS: dict[str, _Spec] = {
    **{m: replace(_RUNTIME, api=m) for m in (
        "converse", "converse_stream", "invoke_model", "invoke_model_with_response_stream",
        "invoke_model_with_bidirectional_stream", "start_async_invoke", "count_tokens",
        "create_model_invocation_job")},
    "invoke_inline_agent": _Spec("invoke_inline_agent", ("foundationModel",), requires_key=True),
    "create_agent": _Spec("create_agent", ("foundationModel",), requires_key=True),
    "update_agent": _Spec("update_agent", ("foundationModel",), requires_key=True),
    "retrieve_and_generate": _Spec("retrieve_and_generate", nested=("modelArn",)),
    "retrieve_and_generate_stream": _Spec("retrieve_and_generate_stream", nested=("modelArn",)),
    "create_knowledge_base": _Spec("create_knowledge_base", nested=("embeddingModelArn",)),
    "rerank": _Spec("rerank", nested=("modelArn",)),
}  # fmt: skip
#: Constructors whose names only Bedrock integrations use.
CLASSES: dict[str, _Spec] = {
    "ChatBedrock": _Spec("ChatBedrock", ("model_id", "model")),
    "ChatBedrockConverse": _Spec("ChatBedrockConverse", ("model_id", "model")),
    "BedrockLLM": _Spec("BedrockLLM", ("model_id", "model")),
    "BedrockChat": _Spec("BedrockChat", ("model_id", "model")),
    "BedrockEmbeddings": _Spec("BedrockEmbeddings", ("model_id",), default=TITAN_EMBED_DEFAULT),
    "ChatAnthropicBedrock": _Spec("ChatAnthropicBedrock", ("model",)),
    "BedrockRerank": _Spec("BedrockRerank", ("model_arn",)),
    "BedrockModel": _Spec("BedrockModel", ("model_id",), default=STRANDS_DEFAULT),
    "BedrockConverse": _Spec("BedrockConverse", ("model",), positional=True,
                             profile_keys=("application_inference_profile_arn",)),
    "BedrockEmbedding": _Spec("BedrockEmbedding", ("model_name",), default=TITAN_EMBED_DEFAULT,
                              profile_keys=("application_inference_profile_arn",)),
    "BedrockConverseModel": _Spec("BedrockConverseModel", ("model_name",), positional=True,
                                  profile_keys=("bedrock_inference_profile",)),
    "AmazonBedrockChatGenerator": _Spec("AmazonBedrockChatGenerator", ("model",), positional=True),
    "AmazonBedrockGenerator": _Spec("AmazonBedrockGenerator", ("model",), positional=True),
    "AmazonBedrockTextEmbedder": _Spec("AmazonBedrockTextEmbedder", ("model",), positional=True),
    "AmazonBedrockDocumentEmbedder": _Spec("AmazonBedrockDocumentEmbedder", ("model",), positional=True),
    "AmazonBedrockRanker": _Spec("AmazonBedrockRanker", ("model",), positional=True,
                                 default=RANKER_DEFAULT),
}  # fmt: skip
#: Names that mean Bedrock only when imported from these modules.
_BY_MODULE: dict[str, list[tuple[str, _Spec]]] = {
    "Agent": [("strands", _Spec("strands.Agent", ("model",), positional=True, default=STRANDS_DEFAULT)),
              ("pydantic_ai", _Spec("pydantic_ai.Agent", ("model",), positional=True, route="bedrock:"))],
    "Bedrock": [("llama_index", _Spec("Bedrock", ("model",), positional=True)),
                ("langchain", _Spec("Bedrock", ("model_id", "model")))],
    "LM": [("dspy", _Spec("dspy.LM", ("model",), positional=True, route="bedrock/"))],
    "LLM": [("crewai", _Spec("crewai.LLM", ("model",), positional=True, route="bedrock/"))],
    **{f: [("litellm", _Spec(f"litellm.{f}", ("model",), positional=True, route="bedrock/",
                              profile_keys=("model_id",)))]
       for f in ("completion", "acompletion", "embedding", "aembedding", "image_generation",
                 "text_completion")},
    "init_chat_model": [("langchain", _Spec("init_chat_model", ("model",), positional=True,
                                             route="bedrock"))],
}  # fmt: skip
_ANTHROPIC_METHODS = frozenset({"create", "stream"})


def _callee(node: Any) -> tuple[str, str]:
    import libcst as cst

    parts: list[str] = []
    cur = node
    while isinstance(cur, cst.Attribute):
        parts.append(cur.attr.value)
        cur = cur.value
    if isinstance(cur, cst.Name):
        parts.append(cur.value)
    elif isinstance(cur, cst.Call):
        parts.append(_callee(cur.func)[0] + "()")
    if not parts:
        return "", ""
    return parts[0], ".".join(reversed(parts))


@dataclass
class _PyOrigin:
    """An origin while the file is analysed: literal nodes still to be located."""

    how: str
    detail: str = ""
    value: str | None = None
    node: Any = None
    fallback: str | None = None
    fallback_node: Any = None
    #: ``from X import NAME``: resolved in the sibling module later
    module: tuple[str, int, str] | None = None
    profile_slot: bool = False
    #: literal nodes an f-string or ``+`` expression is built from (bound names)
    parts: tuple[Any, ...] = ()
    at: tuple[str, int, int] | None = None
    fallback_at: tuple[str, int, int] | None = None


@dataclass
class _Site:
    node: Any
    api: str
    param: str
    origins: list[_PyOrigin]
    scanner_contexts: tuple[str, ...]
    #: the name the model argument is written as (``MODEL_ID``, ``self.model_id``)
    name: str = ""


class _PyAnalysis:
    """One libcst pass: bindings, imports, settings classes, and the Bedrock call sites."""

    def __init__(self, module: Any) -> None:
        import libcst as cst

        self.cst = cst
        self.module = module
        self.imports: dict[str, tuple[str, int, str | None]] = {}  # name -> (module, level, attr)
        self.bindings: dict[tuple[int, str], list[Any]] = {}
        self.params: dict[tuple[int, str], Any] = {}
        self.attrs: dict[str, list[Any]] = {}
        self.settings_env: dict[str, tuple[str, Any]] = {}  # field -> (env var, default)
        self.returns: dict[str, list[Any]] = {}
        self.calls: list[tuple[Any, int]] = []
        self.anthropic = False
        self._active: set[tuple[int, str]] = set()
        #: parameters of a helper being followed from one call: (scope, name) -> (arg, scope)
        self._args: dict[tuple[int, str], tuple[Any, int]] = {}
        self.functions: dict[str, Any] = {}
        self._run()

    # -- collection
    def _run(self) -> None:
        cst = self.cst
        base: Any = cst.CSTVisitor
        analysis = self

        class V(base):  # type: ignore[misc]
            def __init__(self) -> None:
                self.scopes: list[int] = [0]
                self.funcs: list[str] = []
                self.classes: list[tuple[str, bool]] = []

            def visit_Import(self, node: libcst.Import) -> None:
                for alias in node.names:
                    dotted = _dotted_name(alias.name)
                    name = alias.asname.name.value if alias.asname and isinstance(
                        alias.asname.name, cst.Name) else dotted.split(".")[0]
                    analysis.imports[name] = (dotted if alias.asname else dotted.split(".")[0], 0, None)

            def visit_ImportFrom(self, node: libcst.ImportFrom) -> None:
                mod = _dotted_name(node.module) if node.module is not None else ""
                level = len(node.relative)
                if not isinstance(node.names, Sequence):
                    return  # import *
                for alias in node.names:
                    attr = _dotted_name(alias.name)
                    name = alias.asname.name.value if alias.asname and isinstance(
                        alias.asname.name, cst.Name) else attr
                    analysis.imports[name] = (mod, level, attr)
                    if attr in ("AnthropicBedrock", "AsyncAnthropicBedrock"):
                        analysis.anthropic = True

            def visit_ClassDef(self, node: libcst.ClassDef) -> None:
                bases = [_callee(b.value)[0] for b in node.bases]
                self.classes.append((node.name.value, any(b.endswith("BaseSettings") for b in bases)))

            def leave_ClassDef(self, node: libcst.ClassDef) -> None:
                self.classes.pop()

            def visit_FunctionDef(self, node: libcst.FunctionDef) -> None:
                self.scopes.append(id(node))
                self.funcs.append(node.name.value)
                analysis.functions.setdefault(node.name.value, node)
                params = node.params
                for p in (*params.posonly_params, *params.params, *params.kwonly_params):
                    analysis.params[(id(node), p.name.value)] = p.default

            def leave_FunctionDef(self, node: libcst.FunctionDef) -> None:
                self.scopes.pop()
                self.funcs.pop()

            def visit_Assign(self, node: libcst.Assign) -> None:
                for t in node.targets:
                    self._target(t.target, node.value)

            def visit_AnnAssign(self, node: libcst.AnnAssign) -> None:
                in_settings = bool(self.classes) and self.classes[-1][1]  # pydantic-settings
                if in_settings and len(self.scopes) == 1 and isinstance(node.target, cst.Name):
                    analysis.settings_env[node.target.value] = (
                        _settings_alias(node.value) or node.target.value.upper(), node.value)
                if node.value is not None:
                    self._target(node.target, node.value)

            def _target(self, target: Any, value: Any) -> None:
                if isinstance(target, cst.Name):
                    scope = self.scopes[-1]
                    analysis.bindings.setdefault((scope, target.value), []).append(value)
                    if self.classes and scope == 0:
                        analysis.attrs.setdefault(target.value, []).append(value)
                elif isinstance(target, cst.Attribute):
                    analysis.attrs.setdefault(target.attr.value, []).append(value)
                elif isinstance(target, (cst.Tuple, cst.List)):
                    pass  # tuple unpacking: the parts are unknown

            def visit_Return(self, node: libcst.Return) -> None:
                if self.funcs and node.value is not None:
                    analysis.returns.setdefault(self.funcs[-1], []).append(node.value)

            def visit_Call(self, node: libcst.Call) -> None:
                analysis.calls.append((node, self.scopes[-1]))
                if _callee(node.func)[0] in ("AnthropicBedrock", "AsyncAnthropicBedrock"):
                    analysis.anthropic = True

        self.module.visit(V())

    # -- recognition
    def spec(self, call: Any) -> _Spec | None:
        cst = self.cst
        name, dotted = _callee(call.func)
        if isinstance(call.func, cst.Attribute):
            if name in METHODS:
                return METHODS[name]
            if self.anthropic and name in _ANTHROPIC_METHODS and dotted.endswith(f"messages.{name}"):
                return _Spec(f"messages.{name}", ("model",), requires_key=True)
        if name in CLASSES:
            return CLASSES[name]
        choices = _BY_MODULE.get(name)
        if choices:
            origin = self._module_of(call.func)
            for prefix, spec in choices:
                if origin and (origin == prefix or origin.startswith(prefix + ".")):
                    return spec
        return None

    def _module_of(self, func: Any) -> str | None:
        """The module a called name comes from: ``from strands import Agent`` -> ``strands``."""
        cst = self.cst
        if isinstance(func, cst.Name):
            imp = self.imports.get(func.value)
            return imp[0] if imp and imp[2] is not None else None
        if isinstance(func, cst.Attribute):
            _, dotted = _callee(func)
            head = dotted.split(".")[0]
            imp = self.imports.get(head)
            if imp is None:
                return None
            module = imp[0] if imp[2] is None else f"{imp[0]}.{imp[2]}"
            rest = dotted.split(".")[1:-1]
            return ".".join([module, *rest]) if rest else module
        return None

    def sites(self) -> list[_Site]:
        out = []
        for call, scope in self.calls:
            spec = self.spec(call)
            if spec is None:
                continue
            site = self._site(call, scope, spec)
            if site is not None:
                out.append(site)
        return out

    def _site(self, call: Any, scope: int, spec: _Spec) -> _Site | None:
        cst = self.cst
        name = _callee(call.func)[0]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
        starred = [a.value for a in call.args if a.star == "**"]
        if spec.nested:
            found: list[_PyOrigin] = []
            for value in (*keywords.values(), *starred):
                found.extend(self._nested(value, spec.nested, scope))
            if not found:
                return None
            return _Site(call, spec.api or name, spec.nested[0], found, (f"{name}()",))
        for key in spec.profile_keys:
            if key in keywords:
                origins = [replace(o, profile_slot=True) for o in self.origins(keywords[key], scope)]
                return _Site(call, spec.api or name, key, origins, (f"{name}({key}=)",))
        if spec.profile_keys == ("bedrock_inference_profile",):
            settings = keywords.get("settings") or keywords.get("model_settings")
            prof = self._settings_profile(settings, scope)
            if prof is not None:
                prof = [replace(o, profile_slot=True) for o in prof]
                return _Site(call, spec.api or name, "bedrock_inference_profile", prof,
                             (f"{name}(settings=)",))
        param = next((k for k in spec.keys if k in keywords), None)
        expr = keywords.get(param) if param else None
        if expr is None and spec.positional and positional:
            expr, param = positional[0], spec.keys[0]
        if spec.api == "init_chat_model":
            provider = keywords.get("model_provider")
            prov = _string(provider) if provider is not None else None
            model_text = _string(expr) if expr is not None else None
            if not ((prov or "").startswith("bedrock") or (model_text or "").startswith("bedrock")):
                return None
        if expr is None:
            if starred and spec.requires_key:
                origins = [self._from_kwargs(starred[0], spec.keys[0], scope)]
                return _Site(call, spec.api or name, spec.keys[0], origins, (f"{name}()",))
            if spec.requires_key:
                return None
            if spec.default is not None:
                return _Site(call, spec.api or name, spec.keys[0],
                             [_PyOrigin("default", value=spec.default)], ())
            if spec.route:
                return None
            return _Site(call, spec.api or name, spec.keys[0] if spec.keys else "",
                         [_PyOrigin("unknown", "no model argument")], ())
        if spec.api == "strands.Agent" and self._is_model_object(expr, scope):
            return None  # a model object: its constructor is the call site
        origins = self.origins(expr, scope)
        if spec.route:
            literal = [o for o in origins if o.how == "literal"]
            if not literal or not all((o.value or "").startswith(spec.route) for o in literal):
                return None
        ctxs = (f"{name}({param}=)", f"{name}()")
        written = _dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else ""
        return _Site(call, spec.api or name, param or "", origins, ctxs, written)

    def _is_model_object(self, expr: Any, scope: int, depth: int = 0) -> bool:
        cst = self.cst
        if isinstance(expr, cst.Call):
            return True
        if isinstance(expr, cst.Name) and depth < 3:
            bound = self._lookup(expr.value, scope)
            return bool(bound) and all(self._is_model_object(b, scope, depth + 1) for b in bound)
        return False

    def _from_kwargs(self, expr: Any, key: str, scope: int) -> _PyOrigin:
        cst = self.cst
        if isinstance(expr, cst.Name):
            for bound in self._lookup(expr.value, scope):
                if isinstance(bound, cst.Dict):
                    for el in bound.elements:
                        if isinstance(el, cst.DictElement) and _string(el.key) == key:
                            got = self.origins(el.value, scope)
                            return got[0] if len(got) == 1 else _PyOrigin("unknown", f"{key} in **kwargs")
        return _PyOrigin("unknown", f"{key} in **kwargs")

    def _nested(self, value: Any, keys: tuple[str, ...], scope: int, depth: int = 0) -> list[_PyOrigin]:
        cst = self.cst
        if depth > 8:
            return []
        if isinstance(value, cst.Name):
            out: list[_PyOrigin] = []
            for bound in self._lookup(value.value, scope):
                if isinstance(bound, cst.Dict):
                    out.extend(self._nested(bound, keys, scope, depth + 1))
            return out
        if isinstance(value, cst.Dict):
            out = []
            for el in value.elements:
                if not isinstance(el, cst.DictElement):
                    continue
                if _string(el.key) in keys:
                    out.extend(self.origins(el.value, scope))
                else:
                    out.extend(self._nested(el.value, keys, scope, depth + 1))
            return out
        if isinstance(value, (cst.List, cst.Tuple)):
            out = []
            for el in value.elements:
                out.extend(self._nested(el.value, keys, scope, depth + 1))
            return out
        return []

    def _settings_profile(self, settings: Any, scope: int) -> list[_PyOrigin] | None:
        cst = self.cst
        if isinstance(settings, cst.Name):
            for bound in self._lookup(settings.value, scope):
                got = self._settings_profile(bound, scope)
                if got is not None:
                    return got
            return None
        if isinstance(settings, cst.Dict):
            for el in settings.elements:
                if isinstance(el, cst.DictElement) and _string(el.key) == "bedrock_inference_profile":
                    return self.origins(el.value, scope)
        if isinstance(settings, cst.Call):
            for a in settings.args:
                if a.keyword is not None and a.keyword.value == "bedrock_inference_profile":
                    return self.origins(a.value, scope)
        return None

    # -- resolution
    def _lookup(self, name: str, scope: int) -> list[Any]:
        return self.bindings.get((scope, name)) or self.bindings.get((0, name)) or []

    def origins(self, expr: Any, scope: int, depth: int = 0) -> list[_PyOrigin]:
        out: list[_PyOrigin] = []
        seen: set[tuple[str, str, str | None, int]] = set()
        for o in self._origins(expr, scope, depth):
            key = (o.how, o.detail, o.value, id(o.node))
            if key not in seen:
                seen.add(key)
                out.append(o)
        return out or [_PyOrigin("unknown")]

    def _origins(self, expr: Any, scope: int, depth: int) -> Iterator[_PyOrigin]:
        cst = self.cst
        if depth > 8:
            yield _PyOrigin("unknown", _short(self.module, expr))
            return
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
            value = _render(expr)
            yield _PyOrigin("literal", value=value, node=expr) if value is not None else \
                _PyOrigin("unknown", _short(self.module, expr), node=expr)
            return
        if isinstance(expr, (cst.FormattedString, cst.BinaryOperation)):
            parts = tuple(b for n in _names_in(expr) for b in self._lookup(n, scope)
                          if isinstance(b, (cst.SimpleString, cst.ConcatenatedString)))
            yield _PyOrigin("unknown", _short(self.module, expr), node=expr, parts=parts)
            return
        env = self._env(expr, scope, depth)
        if env is not None:
            yield env
            return
        ssm = self._ssm(expr, scope, depth)
        if ssm is not None:
            yield ssm
            return
        if isinstance(expr, cst.Name):
            name = expr.value
            local = (scope, name)
            if name == "None":
                return
            if local in self._args:
                arg, arg_scope = self._args[local]
                yield from self._origins(arg, arg_scope, depth + 1)
                return
            if local in self.bindings and local not in self._active:
                self._active.add(local)
                try:
                    for b in self.bindings[local]:
                        yield from self._origins(b, scope, depth + 1)
                finally:
                    self._active.discard(local)
                return
            if local in self.params:
                default = self.params[local]
                yield _PyOrigin("param", name)
                if default is not None:
                    yield from self._origins(default, scope, depth + 1)
                return
            glob = (0, name)
            if scope != 0 and glob in self.bindings and glob not in self._active:
                self._active.add(glob)
                try:
                    for b in self.bindings[glob]:
                        yield from self._origins(b, 0, depth + 1)
                finally:
                    self._active.discard(glob)
                return
            imp = self.imports.get(expr.value)
            if imp is not None and imp[2] is not None:
                yield _PyOrigin("unknown", f"{expr.value} from {'.' * imp[1]}{imp[0]}",
                                module=(imp[0], imp[1], imp[2]))
                return
            yield _PyOrigin("unknown", expr.value)
            return
        if isinstance(expr, cst.Attribute):
            attr = expr.attr.value
            if attr in self.settings_env:
                var, default = self.settings_env[attr]
                fb = self._fallback(default, scope, depth)
                yield _PyOrigin("env", var, fallback=fb[0], fallback_node=fb[1])
                return
            base = expr.value
            if isinstance(base, cst.Name) and base.value in self.imports and \
                    self.imports[base.value][2] is None:
                mod, level, _ = self.imports[base.value]
                yield _PyOrigin("unknown", f"{mod}.{attr}", module=(mod, level, attr))
                return
            if attr in self.attrs:
                for b in self.attrs[attr]:
                    yield from self._origins(b, scope, depth + 1)
                return
            yield _PyOrigin("unknown", _short(self.module, expr))
            return
        if isinstance(expr, cst.IfExp):
            yield from self._origins(expr.body, scope, depth + 1)
            yield from self._origins(expr.orelse, scope, depth + 1)
            return
        if isinstance(expr, cst.BooleanOperation) and isinstance(expr.operator, cst.Or):
            left = list(self._origins(expr.left, scope, depth + 1))
            if len(left) == 1 and left[0].how == "env" and left[0].fallback is None:
                fb = self._fallback(expr.right, scope, depth)
                yield replace(left[0], fallback=fb[0], fallback_node=fb[1])
                return
            yield from left
            yield from self._origins(expr.right, scope, depth + 1)
            return
        if isinstance(expr, cst.Call):
            name, dotted = _callee(expr.func)
            if name in ("str", "strip") or (name == "Field" and expr.args):
                arg = next((a.value for a in expr.args if a.keyword is None or
                            a.keyword.value == "default"), None)
                if name == "strip" and isinstance(expr.func, cst.Attribute):
                    arg = expr.func.value
                if arg is not None:
                    yield from self._origins(arg, scope, depth + 1)
                    return
            if isinstance(expr.func, cst.Name) and name in self.returns:
                func = self.functions.get(name)
                bound: dict[tuple[int, str], tuple[Any, int]] = {}
                if func is not None:  # the helper's parameters, bound to this call's arguments
                    ps = [*func.params.posonly_params, *func.params.params]
                    for p, a in zip(ps, [a for a in expr.args if a.keyword is None and a.star == ""]):
                        bound[(id(func), p.name.value)] = (a.value, scope)
                    for a in expr.args:
                        if a.keyword is not None:
                            bound[(id(func), a.keyword.value)] = (a.value, scope)
                saved = dict(self._args)
                self._args.update(bound)
                try:
                    for value in self.returns[name]:
                        yield from self._origins(value, id(func) if func is not None else scope,
                                                 depth + 1)
                finally:
                    self._args = saved
                return
            yield _PyOrigin("unknown", f"result of {dotted or '?'}()")
            return
        yield _PyOrigin("unknown", _short(self.module, expr))

    def _fallback(self, expr: Any, scope: int, depth: int) -> tuple[str | None, Any]:
        cst = self.cst
        if expr is None:
            return None, None
        if isinstance(expr, cst.Call) and _callee(expr.func)[0] == "Field":
            expr = next((a.value for a in expr.args if a.keyword is None or
                         a.keyword.value == "default"), None)
            if expr is None:
                return None, None
        for o in self._origins(expr, scope, depth + 1):
            if o.how == "literal":
                return o.value, o.node
        return None, None

    def _env(self, expr: Any, scope: int, depth: int) -> _PyOrigin | None:
        cst = self.cst
        if isinstance(expr, cst.Subscript):
            _, dotted = _callee(expr.value)
            if dotted in ("os.environ", "environ") and len(expr.slice) == 1 and \
                    isinstance(expr.slice[0].slice, cst.Index):
                var = _string(expr.slice[0].slice.value)
                return _PyOrigin("env", var or "?")
            return None
        if isinstance(expr, cst.Call):
            name, dotted = _callee(expr.func)
            if dotted in ("os.getenv", "getenv", "os.environ.get", "environ.get") or (
                    name == "get" and dotted.endswith("environ.get")):
                args = [a.value for a in expr.args if a.keyword is None]
                default = next((a.value for a in expr.args if a.keyword is not None and
                                a.keyword.value == "default"), None)
                if len(args) >= 2:
                    default = args[1]
                var = _string(args[0]) if args else None
                fb = self._fallback(default, scope, depth)
                return _PyOrigin("env", var or "?", fallback=fb[0], fallback_node=fb[1])
        return None

    def _ssm(self, expr: Any, scope: int, depth: int) -> _PyOrigin | None:
        cst = self.cst
        cur = expr
        while isinstance(cur, cst.Subscript):
            cur = cur.value
        if not isinstance(cur, cst.Call):
            return None
        name, _ = _callee(cur.func)
        if name not in ("get_parameter", "get_parameter_value"):
            return None
        arg = next((a.value for a in cur.args if a.keyword is not None and
                    a.keyword.value in ("Name", "name")), None)
        if arg is None:
            arg = next((a.value for a in cur.args if a.keyword is None), None)
        if arg is None:
            return _PyOrigin("ssm")
        text = _string(arg)
        if text is not None:
            return _PyOrigin("ssm", text)
        inner = self.origins(arg, scope, depth + 1)
        if len(inner) == 1 and inner[0].how == "literal" and inner[0].value:
            return _PyOrigin("ssm", inner[0].value)
        if len(inner) == 1 and inner[0].how == "env":
            return _PyOrigin("ssm", f"named by env var {inner[0].detail}")
        return _PyOrigin("ssm")


def _settings_alias(value: Any) -> str | None:
    import libcst as cst

    if isinstance(value, cst.Call) and _callee(value.func)[0] in ("Field", "field"):
        for a in value.args:
            if a.keyword is not None and a.keyword.value in ("alias", "validation_alias", "env"):
                text = _string(a.value)
                if text:
                    return text
                if isinstance(a.value, cst.Call):  # AliasChoices("A", "B"): the first
                    for inner in a.value.args:
                        text = _string(inner.value)
                        if text:
                            return text
    return None


def _names_in(node: Any) -> list[str]:
    """Plain names used inside an expression (f-string fields, ``+`` operands)."""
    import libcst as cst

    found: list[str] = []

    class V(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            found.append(n.value)

        def visit_Attribute(self, n: cst.Attribute) -> bool:
            return False

    node.visit(V())
    return found


def _dotted_name(node: Any) -> str:
    import libcst as cst

    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted_name(node.value)}.{node.attr.value}"
    return ""


def _string(node: Any) -> str | None:
    import libcst as cst

    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _render(node: Any) -> str | None:
    import libcst as cst

    if isinstance(node, cst.SimpleString):
        return _string(node)
    if isinstance(node, cst.ConcatenatedString):
        left, right = _render(node.left), _render(node.right)
        return None if left is None or right is None else left + right
    return None


def _short(module: Any, node: Any, limit: int = 60) -> str:
    try:
        text = " ".join(module.code_for_node(node).split())
    except Exception:  # noqa: BLE001 - a label only
        return "?"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _PyModules:
    """Module-level constants of sibling modules, for ``from .config import NAME``."""

    def __init__(self, root: Path, read_text: Any, policy: _Policy) -> None:
        self.root = root
        self.read_text = read_text
        self.policy = policy
        self._cache: dict[str, tuple[Any, Any] | None] = {}

    def resolve(self, real: str, module: str, level: int, name: str) -> list[Origin]:
        """Origins of ``name`` in ``module`` imported from the file ``real``; [] if unknown."""
        target = self._find(real, module, level)
        if target is None:
            return []
        parsed = self._parse(target)
        if parsed is None:
            return []
        analysis, positions = parsed
        bound = analysis.bindings.get((0, name))
        if not bound:
            return []
        rel = self._rel(target)
        out = []
        for b in bound:
            for o in analysis.origins(b, 0):
                if o.how == "unknown" and o.module is not None:
                    continue  # one level of re-export is enough
                out.append(_freeze(o, rel, positions))
        return out

    def _rel(self, path: str) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def _find(self, real: str, module: str, level: int) -> str | None:
        parts = module.split(".") if module else []
        here = Path(real).resolve().parent
        if level:
            base = here
            for _ in range(level - 1):
                base = base.parent
            bases = [base]
        else:
            bases = [here, *here.parents]
        for base in bases:
            try:
                base.relative_to(self.root)
            except ValueError:
                break
            cand = base.joinpath(*parts)
            for path in (cand.with_suffix(".py") if parts else None, cand / "__init__.py"):
                if path is not None and path.is_file():
                    return str(path)
        return None

    def _parse(self, path: str) -> tuple[Any, Any] | None:
        if path not in self._cache:
            self._cache[path] = None
            text = self.read_text(Path(path))
            if text is not None:
                try:
                    import libcst as cst
                    from libcst.metadata import MetadataWrapper, PositionProvider

                    module = cst.parse_module(text)
                    analysis = _PyAnalysis(module)
                    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
                    self._cache[path] = (analysis, positions)
                except Exception:
                    LOG.debug("cannot analyse %s", path, exc_info=True)
        return self._cache[path]


def _freeze(o: _PyOrigin, rel: str, positions: Any) -> Origin:
    def at(node: Any) -> tuple[str, int, int] | None:
        if node is None:
            return None
        try:
            rng = positions[node]
        except KeyError:
            return None
        return (rel, rng.start.line, rng.start.column + 1)

    how = o.how
    value = o.value
    if how == "literal" and value is not None and "*" in value:
        how = "wildcard"
    literal_at = o.at or (at(o.node) if how in ("literal", "wildcard") else None)
    return Origin(how, o.detail, value, literal_at, o.fallback,
                  o.fallback_at or at(o.fallback_node), o.profile_slot)


def _python_items(job: Any, rel: str, text: str, doc: Any, to_rel: _Rel, policy: _Policy,
                  modules: _PyModules) -> list[_Item]:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from .facts import Use

    module = cst.parse_module(text)
    analysis = _PyAnalysis(module)
    sites = analysis.sites()
    items: list[_Item] = []
    refs = [r for r in doc.refs if r.use in (Use.CALL, Use.SETTING, Use.FALLBACK)]
    if not sites and not refs:
        return items
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

    def pos(node: Any) -> tuple[int, int] | None:
        rng = positions.get(node)
        return (rng.start.line, rng.start.column + 1) if rng is not None else None

    covered: set[tuple[int, int]] = set()
    frozen: list[tuple[_Site, list[Origin]]] = []
    #: built expressions (f-strings, ``+``) whose literals the scanner located: site index,
    #: the expression's span, and the positions of the constants it is built from
    built: list[tuple[int, Origin, tuple[int, int], tuple[int, int], set[tuple[int, int]]]] = []
    for i, site in enumerate(sites):
        origins: list[Origin] = []
        for o in site.origins:
            if o.module is not None:
                got = modules.resolve(job.real, *o.module)
                if got:
                    origins.extend(got)
                    continue
            frozen_o = _freeze(o, rel, positions)
            origins.append(frozen_o)
            o_node = o.node
            if o_node is not None and o.how == "unknown" and o_node in positions:
                rng = positions[o_node]
                parts = {p for p in (pos(n) for n in o.parts) if p is not None}
                built.append((i, frozen_o, (rng.start.line, rng.start.column + 1),
                              (rng.end.line, rng.end.column + 1), parts))
        for origin in origins:
            for at in (origin.at, origin.fallback_at):
                if at is not None and at[0] == rel:
                    covered.add((at[1], at[2]))
        frozen.append((site, origins))

    attached: set[int] = set()

    def attach(index: int, ref: Any, at: tuple[str, int, int], replaces: Origin | None) -> None:
        attached.add(index)
        origins = frozen[index][1]
        if replaces is not None:
            if replaces in origins:
                origins.remove(replaces)
        else:
            origins[:] = [o for o in origins if o.how != "unknown"]
        origins.append(_literal(ref.value, at))
        covered.add((at[1], at[2]))

    for ref in refs:
        at = to_rel.at(ref.loc)
        here = (at[1], at[2])
        if here in covered or ref.use is not Use.CALL:
            continue
        hit = next(((i, o) for i, o, start, end, parts in built
                    if start <= here < end or here in parts), None)
        if hit is not None:
            attach(hit[0], ref, at, hit[1])
            continue
        owners = [i for i, (site, _) in enumerate(frozen) if ref.context in site.scanner_contexts]
        if len(owners) > 1 and ref.via:
            owners = [i for i in owners if frozen[i][0].name and
                      (frozen[i][0].name == ref.via or frozen[i][0].name.endswith("." + ref.via))]
        if len(owners) == 1 and (owners[0] in attached or
                                 any(o.how in ("unknown", "param") for o in frozen[owners[0]][1])):
            attach(owners[0], ref, at, None)
    for site, origins in frozen:
        rng = positions[site.node]
        where = f"{site.api}({site.param}=)" if site.param else f"{site.api}()"
        items.append(_Item(rel, rng.start.line, rng.start.column + 1, "python", where, origins,
                           api=site.api))
    for ref in refs:
        at = to_rel.at(ref.loc)
        if (at[1], at[2]) not in covered:
            items.append(_ref_item(to_rel, ref, "python", None))
    return items


# --- Terraform -------------------------------------------------------------------------------

_TF_PROFILE = re.compile(
    r"^(?:module\.[\w-]+\.)*(aws_bedrock_inference_profile|awscc_bedrock_application_inference_profile|"
    r"data\.aws_bedrock_inference_profile)\.([\w-]+)")
_TF_SSM = re.compile(r"^(data\.)?(aws_ssm_parameter|awscc_ssm_parameter)\.([\w-]+)\.(value|insecure_value)")
_MODELISH_KEY = re.compile(r"(?i)model|profile|(?:^|_)llm(?:_|$)|inference")


def _terraform_items(job: Any, rel: str, text: str, doc: Any, to_rel: _Rel, ctx: Any,
                     policy: _Policy) -> list[_Item]:
    from .facts import Use
    from .scanners import terraform as tf

    tree = tf._parse_text(text)
    spans: list[tuple[int, int, str]] = []
    items: list[_Item] = []
    ssm_names: dict[str, str] = {}
    if not isinstance(tree, tf._ParseFailure):
        run = tf._Run(job.path, text.removeprefix("\ufeff"), tree, ctx)
        module = run.module(os.path.dirname(job.path)) or tf._Module(
            os.path.dirname(job.path), [run.file], [])
        env = tf._Env(run, module)
        for block in tf._body_items(tree.children[0]):
            kind, labels, body = tf._block_parts(block)
            if body is None:
                continue
            loc = tf._loc(run.file, block)
            if kind == "module" and labels:
                spans.append((loc.line, loc.end_line or loc.line, f"module.{labels[0]}"))
                continue
            if kind == "data" and len(labels) >= 2 and labels[0] in ("aws_ssm_parameter",):
                name = tf._attrs_of(body).get("name")
                if name is not None:
                    val = env.ev(name.children[-1], run.file)
                    if isinstance(val, tf._Lit) and isinstance(val.value, str):
                        ssm_names[f"data.{labels[0]}.{labels[1]}"] = val.value
                continue
            if kind != "resource" or len(labels) < 2:
                continue
            rtype, rname = labels[0], labels[1]
            address = f"{rtype}.{rname}"
            spans.append((loc.line, loc.end_line or loc.line, address))
            model_keys = tf._MODEL_KEYS.get(rtype, frozenset())
            env_type = rtype in tf._ENV_TYPES
            if rtype in ("aws_ssm_parameter", "awscc_ssm_parameter"):
                attrs = tf._attrs_of(body)
                name = attrs.get("name")
                if name is not None:
                    val = env.ev(name.children[-1], run.file)
                    if isinstance(val, tf._Lit) and isinstance(val.value, str):
                        ssm_names[address] = val.value
            if not (model_keys or env_type):
                continue
            for path, expr, ef in tf._walk_attrs(body, run.file, ()):
                key = path[-1]
                if len(path) == 1 and key in tf._SKIP_ATTRS:
                    continue
                if key in model_keys:
                    value = env.ev(expr, ef)
                    ex = tf._loc(ef, expr)
                    origins = _tf_origins(value, ssm_names)
                    if origins:
                        context = f"{rtype}." + ".".join(path)
                        key_name = ssm_names.get(address) if rtype.endswith("ssm_parameter") else None
                        items.append(_Item(rel, ex.line, ex.col, "terraform", context, origins,
                                           address, api=rtype,
                                           key=f"ssm:{key_name}" if key_name else None))
                elif env_type and (path[-2:] == ("environment", "variables") or
                                   key in ("runtime_environment_variables", "environment_variables")):
                    value = env.ev(expr, ef)
                    if not isinstance(value, tf._Obj):
                        continue
                    for entry in value.items:
                        interesting = entry.key in policy.profile_vars or _MODELISH_KEY.search(entry.key)
                        origins = _tf_origins(entry.val, ssm_names)
                        if not origins or not (interesting or any(o.how == "profile" for o in origins)):
                            continue
                        at = entry.key_loc or tf._loc(ef, expr)
                        context = f"{rtype}." + ".".join(path + (entry.key,))
                        items.append(_Item(rel, at.line, at.col, "terraform", context, origins,
                                           address, api=rtype, key=entry.key))
    # the scanner's literal references
    for ref in doc.refs:
        if ref.use not in (Use.CALL, Use.SETTING, Use.FALLBACK):
            continue
        item = _ref_item(to_rel, ref, "terraform", None)
        item.caller = _span_caller(spans, item.line) if item.path == rel else None
        if item.caller is None:
            m = re.match(r"^((?:module\.[^.]+\.)+)([a-z0-9_]+)\.", ref.context)
            item.caller = (m.group(1) + m.group(2)) if m else ref.context.split(".")[0]
        if item.api in ("aws_ssm_parameter", "awscc_ssm_parameter") and item.caller in ssm_names:
            item.key = f"ssm:{ssm_names[item.caller]}"
        items.append(item)
    return _merge_items(items)


def _tf_origins(value: Any, ssm_names: dict[str, str]) -> list[Origin]:
    """Non-literal origins of a Terraform value (literals are the scanner's references)."""
    from .scanners import terraform as tf

    out: list[Origin] = []
    if isinstance(value, tf._Unk):
        label = value.label.strip()
        m = _TF_PROFILE.match(label)
        s = _TF_SSM.match(label)
        if m:
            out.append(Origin("profile", f"{m.group(1)}.{m.group(2)}"))
        elif s:
            address = f"{s.group(1) or ''}{s.group(2)}.{s.group(3)}"
            out.append(Origin("ssm", ssm_names.get(address, address)))
        elif value.alts:
            pass
        elif not label.startswith(("arn:", '"')) and "${" not in label:
            out.append(Origin("unknown", label))
        for alt in value.alts:
            out.extend(_tf_origins(alt, ssm_names))
    return out


def _span_caller(spans: list[tuple[int, int, str]], line: int) -> str | None:
    inside = [(end - start, name) for start, end, name in spans if start <= line <= end]
    return min(inside)[1] if inside else None


def _merge_items(items: list[_Item]) -> list[_Item]:
    """One row per (file, caller, setting): a conditional's profile and literal branches."""
    merged: dict[tuple[str, str | None, str], _Item] = {}
    for item in items:
        base_where = item.where.split(" via ")[0]
        key = (item.path, item.caller, base_where)
        cur = merged.get(key)
        if cur is None:
            merged[key] = item
            continue
        cur.origins = cur.origins + [o for o in item.origins if o not in cur.origins]
        cur.line, cur.col = min((cur.line, cur.col), (item.line, item.col))
        cur.key = cur.key or item.key
        cur.notes = cur.notes + [n for n in item.notes if n not in cur.notes]
        if " via " in item.where and " via " not in cur.where:
            cur.where = item.where
    return list(merged.values())


# --- CloudFormation --------------------------------------------------------------------------

_SSM_DYNAMIC = re.compile(r"\{\{resolve:ssm(?:-secure)?:([^}:]+)")


def _cloudformation_items(rel: str, tpl: Any, doc: Any, to_rel: _Rel,
                          policy: _Policy) -> list[_Item]:
    from .facts import Use
    from .scanners import cloudformation as cfn

    items: list[_Item] = []
    if tpl is None:
        return [_ref_item(to_rel, r, "cloudformation", None) for r in doc.refs
                if r.use in (Use.CALL, Use.SETTING, Use.FALLBACK)]
    resources = tpl["Resources"]
    params = _mapping(tpl.get("Parameters"))
    profiles = {str(k) for k, r in resources.items()
                if isinstance(r, dict) and r.get("Type") == cfn.PROFILE_TYPE}
    spans: list[tuple[int, int, str]] = []
    ssm_names: dict[str, str] = {}
    for key, res in resources.items():
        start = getattr(key, "start_mark", None)
        end = getattr(res, "end_mark", None)
        if start is not None and end is not None:
            spans.append((start.line + 1, end.line + 1, str(key)))
        if isinstance(res, dict) and res.get("Type") == "AWS::SSM::Parameter":
            props = _mapping(res.get("Properties"))
            if isinstance(props.get("Name"), str):
                ssm_names[str(key)] = props["Name"]

    def origins_of(node: Any) -> list[Origin]:
        if isinstance(node, str):
            m = _SSM_DYNAMIC.search(node)
            return [Origin("ssm", m.group(1))] if m else []
        fn = cfn._intrinsic(node)
        if fn is None:
            return []
        name, arg = fn
        target = None
        if name == "Ref" and isinstance(arg, str):
            target = arg
        elif name == "Fn::GetAtt":
            if isinstance(arg, list) and arg and isinstance(arg[0], str):
                target = arg[0]
            elif isinstance(arg, str):
                target = arg.split(".")[0]
        if target in profiles:
            return [Origin("profile", target)]
        if target is not None and target in params:
            p = _mapping(params[target])
            ptype = str(p.get("Type", ""))
            if ptype.startswith("AWS::SSM::Parameter::Value"):
                return [Origin("ssm", str(p.get("Default", "")) or target)]
            if "Default" in p:
                return []  # a literal default: the scanner's reference when it is a model
            return [Origin("param", f"stack parameter {target}")]
        if name == "Fn::If" and isinstance(arg, list) and len(arg) == 3:
            return origins_of(arg[1]) + origins_of(arg[2])
        if name == "Fn::Sub":
            body = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(body, str):
                m = _SSM_DYNAMIC.search(body)
                if m:
                    return [Origin("ssm", m.group(1))]
        return [Origin("unknown", cfn._describe(node))]

    def walk(res_key: str | None, rtype: str, props: Any, label_prefix: str) -> None:
        for spec in cfn.SINKS.get(rtype, ()):
            for node, label in cfn._follow(props, spec.split("."), label_prefix):
                if isinstance(node, str) and not _SSM_DYNAMIC.search(node):
                    continue
                origins = origins_of(node)
                if not origins:
                    continue
                key = env_key(label)
                if "Environment" in label and not (
                        (key and (key in policy.profile_vars or _MODELISH_KEY.search(key)))
                        or any(o.how == "profile" for o in origins)):
                    continue
                mark = getattr(node, "start_mark", None)
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                if mark is None:
                    for start, end, name in spans:
                        if name == res_key:
                            line, col = start, 1
                caller = _cfn_caller(res_key, rtype) if res_key else "Globals (every function)"
                items.append(_Item(rel, line, col, "cloudformation", label, origins, caller,
                                   api=rtype, key=key))

    globals_ = tpl.get("Globals")
    if isinstance(globals_, dict) and isinstance(globals_.get("Function"), dict):
        walk(None, "AWS::Serverless::Function", globals_["Function"], "Globals.Function")
    for key, res in resources.items():
        if isinstance(res, dict) and isinstance(res.get("Type"), str):
            props = _mapping(res.get("Properties"))
            walk(str(key), res["Type"], props, res["Type"])
    for ref in doc.refs:
        if ref.use not in (Use.CALL, Use.SETTING, Use.FALLBACK):
            continue
        item = _ref_item(to_rel, ref, "cloudformation", None)
        if ref.context.startswith("Globals."):
            item.caller = "Globals (every function)"
        else:
            logical = _span_caller(spans, item.line)
            rtype = ref.context.split(".")[0]
            if logical is None or logical not in resources or \
                    resources[logical].get("Type") != rtype:
                logical = _cfn_user(resources, ref) or logical
            if ref.api == "AWS::SSM::Parameter" and logical in ssm_names:
                item.key = f"ssm:{ssm_names[logical]}"
            item.caller = _cfn_caller(logical, rtype) if logical else rtype
        items.append(item)
    return _merge_items(items)


_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


def _cfn_caller(logical_id: str, rtype: str) -> str:
    """A logical ID as a caller; functions read ``lambda X`` as their Python code does."""
    return f"lambda {logical_id}" if rtype in _FUNCTION_TYPES else logical_id


def _cfn_user(resources: dict[Any, Any], ref: Any) -> str | None:
    """The resource of the reference's type that uses the parameter it came through."""
    rtype = ref.context.split(".")[0]
    candidates = [str(k) for k, r in resources.items() if isinstance(r, dict) and r.get("Type") == rtype]
    if ref.via:
        users = [k for k in candidates if _mentions(resources[k], ref.via)]
        if users:
            return ", ".join(sorted(users))
    return candidates[0] if len(candidates) == 1 else None


def _mentions(node: Any, name: str, depth: int = 0) -> bool:
    if depth > 40:
        return False
    if isinstance(node, dict):
        if node.get("Ref") == name:
            return True
        return any(_mentions(v, name, depth + 1) for v in node.values())
    if isinstance(node, list):
        return any(_mentions(v, name, depth + 1) for v in node)
    if isinstance(node, str):
        return "${" + name + "}" in node
    return False


# --- YAML: LiteLLM and deployment configs -----------------------------------------------------


@dataclass
class _Span:
    start: int
    end: int
    caller: str
    #: LiteLLM entries: the ``model_id`` environment variable, if that is how it is given
    model_id_env: str | None = None


def _yaml_items(job: Any, rel: str, text: str, doc: Any, to_rel: _Rel, fmt: str,
                policy: _Policy) -> list[_Item]:
    from .facts import Use

    spans, env_items = _yaml_structure(job.path, rel, text, policy)
    items: list[_Item] = list(env_items)
    for ref in doc.refs:
        if ref.use not in (Use.CALL, Use.SETTING, Use.FALLBACK, Use.BASE_MODEL):
            continue
        item = _ref_item(to_rel, ref, fmt, None)
        inside = [s for s in spans if s.start <= item.line <= s.end]
        span = min(inside, key=lambda s: s.end - s.start) if inside else None
        item.caller = span.caller if span else None
        if ref.context.startswith("litellm_params."):
            item.fmt = "litellm"
            if ref.use is Use.BASE_MODEL:
                if span is not None and span.model_id_env:
                    item.origins = [Origin("env", span.model_id_env, profile_slot=True)]
                    item.notes.append(f"base model {ref.value!r}")
                    item.where = "litellm_params.model_id"
                else:
                    continue  # reported with its model_id
        items.append(item)
    # a LiteLLM model given as model (base) + model_id literal: one row, at model_id
    return _merge_items(items)


def _yaml_structure(display: str, rel: str, text: str, policy: _Policy
                    ) -> tuple[list[_Span], list[_Item]]:
    """Caller spans of a YAML file, and its non-literal model settings."""
    import yaml

    from .scanners import ScanError
    from .scanners import deployconfig as dc
    from .scanners import litellm as ll

    spans: list[_Span] = []
    items: list[_Item] = []
    if rel.endswith(".env") or os.path.basename(rel).startswith(".env"):
        return spans, items
    try:
        src, docs = ll.compose_file(display, text)
    except ScanError:
        return spans, items
    budget = ll.Budget()

    def span(node: Any, caller: str, env: str | None = None, s: Any = src) -> _Span:
        return _Span(node.start_mark.line + s.line_offset + 1, node.end_mark.line + s.line_offset + 1,
                     caller, env)

    def entries(seq: Any, s: Any) -> None:
        for entry in seq.value:
            if not isinstance(entry, yaml.MappingNode):
                continue
            name = ll.scalar_text(ll.get(entry, "model_name", budget)) or "?"
            params = ll.get(entry, "litellm_params", budget)
            mid = ll.scalar_text(ll.get(params, "model_id", budget)) if params is not None else None
            env = None
            if mid:
                m = re.match(r"^(?:os\.environ/|\$\{)([A-Za-z_][A-Za-z0-9_]*)", mid)
                env = m.group(1) if m else None
            spans.append(span(entry, f"litellm {name}", env, s))

    def env_settings(node: Any, caller: str, s: Any) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for name, _, value in ll.pairs(node, budget):
            if not (name in policy.profile_vars or dc.is_model_key(dc.normalise(name))
                    or _MODELISH_KEY.search(name)):
                continue
            origin: Origin | None = None
            if isinstance(value, yaml.ScalarNode):
                tag = value.tag or ""
                raw = str(value.value)
                if tag in ("!GetAtt", "!Ref"):
                    target, _, attr = raw.partition(".")
                    if attr == "InferenceProfileArn" or target in profile_resources:
                        origin = Origin("profile", target)
                    else:
                        origin = Origin("unknown", f"{tag} {raw}")
                elif raw.startswith("${ssm:"):
                    origin = Origin("ssm", raw[6:].rstrip("}"))
                else:
                    m = re.match(r"^\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}$", raw)
                    if m:
                        origin = Origin("env", m.group(1))
            if origin is None:
                continue
            at = value.start_mark
            items.append(_Item(rel, at.line + s.line_offset + 1, at.column + s.col_offset + 1,
                               "config", f"environment variable {name}", [origin], caller,
                               key=name))

    def walk(node: Any, s: Any, depth: int) -> None:
        if depth > 6 or not isinstance(node, yaml.MappingNode):
            return
        seq = ll.model_list(node, budget)
        if seq is not None:
            entries(seq, s)
            return
        for name, _, value in ll.pairs(node, budget):
            if isinstance(value, yaml.ScalarNode) and value.style == "|" and \
                    ll.LITELLM_HINT.search(str(value.value)):
                sub = ll.embedded(value, s)
                if sub is not None:
                    try:
                        for root in ll.compose(sub):
                            walk(root, sub, depth + 1)
                    except ScanError:
                        pass
            elif isinstance(value, yaml.MappingNode):
                walk(value, s, depth + 1)

    profile_resources: set[str] = set()
    for root in docs:  # Serverless Framework ``resources.Resources``: CloudFormation inline
        cfn = ll.get(ll.get(root, "resources", budget), "Resources", budget) \
            if isinstance(root, yaml.MappingNode) else None
        if isinstance(cfn, yaml.MappingNode):
            for name, _, body in ll.pairs(cfn, budget):
                if ll.scalar_text(ll.get(body, "Type", budget)) == "AWS::Bedrock::ApplicationInferenceProfile":
                    profile_resources.add(name)
    for root in docs:
        if not isinstance(root, yaml.MappingNode):
            continue
        top = {name: value for name, _, value in ll.pairs(root, budget)}
        kind = ll.scalar_text(top.get("kind"))
        meta = top.get("metadata")
        meta_name = ll.scalar_text(ll.get(meta, "name", budget)) if meta is not None else None
        if kind and meta_name:
            spans.append(span(root, f"{kind}/{meta_name}"))
        services = top.get("services")
        if isinstance(services, yaml.MappingNode):
            for name, _, body in ll.pairs(services, budget):
                spans.append(span(body, f"container {name}"))
                env_settings(ll.get(body, "environment", budget), f"container {name}", src)
        functions = top.get("functions")
        service = ll.scalar_text(top.get("service"))
        if isinstance(functions, yaml.MappingNode):
            if service:
                spans.append(span(root, f"serverless {service} (every function)"))
                provider = top.get("provider")
                env_settings(ll.get(provider, "environment", budget),
                             f"serverless {service} (every function)", src)
            for name, _, body in ll.pairs(functions, budget):
                spans.append(span(body, f"lambda {name}"))
                env_settings(ll.get(body, "environment", budget), f"lambda {name}", src)
        jobs = top.get("jobs")
        if isinstance(jobs, yaml.MappingNode) and "on" in top:  # a GitHub Actions workflow
            for name, _, body in ll.pairs(jobs, budget):
                spans.append(span(body, f"job {name}"))
        walk(root, src, 0)
    return spans, items


# --- output ----------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _tags_text(p: ProfileRow) -> str:
    parts = [f"{k}={v if v is not None else '?'}" for k, v in p.tags]
    if p.unresolved:
        parts.append("+ unresolved: " + ", ".join(p.unresolved))
    return ", ".join(parts) if parts else "(none)"


def render_markdown(inv: Inventory, out: TextIO) -> None:
    n = len(inv.callers)
    counts = {c: sum(1 for r in inv.callers if r.complies == c) for c in COMPLIES}
    out.write("# Bedrock caller inventory\n\n")
    out.write("Generated by `bedrock-lint inventory`; regenerate it rather than editing it.\n\n")
    summary = ", ".join(f"{counts[c]} {c}" for c in ("yes", "no", "exempt", "other", "unknown")
                        if counts[c])
    out.write(f"{n} call site{'s' if n != 1 else ''} and configured model{'s' if n != 1 else ''}"
              f"{': ' + summary if summary else ''}.\n\n")
    out.write("## Callers\n\n")
    if inv.callers:
        out.write("| Location | Caller | Call or setting | Model chosen by | Model | Complies | Notes |\n")
        out.write("|---|---|---|---|---|---|---|\n")
        for r in inv.callers:
            models = "<br>".join(f"`{_md(m)}`" for m in r.models) or "—"
            complies = r.complies + (f" ({', '.join(r.findings)})" if r.findings else "")
            out.write(f"| `{_md(r.path)}:{r.line}` | {_md(r.caller)} | `{_md(r.where)}` | "
                      f"{_md(r.chosen_by)} | {models} | {complies} | {_md(r.notes)} |\n")
    else:
        out.write("No Bedrock call sites or model settings found.\n")
    out.write("\n## Application inference profiles\n\n")
    if inv.profiles:
        out.write("| Location | Resource | Name | Copies from | Effective tags |\n")
        out.write("|---|---|---|---|---|\n")
        out.writelines(f"| `{_md(p.path)}:{p.line}` | `{_md(p.resource)}` | {_md(p.name)} | "
                      f"{('`' + _md(p.copy_from) + '`') if p.copy_from else '—'} | {_md(_tags_text(p))} |\n" for p in inv.profiles)
    else:
        out.write("No application inference profiles declared.\n")
    if inv.problems:
        out.write("\n## Files that could not be read\n\n")
        out.writelines(f"- {_md(problem)}\n" for problem in inv.problems)


def render_json(inv: Inventory, out: TextIO) -> None:
    json.dump({"version": 1, "callers": [r.as_dict() for r in inv.callers],
               "profiles": [p.as_dict() for p in inv.profiles], "problems": inv.problems},
              out, indent=2)
    out.write("\n")


CALLER_COLUMNS = ("path", "line", "column", "format", "caller", "where", "chosen_by", "models",
                  "complies", "findings", "notes")
PROFILE_COLUMNS = ("path", "line", "column", "format", "resource", "name", "copy_from", "tags",
                   "unresolved_tag_sources")


def render_csv(inv: Inventory, out: TextIO, table: str = "callers") -> None:
    w = csv.writer(out, lineterminator="\n")
    if table == "profiles":
        w.writerow(PROFILE_COLUMNS)
        for p in inv.profiles:
            w.writerow((p.path, p.line, p.col, p.fmt, p.resource, p.name, p.copy_from,
                        "; ".join(f"{k}={v if v is not None else '?'}" for k, v in p.tags),
                        "; ".join(p.unresolved)))
        return
    w.writerow(CALLER_COLUMNS)
    for r in inv.callers:
        w.writerow((r.path, r.line, r.col, r.fmt, r.caller, r.where, r.chosen_by, " ".join(r.models),
                    r.complies, " ".join(r.findings), r.notes))
