"""CloudFormation and SAM templates (YAML or JSON, CDK output included) -> facts.

Decoded by ``_cfn_decode`` (equal to cfn-lint's decoder, without importing cfn-lint), which
keeps 0-based ``start_mark``/``end_mark`` on mapping keys, mappings, sequences and string
scalars. Short-form intrinsics (``!Sub "..."``, ``!Ref X``) become mappings whose inner
scalars carry no marks; their position is the tag's.

What the scanner reports:

* one ``ProfileResource`` per ``AWS::Bedrock::ApplicationInferenceProfile``, with
  ``InferenceProfileName``, ``ModelSource.CopyFrom`` and ``Tags`` resolved statically, merged
  under the stack tags of the ``samconfig.toml`` that deploys the template;
* one ``ModelRef`` (``Use.SETTING``) per string that reaches a model-bearing property (see
  ``SINKS``) and classifies as a Bedrock model identifier, including parameter defaults and
  mapping values that reach such a property through ``Ref``, ``Fn::Sub`` or ``Fn::FindInMap``.

Not reported: ``CopyFrom`` (a fact of the profile), IAM policies, descriptions, outputs,
metadata, and parameter defaults that only feed those.

Resolution: ``Ref`` to a parameter gives its ``Default``; ``Fn::Sub``, ``Fn::Join``,
``Fn::Select`` and ``Fn::FindInMap`` are evaluated when their parts resolve; ``Fn::If`` yields
both branches. Names and tag values must resolve completely (pseudo parameters never do), else
they are ``None``. Values that build an ARN may leave the partition, Region and account fields
open (pseudo parameters, parameters without a default): those fields get the placeholders
``aws``, ``region`` and ``000000000000``, as in the Terraform scanner. For ``CopyFrom`` an open
part anywhere else, notably in the model part, leaves the value unresolved; a model reference
keeps it as ``${Name}`` and is reported only if the classifier can still tell its kind.

Stack tags come from ``[default.deploy.parameters]`` (else ``[default.global.parameters]``)
``tags`` of the nearest ``samconfig.toml`` (template directory, then parents up to the root),
read through ``ctx.read_text``. Not read: ``parameter_overrides``, other config environments,
``samconfig.yaml``, ``aws cloudformation deploy --tags``.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..facts import Document, ModelRef, ProfileResource, TagValue, Use
from ..findings import Location
from ..modelids import ModelId
from . import ScanContext, ScanError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOG = logging.getLogger(__name__)

FMT = "cloudformation"
PROFILE_TYPE = "AWS::Bedrock::ApplicationInferenceProfile"

#: Placeholders for the open fields of an ARN, by ``:``-separated field index.
ARN_PLACEHOLDERS: Mapping[int, str] = {1: "aws", 3: "region", 4: "000000000000"}

#: Model-bearing properties per resource type. ``X[]`` iterates a list, ``*`` every key of a
#: map (the key joins the context), ``X[Name]`` a list of ``{Name, Value}`` pairs (the name
#: joins the context, the ``Value`` is the sink).
_FLOW = (
    "Definition.Nodes[].Configuration.Prompt.SourceConfiguration.Inline.ModelId",
    "Definition.Nodes[].Configuration.KnowledgeBase.ModelId",
)
_MEMORY = tuple(
    f"MemoryStrategies[].CustomMemoryStrategy.Configuration.{override}.{step}.ModelId"
    for override, steps in (
        ("SemanticOverride", ("Extraction", "Consolidation")),
        ("SummaryOverride", ("Consolidation",)),
        ("UserPreferenceOverride", ("Extraction", "Consolidation")),
        ("EpisodicOverride", ("Extraction", "Consolidation", "Reflection")),
    )
    for step in steps
)
SINKS: Mapping[str, tuple[str, ...]] = {
    "AWS::Bedrock::Agent": (
        "FoundationModel",
        "PromptOverrideConfiguration.PromptConfigurations[].FoundationModel",
    ),
    "AWS::Bedrock::KnowledgeBase": (
        "KnowledgeBaseConfiguration.VectorKnowledgeBaseConfiguration.EmbeddingModelArn",
        "KnowledgeBaseConfiguration.ManagedKnowledgeBaseConfiguration.EmbeddingModelArn",
    ),
    "AWS::Bedrock::Flow": _FLOW,
    "AWS::Bedrock::FlowVersion": _FLOW,
    "AWS::Bedrock::Prompt": ("Variants[].ModelId",),
    "AWS::Bedrock::PromptVersion": ("Variants[].ModelId",),
    "AWS::Bedrock::IntelligentPromptRouter": ("Models[].ModelArn", "FallbackModel.ModelArn"),
    "AWS::Bedrock::DataSource": (
        "VectorIngestionConfiguration.ParsingConfiguration.BedrockFoundationModelConfiguration.ModelArn",
        "VectorIngestionConfiguration.ContextEnrichmentConfiguration.BedrockFoundationModelConfiguration.ModelArn",
    ),
    "AWS::BedrockAgentCore::Harness": ("Model.BedrockModelConfig.ModelId",),
    "AWS::BedrockAgentCore::Memory": _MEMORY,
    "AWS::Lambda::Function": ("Environment.Variables.*",),
    "AWS::Serverless::Function": ("Environment.Variables.*",),
    "AWS::SSM::Parameter": ("Value",),
    "AWS::ECS::TaskDefinition": ("ContainerDefinitions[].Environment[Name]",),
    "AWS::Batch::JobDefinition": ("ContainerProperties.Environment[Name]",),
    "AWS::AppRunner::Service": (
        "SourceConfiguration.ImageRepository.ImageConfiguration.RuntimeEnvironmentVariables[Name]",
        "SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues"
        ".RuntimeEnvironmentVariables[Name]",
    ),
    "AWS::BedrockAgentCore::Runtime": ("EnvironmentVariables.*",),
}
#: Types whose every property string is a model reference (no published schema to follow).
WHOLE_PROPERTY_SINKS: tuple[str, ...] = ("AWS::Bedrock::ProvisionedModelThroughput",)
#: Step Functions states that call Bedrock (``Definition`` given as a mapping).
STATE_MACHINE_TYPES: tuple[str, ...] = (
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::StateMachine",
)

SAMCONFIG = "samconfig.toml"
SAMCONFIG_SOURCE = "samconfig.toml stack tags"
RESOURCE_TAGS_SOURCE = "resource Tags"

_MAX_DEPTH = 40
_MAX_ALTERNATIVES = 64
#: Nodes one value may visit while being resolved. YAML aliases can make a tree exponentially
#: larger than its text (``!If [c, *a, *a]`` nested), so resolution is bounded.
_BUDGET = 5000
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
_HOLE = "\x00"
_PAIR = re.compile(r"(\w+)\[(\w+)\]")
_WHOLE_HOLES = re.compile(f"(?:{_HOLE}\\d+{_HOLE})+")


# --- resolution ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One piece of a string value. ``text is None``: not statically known."""

    text: str | None
    loc: Location
    via: str | None = None
    #: For an unknown part: what it is (``AWS::Region``, ``Geo``, ``Res.Attr``).
    hole: str = ""


