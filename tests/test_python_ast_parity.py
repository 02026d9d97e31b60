"""The Python scanner's ast path (``scanners/_pyast.py``) gives exactly the facts of its libcst
path, and falls back to libcst wherever it could not.

The scanner tests' own snippets are checked on both paths by ``tests/scanners/conftest.py``;
here: every Python file of the repository, the trees node by node, and the tricky inputs.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError, _cst_walk, _pyast
from bedrock_lint.scanners import python as scanner

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for base in ("tests", "examples", "src") for p in (ROOT / base).rglob("*.py")
               if p.is_file())
CTX = ScanContext(policy=load_policy(), root=ROOT)


def outcome(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """The document (all its fields, locations included) or the error of one path."""
    monkeypatch.setattr(scanner, "FAST_AST", fast)
    try:
        return scanner.scan("x.py", text, CTX)
    except ScanError as exc:
        return exc.message, exc.line, exc.col


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_the_ast_path_is_taken_for_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [read(p) for p in FILES]
    assert len(texts) >= 200
    assert sum(_pyast.parse(t) is None for t in texts) <= 5  # syntax error fixtures and the like
    assert sum(bool(getattr(outcome(t, True, monkeypatch), "refs", 0)) for t in texts) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_facts_as_libcst(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = read(path)
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


class _Record:
    """The nodes the collector reads, in visit order, with the values it reads from them, and
    the nodes it may report (strings and called names, outside f-string fields)."""

    def __init__(self, ns: Any) -> None:
        self.ns = ns
        self.visited = {getattr(ns, n) for n in scanner._VISITED}
        self.strings = (ns.SimpleString, ns.ConcatenatedString, ns.FormattedString,
                        ns.BinaryOperation)
        self.events: list[object] = []
        self.located: list[Any] = []
        self.fstring = 0

    def on_visit(self, node: Any) -> bool:
        ns, t = self.ns, type(node)
        if t in self.visited:
            self.events.append(t.__name__)
        if t is ns.FormattedStringExpression:
            self.fstring += 1
        if t is ns.SimpleString:
            self.events.append((node.value, node.evaluated_value))
        elif t is ns.FormattedStringText and not self.fstring:
            self.events.append(node.value)
        elif t is ns.ClassDef:
            self.events.append(type(node.body).__name__)
        elif t is ns.Subscript:
            self.events.append([type(e.slice).__name__ for e in node.slice])
        elif t is ns.Call:
            self.events.append([(a.keyword and a.keyword.value, a.star) for a in node.args])
        elif t is ns.FunctionDef:
            params = node.params
            self.events.append([(p.name.value, p.default is None) for p in (
                *params.posonly_params, *params.params, *params.kwonly_params)])
        if not self.fstring:  # ast's positions inside f-string fields are never reported
            if isinstance(node, self.strings):
                self.located.append(node)
            elif t is ns.Call:
                func = node.func
                called = func.attr if isinstance(func, ns.Attribute) else func
                if isinstance(called, ns.Name):
                    self.located.append(called)
        return True

    def on_leave(self, node: Any) -> None:
        if type(node) is self.ns.FormattedStringExpression:
            self.fstring -= 1
        if type(node) in (self.ns.FunctionDef, self.ns.ClassDef):
            self.events.append("leave")


def trees(text: str) -> tuple[object, object]:
    """(events, spans of the nodes it may report) from the ast tree and from libcst's."""
    tree = _pyast.parse(text)
    assert tree is not None
    ours = _Record(_pyast)
    _pyast.walk(tree, ours)
    spans = _pyast.spans(tree, ours.located)
    module = cst.parse_module(text)
    theirs = _Record(cst)
    _cst_walk.walk(module, theirs)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return ((ours.events, [(type(n).__name__, spans[id(n)]) for n in ours.located]),
            (theirs.events, [(type(n).__name__, ((positions[n].start.line, positions[n].start.column),
                                                 (positions[n].end.line, positions[n].end.column)))
                             for n in theirs.located]))


TREE_SAMPLES = [p for p in FILES if _pyast.parse(read(p)) is not None]


@pytest.mark.parametrize("path", TREE_SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_tree_and_positions_as_libcst(path: Path) -> None:
    ours, theirs = trees(read(path))
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]


