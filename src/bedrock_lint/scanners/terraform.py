"""Terraform scanner: model references and inference-profile resources in ``.tf`` files.

The file is parsed with python-hcl2's Lark grammar and read from the raw parse tree, because
python-hcl2 8's dict output drops positions while the tree keeps them for every token
(``propagate_positions``). Values are resolved statically and conservatively:

* ``var.x``: a value from ``terraform.tfvars`` / ``*.auto.tfvars`` (later files win) or else the
  variable's ``default``; other ``*.tfvars`` files (``prod.tfvars``, passed with ``-var-file``)
  are alternatives. When the candidates disagree the value is unknown (model references still
  report each candidate, since each is a value the setting can take).
* ``local.x``, string templates, heredocs, ``merge``, ``jsonencode``/``jsondecode``, ``lookup``,
  ``coalesce``, ``try``, ``concat``, ``format``, ``join``, conditionals with a known condition,
  indexing, and the data sources ``aws_bedrock_foundation_model`` and
  ``aws_bedrock_inference_profile`` with a literal id (their ARNs are synthesised).
* ``module.x`` with a local ``source``: the child module is instantiated with the caller's
  inputs and providers, so its profiles and model settings are reported at the module block
  with the caller's values. ``module.x.output`` is resolved through the child's outputs.

Everything else (resource attributes, ``each``/``count``, ``for`` expressions, ``file()``...)
is unknown and never guessed: an unknown model value yields no reference, an unknown tag map
is listed in ``ProfileResource.unresolved_tag_sources``.

Effective tags are the ``default_tags`` of the provider the resource uses (``provider =
aws.eu`` selects ``provider "aws" { alias = "eu" }``) overlaid by its ``tags``. A module
directory without that provider block and without a backend or tfvars is taken for a child
module: its provider (and so its default tags) comes from a caller, so "provider
default_tags" is unresolved there. Values written before an unresolved ``merge`` argument
are kept although that argument could override them; null tag values are ignored, as the
AWS provider does.

Positions: a model reference is located where its value reaches the setting in the scanned
file (the literal, or the ``var.x`` / ``local.x`` / ``module.x.y`` reference, with ``via``
naming it); a tag where its key is written, in whichever file; a profile instantiated from a
child module at the ``module`` block, or at the caller's input its value came from.

Sibling files of the same directory are read with ``ScanContext.read_text`` and parsed once
per process (a small LRU keyed on their text).
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import functools
import json
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..facts import Document, ModelRef, ProfileResource, TagValue, Use
from ..findings import Location
from . import ScanContext, ScanError, local_module_calls, time_limit_paused

if TYPE_CHECKING:
    from lark import Lark

LOG = logging.getLogger(__name__)

FMT = "terraform"

#: Resource types whose listed attributes (at any nesting depth, in blocks or object values)
#: hand a model to a service.
_MODEL_KEYS: dict[str, frozenset[str]] = {
    k: frozenset(v)
    for k, v in {
        "aws_bedrockagent_agent": ("foundation_model",),
        "aws_bedrockagent_knowledge_base": ("embedding_model_arn",),
        "aws_bedrockagent_data_source": ("model_arn",),
        "aws_bedrockagent_prompt": ("model_id",),
        "aws_bedrockagent_flow": ("model_id", "model_arn"),
        "aws_bedrock_model_invocation_job": ("model_id",),
        "aws_bedrock_prompt_router": ("model_arn",),
        "aws_bedrock_provisioned_model_throughput": ("model_arn",),
        "aws_bedrock_custom_model": ("base_model_identifier",),
        "aws_bedrock_evaluation_job": ("model_identifier",),
        "aws_ssm_parameter": ("value", "insecure_value"),
        "awscc_bedrock_agent": ("foundation_model",),
        "awscc_bedrock_knowledge_base": ("embedding_model_arn",),
        "awscc_bedrock_data_source": ("model_arn",),
        "awscc_bedrock_prompt": ("model_id",),
        "awscc_bedrock_prompt_version": ("model_id",),
        "awscc_bedrock_flow": ("model_id", "model_arn"),
        "awscc_bedrock_flow_version": ("model_id", "model_arn"),
        "awscc_bedrock_intelligent_prompt_router": ("model_arn",),
        "awscc_ssm_parameter": ("value",),
    }.items()
}

#: Resource types with environment-variable maps (``environment { variables = {...} }``,
#: ``runtime_environment_variables``, ``environment_variables``).
_ENV_TYPES = frozenset({
    "aws_lambda_function", "awscc_lambda_function", "aws_apprunner_service",
    "awscc_apprunner_service", "aws_bedrockagentcore_agent_runtime",
    "awscc_bedrockagentcore_runtime",
})  # fmt: skip
_ENV_MAP_KEYS = frozenset({"runtime_environment_variables", "environment_variables"})

#: Resource attributes holding container or state-machine definitions (JSON strings or
#: ``jsonencode`` structures): ``environment = [{name, value}]`` entries and ``ModelId`` keys.
_JSON_KEYS: dict[str, frozenset[str]] = {
    "aws_ecs_task_definition": frozenset({"container_definitions"}),
    "awscc_ecs_task_definition": frozenset({"container_definitions"}),
    "aws_batch_job_definition": frozenset(
        {"container_properties", "node_properties", "ecs_properties"}
    ),
    "aws_sfn_state_machine": frozenset({"definition"}),
}
_JSON_MODEL_KEYS = frozenset({"ModelId", "modelId", "ModelIdentifier", "modelIdentifier"})

_PROFILE_TYPES = ("aws_bedrock_inference_profile", "awscc_bedrock_application_inference_profile")

#: Attributes never walked for model settings.
_SKIP_ATTRS = frozenset({
    "tags", "tags_all", "description", "instruction", "policy", "count", "for_each",
    "depends_on", "provider", "lifecycle",
})  # fmt: skip
_MODULE_META = frozenset({"source", "version", "providers", "count", "for_each", "depends_on"})
#: Inputs of modules we cannot read that are, by name, a profile's source or tags.
_REMOTE_SKIP_INPUT = re.compile(r"copy_from|model_source|source_model|(^|_)tags$")

_WELL_KNOWN = (
    "main.tf", "providers.tf", "provider.tf", "versions.tf", "variables.tf", "locals.tf",
    "outputs.tf", "data.tf", "terraform.tfvars", "terraform.tfvars.json",
)  # fmt: skip
_MAX_FILES = 200
_MAX_EVAL_DEPTH = 64
#: Work one ``scan`` may do evaluating values (expressions evaluated, value nodes copied,
#: walked or joined). Locals that reference each other several times can describe values
#: exponentially larger than the file (``a1 = "${local.a0}${local.a0}"``, ``concat``,
#: ``coalesce``): past this budget the file is reported as too complex, not evaluated for
#: minutes or until memory runs out. Real configurations use a few thousand units per file.
_MAX_WORK = 150_000
#: Longest string and longest list an evaluation may build; longer values are unknown.
_MAX_STRING = 1 << 20
_MAX_ITEMS = 10_000
#: Most alternatives one unknown value keeps (``coalesce``, ``try``, ``lookup``).
_MAX_ALTS = 64
#: Parsed sibling files kept between ``scan`` calls, by total size of their text (a parse
#: tree takes about 130 times the memory of its text).
_TREE_CACHE_BYTES = 8 << 20
_TREE_CACHE_FILES = 32
_MAX_MODULE_DEPTH = 4
#: Most instances of one ``for_each`` evaluated one by one; more is evaluated as unknown.
_MAX_INSTANCES = 32
_ACCOUNT_PLACEHOLDER = "000000000000"


# --- parsing ---------------------------------------------------------------------------------


def _cache_path(default: Path) -> str | None:
    """Where the compiled grammar is cached.

    python-hcl2 caches it next to its own sources. When site-packages is read-only that
    write fails silently and every process rebuilds the grammar (~1.2 s), so use the user
    cache directory instead.
    """
    if os.access(default.parent, os.W_OK):
        return str(default)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "bedrock-lint"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return str(default) if default.is_file() else None
    if not os.access(folder, os.W_OK):
        return str(default) if default.is_file() else None
    from hcl2.version import version

    return str(folder / f"hcl2-{version}.lark.bin")


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """The HCL grammar, built once per process. Importing lark and loading (or building, ~1.2 s)
    the grammar is not parsing: it does not count against the per-file time limit, which would
    otherwise fail the first files of a run, or all of them under a small ``timeout``.

    The built parser is kept whole beside lark's grammar cache (``_saved_parser_path``):
    loading it costs half of rebuilding it from that cache."""
    with time_limit_paused():
        import hcl2.parser as hcl2_parser
        from hcl2.postlexer import PostLexer
        from lark import Lark

        cache = _cache_path(Path(hcl2_parser.PARSER_FILE))
        saved = _saved_parser_path(cache) if cache else None
        parser = _load_saved_parser(saved) if saved else None
        if parser is not None:
            return parser
        parser = Lark.open(
            "hcl2.lark",
            parser="lalr",
            cache=cache or False,
            rel_to=hcl2_parser.__file__,
            propagate_positions=True,
            postlex=PostLexer(),
        )
        if saved:
            _save_parser(parser, saved)
        return parser


def warm() -> None:
    """Load the parser before the first file needs it (a lane started early)."""
    _parser()


#: bump when what ``_parser`` builds changes (its options)
_SAVED_FORMAT = 1
#: objects lark compares by identity (``action is Shift``): saved by name, not copied
_LARK_SINGLETONS = ("lark.parsers.lalr_analysis", ("Shift", "Reduce"))
#: the last tokens of ``_load_saved_parser``'s sample, as the grammar gives them
_SAMPLE_END = [("RSQB", "]", 2), ("NL_OR_COMMENT", "\n", 2),
               ("RBRACE", "}", 3), ("NL_OR_COMMENT", "\n", 3)]


def _saved_parser_path(lark_cache: str) -> str:
    """Where the built parser is kept: in the folder of lark's grammar cache (python-hcl2's
    own folder, or ours in the user cache directory), read with the trust lark reads its
    cache with (both are pickles); per lark, python-hcl2 and Python version."""
    import sys

    import lark
    from hcl2.version import version

    py = "%d.%d" % sys.version_info[:2]
    name = f".bedrock-lint-hcl2-{version}-lark-{lark.__version__}-py{py}-{_SAVED_FORMAT}.parser"
    return os.path.join(os.path.dirname(lark_cache), name)


def _lark_global(module: str, name: str) -> Any:
    import importlib

    return getattr(importlib.import_module(module), name)


def _load_saved_parser(path: str) -> Lark | None:
    """The saved parser, when it loads and parses a sample as the grammar does; else None
    (it is then built and saved again). Only ever the file beside lark's own cache."""
    import pickle

    from lark import Lark

    try:
        with open(path, "rb") as fh:
            parser = pickle.loads(fh.read())  # noqa: S301 - our own cache file
        if not isinstance(parser, Lark):
            return None
        tree = parser.parse('a "b" {\n  c = [1, "d"]\n}\n')
        tokens = [(t.type, t, t.line) for t in tree.scan_values(lambda v: True)]
        if tree.data != "start" or tokens[-4:] != _SAMPLE_END:
            return None
    except Exception:  # damaged, or from a lark that pickles differently
        return None
    return parser