_Alt = tuple[_Part, ...]


def warm() -> None:
    """Import the template decoder before the first file needs it (a lane started early)."""
    from . import _cfn_decode  # noqa: F401


def _complete(alt: _Alt) -> str | None:
    if any(p.text is None for p in alt):
        return None
    return "".join(p.text or "" for p in alt)


def _arn_text(alt: _Alt, keep_holes: bool = False) -> str | None:
    """The value, with open partition/Region/account fields of an ARN filled in; else None.

    With ``keep_holes``, other open parts are written ``${Name}`` instead of giving None, so
    that the classifier can still decide the kind where a hole cannot change it (the geo
    prefix of ``${Geo}.anthropic.claude-sonnet-4-6``).
    """
    marks = [f"{_HOLE}{i}{_HOLE}" for i in range(len(alt))]
    text = "".join(marks[i] if p.text is None else p.text for i, p in enumerate(alt))
    if _HOLE not in text:
        return text
    if text.startswith("arn:"):
        head, sep, tail = text.partition("/")
        fields = head.split(":")
        for i, value in enumerate(fields):
            if _HOLE in value:
                if not _WHOLE_HOLES.fullmatch(value) or i not in ARN_PLACEHOLDERS:
                    return None
                fields[i] = ARN_PLACEHOLDERS[i]
        text = ":".join(fields) + sep + tail
        if _HOLE not in text:
            return text
    if not keep_holes:
        return None
    for i, p in enumerate(alt):
        if p.text is None:
            text = text.replace(marks[i], "${" + re.sub(r"[{}$]", "", p.hole or "?") + "}")
    return text


