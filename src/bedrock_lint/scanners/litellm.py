"""LiteLLM proxy configs (``config.yaml`` with a ``model_list``) -> facts.

Parsed with PyYAML's *composer* (``yaml.compose_all`` with ``SafeLoader``): a node tree with
0-based marks on every scalar, and no Python object is ever constructed, so unknown tags
(``!vault``, ``!Ref``, ``!ENV``) are tolerated and harmless. Aliases share nodes, merge keys
(``<<``) are resolved by hand, every walk visits a node at most once per purpose, and the total
number of node visits is capped (``MAX_NODES``): alias bombs cost linear time, cyclic aliases
terminate, and a document too large to walk becomes a ``ScanError``. So does nesting too deep
for the (recursive) composer, and any YAML syntax error, at the parser's line and column.

What one ``model_list`` entry yields (``litellm_params`` after merge keys):

* ``model`` -> ``ModelRef(context="litellm_params.model", api="litellm")`` when it is a Bedrock
  model identifier: ``bedrock/<id>``, ``bedrock/converse/<id>``, ``bedrock/invoke/<id>``,
  ``bedrock/<region>/<id>``, ``bedrock/arn:...`` (an application-profile ARN there is compliant;
  it is emitted and the classifier says so), or a prefix-less ID when the entry is Bedrock:
  ``custom_llm_provider: bedrock``, ``aws_*`` parameters, or no provider at all (LiteLLM then
  infers Bedrock from its own catalogue of dotted Bedrock IDs). An explicit other provider
  (``custom_llm_provider: openai`` in front of a gateway) is not Bedrock and yields nothing.
* ``Use.BASE_MODEL`` instead of ``Use.SETTING`` for ``model`` when the same parameters carry a
  ``model_id`` that LiteLLM invokes instead: an ``os.environ/VAR`` reference (or another
  unresolved placeholder: ``${VAR}``, ``{{ .Values.x }}``, an unknown tag) or any literal that
  classifies. A literal ``model_id`` that classifies is itself a ``SETTING`` ref (an
  application-profile ARN is fine in configuration; a foundation model or system profile there
  is the violation, reported once, where LiteLLM really sends it). A ``model_id`` that is a
  plain literal but no Bedrock identifier leaves ``model`` a ``SETTING``: nothing shows that
  the entry goes through a profile.
* Wildcard routes (``bedrock/*``, ``bedrock/converse/*``, ``bedrock/anthropic.*``, or ``*``
  in a Bedrock entry) are emitted verbatim as ``litellm_params.model`` refs for
  ``wildcard-model-route`` (BRL106); they never classify, so the model-ID rules ignore them.

Not references: ``os.environ/VAR`` values, ``model_name``, ``model_info.base_model``,
``router_settings`` (``model_group_alias``, fallbacks), ``litellm_settings``,
``general_settings`` and ``environment_variables``. ``bedrock_mantle/`` routes are not
Bedrock runtime model IDs and are left alone.

The same functions read LiteLLM configs nested in other YAML (a Helm ``proxy_config:``
mapping) or embedded as a literal block string (a ConfigMap ``config.yaml: |``): see
``deployconfig``, which walks the rest of such files. ``scan`` is the file-level entry point
for both and reports the file as ``litellm``.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field

import yaml

from ..facts import Document, ModelRef, Use
from ..findings import Location
from ..modelids import Grammar
from . import ScanContext, ScanError

LOG = logging.getLogger(__name__)

FMT = "litellm"
#: Most nodes one file may make a scanner visit (aliases included) before it gives up.
MAX_NODES = 200_000
#: How deep block strings holding YAML are followed (a config inside a ConfigMap inside ...).
MAX_EMBEDDING = 4

YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
NULL_TAG = YAML_TAG + "null"
MERGE_TAG = YAML_TAG + "merge"
TOO_LARGE = "YAML document is too large or too deeply aliased"
TOO_DEEP = "YAML is nested too deeply to parse"

#: A line that starts a LiteLLM ``model_list`` (the router's content hint, reused for strings).
LITELLM_HINT = re.compile(r"(?m)^[ \t]*[\"']?model_list[\"']?[ \t]*:")
#: ``custom_llm_provider`` values that mean Bedrock.
BEDROCK_PROVIDERS = frozenset({"bedrock"})
#: Stands in for a masked template action (``{{ ... }}``); never part of a model ID.
MASK = "\u00a7"
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_PLACEHOLDER = re.compile(r"^os\.environ/|\$\{|\{\{|\{%|\$\(|^\$[A-Za-z_]|" + MASK)
_ROUTE = re.compile(r"^bedrock(?:/|:)")

# Precedence when several readings of one literal meet (a node shared through an alias):
# the most specific reading wins, and a direct call beats a base-model hint.
RANK_MODEL_KEY = 10
RANK_ENV = 20
RANK_LITELLM_BASE = 30
RANK_LITELLM = 40


# --- reading YAML ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A YAML text and where it sits in the file: embedded block strings are offset."""

    path: str
    text: str
    #: Lines of the file before the text's first line (0 for the file itself).
    line_offset: int = 0
    #: Columns every line of the text is indented by in the file.
    col_offset: int = 0
    depth: int = 0

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, split where YAML counts line breaks."""
        return [line for line, _ in _split_keep(self.text)]

    def loc(self, node: yaml.Node, offset: int = 0, length: int | None = None) -> Location:
        """The node's 1-based location. With ``offset``, the character that many places into a
        single-line scalar's value (when the file spells that part verbatim), ``length`` long."""
        start, end = node.start_mark, node.end_mark
        line, col = start.line, start.column
        end_line, end_col = end.line, end.column
        if offset and isinstance(node, yaml.ScalarNode) and start.line == end.line:
            raw = self.text[start.index : end.index]
            pos = raw.rfind(node.value[offset:])
            if pos >= 0:
                col += pos
                if length is not None:
                    end_col = col + length
        return Location(self.path, line + self.line_offset + 1, col + self.col_offset + 1,
                        end_line + self.line_offset + 1, end_col + self.col_offset + 1)


