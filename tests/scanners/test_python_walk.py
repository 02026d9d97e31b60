"""The read-only walk (``_cst_walk``) sees what libcst's ``visit`` sees, in the same order,
and the Python scanner finds exactly the same facts with either."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import textwrap
import typing
from pathlib import Path

import libcst as cst
import pytest

from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError, _cst_walk
from bedrock_lint.scanners import python as scanner

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for base in ("tests", "examples", "src") for p in (ROOT / base).rglob("*.py")
               if p.is_file() and "robustness" not in p.parts)
CTX = ScanContext(policy=load_policy(), root=ROOT)

#: node types that hold only layout: whitespace, comments, brackets, separators, operators
_LAYOUT = re.compile(r"Whitespace|EmptyLine|Newline|^Comment$|Paren$|Bracket$|Brace$|^Comma$"
                     r"|^Semicolon$|^AssignEqual$|^Dot$|^Colon$|Op$|^Asynchronous$|^MaybeSentinel$"
                     r"|^ParamSlash$|^ParamStar$|^ImportStar$")
_LAYOUT_TYPES = tuple(getattr(cst, n) for n in dir(cst)
                      if isinstance(getattr(cst, n), type) and _LAYOUT.search(n)
                      and n != "ImportStar")


def _visit_order(cls: type) -> list[str]:
    """The fields libcst's ``_visit_and_replace_children`` visits, in order, from its source."""
    method = next(k.__dict__["_visit_and_replace_children"] for k in cls.__mro__
                  if "_visit_and_replace_children" in k.__dict__)
    calls = [(n.lineno, n.col_offset, n.args[1].value)
             for n in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(method))))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id.startswith("visit_") and len(n.args) >= 2
             and isinstance(n.args[1], ast.Constant)]
    return list(dict.fromkeys(name for *_, name in sorted(calls)))


def _layout_only(cls: type, field: str) -> bool:
    hint = typing.get_type_hints(cls, vars(cst))[field]
    names = {n for n in re.findall(r"[A-Za-z_]\w*", repr(hint))
             if isinstance(getattr(cst, n, None), type)}
    return all(_LAYOUT.search(n) for n in names)


def derived_fields() -> dict[str, tuple[str, ...]]:
    out = {}
    for name in sorted(dir(cst)):
        cls = getattr(cst, name)
        if (isinstance(cls, type) and issubclass(cls, cst.CSTNode) and dataclasses.is_dataclass(cls)
                and not inspect.isabstract(cls)):
            out[name] = tuple(f for f in _visit_order(cls) if not _layout_only(cls, f))
    return out


def test_fields_table_matches_installed_libcst() -> None:
    derived = derived_fields()
    assert _cst_walk.FIELDS == derived, (
        "libcst's visit order changed: replace FIELDS in scanners/_cst_walk.py with\n"
        + "\n".join(f"    {k!r}: {v!r}," for k, v in derived.items()))
    assert len(_cst_walk._BY_TYPE) == len(derived)  # every entry applies to this libcst


class _Record(cst.CSTVisitor):
    def __init__(self) -> None:
        self.seen: list[int] = []
        self.nodes: dict[int, cst.CSTNode] = {}
        self.depth = 0
        self.left: list[int] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.seen.append(id(node))
        self.nodes[id(node)] = node
        self.depth += 1
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.depth -= 1
        self.left.append(id(original_node))


WALK_SAMPLES = [p for p in FILES if "scanners" in p.parts or "examples" in p.parts][:60]


@pytest.mark.parametrize("path", WALK_SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_walk_visits_every_code_node_in_libcst_order(path: Path) -> None:
    try:
        module = cst.parse_module(path.read_text(encoding="utf-8", errors="replace"))
    except cst.ParserSyntaxError:
        pytest.skip("not Python")
    ours, theirs = _Record(), _Record()
    _cst_walk.walk(module, ours)
    module.visit(theirs)
    assert ours.depth == 0 and theirs.depth == 0
    kept = set(ours.seen)
    assert [i for i in theirs.seen if i in kept] == ours.seen  # same nodes, same order
    skipped = [theirs.nodes[i] for i in theirs.seen if i not in kept]
    assert all(isinstance(n, _LAYOUT_TYPES) for n in skipped), {type(n).__name__ for n in skipped
                                                               if not isinstance(n, _LAYOUT_TYPES)}
    assert [i for i in theirs.left if i in kept] == ours.left  # on_leave likewise


def test_walk_descends_only_where_on_visit_says() -> None:
    module = cst.parse_module("if a == b:\n    f(x)\n")

    class NoComparisons(_Record):
        def on_visit(self, node: cst.CSTNode) -> bool:
            super().on_visit(node)
            return not isinstance(node, cst.Comparison)

    rec = NoComparisons()
    _cst_walk.walk(module, rec)
    names = [type(rec.nodes[i]).__name__ for i in rec.seen]
    assert "Comparison" in names and "Call" in names
    assert [n.value for n in rec.nodes.values() if isinstance(n, cst.Name)] == ["f", "x"]
    assert rec.left[-1] == id(module) and len(rec.left) == len(rec.seen)


def facts(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(scanner, "FAST_WALK", fast)
    try:
        doc = scanner.scan("x.py", text, CTX)
    except ScanError as exc:
        return ("error", exc.message, exc.line, exc.col)
    return ([(r.value, r.loc, r.context, r.use, r.api, r.via, r.env_var) for r in doc.refs],
            [(c.name, c.loc, c.context) for c in doc.calls])


def test_there_are_files_with_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    with_refs = [f for f in FILES if facts(f.read_text(errors="replace"), True, monkeypatch)[0]]
    assert len(with_refs) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_facts_as_libcst_visit(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert facts(text, True, monkeypatch) == facts(text, False, monkeypatch)