def _single(alts: list[_Alt]) -> str | None:
    """The one complete value all alternatives agree on, else None."""
    values = {_complete(a) for a in alts}
    if len(values) == 1:
        return values.pop()
    return None


def _intrinsic(node: Any) -> tuple[str, Any] | None:
    if isinstance(node, dict) and len(node) == 1:
        key, value = next(iter(node.items()))
        if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")):
            return str(key), value
    return None


def _hole_name(node: Any) -> str:
    """What an unknown value is, for ``${...}`` in a partly known string."""
    fn = _intrinsic(node)
    if fn is not None and fn[0] in ("Ref", "Fn::GetAtt"):
        arg = fn[1]
        if isinstance(arg, str):
            return arg
        if isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            return ".".join(arg)
    return "?"


def _describe(node: Any) -> str:
    """A short description of an unresolved value for messages: ``!Ref TagsParam``."""
    fn = _intrinsic(node)
    if fn is None:
        return "a non-literal value"
    name, arg = fn
    short = "!" + name.removeprefix("Fn::")
    if name == "Ref" and isinstance(arg, str):
        return f"{short} {arg}"
    if name == "Fn::GetAtt":
        if isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            return f"{short} {'.'.join(arg)}"
        if isinstance(arg, str):
            return f"{short} {arg}"
    if (
        name in ("Fn::If", "Fn::FindInMap")
        and isinstance(arg, list)
        and arg
        and isinstance(arg[0], str)
    ):
        return f"{short} {arg[0]}"
    return short


