"""Decode a CloudFormation template (YAML or JSON) into values that know where they are.

The result is what cfn-lint's ``cfnlint.decode.decode_str`` returns, built the same way
(PyYAML's safe loader, libyaml when present): mappings, sequences and strings are ``dict``,
``list`` and ``str`` subclasses with 0-based ``start_mark``/``end_mark``; a short-form
intrinsic (``!Sub "..."``, ``!Ref X``, ``!GetAtt A.B``) becomes a one-key mapping
(``{"Fn::Sub": ...}``, ``{"Ref": ...}``) at the tag's position whose inner scalar has no marks.
Duplicate and null keys, YAML errors and tags outside the CloudFormation ``!`` family
(``!!python/object``...) are errors, never constructed objects. A test holds the two decoders
equal on every template the suite has.

Why not call cfn-lint's decoder: importing it imports all of cfn-lint (0.4 s with bytecode,
over 2 s without), more than a pre-commit run on one template may take. It is still used for
the rare template that PyYAML cannot read but JSON can (tab indentation, JSON-only escapes),
where cfn-lint has its own JSON decoder.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Short-form tags that keep their name (``!Ref`` -> ``Ref``); the others get ``Fn::``.
_BARE = ("Ref", "Condition")
#: Largest alias-expanded size accepted ("billion laughs" stays bounded), as cfn-lint's.
MAX_EXPANDED_NODES = 250_000


class Mark:
    """A 0-based position, for nodes that are given one without a YAML mark."""

    __slots__ = ("line", "column")

    def __init__(self, line: int = 1, column: int = 1) -> None:
        self.line, self.column = line, column


class StrNode(str):
    start_mark: Any
    end_mark: Any

    def __new__(cls, value: str, start: Any = None, end: Any = None) -> StrNode:
        obj = super().__new__(cls, value)
        obj.start_mark, obj.end_mark = start or Mark(), end or Mark()
        return obj

    def __deepcopy__(self, memo: dict[int, Any]) -> StrNode:
        return StrNode(self, self.start_mark, self.end_mark)


class DictNode(dict):  # type: ignore[type-arg]
    def __init__(self, value: Any = (), start: Any = None, end: Any = None) -> None:
        super().__init__(value)
        self.start_mark, self.end_mark = start or Mark(), end or Mark()


class ListNode(list):  # type: ignore[type-arg]
    def __init__(self, value: Any = (), start: Any = None, end: Any = None) -> None:
        super().__init__(value)
        self.start_mark, self.end_mark = start or Mark(), end or Mark()


class DecodeError(Exception):
    """The template cannot be decoded: ``message`` at 1-based ``line``/``col``."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