def _save_parser(parser: Lark, path: str) -> None:
    """Save the built parser atomically; never fails the run."""
    import importlib
    import io
    import pickle
    import tempfile
    import types

    module, names = _LARK_SINGLETONS
    by_id = {id(getattr(importlib.import_module(module), n)): (module, n) for n in names}

    class _Pickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if isinstance(obj, types.ModuleType):  # lark keeps the ``re`` module it uses
                return importlib.import_module, (obj.__name__,)
            if id(obj) in by_id:
                return _lark_global, by_id[id(obj)]
            return NotImplemented

    tmp = None
    try:
        buf = io.BytesIO()
        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(parser)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".parser-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, path)
        tmp = None
    except Exception as exc:  # read-only cache, or a parser that cannot be pickled
        LOG.debug("cannot save the HCL parser to %s: %s", path, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@dataclass(frozen=True)
class _ParseFailure:
    message: str
    line: int
    col: int


class _TreeCache:
    """Parse trees by text: an LRU bounded by entry count and by the total size of the texts,
    so that a directory of large files cannot pin gigabytes of trees. Same ``cache_info``
    as ``functools.lru_cache``."""

    def __init__(self) -> None:
        self.trees: OrderedDict[str, Any] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    def __call__(self, text: str) -> Any:
        """The lark tree of ``text``, or a ``_ParseFailure``. Shared; never mutated."""
        tree = self.trees.get(text)
        if tree is not None:
            self.hits += 1
            self.trees.move_to_end(text)
            return tree
        self.misses += 1
        tree = _parse_uncached(text)
        if len(text) <= _TREE_CACHE_BYTES // 4:
            self.trees[text] = tree
            self.size += len(text)
            while len(self.trees) > _TREE_CACHE_FILES or self.size > _TREE_CACHE_BYTES:
                old, _ = self.trees.popitem(last=False)
                self.size -= len(old)
        return tree

    def cache_info(self) -> functools._CacheInfo:
        return functools._CacheInfo(self.hits, self.misses, _TREE_CACHE_FILES, len(self.trees))

    def cache_clear(self) -> None:
        self.trees.clear()
        self.size = self.hits = self.misses = 0


_parse_text = _TreeCache()


def _parse_uncached(text: str) -> Any:
    parser = _parser()  # first: it imports lark outside the time limit
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    text = text.removeprefix("\ufeff")
    try:
        # python-hcl2 appends a newline too: the grammar needs one after the last statement.
        return parser.parse(text + "\n")
    except UnexpectedInput as exc:
        line, col = int(getattr(exc, "line", 1) or 1), int(getattr(exc, "column", 1) or 1)
        lines = text.split("\n")
        if line < 1 or line > len(lines):
            line, col = len(lines), len(lines[-1]) + 1
        pos = getattr(getattr(exc, "token", None), "start_pos", None)
        if (
            isinstance(exc, UnexpectedToken)
            and exc.token.type == "$END"
            and isinstance(pos, int)
            and 0 < pos <= len(text)
            and text[pos - 1] == '"'
        ):
            # the string ran to the end of the file: point at its opening quote
            return _ParseFailure("invalid HCL: unterminated string", line, max(1, col - 1))
        if isinstance(exc, UnexpectedCharacters):
            what = f"character {exc.char!r}"
        elif isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
            value = str(exc.token).strip("\r\n")
            what = repr(value.split("\n", 1)[0][:30]) if value else "newline"
        else:
            what = "end of file"
        return _ParseFailure(f"invalid HCL: unexpected {what}", line, col)
    except LarkError as exc:
        return _ParseFailure(f"invalid HCL: {str(exc).splitlines()[0][:120]}", 1, 1)
    except RecursionError:
        return _ParseFailure("invalid HCL: nesting too deep", 1, 1)


# --- bounds ----------------------------------------------------------------------------------


class _TooComplex(Exception):
    """The evaluation budget of one ``scan`` is spent."""


#: Work left for the running ``scan`` (``None`` outside one: callers that evaluate values
#: themselves are not limited). A context variable: per thread, not shared state.
_BUDGET: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "bedrock_lint_terraform_budget", default=None
)


def _spend(n: int = 1) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget[0] -= n
        if budget[0] < 0:
            raise _TooComplex()


# --- tree helpers ----------------------------------------------------------------------------
# lark Tokens are ``str`` subclasses; everything else in ``children`` is a Tree.


def _trees(node: Any) -> list[Any]:
    return [c for c in node.children if not isinstance(c, str) and c.data != "new_line_or_comment"]


def _has_token(node: Any, kind: str) -> bool:
    return any(isinstance(c, str) and getattr(c, "type", "") == kind for c in node.children)


def _name(node: Any) -> str:
    """Text of an identifier / keyword / literal_value node or a plain string label."""
    if isinstance(node, str):
        return str(node)
    if node.data == "string":
        return "".join(
            _unescape(str(p.children[0])) for p in node.children if not isinstance(p, str)
        )
    for c in node.children:
        if isinstance(c, str):
            return str(c)
        return _name(c)
    return ""


def _body_items(body: Any) -> Iterator[Any]:
    for c in body.children:
        if not isinstance(c, str) and c.data in ("attribute", "block"):
            yield c


def _block_parts(block: Any) -> tuple[str, list[str], Any]:
    head: list[str] = []
    body = None
    for c in block.children:
        if isinstance(c, str):
            continue
        if c.data == "body":
            body = c
        elif c.data != "new_line_or_comment":
            head.append(_name(c))
    return (head[0] if head else ""), head[1:], body


def _attr(attr: Any) -> tuple[str, Any]:
    return _name(attr.children[0]), attr.children[-1]


def _attrs_of(body: Any) -> dict[str, Any]:
    return {
        name: attr
        for name, attr in ((_attr(a)[0], a) for a in _body_items(body) if a.data == "attribute")
    }


