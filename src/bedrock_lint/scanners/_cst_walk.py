"""A fast walk over a libcst tree for read-only visitors.

libcst's ``module.visit(visitor)`` rebuilds every node it passes (``_visit_and_replace_children``
constructs and validates a copy), which costs ~25 µs a node: most of a Python file's scan.
A visitor that only reads needs none of that. ``walk`` calls ``on_visit`` / ``on_leave`` in
the same order as libcst, over the fields libcst visits, in its order (source order), but
skips the fields that hold only whitespace and punctuation (``lpar``, ``comma``,
``whitespace_*`` ...), where no expression or statement can be.

``FIELDS`` is derived from libcst's own ``_visit_and_replace_children`` (see
``tests/test_python_walk.py``, which re-derives it from the installed libcst and fails when
they differ). A node type missing from it, or whose fields differ in the installed libcst,
is walked through libcst's ``children`` instead: slower, never wrong.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import libcst as cst

#: node type -> the fields that may hold expressions or statements, in libcst's visit order
FIELDS: dict[str, tuple[str, ...]] = {
    "Add": (),
    "AddAssign": (),
    "And": (),
    "AnnAssign": ("target", "annotation", "value"),
    "Annotation": ("annotation",),
    "Arg": ("keyword", "value"),
    "AsName": ("name",),
    "Assert": ("test", "msg"),
    "Assign": ("targets", "value"),
    "AssignEqual": (),
    "AssignTarget": ("target",),
    "Asynchronous": (),
    "Attribute": ("value", "attr"),
    "AugAssign": ("target", "value"),
    "Await": ("expression",),
    "BinaryOperation": ("left", "right"),
    "BitAnd": (),
    "BitAndAssign": (),
    "BitInvert": (),
    "BitOr": (),
    "BitOrAssign": (),
    "BitXor": (),
    "BitXorAssign": (),
    "BooleanOperation": ("left", "right"),
    "Break": (),
    "Call": ("func", "args"),
    "ClassDef": ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    "Colon": (),
    "Comma": (),
    "Comment": (),
    "CompFor": ("target", "iter", "ifs", "inner_for_in"),
    "CompIf": ("test",),
    "Comparison": ("left", "comparisons"),
    "ComparisonTarget": ("comparator",),
    "ConcatenatedString": ("left", "right"),
    "Continue": (),
    "Decorator": ("decorator",),
    "Del": ("target",),
    "Dict": ("elements",),
    "DictComp": ("key", "value", "for_in"),
    "DictElement": ("key", "value"),
    "Divide": (),
    "DivideAssign": (),
    "Dot": (),
    "Element": ("value",),
    "Ellipsis": (),
    "Else": ("body",),
    "EmptyLine": (),
    "Equal": (),
    "ExceptHandler": ("type", "name", "body"),
    "ExceptStarHandler": ("type", "name", "body"),
    "Expr": ("value",),
    "Finally": ("body",),
    "Float": (),
    "FloorDivide": (),
    "FloorDivideAssign": (),
    "For": ("target", "iter", "body", "orelse"),
    "FormattedString": ("parts",),
    "FormattedStringExpression": ("expression", "format_spec"),
    "FormattedStringText": (),
    "From": ("item",),
    "FunctionDef": ("decorators", "name", "type_parameters", "params", "returns", "body"),
    "GeneratorExp": ("elt", "for_in"),
    "Global": ("names",),
    "GreaterThan": (),
    "GreaterThanEqual": (),
    "If": ("test", "body", "orelse"),
    "IfExp": ("body", "test", "orelse"),
    "Imaginary": (),
    "Import": ("names",),
    "ImportAlias": ("name", "asname"),
    "ImportFrom": ("module", "names"),
    "ImportStar": (),
    "In": (),
    "IndentedBlock": ("body",),
    "Index": ("value",),
    "Integer": (),
    "Is": (),
    "IsNot": (),
    "Lambda": ("params", "body"),
    "LazyImport": ("names",),
    "LazyImportFrom": ("module", "names"),
    "LeftCurlyBrace": (),
    "LeftParen": (),
    "LeftShift": (),
    "LeftShiftAssign": (),
    "LeftSquareBracket": (),
    "LessThan": (),
    "LessThanEqual": (),
    "List": ("elements",),
    "ListComp": ("elt", "for_in"),
    "Match": ("subject", "cases"),
    "MatchAs": ("pattern", "name"),
    "MatchCase": ("pattern", "guard", "body"),
    "MatchClass": ("cls", "patterns", "kwds"),
    "MatchKeywordElement": ("key", "pattern"),
    "MatchList": ("patterns",),
    "MatchMapping": ("elements", "rest"),
    "MatchMappingElement": ("key", "pattern"),
    "MatchOr": ("patterns",),
    "MatchOrElement": ("pattern", "separator"),
    "MatchSequenceElement": ("value",),
    "MatchSingleton": ("value",),
    "MatchStar": ("name",),
    "MatchTuple": ("patterns",),
    "MatchValue": ("value",),
    "MatrixMultiply": (),
    "MatrixMultiplyAssign": (),
    "Minus": (),
    "Module": ("body",),
    "Modulo": (),
    "ModuloAssign": (),
    "Multiply": (),
    "MultiplyAssign": (),
    "Name": (),
    "NameItem": ("name",),
    "NamedExpr": ("target", "value"),
    "Newline": (),
    "Nonlocal": ("names",),
    "Not": (),
    "NotEqual": (),
    "NotIn": (),
    "Or": (),
    "Param": ("name", "annotation", "default"),
    "ParamSlash": (),
    "ParamSpec": ("name",),
    "ParamStar": (),
    "Parameters": ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
    "ParenthesizedWhitespace": (),
    "Pass": (),
    "Plus": (),
    "Power": (),
    "PowerAssign": (),
    "Raise": ("exc", "cause"),
    "Return": ("value",),
    "RightCurlyBrace": (),
    "RightParen": (),
    "RightShift": (),
    "RightShiftAssign": (),
    "RightSquareBracket": (),
    "Semicolon": (),
    "Set": ("elements",),
    "SetComp": ("elt", "for_in"),
    "SimpleStatementLine": ("body",),
    "SimpleStatementSuite": ("body",),
    "SimpleString": (),
    "SimpleWhitespace": (),
    "Slice": ("lower", "upper", "step"),
    "StarredDictComp": ("value", "for_in"),
    "StarredDictElement": ("value",),
    "StarredElement": ("value",),
    "Subscript": ("value", "slice"),
    "SubscriptElement": ("slice",),
    "Subtract": (),
    "SubtractAssign": (),
    "TemplatedString": ("parts",),
    "TemplatedStringExpression": ("expression", "format_spec"),
    "TemplatedStringText": (),
    "TrailingWhitespace": (),
    "Try": ("body", "handlers", "orelse", "finalbody"),
    "TryStar": ("body", "handlers", "orelse", "finalbody"),
    "Tuple": ("elements",),
    "TypeAlias": ("name", "type_parameters", "value"),
    "TypeParam": ("param", "default"),
    "TypeParameters": ("params",),
    "TypeVar": ("name", "bound"),
    "TypeVarTuple": ("name",),
    "UnaryOperation": ("expression",),
    "While": ("test", "body", "orelse"),
    "With": ("items", "body"),
    "WithItem": ("item", "asname"),
    "Yield": ("value",),
}


def _resolve() -> dict[type, tuple[str, ...]]:
    out: dict[type, tuple[str, ...]] = {}
    for name, fields in FIELDS.items():
        cls = getattr(cst, name, None)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            have = {f.name for f in dataclasses.fields(cls)}
            if have.issuperset(fields):
                out[cls] = fields
    return out


_BY_TYPE = _resolve()


def walk(node: cst.CSTNode, visitor: Any) -> None:
    """Visit ``node`` and its descendants depth-first in source order."""
    by_type = _BY_TYPE
    on_visit, on_leave = visitor.on_visit, visitor.on_leave
    node_type = cst.CSTNode

    def visit(n: cst.CSTNode) -> None:
        if on_visit(n):
            fields = by_type.get(type(n))
            if fields is None:
                for child in n.children:
                    visit(child)
            else:
                for name in fields:
                    value = getattr(n, name)
                    if isinstance(value, node_type):
                        visit(value)
                    elif isinstance(value, (tuple, list)):
                        for child in value:
                            if isinstance(child, node_type):
                                visit(child)
        on_leave(n)

    visit(node)