# Inputs the ast tree must get right: string pieces, f-string texts, columns, brackets.
SAME = [
    'M = "anthropic.claude-v2"\nc.converse(modelId=M)\n',
    'c.converse(modelId="anthropic." "claude-v2")\n',
    'c.converse(modelId=("anthropic."\n    # a comment "x"\n    \'claude-v2\'  \\\n  r"") or "x")\n',
    'c.converse(modelId=f"{geo}.anthropic.claude-sonnet-4-6")\n',
    'c.converse(modelId=f"{geo!r:>{w}}.anthropic.{{x}}\\N{EM DASH}" f\'{d["k"]=}\' "claude-v2")\n',
    'c.converse(modelId=rf"\\{geo}.anthropic.claude-v2" + "")\n',
    'c.converse(modelId=f"""{geo}\n.anthropic.{a[1:2]}claude-v2""")\n',
    'c.converse(modelId=f"{f\'{geo}\'}.anthropic.claude-v2")\n',
    'x = "é"; c.converse(modelId="anthropic.claude-v2", other="ü" + ("a" "b"))\n',
    'if x:\n\tc.converse(modelId="anthropic.claude-v2")\n\tc2.create_inference_profile(a=1)\n',
    'create_inference_profile(x)\nc.create_inference_profile(\n  y)\n(c).create_inference_profile(z)\n',
    'x = 1\r\nc.converse(modelId="anthropic.claude-sonnet-4-6")\r\n',
    'MODELS = {"a": "amazon.nova-pro-v1:0", **other}\nc.converse(modelId=MODELS[k])\n',
    'T = dict[str, int]\nx[a, b] = 1\nx[(a, b)] = 1\nx[(a), b] = 1\nx[(a), (b)] = 1\nx[a,] = 1\n'
    'x[a:b, c] = 1\nx[()] = 1\nCONFIG["model_id"] = "amazon.nova-pro-v1:0"\n',
    'class E(Enum):\n    A = "amazon.nova-pro-v1:0"; B = "amazon.nova-lite-v1:0"\n',
    'class E(Enum): A = "amazon.nova-pro-v1:0"\n',
    'class E(str, Enum):  # members\n\n    A = ("amazon.nova-pro-v1:0", 1)\n    def f(self): pass\n',
    'def f(a, /, b="amazon.nova-pro-v1:0", *args, c=None, model_id="amazon.nova-lite-v1:0", **kw):\n'
    '    return c.converse(modelId=b)\nf(k=1, *rest)\n',
    'MODEL = os.environ.get("X") or os.getenv("Y") or "amazon.nova-pro-v1:0"\n',
    'MODEL = "amazon.nova-pro-v1:0" if x else None if y else True\nc.converse(modelId=MODEL)\n',
    'for model_id, cfg in MODELS.items():\n    c.converse(modelId=model_id)\nfor a, *b in x: pass\n',
    'match x:\n    case {"k": "bedrock/anthropic.claude-v2", **rest}: pass\n'
    '    case Point(x="bedrock/amazon.nova-pro-v1:0") | [1, *_]: pass\n    case a.b if c: pass\n',
    'async def f():\n    async with a as (b, c[0]):\n        async for m in ["amazon.nova-pro-v1:0"]:\n'
    '            await c.converse(modelId=m)\n',
    'try:\n    pass\nexcept* E as e:\n    x = lambda m="bedrock/amazon.nova-pro-v1:0": m\nfinally:\n    pass\n',
    'x = [m for m in ["bedrock/amazon.nova-pro-v1:0"] if m] + {k: v for k, v in y}\n'
    'y = (yield "bedrock/a.b"), (z := "bedrock/amazon.nova-pro-v1:0"), -1, ..., 1j, None\n',
    'print(f"{c.converse(modelId=\'amazon.nova-pro-v1:0\')}")\n',
    'c.converse(modelId=f"{\'bedrock/amazon.nova-pro-v1:0\'}")\n',
    '@bedrock.call("us.amazon.nova-pro-v1:0")\ndef answer(q) -> "bedrock/x": ...\n',
    'x = b"bedrock/amazon.nova-pro-v1:0"\ny = u"bedrock/amazon.nova-pro-v1:0"\n',
    's = "\\d"\nc.converse(modelId="anthropic.claude-v2")\n',
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # libcst's evaluation of "\\d"
@pytest.mark.parametrize("text", SAME)
def test_same_facts_on_tricky_text(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)
    if _pyast.parse(text) is not None:
        ours, theirs = trees(text)
        assert ours == theirs


#: every form of statement and expression the converter handles, each before a finding
SYNTAX = [
    "def f(*, a): pass\n", "x = yield\n", "f(a for a in b)\n", "del (a), [b]\n", "a[1:2, ::3]\n",
    "match = 1\nmatch(x)\ntype = 1\ncase = 1\n", "print(*a, *b, **c, **d)\n",
    "class A(B, **kw): pass\n", "f(x=1, *a, y=2, **k)\n", "@(lambda f: f)\ndef g(): pass\n",
    "async def f():\n    [x async for x in y]\n    await x\n", "x: int\n", "(a := 1)\n",
    "with (open(x) as f, open(y) as g): pass\n", "lambda: (yield)\n",
    "a = Rb'x' BR'y' rB\"z\"\nb = U'x' F'{y}' fR'{z}\\\\'\n", "f'{x!a}'\nf'{3.14:{w}.{p}}'\n",
    "x = 1 + \\\n  2\n", "if x:pass\nelif y:pass\n", "try: pass\nexcept: pass\nelse: pass\n",
    "", "# only a comment", "def f(a, b, /): pass\n", "global x, y\nnonlocal z\n",
    "assert x, 'm'\nraise X from Y\n", "...\nreturn 1\n", "x = [*a, *b]\n{**a, 'b': 1}\n",
    "class A: x = 1; y = 2\n", "x = ('a'  # c\n  'b')\n", "x = not a\nx = -1 ** 2 @ b\nx @= b\n",
    "for x in y:\n    pass\nelse:\n    pass\nwhile x: pass\nelse: pass\n",
    "x = {1, 2}, (), (1,)\nx[()]\nx[...]\nx[a:b:c]\n", "x = lambda *a, **k: 0\n",
    "x = f(*a)(**b)[c](d).e\n", "import a.b as c\nfrom . import (x, y,)\n",
    "print('é', \"\\N{BULLET}\")\ns = '''a\nb'''\n", "x = 0x_1F if 0 else 1_000j\n",
    "def f(a: 'A' = 'anthropic.claude-v2') -> 'R': pass\n", "x = f'''{\na\n}'''\n",
    "x = f'{a!r:^10}{b=}{ c = !s}'\n",
    "match x:\n    case [1, 2, *rest]: pass\n    case {'k': v, **r}: pass\n"
    "    case C(1, a=2): pass\n    case 1 | 2: pass\n    case None: pass\n    case _: pass\n",
    "c.converse(modelId='anthropic.' f'claude-v2')\n",
    "c.converse(modelId=(('us.') + ('anthropic.claude-v2')))\n",
    "x = 1\r\ny = 'é'\r\nc.converse(modelId='anthropic.claude-v2')\r\n",
    "c.converse(\tmodelId =\t'anthropic.claude-v2')\n",
]
_FINDING = ('MODEL_ID = "anthropic.claude-v2"\nc.converse(modelId=MODEL_ID)\n'
            'c.create_inference_profile(x)\n')


@pytest.mark.parametrize("code", SYNTAX)
def test_same_facts_on_every_syntax(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = code + ("\n" if code and not code.endswith("\n") else "") + _FINDING
    assert _pyast.parse(text) is not None
    fast = outcome(text, True, monkeypatch)
    assert fast == outcome(text, False, monkeypatch)
    assert fast.refs and fast.calls  # type: ignore[attr-defined]
    ours, theirs = trees(text)
    assert ours == theirs


def test_tricky_texts_have_findings_on_the_ast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    on_ast = [t for t in SAME if _pyast.parse(t) is not None]
    assert len(on_ast) == len(SAME)
    assert sum(bool(getattr(outcome(t, True, monkeypatch), "refs", 0)) for t in on_ast) >= 20


# Inputs ast cannot give libcst's facts for: the scanner parses them with libcst.
FALLBACK = [
    'x = 1\rc.converse(modelId="anthropic.claude-sonnet-4-6")\r',  # a lone CR ends a line for libcst
    'x = 1\x0c\nc.converse(modelId="anthropic.claude-sonnet-4-6")\n',  # form feed
    '\ufeffc.converse(modelId="anthropic.claude-sonnet-4-6")\n',
    'ﬁ = "anthropic.claude-sonnet-4-6"\nc.converse(modelId=ﬁ)\n',  # ast normalises it to "fi"
    'é = 1\nc.converse(modelId=("anthropic.claude-v2"))\n',  # ast's identifiers are not located
    'class A(metaclass=M, *B): pass\nc.converse(modelId="anthropic.claude-sonnet-4-6")\n',  # libcst rejects it
    'x[*a] = 1\nc.converse(modelId="anthropic.claude-sonnet-4-6")\n',
    'type X = int\nc.converse(modelId="anthropic.claude-sonnet-4-6")\n',  # Python 3.12 syntax
    'c.converse(modelId=f"{"anthropic.claude-sonnet-4-6"}")\n',  # PEP 701 quotes
    'def f[T](x: T): pass\nc.converse(modelId="anthropic.claude-sonnet-4-6")\n',
    'x = 1\nif x\n',  # syntax errors are reported as before
    'x = "anthropic.claude-v2"\x00\n',
]


@pytest.mark.parametrize("text", FALLBACK)
def test_falls_back_to_libcst(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _pyast.parse(text) is None
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


def test_a_reported_node_inside_an_f_string_field_is_located_by_libcst(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'print(f"{client.create_inference_profile(x)}")\n'
    tree = _pyast.parse(text)
    assert tree is not None
    with pytest.raises(_pyast.Unsupported):
        scanner._document("x.py", CTX, _pyast, tree, _pyast.walk, lambda n: _pyast.spans(tree, n))
    fast = outcome(text, True, monkeypatch)
    assert fast == outcome(text, False, monkeypatch) and fast.calls  # type: ignore[attr-defined]


def test_scan_does_not_import_libcst() -> None:
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from bedrock_lint.policy import load_policy
        from bedrock_lint.scanners import ScanContext
        from bedrock_lint.scanners.python import scan
        text = 'import boto3\\nc = boto3.client("bedrock-runtime")\\n' \\
               'c.converse(modelId="anthropic.claude-sonnet-4-6", messages=[])\\n'
        doc = scan("app.py", text, ScanContext(load_policy(), Path(".")))
        assert doc.refs, doc
        print("libcst" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
