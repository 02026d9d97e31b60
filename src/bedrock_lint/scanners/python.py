"""Python scanner: model references where they reach Bedrock, in one visitor pass.

What counts as reaching Bedrock (a reviewer's reading, since flow is only followed inside
one file):

* a model argument of a call: keyword (``modelId=``, ``model_id=``, ``model=``,
  ``foundationModel=``, ``embeddingModelArn=`` ...) or the first positional argument of the
  constructors and functions that take the model first (``Agent("bedrock:...")``,
  ``dspy.LM(...)``, ``litellm.completion(...)``, ``BedrockConverseModel(...)``);
* a model key of a dict literal (request bodies passed as ``**kwargs``, nested
  configurations such as ``knowledgeBaseConfiguration``);
* a name, attribute, subscript or parameter that resolves, inside the file, to a literal
  that then reaches one of the above;
* a setting that holds a model: a constant, class attribute, dataclass/pydantic field or
  parameter default whose name says it is a model (``MODEL_ID``, ``bedrock_model``,
  ``embedding_model``), a value of a model choice table (``MODELS = {"fast": ...}``), and
  the default of an environment lookup (``os.getenv("MODEL_ID", "...")``).

Never reported: comments, docstrings, comparisons (``==``, ``in``, ``startswith``), dict
keys (pricing and capability tables), free text, IAM policy documents, and the base model
named next to an application inference profile (LiteLLM ``model`` + ``model_id``,
LlamaIndex ``application_inference_profile_arn``, pydantic-ai ``bedrock_inference_profile``,
langchain-aws ``base_model``).

The tree comes from the stdlib ``ast`` (``_pyast``), which costs a fraction of importing and
running libcst, whenever it can give exactly libcst's facts; otherwise, and for syntax errors,
from libcst. One collector reads both trees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
import dataclasses
from dataclasses import dataclass

from ..facts import CallSite, Document, ModelRef, Use
from ..findings import Location
from . import ScanContext, ScanError, _pyast

if TYPE_CHECKING:
    import libcst as cst

#: Keyword arguments and dict keys that carry the model a call uses.
MODEL_KEYS = frozenset({
    "modelId", "model_id", "model", "model_name", "modelArn", "model_arn", "modelIdentifier",
    "model_identifier", "foundationModel", "foundation_model", "embeddingModelArn",
    "embedding_model_arn", "embedding_model", "embedding_model_id", "llm_model", "chat_model",
    "targetModelId", "baseModelIdentifier", "teacherModelIdentifier", "modelSourceIdentifier",
    "aux_model", "inferenceProfileIdentifier",
})  # fmt: skip
#: Keys that name a base model next to a profile: never the model that is called.
BASE_MODEL_KEYS = frozenset({"base_model_id", "base_model", "baseModelId"})
#: Keys that carry an application inference profile next to a base model.
PROFILE_KEYS = frozenset({"application_inference_profile_arn", "bedrock_inference_profile",
                          "inference_profile_arn"})
#: Keys that carry the source of an inference profile being created (never a call).
COPY_FROM_KEYS = frozenset({"copyFrom", "copy_from"})
#: Calls whose first positional argument is the model.
POSITIONAL_MODEL_CALLS = frozenset({
    "completion", "acompletion", "embedding", "aembedding", "image_generation",
    "text_completion", "LM", "Agent", "BedrockConverseModel", "BedrockConverse", "Bedrock",
    "init_chat_model", "AmazonBedrockChatGenerator", "AmazonBedrockGenerator",
    "AmazonBedrockTextEmbedder", "AmazonBedrockDocumentEmbedder", "AmazonBedrockRanker",
    "BedrockModel", "infer_model",
})  # fmt: skip
#: Call names that never send a model (``dict.get`` on a pricing table, logging ...).
_NEUTRAL_CALLS = frozenset({"startswith", "endswith", "index", "count", "find", "replace",
                            "print", "debug", "info", "warning", "error", "exception"})
_ENV_GET = frozenset({"getenv", "get", "setdefault"})
_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum", "TextChoices", "Choices"})
#: calls with ``model=``-like keywords that are not model calls: ORM queries, metric labels
_NOT_MODEL_CALLS = frozenset({"labels", "filter", "exclude", "get_or_create", "update_or_create",
                              "annotate", "observe", "inc", "set_tag", "set_attribute",
                              "add_metric", "put_metric_data", "set_tags"})
#: calls that take a list without offering its items as choices
_NOT_PICKERS = frozenset({"Field", "field", "set", "frozenset", "tuple", "list", "sorted", "dict",
                          "len", "any", "all", "enumerate", "zip", "map", "filter", "join",
                          "extend", "append", "update", "isinstance", "Literal", "startswith",
                          "endswith", "print"})
_CLI_OPTIONS = frozenset({"add_argument", "option", "Option", "Argument", "argument"})
#: keyword names that contain "model" or "profile" but never carry a model ID
_NOT_MODEL_KWARGS = frozenset({"model_kwargs", "model_provider", "provider", "profile_name",
                               "aws_profile", "aws_profile_name", "credentials_profile_name",
                               "model_type", "model_config", "model_settings", "model_args"})
_MODELISH = re.compile(r"(?i)model|(?:^|_)llm(?:_|$)|profile")
#: env-var or snake_case keys (``FALLBACK_MODEL_ID``, ``chat_model``); not CamelCase metric
#: dimensions such as CloudWatch's ``ModelId``
_SETTING_KEY = re.compile(r"^(?:[A-Z0-9_]+|[a-z0-9_]+)$")
_VALIDATION_LIST = re.compile(r"(?i)supported|allowed|valid|known|available|deprecated|legacy")


@dataclass(frozen=True)
class _Hit:
    node: object
    value: str
    context: str
    use: Use
    api: str | None
    via: str | None
    env_var: str | None
    #: reached through a call's model argument (not by a by-name reading of a setting)
    strong: bool = True


def scan(path: str, text: str, ctx: ScanContext) -> Document:
    tree = _pyast.parse(text) if FAST_AST else None
    if tree is not None:
        try:
            return _document(path, ctx, _pyast, tree, _pyast.walk,
                             lambda nodes: _pyast.spans(tree, nodes))
        except (_pyast.Unsupported, RecursionError):
            pass  # a reported node without an exact position; libcst has it
    import libcst as cst

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise _syntax_error(text, exc) from None
    except (RecursionError, MemoryError):
        raise ScanError("Python file is nested too deeply to parse") from None
    if FAST_WALK:
        from ._cst_walk import walk
    else:
        walk = _libcst_visit
    return _document(path, ctx, cst, module, walk, lambda nodes: (
        _spans(module, text, nodes) if FAST_POSITIONS else _provider_spans(module, nodes)))


def _document(path: str, ctx: ScanContext, cst: object, tree: object,
              walk: Callable[[object, _Collector], None],
              locate: Callable[[list[object]], dict[int, _Span]]) -> Document:
    """The facts of a tree of ``cst`` (libcst or ``_pyast``) nodes."""
    collector = _Collector(ctx, cst)
    walk(tree, collector)
    hits = list(collector.hits())
    doc = Document(path=path, fmt="python")
    if not hits and not collector.calls:
        return doc
    spans = locate([h.node for h in hits] + [node for node, _, _ in collector.calls])

    def loc(node: object) -> Location:
        (line, col), (end_line, end_col) = spans[id(node)]  # type: ignore[index]
        return Location(path, line, col + 1, end_line, end_col + 1)

    # A literal reached by a call keeps every way it is used (one use may be an exempt API,
    # another not); the by-name readings only speak for literals no call reached.
    reached = {id(h.node) for h in hits if h.strong}
    seen: set[tuple[int, Use, str | None]] = set()
    for hit in hits:
        key = (id(hit.node), hit.use, hit.api) if hit.strong else (id(hit.node), Use.CALL, "?")
        if key in seen or (not hit.strong and id(hit.node) in reached):
            continue
        seen.add(key)
        doc.refs.append(ModelRef(hit.value, loc(hit.node), hit.context, hit.use, hit.api,
                                 hit.via, hit.env_var))
    for node, name, context in collector.calls:
        doc.calls.append(CallSite(name, loc(node), context))
    doc.refs.sort(key=lambda r: (r.loc.line, r.loc.col))
    return doc


#: Build the facts from ``ast`` (``_pyast``) where that gives exactly libcst's; tests compare
#: both on every Python file of the repository and on the scanner tests' snippets.
FAST_AST = True

#: Walk the tree read-only (``_cst_walk``) instead of libcst's rebuilding ``visit``; tests
#: compare both on every corpus file.
FAST_WALK = True

#: Locate reported nodes by their text (see ``_spans``); tests compare it with libcst's
#: PositionProvider on every corpus file.
FAST_POSITIONS = True

_Span = tuple[tuple[int, int], tuple[int, int]]


def _libcst_visit(module: cst.Module, collector: _Collector) -> None:
    """libcst's own ``visit`` (which wants a ``CSTVisitor``), for the tests to compare."""
    import libcst as cst

    class Visitor(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            return collector.on_visit(node)

        def on_leave(self, original_node: cst.CSTNode) -> None:
            collector.on_leave(original_node)

    module.visit(Visitor())


def _spans(module: cst.Module, text: str, nodes: list[object]) -> dict[int, _Span]:
    """0-based (line, column) start and end of each node, 1-based lines.

    libcst's ``PositionProvider`` generates the code of the whole module to compute
    positions: for a 500-line file it costs more than the parse. A node's code is a
    verbatim slice of the source, so a node whose code occurs exactly once in the text
    (almost every model literal and call) is located by a search. Only when one does not
    is the provider run, and then for every node, as before."""
    if text.count("\r") != text.count("\r\n"):
        return _provider_spans(module, nodes)  # a lone CR ends a line for libcst
    out: dict[int, _Span] = {}
    for node in nodes:
        if id(node) in out:
            continue
        if getattr(node, "lpar", None) or getattr(node, "rpar", None):
            return _provider_spans(module, nodes)  # its code has the parentheses, its span not
        code = module.code_for_node(node)  # type: ignore[arg-type]
        start = text.find(code) if code else -1
        if start < 0 or text.find(code, start + 1) >= 0:
            return _provider_spans(module, nodes)
        out[id(node)] = (_line_col(text, start), _line_col(text, start + len(code)))
    return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start


def _provider_spans(module: cst.Module, nodes: list[object]) -> dict[int, _Span]:
    from libcst.metadata import MetadataWrapper, PositionProvider

    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    out: dict[int, _Span] = {}
    for node in nodes:
        rng = positions[node]  # type: ignore[index]
        out[id(node)] = ((rng.start.line, rng.start.column), (rng.end.line, rng.end.column))
    return out


def _syntax_error(text: str, exc: cst.ParserSyntaxError) -> ScanError:
    """CPython's own message and position where it has one (clearer than libcst's)."""
    import ast

    try:
        ast.parse(text)
    except SyntaxError as err:
        return ScanError(f"Python syntax error: {err.msg}", err.lineno or 1, err.offset or 1)
    except (ValueError, RecursionError, MemoryError):
        pass
    return ScanError(f"Python syntax error: {exc.message}", exc.editor_line, exc.editor_column)


#: the node types ``_Collector.on_visit`` reads; it passes every other one by
_VISITED = ("ClassDef", "Expr", "SimpleString", "FunctionDef", "Assign", "AnnAssign", "Call",
            "Dict", "Comparison", "Return", "BooleanOperation", "For", "Subscript",
            "FormattedStringExpression")


class _Collector:
    """Walks the module once, recording bindings, sinks and runtime profile creation.

    It reads node types from ``self.cst``: libcst itself, or ``_pyast``'s classes of the
    same names and shapes, so there is one set of rules for both trees."""

    def __init__(self, ctx: ScanContext, cst: Any) -> None:
        self.cst = cst
        self._visited = frozenset(getattr(cst, name) for name in _VISITED)
        self.grammar = ctx.grammar
        self.profile_vars = set(ctx.policy.profile_env_vars)
        #: name -> value expressions bound to it anywhere (module, class, function, self.x)
        #: names are scoped: ``func:name`` for a function's locals and parameters, plain
        #: ``name`` for module and class level and attributes; each value keeps its own scope
        self.bindings: dict[str, list[tuple[object, str | None]]] = {}
        #: (name, value, scope) of model-ish settings, in source order
        self.settings: list[tuple[str, object, str | None]] = []
        #: (expr, context, use, api, scope) reaching a model parameter
        self.sinks: list[tuple[object, str, Use, str | None, str | None]] = []
        #: CLI option defaults and choices, model pickers: they count only in a file that
        #: itself calls Bedrock (a cost report's ``--model`` option names a metric)
        self.weak_sinks: list[tuple[object, str, Use, str | None, str | None]] = []
        #: the file passes a model to a call somewhere (a keyword or positional model argument)
        self.calls_model = False
        #: env lookups with a literal default: (default expr, var name)
        self.env_defaults: list[tuple[object, str]] = []
        #: names used in membership/comparison only
        self.compared: set[str] = set()
        self.calls: list[tuple[object, str, str]] = []
        self.returns: dict[str, list[object]] = {}
        self._render_scope: str | None = None
        self._func_stack: list[str] = []
        self._class_stack: list[str] = []
        #: class name -> annotated field names in order (for positional dataclass calls)
        self.fields: dict[str, list[str]] = {}
        #: enum member values (any member name): model catalogs
        self.enum_values: list[tuple[str, object]] = []
        #: how each name is used in this file: "compare", "key", "arg", "iter", "other"
        self.uses: dict[str, set[str]] = {}
        #: nodes that are never model references: dict keys, docstrings, neutral-call args
        self._inert: set[int] = set()
        #: dict literals already read as part of an enclosing call or dict
        self._done_dicts: set[int] = set()
        #: function name -> positional parameter names (for calls to helpers of this file)
        self.params: dict[str, list[str]] = {}
        #: (function name, positional args, keyword args) of calls to plain names
        self.local_calls: list[tuple[str, list[object], dict[str, object], str | None]] = []
        #: ``bedrock/...`` and ``bedrock:...`` route literals anywhere else
        self.routes: list[object] = []
        self._env_nodes: dict[int, str] = {}
        #: literal bindings substituted into the string being rendered
        self._sources: list[object] = []

    # visitor protocol (libcst's) ---------------------------------------------------------
    def on_visit(self, node: cst.CSTNode) -> bool:
        t = type(node)  # exact types: isinstance() through libcst's ABCs costs more than the rest
        if t not in self._visited:
            return True
        cst = self.cst
        if t is cst.ClassDef:
            self._class_stack.append(node.name.value)
            self.fields.setdefault(node.name.value, [])
            if any(self._callee(b.value)[0] in _ENUM_BASES for b in node.bases):
                self._enum(node)
        elif t is cst.Expr:
            if self._stringish(node.value):
                self._inert.add(id(node.value))  # a docstring or a bare string statement
        elif t is cst.SimpleString:
            if id(node) not in self._inert and node.value.lstrip("rbuRBU")[1:].lstrip("'\"").startswith(
                    ("bedrock/", "bedrock:")):
                self.routes.append(node)
        if t is cst.FunctionDef:
            self._func_stack.append(node.name.value)
            self.params.setdefault(node.name.value, [p.name.value for p in (
                *node.params.posonly_params, *node.params.params) if p.name.value not in ("self", "cls")])
            outer = self._func_stack[-2] if len(self._func_stack) > 1 else None
            for param in (*node.params.params, *node.params.kwonly_params, *node.params.posonly_params):
                if param.default is not None:
                    self._bind(param.name.value, param.default, setting=True, value_scope=outer)
        elif t is cst.Assign:
            for target in node.targets:
                self._assign(target.target, node.value)
        elif t is cst.AnnAssign:
            if self._class_stack and not self._func_stack and isinstance(node.target, cst.Name):
                self.fields[self._class_stack[-1]].append(node.target.value)
            if node.value is not None:
                self._assign(node.target, node.value)
        elif t is cst.Call:
            self._call(node)
        elif t is cst.Dict and id(node) not in self._done_dicts:
            self._dict(node, "", None)
        elif t is cst.Comparison:
            for target in node.comparisons:
                if isinstance(target.comparator, cst.Name):
                    self.compared.add(target.comparator.value)
            for part in (node.left, *(c.comparator for c in node.comparisons)):
                self._use(part, "compare")
        elif t is cst.Return and node.value is not None and self._func_stack:
            self.returns.setdefault(self._func_stack[-1], []).append(node.value)
        elif t is cst.BooleanOperation and isinstance(node.operator, cst.Or):
            # os.environ.get("BEDROCK_AIP_ARN") or "<model>": a default in all but name
            var = self._env_var(node.left)
            if var:
                self.env_defaults.append((node.right, var))
        elif t is cst.For:
            self._for(node)
        elif t is cst.Subscript:
            self._use(node.value, "lookup")
            for el in node.slice:
                if isinstance(el.slice, cst.Index):
                    self._use(el.slice.value, "key")
        elif t is cst.FormattedStringExpression:
            self._use(node.expression, "format")
        return t is not cst.Comparison

    def on_leave(self, original_node: cst.CSTNode) -> None:
        cst = self.cst
        if isinstance(original_node, cst.FunctionDef):
            self._func_stack.pop()
        elif isinstance(original_node, cst.ClassDef):
            self._class_stack.pop()

    def _use(self, expr: object, how: str) -> None:
        """Record how a name (or attribute name) is used, for the by-name readings."""
        cst = self.cst
        if isinstance(expr, cst.Name):
            self.uses.setdefault(expr.value, set()).add(how)
        elif isinstance(expr, cst.Attribute):
            self.uses.setdefault(expr.attr.value, set()).add(how)

    def _for(self, node: cst.For) -> None:
        cst = self.cst
        it = node.iter
        self._use(it, "iter")
        target = node.target
        if isinstance(target, cst.Name):
            self._bind(target.value, _Iter(it), setting=False)
        elif isinstance(target, (cst.Tuple, cst.List)):
            names = [e.value.value if isinstance(e.value, cst.Name) else None for e in target.elements]
            if isinstance(it, cst.Call) and self._callee(it.func)[0] == "items" and isinstance(it.func, cst.Attribute):
                base = it.func.value
                if names and names[0]:
                    self._bind(names[0], _Keys(base), setting=False)
                if len(names) > 1 and names[1]:
                    self._bind(names[1], _Iter(_Values(base)), setting=False)
            else:
                for i, n in enumerate(names):
                    if n:
                        self._bind(n, _Iter(it, index=i), setting=False)

    def _enum(self, node: cst.ClassDef) -> None:
        cst = self.cst
        for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else ():
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name):
                        self.enum_values.append((f"{node.name.value}.{small.targets[0].target.value}",
                                                 small.value))

    # recording ---------------------------------------------------------------------------
    @property
    def _scope(self) -> str | None:
        return self._func_stack[-1] if self._func_stack else None

    def _bind(self, name: str, value: object, setting: bool | None = None, *,
              attribute: bool = False, value_scope: str | None | bool = False) -> None:
        """Record ``name = value``. Module and class level bindings (and parameter defaults)
        with a model-ish name are settings; a function's local variable only counts when it
        reaches a call."""
        scope = self._scope
        key = name if attribute or scope is None else f"{scope}:{name}"
        vscope = scope if value_scope is False else value_scope
        self.bindings.setdefault(key, []).append((value, vscope))  # type: ignore[arg-type]
        if setting is None:
            setting = scope is None
        if setting and (_MODELISH.search(name) or self._settings_var(name, value)):
            self.settings.append((name, value, vscope))  # type: ignore[arg-type]

    def _lookup(self, name: str, scope: str | None) -> list[tuple[object, str | None]]:
        """What a plain name can be bound to, seen from ``scope`` (locals shadow globals)."""
        if scope is not None:
            local = self.bindings.get(f"{scope}:{name}")
            if local is not None:
                return local
        return self.bindings.get(name, [])

    def _assign(self, target: object, value: object) -> None:
        cst = self.cst
        if isinstance(target, cst.Name):
            self._bind(target.value, value)
        elif isinstance(target, cst.Attribute):
            self._bind(target.attr.value, value, setting=True, attribute=True)
        elif isinstance(target, cst.Subscript):
            # os.environ["MODEL_ID"] = "..." or CONFIG["model"] = "..."
            key = self._subscript_key(target)
            if key and (key in MODEL_KEYS or _MODELISH.search(key)):
                self._bind(key, value, setting=True, attribute=True)

    def _call(self, node: object) -> None:
        cst = self.cst
        call: cst.Call = node  # type: ignore[assignment]
        name, dotted = self._callee(call.func)
        if name == "create_inference_profile":
            anchor = call.func.attr if isinstance(call.func, cst.Attribute) else call.func
            self.calls.append((anchor, name, dotted))
        neutral = name in _NEUTRAL_CALLS or name in _NOT_MODEL_CALLS or ".objects." in f".{dotted}."
        for arg in call.args:
            self._use(arg.value, "compare" if neutral else "arg")
        if isinstance(call.func, cst.Attribute) and neutral:
            self._use(call.func.value, "compare")  # MODEL.startswith(...)
        if neutral:
            for arg in call.args:
                self._inert.add(id(arg.value))
            return
        if name in _ENV_GET and self._is_env(call.func):
            args = [a for a in call.args if a.keyword is None and a.star == ""]
            default = next((a.value for a in call.args
                            if a.keyword is not None and a.keyword.value == "default"), None)
            if len(args) >= 2:
                default = args[1].value
            var = self._string(args[0].value) if args else None
            if default is not None and var:
                self.env_defaults.append((default, var))
            return
        if name == "get" and isinstance(call.func, cst.Attribute):
            # body.get("model_id", "<model>"): the default of a model setting
            args = [a for a in call.args if a.keyword is None and a.star == ""]
            key = self._string(args[0].value) if args else None
            if len(args) >= 2 and key and (key in MODEL_KEYS or _MODELISH.search(key)):
                self.sinks.append((args[1].value, f"the default of {key!r}", Use.CALL, None, self._scope))
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        paired = any(k in PROFILE_KEYS for k in keywords) or self._settings_profile(keywords)
        if "model" in keywords and "model_id" in keywords:
            paired_model_keys = {"model"}  # LiteLLM: model names the base, model_id is called
        elif paired:
            paired_model_keys = {"model", "model_name", "model_id"}
        else:
            paired_model_keys = set()
        local_class = name in self.fields and isinstance(call.func, cst.Name)
        if isinstance(call.func, (cst.Name, cst.Attribute)):
            # arguments of this file's functions (and classes' __init__) bind to their parameters
            self.local_calls.append(("__init__" if local_class else name,
                                     [a.value for a in positional_args(call)], keywords, self._scope))
        for key, value in keywords.items():
            if key in COPY_FROM_KEYS:
                self.sinks.append((value, f"{name}({key}=)", Use.COPY_FROM, name, self._scope))
            elif key in BASE_MODEL_KEYS or key in paired_model_keys:
                self.sinks.append((value, f"{name}({key}=)", Use.BASE_MODEL, name, self._scope))
            elif local_class and (key in MODEL_KEYS or _MODELISH.search(key)):
                # a record of this file (ModelDoc(model_id=...)): counts where the file calls a model
                self.weak_sinks.append((value, f"{name}({key}=)", Use.CALL, name, self._scope))
            elif key in MODEL_KEYS:
                self.sinks.append((value, f"{name}({key}=)", Use.CALL, name, self._scope))
                self.calls_model = True
            elif _MODELISH.search(key) and key not in _NOT_MODEL_KWARGS:
                self.sinks.append((value, f"{name}({key}=)", Use.CALL, name, self._scope))
        positional = [a for a in call.args if a.keyword is None and a.star == ""]
        if positional and name in POSITIONAL_MODEL_CALLS:
            use = Use.BASE_MODEL if paired or "model_id" in keywords else Use.CALL
            self.sinks.append((positional[0].value, f"{name}()", use, name, self._scope))
            self.calls_model = True
        if name in _CLI_OPTIONS:
            self._cli_option(call, name, positional, keywords)
        elif "default" in keywords and name not in ("Field", "field"):
            self.sinks.append((keywords["default"], f"{name}(default=)", Use.CALL, None, self._scope))
        fields = self.fields.get(name)
        if fields and isinstance(call.func, cst.Name):
            for field_name, arg in zip(fields, positional):
                if _MODELISH.search(field_name):
                    self.weak_sinks.append((arg.value, f"{name}({field_name})", Use.CALL, name, self._scope))
        if dotted.endswith("bedrock.call") and positional:  # Mirascope @bedrock.call("<model>")
            self.sinks.append((positional[0].value, f"{dotted}()", Use.CALL, name, self._scope))
            self.calls_model = True
        for arg in call.args:
            if isinstance(arg.value, cst.Dict):
                self._dict(arg.value, name, arg.keyword.value if arg.keyword else None)
            elif isinstance(arg.value, (cst.List, cst.Tuple)) and name not in _NOT_PICKERS:
                # a model picker: st.selectbox("Model", ["anthropic...", ...])
                self.weak_sinks.append((_Iter(arg.value), f"choices passed to {name}()", Use.CALL, None, self._scope))

    def _cli_option(self, call: cst.Call, name: str, positional: list[cst.Arg],
                    keywords: dict[str, object]) -> None:
        """argparse/click/typer options that choose a model: their default and choices."""
        flags = [v for v in (self._string(a.value) for a in positional) if v]
        dest = (self._string(keywords["dest"])  # type: ignore[arg-type]
                if "dest" in keywords else None)
        label = next(iter(flags), dest or name)
        long_flag = next((f for f in flags if f.startswith("--")), None)
        dest = dest or (long_flag[2:].replace("-", "_") if long_flag else None)
        default = keywords.get("default")
        if name in ("Option", "Argument") and positional and not (self._string(positional[0].value) or "").startswith("-"):
            default = positional[0].value
        if dest and default is not None:
            self._bind(dest, default, setting=False, attribute=True)  # args.<dest> -> the default
        if name in ("Option", "Argument") and positional and not (self._string(positional[0].value) or "").startswith("-"):
            self.weak_sinks.append((positional[0].value, f"{name}() default", Use.CALL, None, self._scope))
        if "default" in keywords:
            self.weak_sinks.append((keywords["default"], f"option {label} default", Use.CALL, None, self._scope))
        if "choices" in keywords:
            self.weak_sinks.append((_Iter(keywords["choices"]), f"option {label} choices", Use.CALL, None, self._scope))

    def _settings_profile(self, keywords: dict[str, object]) -> bool:
        cst = self.cst
        for key in ("settings", "model_settings"):
            value = keywords.get(key)
            if isinstance(value, cst.Dict):
                if any(self._string(e.key) in PROFILE_KEYS for e in value.elements
                       if isinstance(e, cst.DictElement)):
                    return True
            elif isinstance(value, cst.Call):
                if any(a.keyword is not None and a.keyword.value in PROFILE_KEYS for a in value.args):
                    return True
            elif value is not None:
                return True  # settings built elsewhere: give the benefit of the doubt
        return False

    def _dict(self, node: object, callee: str, param: str | None) -> None:
        where = f"{callee}({param}=)" if callee and param else (f"{callee}()" if callee else "request")
        api = "/".join(p for p in (callee, param) if p)
        self._dict_keys(node, api, where)

    def _dict_keys(self, node: object, api: str, where: str) -> None:
        """Model keys of a dict literal, and of the dicts nested in it (the api path keeps
        every key on the way, so nested exempt structures such as rerankingConfiguration
        are recognised)."""
        cst = self.cst
        dct: cst.Dict = node  # type: ignore[assignment]
        self._done_dicts.add(id(dct))
        keys = {self._string(e.key): e.value for e in dct.elements
                if isinstance(e, cst.DictElement) and self._string(e.key)}
        for e in dct.elements:
            if isinstance(e, cst.DictElement):
                self._inert.add(id(e.key))
        paired = any(k in PROFILE_KEYS for k in keys) or ("model" in keys and "model_id" in keys)
        for key, value in keys.items():
            assert key is not None
            context = f"{where} key {key!r}"
            if key in COPY_FROM_KEYS:
                self.sinks.append((value, context, Use.COPY_FROM, api or None, self._scope))
            elif key in BASE_MODEL_KEYS or (paired and key in ("model", "model_name")):
                self.sinks.append((value, context, Use.BASE_MODEL, api or None, self._scope))
            elif key in MODEL_KEYS or (_MODELISH.search(key) and _SETTING_KEY.match(key)
                                       and key not in _NOT_MODEL_KWARGS):
                self.sinks.append((value, context, Use.CALL, api or None, self._scope))
                self.calls_model = self.calls_model or key in MODEL_KEYS
            sub = f"{api}/{key}" if api else key
            if isinstance(value, cst.Dict):
                self._dict_keys(value, sub, where)
            elif isinstance(value, (cst.List, cst.Tuple)):
                for el in value.elements:
                    if isinstance(el.value, cst.Dict):
                        self._dict_keys(el.value, sub, where)

    def _env_var(self, expr: object) -> str | None:
        """The variable name of an environment lookup expression, if it is one."""
        cst = self.cst
        if isinstance(expr, cst.Call) and self._callee(expr.func)[0] in _ENV_GET and self._is_env(expr.func):
            args = [a for a in expr.args if a.keyword is None and a.star == ""]
            return self._string(args[0].value) if args else None
        if isinstance(expr, cst.Subscript) and self._callee(expr.value)[1] in ("os.environ",
                                                                                 "environ"):
            return self._subscript_key(expr)
        return None

    def _is_env(self, func: object) -> bool:
        cst = self.cst
        _, dotted = self._callee(func)
        return dotted in ("os.getenv", "getenv", "os.environ.get", "environ.get",
                          "os.environ.setdefault", "environ.setdefault") or isinstance(
            func, cst.Attribute) and dotted.endswith("environ.get")

    # results -----------------------------------------------------------------------------
    def hits(self) -> Iterator[_Hit]:
        cst = self.cst
        for func, args, kwargs, scope in self.local_calls:  # smoke_test(new) -> def smoke_test(model_id)
            names = self.params.get(func)
            if names is None:
                continue
            for param, arg in zip(names, args):
                self.bindings.setdefault(f"{func}:{param}", []).append((arg, scope))
            for key, arg in kwargs.items():
                if key in names:
                    self.bindings.setdefault(f"{func}:{key}", []).append((arg, scope))
        env_nodes = {id(d): var for d, var in self.env_defaults}
        for name, value, _ in self.settings:
            var = self._settings_var(name, value)
            if var:  # a settings field read from the profile variable
                target = _field_default(value) if isinstance(value, cst.Call) else value
                if target is not None:
                    env_nodes[id(target)] = var
        self._env_nodes = env_nodes
        for expr, context, use, api, scope in self.sinks:
            yield from self._resolve(expr, context, use, api, None, 0, env_nodes, scope)
        for hit in self._by_name(env_nodes):
            yield dataclasses.replace(hit, strong=False)

    def _by_name(self, env_nodes: dict[int, str]) -> Iterator[_Hit]:
        """Settings, defaults, enums, routes, CLI options and pickers: literals that hold a
        model by what they are, reported unless a call already accounts for them."""
        cst = self.cst
        if self.calls_model:
            for expr, context, use, api, scope in self.weak_sinks:
                yield from self._resolve(expr, context, use, api, None, 0, env_nodes, scope)
        for default, var in self.env_defaults:
            use = Use.FALLBACK if var in self.profile_vars else Use.CALL
            yield from self._literals(default, f"the default of environment variable {var}", use,
                                      None, None, var)
        for name, value, scope in self.settings:
            yield from self._setting(name, value, env_nodes, scope)
        for member, value in self.enum_values:
            leaves = self._flatten(value) if isinstance(value, (cst.Tuple, cst.List)) else [value]
            for leaf in leaves:
                yield from self._literals(leaf, f"enum {member}", Use.CALL, None, None, None)
        for node in self.routes:
            if id(node) not in self._inert:
                yield from self._literals(node, "model route", Use.CALL, None, None, None)
        for func, values in self.returns.items():
            if _MODELISH.search(func):
                for value in values:
                    yield from self._resolve(value, f"{func}() return value", Use.CALL, None, None,
                                             1, env_nodes, func)

    def _settings_var(self, name: str, value: object) -> str | None:
        cst = self.cst
        if name.upper() in self.profile_vars:
            return name.upper()
        if isinstance(value, cst.Call) and self._callee(value.func)[0] in ("Field", "field"):
            for arg in value.args:  # alias="BEDROCK_AIP_ARN", validation_alias=AliasChoices(...)
                if arg.keyword is not None and arg.keyword.value in ("alias", "validation_alias", "env"):
                    for text in self._strings_in(arg.value):
                        if text.upper() in self.profile_vars:
                            return text.upper()
        return None

    def _setting(self, name: str, value: object, env_nodes: dict[int, str],
                 scope: str | None) -> Iterator[_Hit]:
        """A model-ish module/class constant: reported unless the file only ever compares it,
        uses it as a lookup key, or iterates it into something that is not a call."""
        cst = self.cst
        uses = self.uses.get(name, set())
        if uses and uses <= {"compare", "key", "iter", "format"}:
            return  # iterated or formatted uses that reach a call were found through the call
        if isinstance(value, cst.Call) and self._callee(value.func)[0] in ("Field", "field"):
            value = _field_default(value) or value
        if isinstance(value, cst.Dict):
            for leaf in self._dict_values(value):
                yield from self._literals(leaf, f"model table {name}", Use.CALL, None, None, None)
        elif isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            if (_VALIDATION_LIST.search(name) and "arg" not in uses) or name in self.compared:
                return
            for leaf in self._flatten(value):
                yield from self._literals(leaf, f"model list {name}", Use.CALL, None, None, None)
        elif isinstance(value, (_Iter, _Keys)):
            return
        else:
            yield from self._resolve(value, f"setting {name}", Use.CALL, None, None, 1, env_nodes, scope)

    def _resolve(self, expr: object, context: str, use: Use, api: str | None, via: str | None,
                 depth: int, env_nodes: dict[int, str], scope: str | None = None) -> Iterator[_Hit]:
        """Literal strings an expression can evaluate to, followed through bindings."""
        cst = self.cst
        if depth > 6:
            return
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString,
                             cst.BinaryOperation)):
            yield from self._literals(expr, context, use, api, via, None, scope)
        elif isinstance(expr, cst.Name):
            for bound, bscope in self._lookup(expr.value, scope):
                yield from self._resolve(bound, context, use, api, via or expr.value, depth + 1,
                                         env_nodes, bscope)
        elif isinstance(expr, cst.Attribute):
            name = expr.attr.value
            for bound, bscope in self.bindings.get(name, ()):
                yield from self._resolve(bound, context, use, api, via or self._dotted(expr),
                                         depth + 1, env_nodes, bscope)
        elif isinstance(expr, cst.Subscript) or (
            isinstance(expr, cst.Call) and self._callee(expr.func)[0] == "get"
            and isinstance(expr.func, cst.Attribute) and not self._is_env(expr.func)
        ):
            base = expr.value if isinstance(expr, cst.Subscript) else expr.func.value  # type: ignore[union-attr]
            yield from self._table(base, context, use, api, via, depth, env_nodes, scope)
        elif isinstance(expr, _Iter):
            if isinstance(expr.iterable, _Values):
                yield from self._table(expr.iterable.base, context, use, api, via, depth, env_nodes,
                                       scope)
            else:
                yield from self._table(expr.iterable, context, use, api, via, depth, env_nodes,
                                       scope, index=expr.index)
        elif isinstance(expr, _Keys):
            for table, tscope in self._tables(expr.base, scope):
                for e in table.elements:
                    if isinstance(e, cst.DictElement):
                        yield from self._literals(e.key, context, use, api, via or self._dotted(expr.base),
                                                  None, tscope)
        elif isinstance(expr, cst.IfExp):
            yield from self._resolve(expr.body, context, use, api, via, depth + 1, env_nodes, scope)
            yield from self._resolve(expr.orelse, context, use, api, via, depth + 1, env_nodes, scope)
        elif isinstance(expr, cst.BooleanOperation):
            yield from self._resolve(expr.left, context, use, api, via, depth + 1, env_nodes, scope)
            yield from self._resolve(expr.right, context, use, api, via, depth + 1, env_nodes, scope)
        elif isinstance(expr, cst.Call):
            name, _ = self._callee(expr.func)
            if name in self.returns and isinstance(expr.func, cst.Name):
                for value in self.returns[name]:  # a helper of this file: what it returns
                    yield from self._resolve(value, context, use, api, via or f"{name}()",
                                             depth + 1, env_nodes, name)
            elif name in ("Field", "field"):
                for arg in expr.args:
                    if (arg.keyword is None and arg.star == "") or (
                            arg.keyword is not None and arg.keyword.value == "default"):
                        yield from self._resolve(arg.value, context, use, api, via, depth + 1, env_nodes, scope)
                        break
            elif name in ("str", "strip"):
                for arg in expr.args[:1]:
                    yield from self._resolve(arg.value, context, use, api, via, depth + 1, env_nodes, scope)

    def _tables(self, base: object, scope: str | None) -> list[tuple[cst.Dict, str | None]]:
        cst = self.cst
        if isinstance(base, cst.Dict):
            return [(base, scope)]
        return [(b, bs) for b, bs in self._bound(base, scope) if isinstance(b, cst.Dict)]

    def _bound(self, expr: object, scope: str | None) -> list[tuple[object, str | None]]:
        cst = self.cst
        if isinstance(expr, cst.Name):
            return self._lookup(expr.value, scope)
        if isinstance(expr, cst.Attribute):
            return self.bindings.get(expr.attr.value, [])
        return []

    def _table(self, base: object, context: str, use: Use, api: str | None, via: str | None,
               depth: int, env_nodes: dict[int, str], scope: str | None,
               index: int | None = None) -> Iterator[_Hit]:
        cst = self.cst
        if isinstance(base, (cst.Dict, cst.List, cst.Tuple, cst.Set)):
            if isinstance(base, cst.Dict):
                values = self._dict_values(base)
            elif index is not None:
                values = [self._element(e.value, index) for e in base.elements]
            else:
                values = self._flatten(base)
            for leaf in values:
                if leaf is not None:
                    yield from self._resolve(leaf, context, use, api, via, depth + 1, env_nodes, scope)
            return
        if isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute) \
                and self._callee(base.func)[0] in ("keys", "values", "items"):
            yield from self._table(base.func.value, context, use, api, via, depth + 1, env_nodes, scope)
            return
        name = self._dotted(base)
        for bound, bscope in self._bound(base, scope):
            if isinstance(bound, (cst.Dict, cst.List, cst.Tuple, cst.Set)):
                yield from self._table(bound, context, use, api, via or name, depth + 1, env_nodes,
                                       bscope)

    def _literals(self, expr: object, context: str, use: Use, api: str | None, via: str | None,
                  env_var: str | None, scope: str | None = None) -> Iterator[_Hit]:
        cst = self.cst
        if isinstance(expr, (cst.IfExp, cst.BooleanOperation)):
            parts: Sequence[object] = ((expr.body, expr.orelse) if isinstance(expr, cst.IfExp)
                                       else (expr.left, expr.right))
            for part in parts:
                yield from self._literals(part, context, use, api, via, env_var, scope)
            return
        self._sources = []
        self._render_scope = scope
        value = self._render(expr)
        if value is None or self.grammar.classify(value) is None:
            return
        sources = [(node, self._render(node)) for node in self._sources]
        sources = [(node, v) for node, v in sources if v and self.grammar.classify(v)]
        if sources:
            # an f-string around a model constant: the constant is the hardcoded part
            for node, v in sources:
                yield from self._literals(node, context, use, api, via, env_var, scope)
            return
        var = self._env_nodes.get(id(expr))
        if var is not None:
            env_var = var
            if var in self.profile_vars:
                use = Use.FALLBACK
        yield _Hit(expr, value, context, use, api, via, env_var)

    def _render(self, expr: object, depth: int = 0) -> str | None:
        """A string expression's text, ``{name}`` for parts that cannot be resolved."""
        cst = self.cst
        if depth > 4:
            return None
        if isinstance(expr, cst.SimpleString):
            value = expr.evaluated_value
            return value if isinstance(value, str) else None
        if isinstance(expr, cst.ConcatenatedString):
            left, right = self._render(expr.left, depth + 1), self._render(expr.right, depth + 1)
            return None if left is None or right is None else left + right
        if isinstance(expr, cst.FormattedString):
            out = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    out.append(part.value)
                else:
                    out.append(self._field(part.expression, depth))
            return "".join(out)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            left = self._render(expr.left, depth + 1) if self._stringish(expr.left) else self._field(expr.left, depth)
            right = self._render(expr.right, depth + 1) if self._stringish(expr.right) else self._field(expr.right, depth)
            if left is None or right is None:
                return None
            return left + right
        return None

    def _field(self, expr: object, depth: int) -> str:
        """An f-string field or ``+`` operand: its value if bound to one literal (a name, or
        an attribute such as ``settings.model_id``), else ``{..}``."""
        cst = self.cst
        if isinstance(expr, (cst.Name, cst.Attribute)):
            name = expr.value if isinstance(expr, cst.Name) else expr.attr.value
            found = (self._lookup(name, self._render_scope) if isinstance(expr, cst.Name)
                     else self.bindings.get(name, []))
            bound = [_field_default(b) if isinstance(b, cst.Call) and self._callee(b.func)[0] in ("Field", "field")
                     else b for b, _ in found]
            if len(bound) == 1 and self._stringish(bound[0]):
                value = self._render(bound[0], depth + 1)
                if value is not None:
                    self._sources.append(bound[0])
                    return value
            return "{" + (expr.value if isinstance(expr, cst.Name) else self._dotted(expr)) + "}"
        if self._stringish(expr):
            return self._render(expr, depth + 1) or "{}"
        return "{}"

    # reading nodes -----------------------------------------------------------------------
    def _callee(self, node: object) -> tuple[str, str]:
        """(last name, dotted text) of a call's function: ``client.converse`` -> (converse, ...)."""
        cst = self.cst
        if isinstance(node, cst.Attribute):
            last, dotted = node.attr.value, self._callee(node.value)[1]
            return last, f"{dotted}.{last}" if dotted else last
        if isinstance(node, cst.Name):
            return node.value, node.value
        if isinstance(node, cst.Call):
            called = self._callee(node.func)[0] + "()"
            return called, called
        return "", ""

    def _flatten(self, node: object) -> list[object]:
        """Leaf elements of a list/tuple/set literal, through nested tuples (``(label, id)``)."""
        cst = self.cst
        out: list[object] = []
        for el in node.elements:  # type: ignore[attr-defined]
            if isinstance(el.value, (cst.Tuple, cst.List)):
                out.extend(self._flatten(el.value))
            else:
                out.append(el.value)
        return out

    def _element(self, node: object, index: int) -> object | None:
        cst = self.cst
        if isinstance(node, (cst.Tuple, cst.List)):
            return node.elements[index].value if index < len(node.elements) else None
        return node

    def _strings_in(self, node: object) -> list[str]:
        cst = self.cst
        out: list[str] = []
        if isinstance(node, cst.SimpleString):
            value = self._string(node)
            if value:
                out.append(value)
        elif isinstance(node, cst.Call):
            for arg in node.args:
                out.extend(self._strings_in(arg.value))
        elif isinstance(node, (cst.List, cst.Tuple)):
            for el in node.elements:
                out.extend(self._strings_in(el.value))
        return out

    def _stringish(self, expr: object) -> bool:
        cst = self.cst
        return isinstance(expr, (cst.SimpleString, cst.ConcatenatedString,
                                 cst.FormattedString)) or (
            isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add))

    def _string(self, expr: object) -> str | None:
        cst = self.cst
        if isinstance(expr, cst.SimpleString):
            value = expr.evaluated_value
            return value if isinstance(value, str) else None
        return None

    def _subscript_key(self, node: object) -> str | None:
        cst = self.cst
        sub: cst.Subscript = node  # type: ignore[assignment]
        if len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
            return self._string(sub.slice[0].slice.value)
        return None

    def _dotted(self, expr: object) -> str:
        return self._callee(expr)[1] or "?"

    def _dict_values(self, node: object) -> list[object]:
        """Leaf values of a dict literal (never its keys), through nested dicts and lists."""
        cst = self.cst
        out: list[object] = []
        dct: cst.Dict = node  # type: ignore[assignment]
        for e in dct.elements:
            if not isinstance(e, cst.DictElement):
                continue
            if isinstance(e.value, cst.Dict):
                out.extend(self._dict_values(e.value))
            elif isinstance(e.value, (cst.List, cst.Tuple)):
                out.extend(el.value for el in e.value.elements)
            else:
                out.append(e.value)
        return out


class _Iter:
    """A loop variable bound to the elements of an iterable (``index``: one tuple position)."""

    def __init__(self, iterable: object, index: int | None = None) -> None:
        self.iterable = iterable
        self.index = index


class _Keys:
    """A loop variable bound to the keys of a dict (``for model_id, cfg in MODELS.items()``)."""

    def __init__(self, base: object) -> None:
        self.base = base


class _Values:
    def __init__(self, base: object) -> None:
        self.base = base


def _field_default(call: cst.Call) -> object | None:
    for arg in call.args:
        if (arg.keyword is None and arg.star == "") or (arg.keyword is not None and arg.keyword.value == "default"):
            return arg.value
    return None


def positional_args(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and a.star == ""]