class Budget:
    """Counts node visits across one file; raises ``ScanError`` past ``MAX_NODES``."""

    def __init__(self, limit: int | None = None) -> None:
        self.left = MAX_NODES if limit is None else limit

    def spend(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise ScanError(TOO_LARGE)


def compose(src: Source) -> list[yaml.Node]:
    """Every document of ``src`` as a node tree; ``ScanError`` at the problem's position."""
    try:
        return [n for n in yaml.compose_all(src.text, Loader=yaml.SafeLoader) if n is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise ScanError(f"YAML syntax error: {problem}", line + src.line_offset,
                        col + src.col_offset) from None
    except yaml.reader.ReaderError as exc:
        head = src.text[: exc.position]
        line = head.count("\n") + 1
        col = exc.position - (head.rfind("\n") + 1) + 1
        raise ScanError(f"YAML syntax error: unacceptable character #x{exc.character:04x}",
                        line + src.line_offset, col + src.col_offset) from None
    except yaml.YAMLError as exc:
        raise ScanError(f"YAML error: {exc}") from None
    except RecursionError:
        raise ScanError(TOO_DEEP) from None


def mask_templates(text: str) -> str | None:
    """``text`` with Go/Jinja template actions blanked, positions kept; None if it has none.

    A line that holds nothing but template actions (``{{- if .Values.x }}``) becomes blank; an
    action inside a line becomes as many ``MASK`` characters, which never classify.
    """
    if "{{" not in text and "{%" not in text:
        return None
    parts = _split_keep(text)
    out = []
    for line, brk in parts:
        if _TEMPLATE.search(line):
            if not _TEMPLATE.sub("", line).strip():
                line = " " * len(line)
            else:
                line = _TEMPLATE.sub(lambda m: MASK * len(m.group(0)), line)
        out.append(line + brk)
    return "".join(out)


def _split_keep(text: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        parts.append((text[pos : m.start()], m.group(0)))
        pos = m.end()
    parts.append((text[pos:], ""))
    return parts


def compose_file(path: str, text: str) -> tuple[Source, list[yaml.Node]]:
    """Compose a whole file; ``ScanError`` if it is not YAML.

    A file with Go/Jinja template actions (a Helm chart template) is read with the actions
    masked, else as written; one that is YAML neither way is a template, not a broken file,
    and yields no documents.
    """
    if path.lower().endswith((".json", ".template")):
        text = text.replace("\t", " ")  # JSON whitespace; YAML forbids tabs before tokens
    masked = mask_templates(text)
    if masked is None:
        src = Source(path, text)
        return src, compose(src)
    for candidate in (masked, text):
        src = Source(path, candidate)
        try:
            return src, compose(src)
        except ScanError:
            continue
    LOG.debug("%s: template that is not YAML, masked or not; skipped", path)
    return Source(path, text), []


def embedded(node: yaml.Node, src: Source) -> Source | None:
    """The text of a literal block scalar (``key: |``) as a ``Source`` placed where its lines
    are in the file, or None when its lines cannot be mapped back exactly."""
    if not (isinstance(node, yaml.ScalarNode) and node.style == "|" and node.value.strip()):
        return None
    if src.depth >= MAX_EMBEDDING:
        return None
    start = node.start_mark
    bar = src.text.find("|", start.index, node.end_mark.index)
    if bar < 0:
        return None
    header = start.line + len(_LINE_BREAK.findall(src.text, start.index, bar))
    lines = src.lines
    value_lines = node.value.split("\n")
    if value_lines and value_lines[-1] == "":
        value_lines.pop()
    indent: int | None = None
    for i, v in enumerate(value_lines):
        if not v:
            continue
        if header + 1 + i >= len(lines):
            return None
        file_line = lines[header + 1 + i]
        if indent is None:
            indent = len(file_line) - len(v)
            if indent < 0 or file_line[:indent].strip(" "):
                return None
        if file_line != " " * indent + v:
            return None
    if indent is None:
        return None
    return Source(src.path, node.value, src.line_offset + header + 1, src.col_offset + indent,
                  src.depth + 1)


def key_text(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def scalar_text(node: yaml.Node | None) -> str | None:
    """A plain string value; None for other types, collections and unknown (local) tags."""
    if isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG:
        return str(node.value)
    return None


def is_placeholder(text: str) -> bool:
    """``os.environ/VAR``, ``${VAR}``, ``{{ ... }}``, ``$(VAR)``, ``$VAR``: not a literal."""
    return bool(_PLACEHOLDER.search(text))


def pairs(mapping: yaml.MappingNode, budget: Budget) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """``(key, key node, value node)`` after merge keys: own keys first, then each merged
    mapping's in order (earlier sources win). Complex keys are skipped."""
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    stack: list[yaml.MappingNode] = [mapping]
    seen = {id(mapping)}
    while stack:
        current = stack.pop()
        sources: list[yaml.MappingNode] = []
        for k, v in current.value:
            budget.spend()
            if k.tag == MERGE_TAG:
                for s in v.value if isinstance(v, yaml.SequenceNode) else (v,):
                    if isinstance(s, yaml.MappingNode) and id(s) not in seen:
                        seen.add(id(s))
                        sources.append(s)
                continue
            name = key_text(k)
            if name is not None and name not in out:
                out[name] = (k, v)
        stack.extend(reversed(sources))
    return [(name, k, v) for name, (k, v) in out.items()]


def get(mapping: yaml.Node | None, key: str, budget: Budget) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for name, _, value in pairs(mapping, budget):
        if name == key:
            return value
    return None


@dataclass
class Collector:
    """The refs of one file, one per literal: the highest-ranked reading of it wins."""

    path: str
    grammar: Grammar
    budget: Budget = field(default_factory=Budget)
    profile_env_vars: frozenset[str] = frozenset()
    _refs: dict[tuple[int, int, str], tuple[int, ModelRef]] = field(default_factory=dict)
    _seen: set[tuple[int, str]] = field(default_factory=set)

    def add(self, ref: ModelRef, rank: int) -> None:
        key = (ref.loc.line, ref.loc.col, ref.value)
        old = self._refs.get(key)
        if old is None or rank > old[0]:
            self._refs[key] = (rank, ref)

    def first_visit(self, node: yaml.Node, purpose: str) -> bool:
        """True the first time ``node`` is visited for ``purpose``; spends budget."""
        self.budget.spend()
        key = (id(node), purpose)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def refs(self) -> list[ModelRef]:
        return sorted((ref for _, ref in self._refs.values()),
                      key=lambda r: (r.loc.line, r.loc.col, r.value, r.context))


# --- LiteLLM semantics -----------------------------------------------------------------------


def model_list(mapping: yaml.Node, budget: Budget) -> yaml.SequenceNode | None:
    """The ``model_list`` sequence when ``mapping`` is a LiteLLM config, else None."""
    found = get(mapping, "model_list", budget)
    return found if isinstance(found, yaml.SequenceNode) else None


def is_wildcard(value: str) -> bool:
    """A LiteLLM route that passes the requested model through (``bedrock/*``)."""
    return "*" in value


def litellm_refs(entries: yaml.SequenceNode, src: Source, out: Collector) -> None:
    """Add the refs of every ``model_list`` entry to ``out``."""
    if not out.first_visit(entries, "litellm"):
        return
    for entry in entries.value:
        if isinstance(entry, yaml.MappingNode) and out.first_visit(entry, "litellm-entry"):
            params = get(entry, "litellm_params", out.budget)
            if isinstance(params, yaml.MappingNode):
                _entry_refs(params, src, out)


def _entry_refs(params: yaml.MappingNode, src: Source, out: Collector) -> None:
    found = {name: value for name, _, value in pairs(params, out.budget)}
    provider = scalar_text(found.get("custom_llm_provider"))
    bedrock_hint = (provider is not None and provider.strip().lower() in BEDROCK_PROVIDERS) or \
        any(name.startswith("aws_") for name in found)
    foreign = provider is not None and not bedrock_hint

    model_id_routes = False
    mid_node = found.get("model_id")
    if mid_node is not None and mid_node.tag != NULL_TAG:
        mid_text = scalar_text(mid_node)
        if mid_text is None:
            # unresolved (``!vault ...``, a template artefact), unless a plain number or bool
            model_id_routes = not (isinstance(mid_node, yaml.ScalarNode)
                                   and mid_node.tag.startswith(YAML_TAG))
        elif is_placeholder(mid_text):
            model_id_routes = True
        elif out.grammar.classify(mid_text) is not None:
            model_id_routes = True
            out.add(ModelRef(mid_text, src.loc(mid_node), "litellm_params.model_id", Use.SETTING,
                             api="litellm"), RANK_LITELLM)

    model_node = found.get("model")
    text = scalar_text(model_node)
    if model_node is None or text is None or not text.strip() or is_placeholder(text):
        return
    routed = bool(_ROUTE.match(text))
    if is_wildcard(text):
        if routed or (bedrock_hint and "/" not in text):
            out.add(ModelRef(text, src.loc(model_node), "litellm_params.model", Use.SETTING,
                             api="litellm"), RANK_LITELLM)
        return
    mid = out.grammar.classify(text)
    if mid is None or (not mid.route and foreign):
        return
    use, rank = (Use.BASE_MODEL, RANK_LITELLM_BASE) if model_id_routes else \
        (Use.SETTING, RANK_LITELLM)
    out.add(ModelRef(text, src.loc(model_node), "litellm_params.model", use, api="litellm"), rank)


def scan(path: str, text: str, ctx: ScanContext) -> Document:
    """A file routed as a LiteLLM config. Other deployment settings in the same file (a
    Deployment next to the ConfigMap) are read too, as ``deployconfig`` reads them."""
    from .deployconfig import scan_yaml  # the walker shared by both YAML kinds

    return scan_yaml(path, text, ctx, FMT)