class _Template:
    def __init__(self, path: str, tpl: Mapping[Any, Any], ctx: ScanContext) -> None:
        self.path = path
        self.tpl = tpl
        self.ctx = ctx
        params = tpl.get("Parameters")
        self.params: Mapping[Any, Any] = params if isinstance(params, dict) else {}
        mappings = tpl.get("Mappings")
        self.mappings: Mapping[Any, Any] = mappings if isinstance(mappings, dict) else {}
        self.refs: dict[tuple[Any, ...], ModelRef] = {}
        self.budget = _BUDGET

    # positions
    def loc(self, node: Any, fallback: Location) -> Location:
        start = getattr(node, "start_mark", None)
        if start is None:
            return fallback
        end = getattr(node, "end_mark", None)
        if end is not None and end.line == start.line and end.column > start.column:
            return Location(
                self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1
            )
        return Location(self.path, start.line + 1, start.column + 1)

    def value_loc(self, node: Any, fallback: Location) -> Location:
        """Where a value is written: the string of a long-form ``Fn::Sub``, else the node."""
        fn = _intrinsic(node)
        if fn is not None and fn[0] == "Fn::Sub" and hasattr(fn[1], "start_mark"):
            return self.loc(fn[1], fallback)
        return self.loc(node, fallback)

    # values
    def alts(self, node: Any, fallback: Location, depth: int = 0) -> list[_Alt]:
        """Every way ``node`` can evaluate, as part lists. ``[]``: no value (``AWS::NoValue``)."""
        here = self.loc(node, fallback)
        hole: list[_Alt] = [(_Part(None, here, hole=_hole_name(node)),)]
        self.budget -= 1
        if depth > _MAX_DEPTH or self.budget < 0:
            return hole
        if isinstance(node, bool):
            return [(_Part("true" if node else "false", here),)]
        if isinstance(node, (int, float)):
            return [(_Part(str(node), here),)]
        if isinstance(node, str):
            return [(_Part(str(node), here),)]
        if node is None:
            return []
        fn = _intrinsic(node)
        if fn is None:
            return hole
        name, arg = fn
        if name == "Ref":
            return self._ref(arg, here)
        if name == "Fn::Sub":
            return self._sub(arg, here, depth)
        if name == "Fn::Join":
            return self._join(arg, here, depth)
        if name == "Fn::If":
            if isinstance(arg, list) and len(arg) == 3:
                return _cap(self.alts(arg[1], here, depth + 1) + self.alts(arg[2], here, depth + 1))
            return hole
        if name == "Fn::FindInMap":
            return self._find_in_map(arg, here, depth)
        if name == "Fn::Select":
            return self._select(arg, here, depth)
        return hole

    def _ref(self, name: Any, here: Location) -> list[_Alt]:
        if not isinstance(name, str):
            return [(_Part(None, here),)]
        hole: list[_Alt] = [(_Part(None, here, hole=name),)]
        if name == "AWS::NoValue":
            return []
        param = self.params.get(name)
        if isinstance(param, dict) and "Default" in param:
            default = param["Default"]
            if isinstance(default, bool):
                text = "true" if default else "false"
            elif isinstance(default, (str, int, float)):
                text = str(default)
            else:
                return hole
            return [(_Part(text, self.loc(default, self.loc(param, here)), f"Parameters.{name}"),)]
        return hole

    def _sub(self, arg: Any, here: Location, depth: int) -> list[_Alt]:
        variables: Mapping[Any, Any] = {}
        template = arg
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            template, variables = arg
        if not isinstance(template, str):
            return [(_Part(None, here),)]
        at = self.loc(template, here)
        pieces: list[list[_Alt]] = []
        pos = 0
        for m in _SUB_VAR.finditer(template):
            if m.start() > pos:
                pieces.append([(_Part(template[pos : m.start()], at),)])
            var = m.group(1)
            if var.startswith("!"):
                pieces.append([(_Part("${" + var[1:] + "}", at),)])
            elif var in variables:
                pieces.append(self.alts(variables[var], at, depth + 1) or [()])
            elif "." in var:
                pieces.append([(_Part(None, at, hole=var),)])  # ${Resource.Attribute}
            else:
                pieces.append(self._ref(var, at) or [()])
            pos = m.end()
        if pos < len(template):
            pieces.append([(_Part(template[pos:], at),)])
        return _product(pieces)

    def _join(self, arg: Any, here: Location, depth: int) -> list[_Alt]:
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            return [(_Part(None, here),)]
        delim, items = arg
        if not isinstance(items, list):
            return [(_Part(None, here),)]
        pieces: list[list[_Alt]] = []
        for item in items:
            item_alts = self.alts(item, here, depth + 1)
            if not item_alts:
                continue
            if pieces and delim:
                pieces.append([(_Part(str(delim), here),)])
            pieces.append(item_alts)
        return _product(pieces)

    def _select(self, arg: Any, here: Location, depth: int) -> list[_Alt]:
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            index = _single(self.alts(arg[0], here, depth + 1))
            if index is not None and index.isdigit() and int(index) < len(arg[1]):
                return self.alts(arg[1][int(index)], here, depth + 1)
        return [(_Part(None, here),)]

    def _find_in_map(self, arg: Any, here: Location, depth: int) -> list[_Alt]:
        hole: list[_Alt] = [(_Part(None, here),)]
        if not (isinstance(arg, list) and len(arg) in (3, 4)):
            return hole
        map_name = _single(self.alts(arg[0], here, depth + 1))
        table = self.mappings.get(map_name) if map_name is not None else None
        if not isinstance(table, dict):
            return hole
        top = _single(self.alts(arg[1], here, depth + 1))
        second = _single(self.alts(arg[2], here, depth + 1))
        out: list[_Alt] = []
        for top_key, level in table.items():
            if top is not None and str(top_key) != top or not isinstance(level, dict):
                continue
            for key, value in level.items():
                if second is not None and str(key) != second:
                    continue
                for alt in self.alts(value, self.loc(value, here), depth + 1):
                    out.append(
                        tuple(
                            p if p.via else _Part(p.text, p.loc, f"Mappings.{map_name}")
                            for p in alt
                        )
                    )
        if not out:
            return hole  # key absent (or a Fn::FindInMap DefaultValue we do not evaluate)
        return _cap(out)

    def strict(self, node: Any, fallback: Location) -> str | None:
        """The value when it resolves to exactly one complete string, else None."""
        self.budget = _BUDGET
        return _single(self.alts(node, fallback))

    def values(self, node: Any, fallback: Location) -> list[_Alt]:
        """Every alternative of a value (a fresh resolution budget for each value)."""
        self.budget = _BUDGET
        return self.alts(node, fallback)

    # model references
    def add_refs(
        self, node: Any, fallback: Location, context: str, api: str, use: Use = Use.SETTING
    ) -> None:
        grammar = self.ctx.grammar
        for alt in self.values(node, fallback):
            value = _arn_text(alt, keep_holes=True)
            if value is None:
                continue
            mid = grammar.classify(value)
            if mid is None:
                continue
            loc, via = _pick(alt, mid, self.loc(node, fallback))
            ref = ModelRef(value=value, loc=loc, context=context, use=use, api=api, via=via)
            self.refs.setdefault((value, loc, context, via), ref)


