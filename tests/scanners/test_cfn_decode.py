"""The template decoder equals cfn-lint's ``decode_str``: values, marks and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_lint.scanners import _cfn_decode

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for base in ("tests", "examples") for p in (ROOT / base).rglob("*")
    if p.suffix in (".yaml", ".yml", ".json", ".template") and p.is_file()
)


def _shape(v: Any) -> Any:
    """Value, type and marks of every node, for comparing two decodings."""
    sm, em = getattr(v, "start_mark", None), getattr(v, "end_mark", None)
    marks = (sm.line, sm.column, em.line, em.column) if sm is not None else None
    if isinstance(v, dict):
        return ("map", marks, [(_shape(k), _shape(x)) for k, x in v.items()])
    if isinstance(v, list):
        return ("seq", marks, [_shape(x) for x in v])
    return (type(v).__name__ if not isinstance(v, str) else "str", marks, v)


def cfn_lint(text: str) -> Any:
    from cfnlint.decode import decode_str

    tpl, matches = decode_str(text)
    if matches:
        first = min(matches, key=lambda m: (m.linenumber or 1, m.columnnumber or 1))
        return ("error", str(first.message), first.linenumber or 1, first.columnnumber or 1)
    return _shape(tpl)


def ours(text: str) -> Any:
    try:
        return _shape(_cfn_decode.decode(text))
    except _cfn_decode.DecodeError as exc:
        return ("error", exc.message, exc.line, exc.col)


def test_there_are_templates_to_compare() -> None:
    assert len(TEMPLATES) >= 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_as_cfn_lint_on_every_template(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert ours(text) == cfn_lint(text)


CASES = {
    "short-forms": "Resources:\n  A:\n    Type: X\n    Properties:\n      N: !Sub '${AWS::Region}-x'\n"
                   "      R: !Ref P\n      G: !GetAtt B.Arn\n      J: !Join ['-', [!Ref P, b]]\n"
                   "      C: !If [Cond, a, !Ref AWS::NoValue]\n",
    "getatt-list": "A: !GetAtt [B, Arn]\n",
    "getatt-map": "A: !GetAtt {B: Arn}\n",
    "duplicate-key": "Resources:\n  A: 1\n  B: 2\n  A: 3\n",
    "nested-duplicate-first": "Top:\n  X: 1\n  X: 2\nTop2: 1\nTop: 3\n",
    "null-key": "~: 1\n",
    "python-tag": "A: !!python/object/apply:os.system ['true']\n",
    "unknown-short-tag": "A: !Foo bar\n",
    "merge": "base: &b {x: 1}\nA:\n  <<: *b\n  y: 2\n",
    "tabs-json": '{\n\t"Resources": {\n\t\t"A": {"Type": "X"}\n\t}\n}\n',
    "bad-escape-json": '{"Resources": {"A": {"Type": "a\\/b", "P": "\\q"}}}\n',
    "empty": "",
    "scalar": "just text\n",
    "syntax": "Resources:\n  A: [1, 2\n",
    "laughs": "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
              "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
              "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_as_cfn_lint_on_edge_cases(case: str) -> None:
    assert ours(CASES[case]) == cfn_lint(CASES[case])


def test_short_form_is_a_mapping_at_the_tag() -> None:
    tpl = _cfn_decode.decode("A:\n  B: !Sub 'x-${P}'\n")
    sub = tpl["A"]["B"]
    assert sub == {"Fn::Sub": "x-${P}"}
    assert (sub.start_mark.line, sub.start_mark.column) == (1, 5)
    assert not hasattr(sub["Fn::Sub"], "start_mark")


def test_errors_are_refusals_not_objects() -> None:
    with pytest.raises(_cfn_decode.DecodeError) as info:
        _cfn_decode.decode("A: !!python/object/apply:os.system ['echo hacked']\n")
    assert "could not be parsed" in info.value.message


def test_duplicate_points_at_the_first_occurrence() -> None:
    with pytest.raises(_cfn_decode.DecodeError) as info:
        _cfn_decode.decode("Resources:\n  A: 1\n  A: 2\n")
    assert (info.value.line, info.value.col) == (2, 3)
    assert "Duplicate found 'A'" in info.value.message


_PIECES = ["!Ref X", "!GetAtt A.B", "!Sub '${A}'", "&a ", "*a", "<<: *a\n", "\t", "\\/", "- ",
           ": ", "{", "[", "}", "]", "!!python/object:os.system", "? ", "!Foo", "~", "\n  ",
           "A: 1\nA: 2\n"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_same_as_cfn_lint_on_mutated_templates(data: st.DataObject) -> None:
    text = TEMPLATES[data.draw(st.integers(0, len(TEMPLATES) - 1))].read_text(errors="replace")
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:pos] + data.draw(st.sampled_from(_PIECES)) + text[pos:]
        else:
            text = text[:pos] + text[pos + data.draw(st.integers(1, 40)):]
    assert ours(text) == cfn_lint(text)