class _TemplateLoader(_Loader):  # type: ignore[misc,valid-type]
    def construct_template_map(self, node: MappingNode) -> DictNode:
        merged = any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value)
        self.flatten_mapping(node)
        seen: dict[Any, Any] = {}
        duplicate: DecodeError | None = None  # raised once every value is built, as cfn-lint
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, False)
            self.construct_object(value_node, False)
            if key is None:
                raise DecodeError(f"Null key {key_node.value!r} not supported "
                                  f"(line {key_node.start_mark.line + 1})",
                                  key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            try:
                first = seen.get(key)
                seen.setdefault(key, key_node)
            except TypeError:
                raise DecodeError(f'Unhashable type "{key}" (line {key_node.start_mark.line + 1})',
                                  key_node.start_mark.line + 1,
                                  key_node.start_mark.column + 1) from None
            if first is not None and duplicate is None and not merged:
                mark = first.start_mark
                duplicate = DecodeError(f"Duplicate found {key!r} (line {mark.line + 1})",
                                        mark.line + 1, mark.column + 1)
        if duplicate is not None:
            raise duplicate
        mapping = SafeConstructor.construct_mapping(self, node, deep=False)
        return DictNode(mapping, node.start_mark, node.end_mark)

    def construct_template_str(self, node: ScalarNode) -> StrNode:
        return StrNode(SafeConstructor.construct_yaml_str(self, node),
                       node.start_mark, node.end_mark)

    def construct_template_seq(self, node: SequenceNode) -> ListNode:
        return ListNode(self.construct_sequence(node, deep=False), node.start_mark, node.end_mark)

    def construct_intrinsic(self, suffix: str, node: Any) -> DictNode:
        name = suffix if suffix in _BARE else f"Fn::{suffix}"
        value: Any
        if name == "Fn::GetAtt":
            value = self._getatt(node)
        elif isinstance(node, ScalarNode):
            value = self.construct_scalar(node)
        elif isinstance(node, SequenceNode):
            value = self.construct_sequence(node, deep=True)
        elif isinstance(node, MappingNode):
            value = self.construct_mapping(node, deep=True)
        else:  # pragma: no cover - PyYAML has no other node kind
            raise DecodeError(f"Bad tag: !{suffix}")
        return DictNode({name: value}, node.start_mark, node.end_mark)

    def _getatt(self, node: Any) -> Any:
        if isinstance(node.value, str):
            return ListNode(node.value.split(".", 1), node.start_mark, node.end_mark)
        if any(isinstance(item, tuple) for item in node.value):  # a mapping
            as_map = MappingNode("tag:yaml.org,2002:map", node.value, node.start_mark,
                                 node.end_mark)
            return DictNode(self.construct_object(as_map, deep=True))
        return ListNode([self.construct_object(child, deep=True) for child in node.value],
                        node.start_mark, node.end_mark)


_TemplateLoader.add_constructor("tag:yaml.org,2002:map", _TemplateLoader.construct_template_map)
_TemplateLoader.add_constructor("tag:yaml.org,2002:str", _TemplateLoader.construct_template_str)
_TemplateLoader.add_constructor("tag:yaml.org,2002:seq", _TemplateLoader.construct_template_seq)
_TemplateLoader.add_multi_constructor("!", _TemplateLoader.construct_intrinsic)


def _expanded_size(root: Any) -> None:
    """Refuse templates whose aliases expand past ``MAX_EXPANDED_NODES`` (counted once per
    distinct node, so the count itself is linear)."""
    memo: dict[int, int] = {}

    def size(node: Any) -> int:
        known = memo.get(id(node))
        if known is not None:
            return known
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            return 1
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise DecodeError(f"Template resolves to more than {MAX_EXPANDED_NODES} nodes "
                                  "once YAML aliases are expanded; this is not supported and "
                                  "may indicate YAML alias amplification")
        memo[id(node)] = total
        return total

    size(root)


#: PyYAML scanner problems after which the text is read as JSON instead (as cfn-lint does).
_JSON_ONLY = ("found character '\\t' that cannot start any token", "found unknown escape character")


def decode(text: str) -> Any:
    """The decoded template (any YAML value; an empty document is an empty mapping).
    Raises ``DecodeError`` with cfn-lint's message and position."""
    loader = _TemplateLoader(text)
    try:
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except DecodeError:
        raise
    except yaml.scanner.ScannerError as exc:
        if exc.problem and exc.problem.startswith(_JSON_ONLY):
            return _decode_json(text, exc)
        raise _marked(exc) from None
    except yaml.parser.ParserError as exc:
        raise _marked(exc) from None
    except (ConstructorError, yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise DecodeError(f"Template could not be parsed: {exc}") from None
    if data is None:
        return DictNode({}, Mark(0, 0), Mark(0, 0))
    if "&" in text:
        _expanded_size(data)
    return data


def _marked(exc: yaml.MarkedYAMLError) -> DecodeError:
    mark = exc.problem_mark
    return DecodeError(str(exc.problem), mark.line + 1 if mark else 1, mark.column + 1 if mark else 1)


def _decode_json(text: str, yaml_error: yaml.MarkedYAMLError) -> Any:
    """What PyYAML cannot read but JSON may: cfn-lint's own JSON decoder, imported only now."""
    from . import time_limit_paused

    with time_limit_paused():  # importing cfn-lint is set-up, not parsing
        from cfnlint.decode import decode_str

    tpl, matches = decode_str(text)
    if matches:
        first = min(matches, key=lambda m: (m.linenumber or 1, m.columnnumber or 1))
        raise DecodeError(str(first.message), first.linenumber or 1, first.columnnumber or 1)
    return tpl