def _product(pieces: list[list[_Alt]]) -> list[_Alt]:
    out: list[_Alt] = []
    for combo in itertools.product(*pieces):
        out.append(tuple(p for alt in combo for p in alt))
        if len(out) >= _MAX_ALTERNATIVES:
            break
    return out


def _cap(alts: list[_Alt]) -> list[_Alt]:
    return alts[:_MAX_ALTERNATIVES]


def _pick(alt: _Alt, mid: ModelId, enclosing: Location) -> tuple[Location, str | None]:
    """Where the model is written: the part that holds it, else the enclosing value."""
    if len(alt) == 1:
        return alt[0].loc, alt[0].via
    if mid.model:
        for part in alt:
            if part.text and mid.model in part.text:
                return part.loc, part.via
    literal = {p.loc for p in alt if p.text and p.via is None}
    if len(literal) == 1 and not any(p.via for p in alt):
        return literal.pop(), None
    return enclosing, None


# --- walking property paths -----------------------------------------------------------------


def _branches(node: Any) -> Iterator[Any]:
    """``node``, or the branches of a ``Fn::If`` standing where a structure is expected."""
    fn = _intrinsic(node)
    if fn is not None and fn[0] == "Fn::If" and isinstance(fn[1], list) and len(fn[1]) == 3:
        for branch in fn[1][1:]:
            yield from _branches(branch)
    elif fn is not None and fn[0] == "Ref" and fn[1] == "AWS::NoValue":
        return
    else:
        yield node


def _follow(node: Any, segments: list[str], label: str) -> Iterator[tuple[Any, str]]:
    """Every ``(value node, context)`` the path reaches from ``node``."""
    if not segments:
        yield node, label
        return
    seg, rest = segments[0], segments[1:]
    for here in _branches(node):
        if not isinstance(here, dict):
            continue
        if seg == "*":
            for key, value in here.items():
                yield from _follow(value, rest, f"{label}.{key}")
            continue
        pair = _PAIR.fullmatch(seg)
        if pair:
            key, name_key = pair.groups()
            for items in _branches(here.get(key)):
                if not isinstance(items, list):
                    continue
                for item in items:
                    for entry in _branches(item):
                        if isinstance(entry, dict) and "Value" in entry:
                            name = entry.get(name_key)
                            suffix = f".{name}" if isinstance(name, str) else "[]"
                            yield from _follow(entry["Value"], rest, f"{label}.{key}{suffix}")
            continue
        many = seg.endswith("[]")
        key = seg[:-2] if many else seg
        if key not in here:
            continue
        child = here[key]
        if not many:
            yield from _follow(child, rest, f"{label}.{key}")
            continue
        for items in _branches(child):
            if isinstance(items, list):
                for item in items:
                    yield from _follow(item, rest, f"{label}.{key}[]")