def _blocks_of(body: Any, kind: str) -> list[Any]:
    return [b for b in _body_items(body) if b.data == "block" and _block_parts(b)[0] == kind]


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def sub(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code:
            try:
                return chr(int(code, 16))
            except (ValueError, OverflowError):
                return m.group(0)
        return _SIMPLE_ESCAPES.get(m.group(3), m.group(0))

    return _ESCAPE.sub(sub, raw)


@dataclass(frozen=True)
class _File:
    path: str
    text: str
    tree: Any


def _loc(f: _File, node: Any) -> Location:
    if isinstance(node, str):
        line = getattr(node, "line", None) or 1
        col = getattr(node, "column", None) or 1
        return Location(
            f.path, line, col, getattr(node, "end_line", None), getattr(node, "end_column", None)
        )
    meta = node.meta
    if getattr(meta, "empty", True):
        for c in node.children:
            if isinstance(c, str) and getattr(c, "line", None):
                return _loc(f, c)
            if not isinstance(c, str) and not getattr(c.meta, "empty", True):
                return _loc(f, c)
        return Location(f.path)
    return Location(f.path, meta.line, meta.column, meta.end_line, meta.end_column)


def _text(f: _File, node: Any, limit: int = 80) -> str:
    meta = getattr(node, "meta", None)
    if meta is None or getattr(meta, "empty", True):
        raw = str(node) if isinstance(node, str) else node.data
    else:
        raw = f.text[meta.start_pos : meta.end_pos]
    text = " ".join(raw.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lit:
    """A known scalar. ``at`` is where it reaches the expression being evaluated."""

    value: str | int | float | bool | None
    at: Location | None = None
    via: str | None = None


@dataclass(frozen=True)
class _Item:
    key: str
    key_loc: Location | None
    val: _Val
    #: The innermost named value (``local.common_tags``) the key was written in.
    src: str | None = None


@dataclass(frozen=True)
class _Obj:
    items: tuple[_Item, ...]
    at: Location | None = None
    via: str | None = None
    #: Contributions that could not be resolved (``merge(var.extra, {...})``).
    unresolved: tuple[str, ...] = ()
    #: Where the items came from, in merge order; ``None`` = written right here.
    sources: tuple[str | None, ...] = (None,)

    def get(self, key: str) -> _Val | None:
        for item in self.items:
            if item.key == key:
                return item.val
        return None


@dataclass(frozen=True)
class _Tup:
    items: tuple[_Val, ...]
    at: Location | None = None
    via: str | None = None


@dataclass(frozen=True)
class _Unk:
    """An unknown value. ``alts`` are values it may take; ``parts`` a partly known template."""

    label: str
    alts: tuple[_Val, ...] = ()
    parts: tuple[str | _Unk, ...] | None = None
    at: Location | None = None
    via: str | None = None


_Val = _Lit | _Obj | _Tup | _Unk


def _through(
    v: _Val, at: Location | None, via: str | None, name: str | None, keep: str | None
) -> _Val:
    """``v`` as seen through a reference at ``at``: relocated, ``via`` set, items attributed.

    Values already located in ``keep`` (the scanned file, while evaluating inside a child
    module) keep their location: they came in through the module call.
    """
    _spend()
    sticky = keep is not None and v.at is not None and v.at.path == keep
    new_at, new_via = (v.at, v.via) if sticky else (at, via)
    if isinstance(v, _Lit):
        return v if sticky else replace(v, at=new_at, via=new_via)
    if isinstance(v, _Obj):
        items = tuple(
            replace(i, val=_through(i.val, at, via, name, keep), src=i.src or name) for i in v.items
        )
        sources = tuple(name if s is None else s for s in v.sources) if name else v.sources
        return replace(v, items=items, at=new_at, via=new_via, sources=sources)
    if isinstance(v, _Tup):
        return replace(
            v,
            items=tuple(_through(i, at, via, name, keep) for i in v.items),
            at=new_at,
            via=new_via,
        )
    return replace(
        v, alts=tuple(_through(a, at, via, name, keep) for a in v.alts), at=new_at, via=new_via
    )


def _pin(v: _Val, at: Location) -> _Val:
    """``v`` with every location set to ``at`` (values parsed out of a heredoc body)."""
    _spend()
    if isinstance(v, _Lit):
        return replace(v, at=at)
    if isinstance(v, _Obj):
        return replace(
            v, at=at, items=tuple(replace(i, key_loc=at, val=_pin(i.val, at)) for i in v.items)
        )
    if isinstance(v, _Tup):
        return replace(v, at=at, items=tuple(_pin(i, at) for i in v.items))
    return replace(v, at=at, alts=tuple(_pin(a, at) for a in v.alts))


def _plain(v: _Val) -> Any:
    """A comparable plain value, or a fresh object (never equal) when anything is unknown."""
    _spend()
    if isinstance(v, _Lit):
        return ("lit", v.value)
    if isinstance(v, _Obj):
        if v.unresolved:
            return object()
        return ("obj", tuple((i.key, _plain(i.val)) for i in v.items))
    if isinstance(v, _Tup):
        return ("tup", tuple(_plain(i) for i in v.items))
    return object()


def _scalar_text(v: _Lit) -> str | None:
    if isinstance(v.value, bool):
        return "true" if v.value else "false"
    if v.value is None:
        return None
    if isinstance(v.value, float) and v.value.is_integer():
        return str(int(v.value))
    return str(v.value)


def _truth(v: _Val) -> bool | None:
    if isinstance(v, _Lit):
        if isinstance(v.value, bool):
            return v.value
        if v.value in ("true", "false"):
            return v.value == "true"
    return None


def _fill_arn(v: _Val) -> str | None:
    """A known string, or an ARN template whose only unknowns are partition/region/account.

    ``arn:aws:bedrock:${var.region}:${data.aws_caller_identity.current.account_id}:...`` keeps
    its kind and geo for the classifier: the partition becomes ``aws``, the region ``region``
    and the account ``000000000000``. An unknown anywhere else gives ``None``.
    """
    if isinstance(v, _Lit):
        return v.value if isinstance(v.value, str) else None
    if not isinstance(v, _Unk) or not v.parts or not isinstance(v.parts[0], str):
        return None
    if not v.parts[0].startswith("arn:"):
        return None
    out = ""
    for i, part in enumerate(v.parts):
        if isinstance(part, str):
            out += part
            continue
        following = v.parts[i + 1] if i + 1 < len(v.parts) else None
        fill = {1: "aws", 3: "region", 4: _ACCOUNT_PLACEHOLDER}.get(out.count(":"))
        if fill is None or not out.endswith(":"):
            return None
        if not (isinstance(following, str) and following.startswith(":")):
            return None  # the unknown must be the whole field
        out += fill
    return out


# --- module directories ----------------------------------------------------------------------


@dataclass
class _VarFile:
    file: _File | None
    path: str
    #: name -> expression node (HCL) or plain JSON value.
    values: dict[str, Any]
    auto: bool
    is_json: bool


class _Module:
    """The declarations of one module directory (all its ``.tf`` files)."""

    def __init__(self, directory: str, files: list[_File], varfiles: list[_VarFile]) -> None:
        self.dir = directory
        self.files = files
        self.varfiles = varfiles
        self.variables: dict[str, tuple[_File, Any | None]] = {}
        self.locals: dict[str, tuple[_File, Any]] = {}
        self.providers: dict[str, tuple[_File, Any]] = {}
        self.data: dict[tuple[str, str], tuple[_File, Any]] = {}
        self.modules: dict[str, tuple[_File, Any]] = {}
        self.outputs: dict[str, tuple[_File, Any]] = {}
        self.has_backend = False
        for f in files:
            for block in _body_items(f.tree.children[0]):
                if block.data != "block":
                    continue
                kind, labels, body = _block_parts(block)
                if body is None:
                    continue
                if kind == "variable" and labels:
                    default = _attrs_of(body).get("default")
                    self.variables[labels[0]] = (
                        f,
                        default.children[-1] if default is not None else None,
                    )
                elif kind == "locals":
                    for name, attr in _attrs_of(body).items():
                        self.locals[name] = (f, attr.children[-1])
                elif kind == "provider" and labels:
                    alias = _attrs_of(body).get("alias")
                    key = labels[0]
                    if alias is not None:
                        key = labels[0] + "." + _literal_string(alias.children[-1], f)
                    self.providers[key] = (f, body)
                elif kind == "data" and len(labels) >= 2:
                    self.data[(labels[0], labels[1])] = (f, body)
                elif kind == "module" and labels:
                    self.modules[labels[0]] = (f, block)
                elif kind == "output" and labels:
                    value = _attrs_of(body).get("value")
                    if value is not None:
                        self.outputs[labels[0]] = (f, value.children[-1])
                elif kind == "terraform" and (
                    _blocks_of(body, "backend") or _blocks_of(body, "cloud")
                ):
                    self.has_backend = True

    @property
    def is_root(self) -> bool:
        """A root module (its provider configuration is its own): it has a backend or tfvars."""
        return self.has_backend or bool(self.varfiles)


def _literal_string(expr: Any, f: _File) -> str:
    """The text of a simple string literal expression (``alias = "eu"``), else its source."""
    node = expr
    while not isinstance(node, str) and node.data == "expr_term" and len(_trees(node)) == 1:
        node = _trees(node)[0]
    if not isinstance(node, str) and node.data == "string":
        return _name(node)
    return _text(f, expr)


class _Run:
    """State of one ``scan`` call: the scanned file, its context, directories read so far."""

    def __init__(self, path: str, text: str, tree: Any, ctx: ScanContext) -> None:
        self.path = path
        self.text = text
        self.tree = tree
        self.ctx = ctx
        self.grammar = ctx.grammar
        self.file = _File(path, text, tree)
        self._modules: dict[str, _Module | None] = {}
        self._line_starts: list[int] | None = None
        #: Evaluation depth across all module instances (bounds Python recursion).
        self.depth = 0
        self._called: frozenset[str] | None = None

    def is_called(self, directory: str) -> bool:
        """Whether a ``.tf`` file of the project calls ``directory`` as a local module."""
        if self._called is None:
            ctx = self.ctx
            self._called = (ctx.module_calls() if ctx.module_calls is not None
                            else local_module_calls(ctx.root, ctx.read_text))
        return os.path.normpath(os.path.abspath(directory or ".")) in self._called

    def module(self, directory: str) -> _Module | None:
        key = os.path.normpath(directory) if directory else "."
        if key not in self._modules:
            self._modules[key] = self._load(directory)
        return self._modules[key]

    def _load(self, directory: str) -> _Module | None:
        own_dir = os.path.dirname(self.path)
        own_name = os.path.basename(self.path)
        same = os.path.normpath(directory or ".") == os.path.normpath(own_dir or ".")
        self.ctx.listed(directory or ".")
        try:
            with os.scandir(directory or ".") as entries:
                found = {e.name for e in entries if e.is_file()}
        except OSError:  # not on disk (an in-memory context): try the usual file names
            found = set(_WELL_KNOWN)
        names = sorted(found | ({own_name} if same else set()))
        files: list[_File] = []
        varfiles: list[_VarFile] = []
        tf_count = 0
        for name in names:
            is_tf = name.endswith(".tf")
            is_vars = name.endswith((".tfvars", ".tfvars.json"))
            if not (is_tf or is_vars):
                continue
            full = os.path.join(directory, name) if directory else name
            if same and name == own_name:
                files.append(self.file)
                continue
            if is_tf:
                tf_count += 1
                if tf_count > _MAX_FILES:
                    LOG.debug(
                        "%s: more than %d .tf files, ignoring the rest", directory, _MAX_FILES
                    )
                    continue
            text = self.ctx.read_text(Path(full))
            if text is None:
                continue
            if name.endswith(".json"):
                try:
                    data = json.loads(text)
                except ValueError:
                    continue
                if isinstance(data, dict):
                    auto = name in ("terraform.tfvars.json",) or name.endswith(".auto.tfvars.json")
                    varfiles.append(_VarFile(None, full, data, auto, True))
                continue
            tree = _parse_text(text)
            if isinstance(tree, _ParseFailure):
                LOG.debug("%s: skipped, %s", full, tree.message)
                continue
            f = _File(full, text.removeprefix("\ufeff"), tree)
            if is_tf:
                files.append(f)
            else:
                values = {n: a.children[-1] for n, a in _attrs_of(tree.children[0]).items()}
                auto = name == "terraform.tfvars" or name.endswith(".auto.tfvars")
                varfiles.append(_VarFile(f, full, values, auto, False))
        if not files:
            return None
        # terraform.tfvars first, then *.auto.tfvars in lexical order; later files win.
        varfiles.sort(
            key=lambda v: (
                not v.auto,
                not os.path.basename(v.path).startswith("terraform.tfvars"),
                v.path,
            )
        )
        return _Module(directory, files, varfiles)

    def locate_in_own_text(self, at: Location) -> Callable[[str], Location]:
        """Finds successive JSON string values inside the span ``at`` of the scanned file."""
        if at.path != self.path or at.end_line is None or at.end_col is None:
            return lambda _s: at
        if self._line_starts is None:
            starts = [0]
            for m in re.finditer("\n", self.text):
                starts.append(m.end())
            self._line_starts = starts
        starts = self._line_starts
        if at.line > len(starts) or at.end_line > len(starts):
            return lambda _s: at
        begin = starts[at.line - 1] + at.col - 1
        end = starts[at.end_line - 1] + at.end_col - 1
        cursor = [begin]

        def locate(value: str) -> Location:
            quoted = json.dumps(value)
            for needle in (quoted, quoted[1:-1]):  # JSON in a heredoc, or escaped in a string
                if len(needle) < 1 or needle == '""':
                    continue
                i = self.text.find(needle, cursor[0], end)
                if i < 0:
                    i = self.text.find(needle, begin, end)
                if i >= 0:
                    break
            else:
                return at
            if needle is not quoted and i > 0 and self.text[i - 1] == '"':
                i -= 1  # point at the opening quote, as for HCL strings
            cursor[0] = i + len(needle)
            line = _bisect(starts, i)
            col = i - starts[line - 1] + 1
            return Location(self.path, line, col, line, col + len(needle))

        return locate


def _bisect(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


# --- evaluation ------------------------------------------------------------------------------


class _Env:
    """One module instance: the root directory, or a child module called with inputs."""

    def __init__(
        self,
        run: _Run,
        module: _Module,
        *,
        parent: _Env | None = None,
        inputs: dict[str, tuple[_File, Any]] | None = None,
        provider_map: dict[str, str] | None = None,
        prefix: str = "",
        depth: int = 0,
    ) -> None:
        self.run = run
        self.module = module
        self.parent = parent
        self.inputs = inputs
        self.provider_map = provider_map or {}
        self.prefix = prefix
        self.depth = depth
        self.keep = run.path if parent is not None else None
        self._vars: dict[str, _Val] = {}
        self._locals: dict[str, _Val] = {}
        self._children: dict[str, _Env | None] = {}
        self._active: set[str] = set()
        #: labels of unknowns that a child module's callers supply (inputs without a default,
        #: the callers' provider default_tags): judged at each call, not in the module itself
        self.caller_inputs: set[str] = set()
        #: Iteration variables bound while one instance is evaluated: ``each`` of a resource
        #: or data source with a known ``for_each``, a ``dynamic`` block's iterator.
        self.scope: dict[str, _Val] = {}

    # -- references

    def var(self, name: str) -> _Val:
        if name not in self._vars:
            key = f"var:{name}"
            if key in self._active:
                return _Unk(f"var.{name}")
            self._active.add(key)
            try:
                self._vars[name] = self._var(name)
            finally:
                self._active.discard(key)
        return self._vars[name]

    def _var(self, name: str) -> _Val:
        label = f"var.{name}"
        declared = self.module.variables.get(name)
        default: _Val | None = None
        if declared is not None and declared[1] is not None:
            default = self.ev(declared[1], declared[0])
        if self.inputs is not None and self.parent is not None:
            given = self.inputs.get(name)
            if given is None:
                return default if default is not None else _Unk(label)
            f, expr = given
            value = self.parent.ev(expr, f)
            return _through(
                value, _loc(f, expr), label, f"{self.prefix}{name}".rstrip("."), self.keep
            )
        if default is None and not self.module.varfiles:
            self.caller_inputs.add(label)  # a module input: callers of the module give it
        base = default
        others: list[_Val] = []
        for vf in self.module.varfiles:
            if name not in vf.values:
                continue
            if vf.is_json:
                origin = Location(vf.path)
                val = _from_json(vf.values[name], _fixed(origin), origin)
            else:
                assert vf.file is not None
                val = self.ev(vf.values[name], vf.file)
            if vf.auto:
                base = val
            else:
                others.append(val)
        candidates = ([base] if base is not None else []) + others
        if not candidates:
            return _Unk(label)
        first = _plain(candidates[0])
        if all(_plain(c) == first for c in candidates[1:]):
            return candidates[0]
        return _Unk(label, alts=tuple(candidates))

    def local(self, name: str) -> _Val:
        if name not in self._locals:
            key = f"local:{name}"
            entry = self.module.locals.get(name)
            if entry is None or key in self._active:
                return _Unk(f"local.{name}")
            self._active.add(key)
            try:
                self._locals[name] = self.ev(entry[1], entry[0])
            finally:
                self._active.discard(key)
        return self._locals[name]

    def data(self, kind: str, name: str, attr: str, key: Any = None) -> _Val:
        """An attribute of a data source; ``key`` selects an instance of one with ``for_each``."""
        label = f"data.{kind}.{name}.{attr}"
        entry = self.module.data.get((kind, name))
        if entry is None:
            return _Unk(label)
        f, body = entry
        attrs = _attrs_of(body)
        if "for_each" in attrs or key is not None:
            if key is None or "for_each" not in attrs:
                return _Unk(label)
            found = self.instances(attrs["for_each"].children[-1], f)
            match = [(k, v) for k, v in found or () if _scalar_text(k) == _scalar_text(_Lit(key))]
            if len(match) != 1:
                return _Unk(label)
            with self.bound("each", match[0]):
                return self._data(kind, attrs, f, attr, label)
        return self._data(kind, attrs, f, attr, label)

    def _data(self, kind: str, attrs: dict[str, Any], f: _File, attr: str, label: str) -> _Val:
        if kind == "aws_bedrock_foundation_model" and "model_id" in attrs:
            model = self.ev(attrs["model_id"].children[-1], f)
            if isinstance(model, _Lit) and isinstance(model.value, str):
                if attr in ("model_id", "id"):
                    return model
                if attr == "model_arn":
                    text = model.value
                    if not text.startswith("arn:"):
                        text = f"arn:aws:bedrock:::foundation-model/{text}"
                    return replace(model, value=text)
        if kind == "aws_bedrock_inference_profile" and "inference_profile_id" in attrs:
            pid = self.ev(attrs["inference_profile_id"].children[-1], f)
            if isinstance(pid, _Lit) and isinstance(pid.value, str):
                if attr in ("inference_profile_id", "id"):
                    return pid
                if attr in ("inference_profile_arn", "arn"):
                    text = pid.value
                    if not text.startswith("arn:"):
                        text = f"arn:aws:bedrock::{_ACCOUNT_PLACEHOLDER}:inference-profile/{text}"
                    return replace(pid, value=text)
        return _Unk(label)

    def child(self, name: str) -> _Env | None:
        """The instance of local module ``name`` called from this module, if readable."""
        if name in self._children:
            return self._children[name]
        self._children[name] = None  # guards recursion through outputs
        entry = self.module.modules.get(name)
        if entry is None or self.depth >= _MAX_MODULE_DEPTH:
            return None
        f, block = entry
        _, _, body = _block_parts(block)
        attrs = _attrs_of(body)
        source = attrs.get("source")
        if source is None:
            return None
        src = self.ev(source.children[-1], f)
        if not (isinstance(src, _Lit) and isinstance(src.value, str)):
            return None
        if not (src.value.startswith("./") or src.value.startswith("../")):
            return None
        directory = os.path.normpath(os.path.join(self.module.dir or ".", src.value))
        env: _Env | None = self
        while env is not None:
            if os.path.normpath(env.module.dir or ".") == directory:
                return None  # a module calling itself (or an ancestor)
            env = env.parent
        module = self.run.module(directory)
        if module is None:
            return None
        inputs = {n: (f, a.children[-1]) for n, a in attrs.items() if n not in _MODULE_META}
        provider_map: dict[str, str] = {}
        providers = attrs.get("providers")
        if providers is not None:
            obj = _trees(providers.children[-1])
            node = obj[0] if obj else None
            if node is not None and not isinstance(node, str) and node.data == "object":
                for elem in _trees(node):
                    key_node = _trees(elem)[0] if _trees(elem) else None
                    if key_node is None:
                        continue
                    key = _elem_key_name(key_node) or _text(f, key_node)
                    provider_map[key.replace(" ", "")] = _text(f, elem.children[-1]).replace(
                        " ", ""
                    )
        child = _Env(
            self.run, module, parent=self, inputs=inputs, provider_map=provider_map,
            prefix=f"{self.prefix}module.{name}.", depth=self.depth + 1,
        )  # fmt: skip
        self._children[name] = child
        return child

    def output(self, module_name: str, output: str) -> _Val:
        label = f"module.{module_name}.{output}"
        env = self.child(module_name)
        if env is None:
            return _Unk(label)
        entry = env.module.outputs.get(output)
        if entry is None:
            return _Unk(label)
        key = f"output:{output}"
        if key in env._active:
            return _Unk(label)
        env._active.add(key)
        try:
            return env.ev(entry[1], entry[0])
        finally:
            env._active.discard(key)

    def provider_tags(self, key: str) -> tuple[_Val | None, str]:
        """The ``default_tags`` of provider ``key`` (``aws``, ``aws.eu``) as this module sees it."""
        label = "provider default_tags" if "." not in key else f"provider {key} default_tags"
        own = self.module.providers.get(key)
        if own is not None:
            f, body = own
            blocks = _blocks_of(body, "default_tags")
            if not blocks:
                return None, label
            tags = _attrs_of(_block_parts(blocks[0])[2]).get("tags")
            if tags is None:
                return None, label
            return self.ev(tags.children[-1], f), label
        if self.parent is not None:
            mapped = self.provider_map.get(key)
            if mapped is not None:
                return self.parent.provider_tags(mapped)
            if "." not in key:
                return self.parent.provider_tags(key)
            return _Unk(label), label
        if "." not in key and self.module.is_root:
            return None, label
        # A module without its own provider configuration gets it from whoever calls it.
        self.caller_inputs.add(label)
        return _Unk(label), label

    # -- iteration

    def instances(
        self, expr: Any, f: _File, index_keys: bool = False
    ) -> list[tuple[_Lit, _Val]] | None:
        """The ``(key, value)`` pairs of a ``for_each`` value, or None when unknown.

        A map gives its keys and values; a set (``toset([...])``) its elements as both key
        and value, or with ``index_keys`` (a ``dynamic`` block over a list) the index as the
        key. Unresolved maps and more than ``_MAX_INSTANCES`` instances count as unknown.
        """
        value = self.ev(expr, f)
        if isinstance(value, _Obj):
            if value.unresolved or len(value.items) > _MAX_INSTANCES:
                return None
            return [(_Lit(i.key, i.key_loc), i.val) for i in value.items]
        if isinstance(value, _Tup):
            if len(value.items) > _MAX_INSTANCES:
                return None
            return [
                (e if isinstance(e, _Lit) and not index_keys else _Lit(n, e.at), e)
                for n, e in enumerate(value.items)
            ]
        return None

    @contextlib.contextmanager
    def bound(self, name: str, instance: tuple[_Lit, _Val] | _Val) -> Iterator[None]:
        """``name.key`` / ``name.value`` bound to one instance while the block is evaluated."""
        if isinstance(instance, tuple):
            key, val = instance
            instance = _Obj((_Item("key", key.at, key), _Item("value", val.at, val)), key.at)
        saved = self.scope.get(name)
        self.scope[name] = instance
        try:
            yield
        finally:
            if saved is None:
                self.scope.pop(name, None)
            else:
                self.scope[name] = saved

    # -- expressions

    def ev(self, node: Any, f: _File) -> _Val:
        run = self.run
        _spend()
        if run.depth > _MAX_EVAL_DEPTH:
            return _Unk(_text(f, node), at=_loc(f, node))
        run.depth += 1
        try:
            return self._ev(node, f)
        finally:
            run.depth -= 1

    def _ev(self, node: Any, f: _File) -> _Val:
        at = _loc(f, node)
        if isinstance(node, str):
            return _Unk(str(node), at=at)
        kind = node.data
        if kind == "expr_term":
            kids = _trees(node)
            if len(kids) == 1:
                return self.ev(kids[0], f)
            return _Unk(_text(f, node), at=at)
        if kind == "string":
            return self._template(node, f, at)
        if kind == "int_lit":
            try:
                return _Lit(int(str(node.children[0])), at)
            except ValueError:
                return _Unk(_text(f, node), at=at)
        if kind == "float_lit":
            try:
                return _Lit(float(str(node.children[0])), at)
            except ValueError:
                return _Unk(_text(f, node), at=at)
        if kind == "literal_value":
            word = _name(node)
            return _Lit({"true": True, "false": False}.get(word), at)
        if kind == "tuple":
            return _Tup(tuple(self.ev(k, f) for k in _trees(node)), at)
        if kind == "object":
            return self._object(node, f, at)
        if kind in ("get_attr_expr_term", "index_expr_term"):
            return self._access(node, f, at)
        if kind == "function_call":
            return self._call(node, f, at)
        if kind in ("heredoc_template", "heredoc_template_trim"):
            return self._heredoc(str(node.children[0]), f, at)
        if kind == "conditional":
            kids = _trees(node)
            if len(kids) != 3:
                return _Unk(_text(f, node), at=at)
            cond = _truth(self.ev(kids[0], f))
            if cond is not None:
                return self.ev(kids[1] if cond else kids[2], f)
            return _Unk(_text(f, node), alts=(self.ev(kids[1], f), self.ev(kids[2], f)), at=at)
        if kind == "binary_op":
            return self._binary(node, f, at)
        if kind == "unary_op":
            op = str(node.children[0])
            operand = self.ev(_trees(node)[0], f) if _trees(node) else _Unk("")
            if isinstance(operand, _Lit):
                if op == "!" and isinstance(operand.value, bool):
                    return _Lit(not operand.value, at)
                if (
                    op == "-"
                    and isinstance(operand.value, (int, float))
                    and not isinstance(operand.value, bool)
                ):
                    return _Lit(-operand.value, at)
            return _Unk(_text(f, node), at=at)
        # identifier (each, count...), splats, for expressions, template directives
        return _Unk(_text(f, node), at=at)

    def _template(self, node: Any, f: _File, at: Location) -> _Val:
        parts: list[str | _Val] = []
        for sp in node.children:
            if isinstance(sp, str):
                continue  # the quotes
            piece = sp.children[0] if sp.children else ""
            if isinstance(piece, str):
                kind = getattr(piece, "type", "")
                if kind in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                    parts.append(str(piece)[1:])
                else:
                    parts.append(_unescape(str(piece)))
            elif piece.data == "interpolation":
                inner = _trees(piece)
                parts.append(self.ev(inner[0], f) if inner else _Unk("${}", at=at))
            else:  # %{ if } / %{ for } directives
                return _Unk(_text(f, node), at=at)
        return _join(parts, at)

    def _heredoc(self, token: str, f: _File, at: Location) -> _Val:
        body = _heredoc_body(token)
        if body is None:
            return _Unk("heredoc", at=at)
        if "${" not in body and "%{" not in body:
            return _Lit(body, at)
        pieces = _split_template(body)
        if pieces is None:
            return _Unk("heredoc", at=at)
        parts: list[str | _Val] = []
        for kind, text in pieces:
            if kind == "lit":
                parts.append(text)
                continue
            expr_text = text.strip().strip("~").strip()
            tree = _parse_text(f"x = {expr_text}\n")
            if isinstance(tree, _ParseFailure):
                parts.append(_Unk(expr_text, at=at))
                continue
            sub = _File(f.path, f"x = {expr_text}\n", tree)
            attr = next(_body_items(tree.children[0]), None)
            if attr is None or attr.data != "attribute":
                parts.append(_Unk(expr_text, at=at))
                continue
            parts.append(_pin(self.ev(attr.children[-1], sub), at))
        return _join(parts, at)

    def _object(self, node: Any, f: _File, at: Location) -> _Val:
        items: dict[str, _Item] = {}
        unresolved: list[str] = []
        for elem in _trees(node):
            if elem.data != "object_elem":
                continue
            kids = _trees(elem)
            if len(kids) < 2:
                continue
            key_node, value_node = kids[0], kids[-1]
            key = self._key(key_node, f)
            if key is None:
                unresolved.append(_text(f, key_node))
                continue
            items.pop(key, None)
            items[key] = _Item(key, _loc(f, key_node), self.ev(value_node, f))
        return _Obj(tuple(items.values()), at, unresolved=tuple(unresolved))

    def _key(self, key_node: Any, f: _File) -> str | None:
        inner = _trees(key_node)
        node = inner[0] if inner else key_node
        if isinstance(node, str):
            return str(node)
        if node.data == "keyword":
            return _name(node)
        if node.data == "expr_term" and not _has_token(node, "LPAR"):
            kids = _trees(node)
            if (
                len(kids) == 1
                and not isinstance(kids[0], str)
                and kids[0].data in ("identifier", "keyword", "literal_value")
            ):
                return _name(kids[0])
        value = self.ev(node, f)
        if isinstance(value, _Lit) and value.value is not None:
            return _scalar_text(value)
        return None

    def _access(self, node: Any, f: _File, at: Location) -> _Val:
        steps: list[tuple[str, Any]] = []
        cur = node
        while True:
            if isinstance(cur, str):
                break
            if cur.data == "expr_term" and not _has_token(cur, "LPAR") and len(_trees(cur)) == 1:
                cur = _trees(cur)[0]
                continue
            if cur.data == "get_attr_expr_term":
                base, getter = _trees(cur)[0], _trees(cur)[-1]
                steps.append(("attr", _name(_trees(getter)[0]) if _trees(getter) else ""))
                cur = base
                continue
            if cur.data == "index_expr_term":
                base, index = _trees(cur)[0], _trees(cur)[-1]
                if index.data == "short_index":
                    digits = [
                        c
                        for c in index.children
                        if isinstance(c, str) and getattr(c, "type", "") == "INT_LITERAL"
                    ]
                    steps.append(("lit", int(str(digits[0])) if digits else 0))
                else:
                    inner = _trees(index)
                    steps.append(("expr", inner[0] if inner else None))
                cur = base
                continue
            break
        steps.reverse()
        label = _text(f, node)
        if not isinstance(cur, str) and cur.data == "identifier":
            root = _name(cur)
            names = [s[1] for s in steps if s[0] == "attr"]
            if root in ("var", "local") and steps and steps[0][0] == "attr":
                name = steps[0][1]
                value = self.var(name) if root == "var" else self.local(name)
                value = self._apply(value, steps[1:], f, label)
                return _through(
                    value, at, f"{root}.{name}", _ref_text(root, name, steps[1:], label), self.keep
                )
            if root in self.scope:
                value = self._apply(self.scope[root], steps, f, label)
                return _through(value, at, label, label, self.keep)
            if root == "data" and len(steps) >= 3 and all(s[0] == "attr" for s in steps[:3]):
                value = self.data(names[0], names[1], names[2])
                value = self._apply(value, steps[3:], f, label)
                return _through(value, at, None, None, self.keep)
            if (
                root == "data" and len(steps) >= 4 and steps[0][0] == steps[1][0] == "attr"
                and steps[2][0] != "attr" and steps[3][0] == "attr"
            ):  # data.T.N[key].attr: one instance of a data source with for_each
                kind_, arg = steps[2]
                key_val = self.ev(arg, f) if kind_ == "expr" and arg is not None else _Lit(arg)
                if isinstance(key_val, _Lit) and key_val.value is not None:
                    value = self.data(steps[0][1], steps[1][1], steps[3][1], key_val.value)
                    value = self._apply(value, steps[4:], f, label)
                    return _through(value, at, None, None, self.keep)
                return _Unk(label, at=at)
            if root == "module" and len(steps) >= 2 and all(s[0] == "attr" for s in steps[:2]):
                value = self.output(steps[0][1], steps[1][1])
                value = self._apply(value, steps[2:], f, label)
                return _through(value, at, label, label, self.keep)
            return _Unk(label, at=at)
        return self._apply(self.ev(cur, f), steps, f, label)

    def _apply(self, value: _Val, steps: list[tuple[str, Any]], f: _File, label: str) -> _Val:
        for kind, arg in steps:
            if isinstance(value, _Unk):
                if not value.alts:
                    return value
                return replace(
                    value, alts=tuple(self._apply(a, [(kind, arg)], f, label) for a in value.alts)
                )
            if kind == "expr":
                key_val = self.ev(arg, f) if arg is not None else _Unk(label)
                if not isinstance(key_val, _Lit) or key_val.value is None:
                    alts: tuple[_Val, ...] = ()
                    if isinstance(value, _Obj):
                        alts = tuple(i.val for i in value.items)
                    return _Unk(label, alts=alts)
                key: Any = key_val.value
            else:
                key = arg
            if isinstance(value, _Obj) and not isinstance(key, bool):
                found = value.get(str(key))
                if found is None:
                    return _Unk(label)
                value = found
            elif isinstance(value, _Tup) and isinstance(key, int) and not isinstance(key, bool):
                if not 0 <= key < len(value.items):
                    return _Unk(label)
                value = value.items[key]
            elif isinstance(value, _Tup) and isinstance(key, str) and key.isdigit():
                idx = int(key)
                if idx >= len(value.items):
                    return _Unk(label)
                value = value.items[idx]
            else:
                return _Unk(label)
        return value

    def _binary(self, node: Any, f: _File, at: Location) -> _Val:
        kids = _trees(node)
        if len(kids) != 2 or kids[1].data != "binary_term":
            return _Unk(_text(f, node), at=at)
        lhs = self.ev(kids[0], f)
        term = _trees(kids[1])
        if len(term) != 2:
            return _Unk(_text(f, node), at=at)
        op = _name(term[0]).strip()
        rhs = self.ev(term[1], f)
        if isinstance(lhs, _Lit) and isinstance(rhs, _Lit):
            if op == "==":
                return _Lit(lhs.value == rhs.value, at)
            if op == "!=":
                return _Lit(lhs.value != rhs.value, at)
            if op in ("&&", "||") and isinstance(lhs.value, bool) and isinstance(rhs.value, bool):
                return _Lit(lhs.value and rhs.value if op == "&&" else lhs.value or rhs.value, at)
        return _Unk(_text(f, node), at=at)

    def _call(self, node: Any, f: _File, at: Location) -> _Val:
        label = _text(f, node)
        if _has_token(node, "COLONS"):
            return _Unk(label, at=at)  # provider-defined function
        name = _name(node.children[0])
        arguments = next(
            (c for c in node.children if not isinstance(c, str) and c.data == "arguments"), None
        )
        arg_nodes = _trees(arguments) if arguments is not None else []
        if arguments is not None and _has_token(arguments, "ELLIPSIS"):
            return _Unk(label, at=at)
        if name in _OPAQUE_FUNCTIONS:
            return _Unk(label, at=at)
        args = [self.ev(a, f) for a in arg_nodes]
        try:
            result = _FUNCTIONS[name](args, at, label) if name in _FUNCTIONS else None
        except (ValueError, TypeError, IndexError, KeyError, OverflowError):
            result = None
        return result if result is not None else _Unk(label, at=at)

    # -- facts

    def resource_refs(
        self, rtype: str, body: Any, f: _File, context_prefix: str
    ) -> Iterator[ModelRef]:
        model_keys = _MODEL_KEYS.get(rtype, frozenset())
        json_keys = _JSON_KEYS.get(rtype, frozenset())
        env = rtype in _ENV_TYPES
        if not (model_keys or json_keys or env):
            return
        walker = _SinkWalker(self.run, rtype, model_keys, json_keys, env, context_prefix)
        for path, value in self._attr_values(body, f, ()):
            yield from walker.walk(value, path)

    def _attr_values(
        self, body: Any, f: _File, path: tuple[str, ...]
    ) -> Iterator[tuple[tuple[str, ...], _Val]]:
        """The evaluated attributes under ``body`` with their block path (as ``_walk_attrs``);
        a ``dynamic`` block's content once per element of a known ``for_each``, its iterator
        bound, else once with the iterator unknown."""
        if body is None:
            return
        for item in _body_items(body):
            if item.data == "attribute":
                name, expr = _attr(item)
                if not path and name in _SKIP_ATTRS:
                    continue
                yield path + (name,), self.ev(expr, f)
                continue
            kind, labels, inner = _block_parts(item)
            if kind in ("lifecycle", "provisioner", "connection", "timeouts"):
                continue
            if kind != "dynamic" or not labels or inner is None:
                yield from self._attr_values(inner, f, path + (kind,))
                continue
            attrs = _attrs_of(inner)
            iterator = labels[0]
            if "iterator" in attrs:
                iterator = _text(f, attrs["iterator"].children[-1]).strip('"')
            found = None
            if "for_each" in attrs:
                found = self.instances(attrs["for_each"].children[-1], f, index_keys=True)
            for content in _blocks_of(inner, "content"):
                content_body = _block_parts(content)[2]
                if found is None:  # unknown: the content once, its iterator unknown
                    with self.bound(iterator, _Unk(iterator)):
                        yield from self._attr_values(content_body, f, path + (labels[0],))
                    continue
                for instance in found:
                    with self.bound(iterator, instance):
                        yield from self._attr_values(content_body, f, path + (labels[0],))

    def profile(
        self, rtype: str, rname: str, block: Any, f: _File, fallback: Location | None
    ) -> ProfileResource:
        """The profile declared by ``block``; ``fallback`` relocates child-module positions."""
        _, _, body = _block_parts(block)
        attrs = _attrs_of(body)
        own = self.run.path

        def here(loc: Location | None) -> Location | None:
            if fallback is None or loc is None or loc.path == own:
                return loc
            return fallback

        loc = fallback if fallback is not None else _loc(f, block)
        name_attr = "name" if rtype == "aws_bedrock_inference_profile" else "inference_profile_name"
        name: str | None = None
        name_loc: Location | None = None
        if name_attr in attrs:
            expr = attrs[name_attr].children[-1]
            value = self.ev(expr, f)
            name_loc = here(_loc(f, expr) if fallback is None else value.at)
            if isinstance(value, _Lit) and isinstance(value.value, str):
                name = value.value
        copy_expr = _copy_from_expr(rtype, body)
        copy_from: str | None = None
        copy_loc: Location | None = None
        resolved = True
        if copy_expr is not None:
            value = self.ev(copy_expr, f)
            copy_loc = here(_loc(f, copy_expr) if fallback is None else value.at)
            copy_from = _fill_arn(value)
            resolved = copy_from is not None
        tags, unresolved, sources, tags_loc = self._tags(
            rtype, attrs, f, loc, here, fallback is not None
        )
        cbd = False
        for life in _blocks_of(body, "lifecycle"):
            flag = _attrs_of(_block_parts(life)[2]).get("create_before_destroy")
            if flag is not None:
                cbd = _truth(self.ev(flag.children[-1], f)) is True
        return ProfileResource(
            kind=rtype,
            logical_name=f"{self.prefix}{rtype}.{rname}",
            loc=loc,
            name=name,
            name_loc=name_loc,
            copy_from=copy_from,
            copy_from_loc=copy_loc,
            copy_from_resolved=resolved,
            tags=tags,
            unresolved_tag_sources=unresolved,
            tags_from_callers=(
                bool(unresolved) and self.parent is None
                and all(u in self.caller_inputs for u in unresolved)
                and self.run.is_called(self.module.dir)
            ),
            tag_sources=sources,
            tags_loc=tags_loc,
            create_before_destroy=cbd,
            fmt=FMT,
        )

    def _tags(
        self, rtype: str, attrs: dict[str, Any], f: _File, loc: Location,
        here: Callable[[Location | None], Location | None], child: bool,
    ) -> tuple[dict[str, TagValue], tuple[str, ...], tuple[str, ...], Location | None]:  # fmt: skip
        tags: dict[str, TagValue] = {}
        unresolved: list[str] = []
        sources: list[str] = []
        if rtype.startswith("aws_"):
            key = "aws"
            if "provider" in attrs:
                key = _text(f, attrs["provider"].children[-1]).replace(" ", "")
            value, label = self.provider_tags(key)
            if value is not None:
                sources.append(label)
                _overlay(tags, unresolved, _tag_map(value), loc, label)
        tags_loc: Location | None = None
        if "tags" in attrs:
            expr = attrs["tags"].children[-1]
            value = self.ev(expr, f)
            tags_loc = here(value.at) if child else _loc(f, attrs["tags"])
            mapped = _tag_map(value)
            if isinstance(mapped, _Obj):
                sources.extend(s or "resource tags" for s in mapped.sources)
            elif isinstance(mapped, _Unk):
                sources.append(mapped.label)
            _overlay(tags, unresolved, mapped, loc, None)
        return tags, tuple(dict.fromkeys(unresolved)), tuple(dict.fromkeys(sources)), tags_loc


def _ref_text(root: str, name: str, steps: list[tuple[str, Any]], label: str) -> str:
    return label if steps else f"{root}.{name}"


def _copy_from_expr(rtype: str, body: Any) -> Any | None:
    if rtype == "aws_bedrock_inference_profile":
        for block in _blocks_of(body, "model_source"):
            attr = _attrs_of(_block_parts(block)[2]).get("copy_from")
            if attr is not None:
                return attr.children[-1]
        return None
    attr = _attrs_of(body).get("model_source")
    if attr is None:
        return None
    node = attr.children[-1]
    while not isinstance(node, str) and node.data == "expr_term" and len(_trees(node)) == 1:
        node = _trees(node)[0]
    if isinstance(node, str) or node.data != "object":
        return None
    for elem in _trees(node):
        kids = _trees(elem)
        if len(kids) >= 2 and _elem_key_name(kids[0]) == "copy_from":
            return kids[-1]
    return None


def _elem_key_name(key_node: Any) -> str | None:
    node = key_node
    while (
        not isinstance(node, str)
        and node.data in ("object_elem_key", "expr_term")
        and len(_trees(node)) == 1
    ):
        node = _trees(node)[0]
    if isinstance(node, str):
        return str(node)
    if node.data in ("identifier", "keyword", "string"):
        return _name(node)
    return None


def _tag_map(value: _Val) -> _Val | None:
    """A tag contribution as a map: objects as they are, ``[{key, value}]`` lists converted."""
    if isinstance(value, _Lit) and value.value is None:
        return None
    if isinstance(value, (_Obj, _Unk)):
        return value
    if isinstance(value, _Tup):
        items: list[_Item] = []
        unresolved: list[str] = []
        for elem in value.items:
            if not isinstance(elem, _Obj):
                unresolved.append(elem.label if isinstance(elem, _Unk) else "tags")
                continue
            key_val = elem.get("key") or elem.get("Key")
            val = elem.get("value") or elem.get("Value") or _Lit(None)
            if isinstance(key_val, _Lit) and isinstance(key_val.value, str):
                src = next((i.src for i in elem.items if i.key in ("key", "Key")), None)
                items.append(_Item(key_val.value, key_val.at, val, src))
            else:
                unresolved.append(key_val.label if isinstance(key_val, _Unk) else "tags")
        return _Obj(tuple(items), value.at, value.via, tuple(unresolved), (None, *unresolved))
    return _Unk("tags", at=value.at)


def _overlay(
    tags: dict[str, TagValue],
    unresolved: list[str],
    value: _Val | None,
    loc: Location,
    label: str | None,
) -> None:
    if value is None:
        return
    if isinstance(value, _Unk):
        unresolved.append(label or value.label)
        return
    if not isinstance(value, _Obj):
        return
    unresolved.extend(value.unresolved)
    for item in value.items:
        val = item.val
        if isinstance(val, _Lit) and val.value is None:
            continue  # the AWS provider ignores null tag values (a default tag stays)
        text = _scalar_text(val) if isinstance(val, _Lit) else None
        source = label or item.src or "resource tags"
        # an unknown with known alternatives (``var.env`` set differently per tfvars file)
        alts = tuple(sorted({t for a in val.alts if isinstance(a, _Lit)
                             and (t := _scalar_text(a)) is not None})) if isinstance(val, _Unk) else ()
        tags[item.key] = TagValue(text, item.key_loc or loc, source, alts)


def _walk_attrs(
    body: Any, f: _File, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any, _File]]:
    """Every attribute under ``body`` with its block path; ``dynamic`` blocks by their content."""
    if body is None:
        return
    for item in _body_items(body):
        if item.data == "attribute":
            name, expr = _attr(item)
            yield path + (name,), expr, f
            continue
        kind, labels, inner = _block_parts(item)
        if kind in ("lifecycle", "provisioner", "connection", "timeouts"):
            continue
        if kind == "dynamic" and labels:
            for content in _blocks_of(inner, "content") if inner is not None else []:
                yield from _walk_attrs(_block_parts(content)[2], f, path + (labels[0],))
            continue
        yield from _walk_attrs(inner, f, path + (kind,))


class _SinkWalker:
    """Finds model settings inside one resource's evaluated attributes."""

    def __init__(self, run: _Run, rtype: str, model_keys: frozenset[str], json_keys: frozenset[str],
                 env: bool, context_prefix: str) -> None:  # fmt: skip
        self.run = run
        self.rtype = rtype
        self.model_keys = model_keys
        self.json_keys = json_keys
        self.env = env
        self.prefix = context_prefix

    def context(self, path: tuple[str, ...]) -> str:
        return f"{self.prefix}{self.rtype}." + ".".join(path)

    def walk(self, value: _Val, path: tuple[str, ...]) -> Iterator[ModelRef]:
        _spend()
        key = path[-1]
        if key in self.model_keys:
            if isinstance(value, (_Obj, _Tup)):  # jsonencode({...}) in an SSM parameter
                yield from _input_refs(self.run, value, self.context(path), self.rtype)
            else:
                yield from _refs(self.run, value, self.context(path), self.rtype)
        elif len(path) == 1 and key in self.json_keys:
            if isinstance(value, _Lit) and isinstance(value.value, str) and value.at is not None:
                try:
                    data = json.loads(value.value)
                except ValueError:
                    return
                value = _from_json(data, self.run.locate_in_own_text(value.at), value.at, value.via)
            yield from self.container(value, path)
        elif self.env and (path[-2:] == ("environment", "variables") or key in _ENV_MAP_KEYS):
            yield from self.env_map(value, path)
        elif isinstance(value, _Obj):
            for item in value.items:
                yield from self.walk(item.val, path + (item.key,))
        elif isinstance(value, _Tup):
            for elem in value.items:
                yield from self.walk(elem, path)
        elif isinstance(value, _Unk):
            for alt in value.alts:
                yield from self.walk(alt, path)

    def env_map(self, value: _Val, path: tuple[str, ...]) -> Iterator[ModelRef]:
        _spend()
        if isinstance(value, _Obj):
            for item in value.items:
                yield from _refs(self.run, item.val, self.context(path + (item.key,)), self.rtype)
        elif isinstance(value, _Tup):  # awscc: [{ name = "X", value = "..." }]
            for elem in value.items:
                yield from self.env_entry(elem, path)
        elif isinstance(value, _Unk):
            for alt in value.alts:
                yield from self.env_map(alt, path)

    def env_entry(self, elem: _Val, path: tuple[str, ...]) -> Iterator[ModelRef]:
        if not isinstance(elem, _Obj):
            return
        name = elem.get("name") or elem.get("Name")
        val = elem.get("value") or elem.get("Value")
        if isinstance(name, _Lit) and isinstance(name.value, str) and val is not None:
            yield from _refs(self.run, val, self.context(path + (name.value,)), self.rtype)

    def container(self, value: _Val, path: tuple[str, ...], depth: int = 0) -> Iterator[ModelRef]:
        _spend()
        if depth > _MAX_EVAL_DEPTH:
            return
        if isinstance(value, _Obj):
            for item in value.items:
                if item.key in ("environment", "Environment") and isinstance(item.val, _Tup):
                    for elem in item.val.items:
                        yield from self.env_entry(elem, path + ("environment",))
                elif item.key in _JSON_MODEL_KEYS:
                    yield from _refs(
                        self.run, item.val, self.context(path + (item.key,)), self.rtype
                    )
                else:
                    yield from self.container(item.val, path, depth + 1)
        elif isinstance(value, _Tup):
            for elem in value.items:
                yield from self.container(elem, path, depth + 1)
        elif isinstance(value, _Unk):
            for alt in value.alts:
                yield from self.container(alt, path, depth + 1)


def _refs(
    run: _Run, value: _Val, context: str, api: str | None, depth: int = 0
) -> Iterator[ModelRef]:
    """A reference for each string ``value`` may be that classifies as a model identifier."""
    _spend()
    if depth > _MAX_EVAL_DEPTH:
        return
    if isinstance(value, _Unk):
        for alt in value.alts:
            yield from _refs(run, alt, context, api, depth + 1)
        text = _fill_arn(value) if value.parts and not value.alts else None
        if text is None:
            return
        value = _Lit(text, value.at, value.via)
    if not isinstance(value, _Lit) or not isinstance(value.value, str):
        return
    if value.at is None or value.at.path != run.path:
        return  # written in another file (reported there) or nowhere in this one
    if run.grammar.classify(value.value) is None:
        return
    yield ModelRef(value.value.strip(), value.at, context, Use.SETTING, api, value.via)


# --- templates, heredocs, JSON -----------------------------------------------------------------


def _join(parts: list[str | _Val], at: Location) -> _Val:
    if len(parts) == 1 and not isinstance(parts[0], str):
        return parts[0]  # "${x}" is x itself, whatever its type
    _spend(len(parts))
    out: list[str | _Unk] = []
    via: str | None = None
    size = 0

    def text(piece: str) -> None:
        nonlocal size
        size += len(piece)
        if size > _MAX_STRING:
            raise _StringTooLong()
        if out and isinstance(out[-1], str):
            out[-1] = out[-1] + piece
        else:
            out.append(piece)

    try:
        for part in parts:
            if isinstance(part, str):
                text(part)
            elif isinstance(part, _Lit):
                scalar = _scalar_text(part)
                if scalar is None:
                    return _Unk("null in template", at=at)
                text(scalar)
                via = part.via or via  # the last one: in an ARN, the model part
            elif isinstance(part, _Unk):
                via = part.via or via
                if part.parts and not part.alts:
                    _spend(len(part.parts))
                    for inner in part.parts:
                        if isinstance(inner, str):
                            text(inner)
                        else:
                            out.append(inner)
                else:
                    out.append(part)
            else:
                return _Unk("object in template", at=at)
    except _StringTooLong:
        return _Unk("string too long", at=at)
    if all(isinstance(p, str) for p in out):
        return _Lit("".join(p for p in out if isinstance(p, str)), at, via)
    unknowns = [p for p in out if isinstance(p, _Unk)]
    alts: tuple[_Val, ...] = ()
    if len(unknowns) == 1 and unknowns[0].alts and len(unknowns[0].alts) <= 8:
        alts = tuple(
            _join([alt if p is unknowns[0] else p for p in out], at) for alt in unknowns[0].alts
        )
    return _Unk(unknowns[0].label, alts=alts, parts=tuple(out), at=at, via=via)


class _StringTooLong(Exception):
    pass


def _heredoc_body(token: str) -> str | None:
    lines = token.split("\n")
    if len(lines) < 3:
        return None
    body = [line.rstrip("\r") for line in lines[1:-2]]
    if token.startswith("<<-"):
        indents = [len(line) - len(line.lstrip(" \t")) for line in body if line.strip()]
        cut = min(indents) if indents else 0
        body = [line[cut:] for line in body]
    return "\n".join(body) + "\n" if body else ""


def _split_template(text: str) -> list[tuple[str, str]] | None:
    """Literal and ``${...}`` pieces of a template; ``None`` when it has ``%{}`` directives."""
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("$${", i) or text.startswith("%%{", i):
            buf.append(text[i + 1 : i + 3])
            i += 3
        elif text.startswith("%{", i):
            return None
        elif text.startswith("${", i):
            end = _closing_brace(text, i + 2)
            if end < 0:
                return None
            if buf:
                out.append(("lit", "".join(buf)))
                buf = []
            out.append(("expr", text[i + 2 : end]))
            i = end + 1
        else:
            j = min(
                (k for k in (text.find("$", i + 1), text.find("%", i + 1)) if k >= 0), default=n
            )
            buf.append(text[i:j])
            i = j
    if buf:
        out.append(("lit", "".join(buf)))
    return out


def _closing_brace(text: str, start: int) -> int:
    depth, i, in_string = 0, start, False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def _fixed(loc: Location) -> Callable[[str], Location]:
    return lambda _value: loc


def _from_json(
    data: Any,
    locate: Callable[[str], Location],
    at: Location,
    via: str | None = None,
    depth: int = 0,
) -> _Val:
    _spend()
    if depth > _MAX_EVAL_DEPTH:
        return _Unk("json", at=at)
    if isinstance(data, dict):
        items = tuple(
            _Item(str(k), at, _from_json(v, locate, at, via, depth + 1)) for k, v in data.items()
        )
        return _Obj(items, at, via)
    if isinstance(data, list):
        return _Tup(tuple(_from_json(v, locate, at, via, depth + 1) for v in data), at, via)
    if isinstance(data, str):
        return _Lit(data, locate(data), via)
    if isinstance(data, (int, float, bool)) or data is None:
        return _Lit(data, at, via)
    return _Unk("json", at=at)


# --- functions ---------------------------------------------------------------------------------

_OPAQUE_FUNCTIONS = frozenset({
    "file", "templatefile", "filebase64", "fileexists", "fileset", "timestamp", "uuid",
    "bcrypt", "base64encode", "base64decode", "sha256", "md5", "random",
})  # fmt: skip


def _fn_merge(args: list[_Val], at: Location, label: str) -> _Val:
    items: dict[str, _Item] = {}
    unresolved: list[str] = []
    sources: list[str | None] = []
    for arg in args:
        if isinstance(arg, _Lit) and arg.value is None:
            continue
        if isinstance(arg, _Obj):
            for item in arg.items:
                items.pop(item.key, None)
                items[item.key] = item
            unresolved.extend(arg.unresolved)
            sources.extend(arg.sources)
        elif isinstance(arg, _Unk):
            unresolved.append(arg.label)
            sources.append(arg.label)
        else:
            return _Unk(label, at=at)
    return _Obj(tuple(items.values()), at, None, tuple(unresolved), tuple(sources))


def _fn_identity(args: list[_Val], at: Location, label: str) -> _Val | None:
    return args[0] if len(args) == 1 else None


def _fn_tostring(args: list[_Val], at: Location, label: str) -> _Val | None:
    if len(args) == 1 and isinstance(args[0], _Lit) and args[0].value is not None:
        return replace(args[0], value=_scalar_text(args[0]))
    return args[0] if len(args) == 1 and isinstance(args[0], _Unk) else None


def _fn_jsondecode(args: list[_Val], at: Location, label: str) -> _Val | None:
    src = args[0] if len(args) == 1 else None
    if isinstance(src, _Lit) and isinstance(src.value, str):
        loc = src.at or at
        return _from_json(json.loads(src.value), _fixed(loc), loc, src.via)
    return None


def _fn_concat(args: list[_Val], at: Location, label: str) -> _Val | None:
    items: list[_Val] = []
    for arg in args:
        if not isinstance(arg, _Tup):
            return None
        _spend(len(arg.items))
        items.extend(arg.items)
        if len(items) > _MAX_ITEMS:
            return None
    return _Tup(tuple(items), at)


def _fn_coalesce(args: list[_Val], at: Location, label: str) -> _Val | None:
    pending: list[_Val] = []
    for arg in args:
        if isinstance(arg, _Lit):
            if arg.value is None or arg.value == "":
                continue
            if not pending:
                return arg
            return _Unk(label, alts=_alts([*pending, arg]), at=at)
        if isinstance(arg, _Unk):
            pending.append(arg)
        else:
            return None
    return _Unk(label, alts=_alts(pending), at=at) if pending else None


def _alts(values: list[_Val]) -> tuple[_Val, ...]:
    out: list[_Val] = []
    for v in values:
        out.extend(v.alts if isinstance(v, _Unk) else (v,))
        if len(out) >= _MAX_ALTS:
            break
    _spend(len(out))
    return tuple(out[:_MAX_ALTS])


def _fn_try(args: list[_Val], at: Location, label: str) -> _Val | None:
    for i, arg in enumerate(args):
        if not isinstance(arg, _Unk):
            return arg if i == 0 else _Unk(label, alts=_alts([*args[:i], arg]), at=at)
    return None


def _fn_lookup(args: list[_Val], at: Location, label: str) -> _Val | None:
    if len(args) not in (2, 3):
        return None
    table, key = args[0], args[1]
    default = args[2] if len(args) == 3 else None
    if isinstance(table, _Obj) and isinstance(key, _Lit) and key.value is not None:
        found = table.get(str(_scalar_text(key)))
        if found is not None:
            return found
        return default
    if isinstance(table, _Obj) and not table.unresolved:
        alts = [i.val for i in table.items] + ([default] if default is not None else [])
        return _Unk(label, alts=tuple(alts[:_MAX_ALTS]), at=at)
    return None


def _fn_element(args: list[_Val], at: Location, label: str) -> _Val | None:
    if len(args) == 2 and isinstance(args[0], _Tup) and args[0].items:
        idx = args[1]
        if isinstance(idx, _Lit) and isinstance(idx.value, int) and not isinstance(idx.value, bool):
            return args[0].items[idx.value % len(args[0].items)]
    return None


def _fn_join(args: list[_Val], at: Location, label: str) -> _Val | None:
    if len(args) != 2 or not isinstance(args[0], _Lit) or not isinstance(args[1], _Tup):
        return None
    sep = _scalar_text(args[0]) or ""
    parts: list[str | _Val] = []
    for i, item in enumerate(args[1].items):
        if i:
            parts.append(sep)
        parts.append(item)
    return _join(parts, at) if parts else _Lit("", at)


def _fn_format(args: list[_Val], at: Location, label: str) -> _Val | None:
    if not args or not isinstance(args[0], _Lit) or not isinstance(args[0].value, str):
        return None
    pieces = re.split(r"(%%|%[-+# 0]*\d*(?:\.\d+)?[sdvqf])", args[0].value)
    parts: list[str | _Val] = []
    rest = list(args[1:])
    for piece in pieces:
        if piece == "%%":
            parts.append("%")
        elif piece.startswith("%") and len(piece) > 1:
            if not rest or piece[-1] not in "sdv":
                return None
            parts.append(rest.pop(0))
        elif piece:
            parts.append(piece)
    return _join(parts, at) if parts else _Lit("", at)


def _string_fn(fn: Callable[[str], str]) -> Callable[[list[_Val], Location, str], _Val | None]:
    def apply(args: list[_Val], at: Location, label: str) -> _Val | None:
        arg = args[0] if len(args) == 1 else None
        if isinstance(arg, _Lit) and isinstance(arg.value, str):
            return replace(arg, value=fn(arg.value))
        return None

    return apply


def _fn_replace(args: list[_Val], at: Location, label: str) -> _Val | None:
    texts = [a.value for a in args if isinstance(a, _Lit) and isinstance(a.value, str)]
    first = args[0] if args else None
    if len(args) != 3 or len(texts) != 3 or not isinstance(first, _Lit):
        return None
    s, old, new = texts
    if old.startswith("/") and old.endswith("/") and len(old) > 1:
        return None  # regular-expression form
    count = s.count(old) if old else len(s) + 1
    if len(s) + count * max(0, len(new) - len(old)) > _MAX_STRING:
        return None
    return replace(first, value=s.replace(old, new))


_FUNCTIONS: dict[str, Callable[[list[_Val], Location, str], _Val | None]] = {
    "merge": _fn_merge,
    "jsonencode": _fn_identity,
    "yamlencode": _fn_identity,
    "tomap": _fn_identity,
    "tolist": _fn_identity,
    "toset": _fn_identity,
    "tobool": _fn_identity,
    "tonumber": _fn_identity,
    "sensitive": _fn_identity,
    "nonsensitive": _fn_identity,
    "tostring": _fn_tostring,
    "jsondecode": _fn_jsondecode,
    "concat": _fn_concat,
    "coalesce": _fn_coalesce,
    "try": _fn_try,
    "lookup": _fn_lookup,
    "element": _fn_element,
    "join": _fn_join,
    "format": _fn_format,
    "lower": _string_fn(str.lower),
    "upper": _string_fn(str.upper),
    "trimspace": _string_fn(str.strip),
    "replace": _fn_replace,
}


# --- entry point -------------------------------------------------------------------------------


def scan(path: str, text: str, ctx: ScanContext) -> Document:
    """Facts of one ``.tf`` file; siblings of its directory are read for resolution only."""
    token = _BUDGET.set([_MAX_WORK])
    try:
        return _scan(path, text, ctx)
    finally:
        _BUDGET.reset(token)


def _scan(path: str, text: str, ctx: ScanContext) -> Document:
    doc = Document(path=path, fmt=FMT)
    tree = _parse_text(text)
    if isinstance(tree, _ParseFailure):
        raise ScanError(tree.message, tree.line, tree.col)
    text = text.removeprefix("\ufeff")
    run = _Run(path, text, tree, ctx)
    module = run.module(os.path.dirname(path))
    if module is None:  # cannot happen for a parsed .tf file, but a .tf-less name might
        module = _Module(os.path.dirname(path), [run.file], [])
    env = _Env(run, module)
    refs: list[ModelRef] = []
    for block in _body_items(tree.children[0]):
        if block.data != "block":
            continue
        kind, labels, body = _block_parts(block)
        if body is None:
            continue
        try:
            if kind == "resource" and len(labels) >= 2:
                if _never_created(env, body, run.file):
                    continue
                for suffix in _each_instance(env, body, run.file):
                    if labels[0] in _PROFILE_TYPES:
                        doc.profiles.append(
                            env.profile(labels[0], labels[1] + suffix, block, run.file, None)
                        )
                    refs.extend(env.resource_refs(labels[0], body, run.file, ""))
            elif kind == "module" and labels:
                _call_facts(env, labels[0], _loc(run.file, block), doc, refs)
        except _TooComplex:
            at = _loc(run.file, block)
            raise ScanError(
                f"Terraform {kind} {' '.join(labels)} is too complex to evaluate statically "
                "(values built from locals that reference each other many times)",
                at.line,
                at.col,
            ) from None
        except Exception:  # a bug must not cost the user the rest of the file (the engine's
            # time limit is no Exception: it ends the file, not one block)
            LOG.warning(
                "%s:%d: terraform scanner skipped %s %s",
                path,
                _loc(run.file, block).line,
                kind,
                " ".join(labels),
                exc_info=LOG.isEnabledFor(logging.DEBUG),
            )
    doc.refs = sorted(
        set(refs), key=lambda r: (r.loc.line, r.loc.col, r.context, r.value, r.via or "")
    )
    doc.profiles.sort(key=lambda p: (p.loc.line, p.loc.col, p.logical_name))
    return doc


def _call_facts(env: _Env, name: str, at: Location, doc: Document, refs: list[ModelRef]) -> None:
    """Facts of a module call: the child's profiles and settings, or (unreadable child) inputs.

    A local child module is instantiated with the caller's inputs and providers; what it
    declares is reported at ``at`` (the call in the scanned file), and only values that
    come from the scanned file are reported as model references (the child's own literals
    are reported when the child is scanned).
    """
    entry = env.module.modules.get(name)
    if entry is not None:
        body = _block_parts(entry[1])[2]
        if body is not None and _never_created(env, body, entry[0]):
            return
    child = env.child(name)
    if child is not None:
        for cf, rtype, rname, cblock, cbody in _resources(child.module):
            if _never_created(child, cbody, cf):
                continue
            for suffix in _each_instance(child, cbody, cf):
                if rtype in _PROFILE_TYPES:
                    doc.profiles.append(child.profile(rtype, rname + suffix, cblock, cf, at))
                refs.extend(child.resource_refs(rtype, cbody, cf, child.prefix))
        for inner in sorted(child.module.modules):
            _call_facts(child, inner, at, doc, refs)
        return
    entry = env.module.modules.get(name)
    if entry is None:
        return
    f, block = entry
    body = _block_parts(block)[2]
    if body is None:
        return
    for input_name, attr in _attrs_of(body).items():
        if input_name in _MODULE_META or _REMOTE_SKIP_INPUT.search(input_name):
            continue
        value = env.ev(attr.children[-1], f)
        refs.extend(_input_refs(env.run, value, f"{env.prefix}module.{name}.{input_name}", None))


def _input_refs(
    run: _Run, value: _Val, context: str, api: str | None, depth: int = 0
) -> Iterator[ModelRef]:
    """References for every string inside ``value`` (module inputs, encoded documents)."""
    _spend()
    if depth > _MAX_EVAL_DEPTH:
        return
    if isinstance(value, _Obj):
        for item in value.items:
            yield from _input_refs(run, item.val, f"{context}.{item.key}", api, depth + 1)
    elif isinstance(value, _Tup):
        for elem in value.items:
            yield from _input_refs(run, elem, context, api, depth + 1)
    else:
        yield from _refs(run, value, context, api)


def _never_created(env: _Env, body: Any, f: _File) -> bool:
    """``count = 0`` or an empty literal ``for_each``: the block declares no instance (a
    retired resource or module kept in code); nothing of it is deployed or called."""
    attrs = _attrs_of(body)
    if "count" in attrs:
        value = env.ev(attrs["count"].children[-1], f)
        if isinstance(value, _Lit) and not isinstance(value.value, bool) and value.value == 0:
            return True
    if "for_each" in attrs:
        value = env.ev(attrs["for_each"].children[-1], f)
        if isinstance(value, (_Obj, _Tup)) and not value.items and not getattr(value, "unresolved", ()):
            return True
    return False


def _each_instance(env: _Env, body: Any, f: _File) -> Iterator[str]:
    """Evaluates a resource once per instance of a known ``for_each``, ``each`` bound while
    the caller consumes the instance; yields the address suffix (``["key"]``). Without
    ``for_each``, or with one that cannot be resolved, yields ``""`` once (``each.*`` is then
    unknown)."""
    attrs = _attrs_of(body)
    found = None
    if "for_each" in attrs:
        found = env.instances(attrs["for_each"].children[-1], f)
    if not found:
        yield ""
        return
    for key, value in found:
        with env.bound("each", (key, value)):
            yield f"[{json.dumps(_scalar_text(key))}]"


def _resources(module: _Module) -> Iterator[tuple[_File, str, str, Any, Any]]:
    for f in module.files:
        for block in _body_items(f.tree.children[0]):
            if block.data != "block":
                continue
            kind, labels, body = _block_parts(block)
            if kind == "resource" and len(labels) >= 2 and body is not None:
                yield f, labels[0], labels[1], block, body