def _leaves(node: Any, label: str, budget: list[int], depth: int = 0) -> Iterator[tuple[Any, str]]:
    """Every value below ``node`` that is a scalar or an intrinsic, with its path."""
    budget[0] -= 1
    if depth > _MAX_DEPTH or budget[0] < 0:
        return
    if isinstance(node, dict) and _intrinsic(node) is None:
        for key, value in node.items():
            if key != "Tags":
                yield from _leaves(value, f"{label}.{key}", budget, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _leaves(item, f"{label}[]", budget, depth + 1)
    else:
        yield node, label


def _state_machine_calls(
    node: Any, label: str, budget: list[int], depth: int = 0
) -> Iterator[tuple[Any, str]]:
    """``ModelId`` of every Step Functions task state that invokes a Bedrock model."""
    budget[0] -= 1
    if depth > _MAX_DEPTH or budget[0] < 0:
        return
    if isinstance(node, dict):
        resource = node.get("Resource")
        if isinstance(resource, str) and ":bedrock:invokeModel" in resource:
            for key in ("Parameters", "Arguments"):
                args = node.get(key)
                if isinstance(args, dict) and "ModelId" in args:
                    yield args["ModelId"], f"{label}.{key}.ModelId"
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from _state_machine_calls(value, f"{label}.{key}", budget, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _state_machine_calls(item, f"{label}[]", budget, depth + 1)


def _definition_string_calls(text: str, node: Any, label: str) -> Iterator[tuple[Any, str]]:
    """``ModelId`` of the Bedrock task states of a ``DefinitionString``: Amazon States
    Language JSON written as a string (plain, or the template of ``Fn::Sub``). Each value is
    located where it is written in the template (the first occurrence after the string's
    start), with ``${...}`` left as written for the classifier."""
    from ._cfn_decode import Mark, StrNode

    anchor = node
    fn = _intrinsic(node)
    if fn is not None and fn[0] == "Fn::Sub":
        body = fn[1][0] if isinstance(fn[1], list) and fn[1] else fn[1]
        anchor = body if hasattr(body, "start_mark") else node
        node = body
    if not isinstance(node, str) or ":bedrock:invokeModel" not in node:
        return
    try:
        definition = json.loads(node)
    except ValueError:
        return
    start = getattr(getattr(anchor, "start_mark", None), "index", None)
    for value, where in _state_machine_calls(definition, label, [_BUDGET]):
        if not isinstance(value, str):
            continue
        at = text.find(value, start) if isinstance(start, int) else -1
        if at < 0:
            yield StrNode(value, getattr(anchor, "start_mark", None)), where
            continue
        line = text.count("\n", 0, at)
        col = at - (text.rfind("\n", 0, at) + 1)
        yield StrNode(value, Mark(line, col), Mark(line, col + len(value))), where


# --- stack tags from samconfig.toml ---------------------------------------------------------


@dataclass
class _StackTags:
    tags: dict[str, TagValue] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)
    applied: bool = False


_SAM_TAG = re.compile(
    r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|[^\s"'=\\]+)="""
    r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|[^\s"\\]*)"""
)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.replace("\\ ", " ").replace('\\"', '"').replace("\\'", "'")


def parse_sam_tags(value: Any) -> dict[str, str] | None:
    """SAM CLI's ``--tags`` / samconfig ``tags`` syntax: ``k1="v1" k2=v2`` or a list of them.

    Follows ``samcli.cli.types.CfnTags``: a single ``k=v``, space-separated ``k=v`` tokens, or
    quoted values with spaces. Returns None when the value has none of these forms.
    """
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            return None
        value = " ".join(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return {}
    if text.count("=") == 1:
        key, val = text.split("=")
        return {_unquote(key): _unquote(val)}
    tokens = text.split(" ")
    if all(t.count("=") == 1 for t in tokens):
        return {_unquote(k): _unquote(v) for k, v in (t.split("=") for t in tokens)}
    found = _SAM_TAG.findall(text)
    if not found:
        return None
    return {_unquote(k): _unquote(v) for k, v in found}


def _toml_key_position(text: str, table: str, key: str) -> tuple[int, int]:
    """1-based line and column of ``key = ...`` inside ``[table]``, or (1, 1)."""
    current = ""
    key_re = re.compile(
        rf"""^(\s*)(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*="""
    )
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = re.sub(r"[\s\"'\[\]]", "", stripped.split("#", 1)[0])
            continue
        m = key_re.match(line)
        if m and current == table:
            return number, len(m.group(1)) + 1
    return 1, 1


def _stack_tags(path: str, ctx: ScanContext) -> _StackTags:
    """Tags ``sam deploy`` puts on the stack, from the nearest ``samconfig.toml`` that deploys
    this template (same directory, or a parent up to the root; one that names another
    ``template_file`` is skipped)."""
    out = _StackTags()
    real = Path(os.path.abspath(path))
    root = Path(os.path.abspath(ctx.root))
    folder = real.parent
    up = 0
    while True:
        text = ctx.read_text(folder / SAMCONFIG)
        if text is not None:
            display = os.path.normpath(os.path.join(os.path.dirname(path), *[".."] * up, SAMCONFIG))
            if _apply_samconfig(text, display, folder, real, out):
                return out
        if folder == root or folder.parent == folder or root not in folder.parents:
            return out
        folder = folder.parent
        up += 1


def _apply_samconfig(
    text: str, display: str, folder: Path, template: Path, out: _StackTags
) -> bool:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        LOG.debug("%s: cannot parse: %s", display, exc)
        out.unresolved.append(f"{display} (not valid TOML)")
        return True
    env = data.get("default")
    env = env if isinstance(env, dict) else {}
    sections: list[tuple[str, dict[str, Any]]] = []
    for command in ("deploy", "global"):
        params = env.get(command, {})
        params = params.get("parameters") if isinstance(params, dict) else None
        if isinstance(params, dict):
            sections.append((f"default.{command}.parameters", params))
    for _, params in sections:
        named = params.get("template_file", params.get("template"))
        if isinstance(named, str) and named:
            if Path(os.path.normpath(folder / named)) != template:
                return False
            break
    for table, params in sections:
        if "tags" not in params:
            continue
        tags = parse_sam_tags(params["tags"])
        if tags is None:
            out.unresolved.append(f"{display} tags")
        else:
            line, col = _toml_key_position(text, table, "tags")
            loc = Location(display, line, col)
            out.tags = {k: TagValue(v, loc, SAMCONFIG_SOURCE) for k, v in tags.items()}
            out.applied = True
        break
    return True


# --- the scanner -----------------------------------------------------------------------------


#: Where PyYAML's messages say the problem is, when cfn-lint reports it at 1:1.
_MARK = re.compile(r'in "[^"\n]*", line (\d+), column (\d+)')


def _parse_error(message: str, line: int, col: int) -> ScanError:
    """One line, at the parser's position: the decoder wraps some YAML errors (unknown tags
    such as ``!!python/object/apply``) whole, as cfn-lint does, with their ``in "<unicode string>", line 6, column
    24`` on a second line and the match at 1:1."""
    if (line, col) == (1, 1):
        mark = _MARK.search(message)
        if mark:
            line, col = int(mark.group(1)), int(mark.group(2))
    first = " ".join(message.split("\n", 1)[0].split()).rstrip(":").strip()
    return ScanError(first or "Template could not be parsed", line, col)


def scan(path: str, text: str, ctx: ScanContext) -> Document:
    from ._cfn_decode import DecodeError, decode

    try:
        tpl = decode(text)
    except DecodeError as exc:
        raise _parse_error(exc.message, exc.line, exc.col) from None
    doc = Document(path=path, fmt=FMT)
    if not isinstance(tpl, dict) or not isinstance(tpl.get("Resources"), dict):
        return doc  # YAML/JSON, but not a template
    t = _Template(path, tpl, ctx)
    top = Location(path, 1, 1)
    stack: _StackTags | None = None

    globals_ = tpl.get("Globals")
    if isinstance(globals_, dict):
        for node, label in _follow(
            globals_.get("Function"), ["Environment", "Variables", "*"], "Globals.Function"
        ):
            t.add_refs(node, t.loc(globals_, top), label, "AWS::Serverless::Function")

    for key, resource in tpl["Resources"].items():
        if not isinstance(resource, dict):
            continue
        rtype = resource.get("Type")
        if not isinstance(rtype, str):
            continue
        at = t.loc(key, t.loc(resource, top))
        props = resource.get("Properties")
        props = props if isinstance(props, dict) else {}
        if rtype == PROFILE_TYPE:
            if stack is None:
                stack = _stack_tags(path, ctx)
            doc.profiles.append(_profile(t, str(key), at, props, stack))
        for spec in SINKS.get(rtype, ()):
            for node, label in _follow(props, spec.split("."), rtype):
                t.add_refs(node, at, label, rtype)
        if rtype in WHOLE_PROPERTY_SINKS:
            for node, label in _leaves(props, rtype, [_BUDGET]):
                t.add_refs(node, at, label, rtype)
        if rtype in STATE_MACHINE_TYPES:
            calls = _state_machine_calls(props.get("Definition"), f"{rtype}.Definition", [_BUDGET])
            calls = itertools.chain(calls, _definition_string_calls(
                text, props.get("DefinitionString"), f"{rtype}.DefinitionString"))
            for node, label in calls:
                t.add_refs(node, at, label, "bedrock:invokeModel", Use.CALL)

    doc.refs = sorted(t.refs.values(), key=lambda r: (r.loc.line, r.loc.col, r.context, r.value))
    return doc


def _profile(
    t: _Template, name: str, at: Location, props: Mapping[Any, Any], stack: _StackTags
) -> ProfileResource:
    profile_name: str | None = None
    name_loc: Location | None = None
    if "InferenceProfileName" in props:
        node = props["InferenceProfileName"]
        name_loc = t.value_loc(node, at)
        profile_name = t.strict(node, name_loc)

    copy_from: str | None = None
    copy_from_loc: Location | None = None
    resolved = True
    source = props.get("ModelSource")
    if isinstance(source, dict) and "CopyFrom" in source:
        node = source["CopyFrom"]
        copy_from_loc = t.value_loc(node, t.loc(source, at))
        values = {_arn_text(alt) for alt in t.values(node, copy_from_loc)}
        copy_from = values.pop() if len(values) == 1 else None
        resolved = copy_from is not None
    elif source is not None and not isinstance(source, dict):
        resolved = False  # ModelSource given as a whole by an intrinsic

    tags: dict[str, TagValue] = dict(stack.tags)
    unresolved: list[str] = list(stack.unresolved)
    sources: list[str] = [SAMCONFIG_SOURCE] if stack.applied else []
    tags_loc: Location | None = None
    if "Tags" in props:
        node = props["Tags"]
        tags_loc = t.loc(node, at)
        sources.append(RESOURCE_TAGS_SOURCE)
        if isinstance(node, list):
            for item in node:
                _tag_item(t, item, tags_loc, tags, unresolved)
        elif list(_branches(node)):
            unresolved.append(_describe(node))

    return ProfileResource(
        kind=PROFILE_TYPE,
        logical_name=name,
        loc=at,
        name=profile_name,
        name_loc=name_loc,
        copy_from=copy_from,
        copy_from_loc=copy_from_loc,
        copy_from_resolved=resolved,
        tags=tags,
        unresolved_tag_sources=tuple(unresolved),
        tag_sources=tuple(sources),
        tags_loc=tags_loc,
        create_before_destroy=None,
        fmt=FMT,
    )


def _tag_item(
    t: _Template, item: Any, tags_loc: Location, tags: dict[str, TagValue], unresolved: list[str]
) -> None:
    if isinstance(item, dict) and _intrinsic(item) is None:
        item_loc = t.loc(item, tags_loc)
        key = t.strict(item.get("Key"), item_loc) if "Key" in item else None
        if key is None:
            unresolved.append(_describe(item.get("Key")) if "Key" in item else "a tag without Key")
            return
        value_node = item.get("Value")
        value_loc = t.value_loc(value_node, item_loc) if "Value" in item else item_loc
        value = t.strict(value_node, value_loc) if "Value" in item else None
        tags[key] = TagValue(value, value_loc, RESOURCE_TAGS_SOURCE)
    elif list(_branches(item)):
        unresolved.append(_describe(item))
