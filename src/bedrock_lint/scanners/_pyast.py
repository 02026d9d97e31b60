"""The Python scanner's tree from the stdlib ``ast`` parser, in libcst's shapes.

Importing and running libcst costs several times what ``ast.parse`` does, and most of a cold
run. ``parse`` converts an ``ast`` tree into light nodes named and shaped like the libcst
classes the scanner's collector reads (``Call.args`` of ``Arg``, ``SimpleString.value`` with
its prefix and quotes, right-nested ``ConcatenatedString``, left-nested ``BooleanOperation``,
``FormattedStringText`` with its source text ...), so the one collector runs over either tree.
``walk`` visits them in libcst's order (source order). Nodes the collector can report carry
their exact span, with libcst's conventions (code points, a node's own parentheses excluded).

Where ast loses something libcst keeps, the string pieces and f-string texts are read back
from the source; where that cannot be done exactly (see ``Unsupported``), ``parse`` returns
None and the scanner uses libcst: correct facts matter more than speed.
"""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from typing import Any


class Unsupported(Exception):
    """An input whose libcst facts this tree cannot promise: a non-ASCII identifier (ast
    normalises it and has no column for most), syntax libcst rejects or nests otherwise, a
    reported node inside an f-string field (positions there are ast's weak spot) ..."""


class _Node:
    """A node in libcst's shape. ``fields`` name the attributes that hold children (a node, a
    list of nodes, or None) in libcst's visit order. ``pos``, on the nodes the scanner may
    report, is their span: (start, end) offsets in the text for strings; ast's (line, byte
    column, end line, end byte column) for names and operations; None inside an f-string
    field, where ast's positions are not trusted."""

    __slots__ = ()
    fields: tuple[str, ...] = ()
    _attrs: tuple[str, ...] = ()

    def __init__(self, *values: Any) -> None:
        for name, value in zip(self._attrs, values):
            setattr(self, name, value)


def _kind(name: str, attrs: str, fields: str | None = None) -> Any:
    """A node class with ``attrs`` (in constructor order), of which ``fields`` (default: all)
    hold children."""
    slots = tuple(attrs.split())
    return type(name, (_Node,), {"__slots__": slots, "_attrs": slots,
                                 "fields": slots if fields is None else tuple(fields.split())})


#: a node the collector does not read: only its children count, in source order
Other = _kind("Other", "children")
Module = _kind("Module", "body lines", "body")
SimpleStatementLine = _kind("SimpleStatementLine", "body")
IndentedBlock = _kind("IndentedBlock", "body")
SimpleStatementSuite = _kind("SimpleStatementSuite", "body")
ClassDef = _kind("ClassDef", "decorators name bases keywords body",
                 "decorators bases keywords body")
FunctionDef = _kind("FunctionDef", "decorators name params returns body",
                    "decorators params returns body")
Parameters = _kind("Parameters", "posonly_params params star_arg kwonly_params star_kwarg")
Param = _kind("Param", "name annotation default", "annotation default")
Assign = _kind("Assign", "targets value")
AssignTarget = _kind("AssignTarget", "target")
AnnAssign = _kind("AnnAssign", "target annotation value")
Return = _kind("Return", "value")
Expr = _kind("Expr", "value")
For = _kind("For", "target iter body orelse")
Call = _kind("Call", "func args")
Arg = _kind("Arg", "keyword value star", "value")
Name = _kind("Name", "value pos", "")
Attribute = _kind("Attribute", "value attr", "value")
Dict = _kind("Dict", "elements")
DictElement = _kind("DictElement", "key value")
StarredDictElement = _kind("StarredDictElement", "value")
List = _kind("List", "elements")
Tuple = _kind("Tuple", "elements")
Set = _kind("Set", "elements")
Element = _kind("Element", "value")
StarredElement = _kind("StarredElement", "value")
Subscript = _kind("Subscript", "value slice")
SubscriptElement = _kind("SubscriptElement", "slice")
Index = _kind("Index", "value")
Slice = _kind("Slice", "lower upper step")
Comparison = _kind("Comparison", "left comparisons")
ComparisonTarget = _kind("ComparisonTarget", "comparator")
Add = _kind("Add", "")
Or = _kind("Or", "")
BooleanOperation = _kind("BooleanOperation", "left operator right", "left right")
BinaryOperation = _kind("BinaryOperation", "left operator right pos", "left right")
IfExp = _kind("IfExp", "body test orelse")
SimpleString = _kind("SimpleString", "value evaluated_value pos", "")
ConcatenatedString = _kind("ConcatenatedString", "left right pos", "left right")
FormattedString = _kind("FormattedString", "parts pos", "parts")
FormattedStringText = _kind("FormattedStringText", "value", "")
FormattedStringExpression = _kind("FormattedStringExpression", "expression format_spec")

_Span = tuple[tuple[int, int], tuple[int, int]]
_ADD, _OR, _OTHER_OP = Add(), Or(), Other([])  # libcst's other operators are nothing we read

#: where line numbers or columns could differ from libcst's: lone CR (a line break for
#: libcst), form feed and the other characters ``str.splitlines`` breaks on, a BOM
_ODD_TEXT = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029\ufeff]|\r(?!\n)")
_STRING = re.compile(r"""[A-Za-z]{0,2}(?:'''[^'\\]*(?:(?:\\(?:\r\n|.)|'(?!''))[^'\\]*)*'''"""
                     r'''|"""[^"\\]*(?:(?:\\(?:\r\n|.)|"(?!""))[^"\\]*)*"""'''
                     r"""|'[^'\\\r\n]*(?:\\(?:\r\n|.)[^'\\\r\n]*)*'"""
                     r'''|"[^"\\\r\n]*(?:\\(?:\r\n|.)[^"\\\r\n]*)*")''', re.S)
#: what may separate two tokens inside brackets: blanks, line breaks, comments
_GAP = re.compile(r"(?:[ \t]+|\\\r?\n|\r?\n|#[^\r\n]*)*")
_FTEXT = re.compile(r"[^\\{}]*")
_SMALL = (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return, ast.Raise, ast.Assert,
          ast.Delete, ast.Pass, ast.Break, ast.Continue, ast.Import, ast.ImportFrom, ast.Global,
          ast.Nonlocal)


def parse(text: str) -> _Node | None:
    """The tree of ``text``, or None where only libcst can give its facts (it also reports
    syntax errors, as the scanner always has)."""
    if _ODD_TEXT.search(text):
        return None
    if not text.isascii():
        import unicodedata

        if not unicodedata.is_normalized("NFKC", text):
            return None  # ast gives identifiers NFKC-normalised (the ligature U+FB01 as "fi")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes: libcst does not warn either
            tree = ast.parse(text)
            return _Converter(text).module(tree)
    except (SyntaxError, ValueError, RecursionError, MemoryError, Unsupported):
        return None


def walk(node: _Node, visitor: Any) -> None:
    """``visitor.on_visit`` / ``on_leave`` over ``node`` and its descendants, as libcst."""
    on_visit, on_leave = visitor.on_visit, visitor.on_leave

    def visit(n: _Node) -> None:
        if on_visit(n):
            for name in n.fields:
                value = getattr(n, name)
                if type(value) is list:
                    for child in value:
                        visit(child)
                elif value is not None:
                    visit(value)
        on_leave(n)

    visit(node)


def spans(module: _Node, nodes: list[object]) -> dict[int, _Span]:
    """0-based (line, column) start and end of each node, 1-based lines, columns in code
    points (as libcst's PositionProvider gives them)."""
    lines: _Lines = module.lines
    out = {}
    for node in nodes:
        pos = getattr(node, "pos", None)
        if pos is None:
            raise Unsupported("no exact position")
        if len(pos) == 2:
            out[id(node)] = (lines.line_col(pos[0]), lines.line_col(pos[1]))
        else:
            line, col, end_line, end_col = pos
            out[id(node)] = ((line, lines.chars(line, col)),
                             (end_line, lines.chars(end_line, end_col)))
    return out


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts = starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self.ascii = text.isascii()

    def chars(self, lineno: int, col: int) -> int:
        """Code points before ast's byte column ``col``."""
        if self.ascii:
            return col
        line = self.lines[lineno - 1]
        if line.isascii():
            return col
        try:
            return len(line.encode()[:col].decode())
        except UnicodeDecodeError:
            raise Unsupported("column inside a character") from None

    def offset(self, lineno: int, col: int) -> int:
        return self.starts[lineno - 1] + self.chars(lineno, col)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1]


class _Converter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _Lines(text)
        #: inside an f-string field: ast positions there are not trusted for reporting
        self.fdepth = 0
        self.stmts = {
            ast.FunctionDef: self._function, ast.AsyncFunctionDef: self._function,
            ast.ClassDef: self._class, ast.Return: self._return, ast.Assign: self._assign,
            ast.AnnAssign: self._ann_assign, ast.For: self._for, ast.AsyncFor: self._for,
            ast.Expr: self._expr_stmt,
            ast.AugAssign: lambda n: self._other(n.target, n.value),
            ast.Delete: lambda n: self._other(n.targets),
            ast.While: lambda n: self._other(n.test, n.body, n.orelse),
            ast.If: lambda n: self._other(n.test, n.body, n.orelse),
            ast.With: self._with, ast.AsyncWith: self._with, ast.Match: self._match,
            ast.Raise: lambda n: self._other(n.exc, n.cause), ast.Try: self._try,
            ast.Assert: lambda n: self._other(n.test, n.msg),
            ast.Import: None, ast.ImportFrom: None, ast.Global: None, ast.Nonlocal: None,
            ast.Pass: None, ast.Break: None, ast.Continue: None,
        }
        if hasattr(ast, "TryStar"):
            self.stmts[ast.TryStar] = self._try
        self.exprs = {
            ast.BoolOp: self._bool_op, ast.NamedExpr: lambda n: self._other(n.target, n.value),
            ast.BinOp: self._bin_op, ast.UnaryOp: lambda n: self._other(n.operand),
            ast.Lambda: lambda n: Other([self._params(n.args), self.expr(n.body)]),
            ast.IfExp: lambda n: IfExp(self.expr(n.body), self.expr(n.test), self.expr(n.orelse)),
            ast.Dict: self._dict, ast.Set: lambda n: Set(self._elements(n.elts)),
            ast.ListComp: lambda n: self._other(n.elt, self._comprehensions(n.generators)),
            ast.SetComp: lambda n: self._other(n.elt, self._comprehensions(n.generators)),
            ast.GeneratorExp: lambda n: self._other(n.elt, self._comprehensions(n.generators)),
            ast.DictComp: lambda n: self._other(n.key, n.value, self._comprehensions(n.generators)),
            ast.Await: lambda n: self._other(n.value), ast.Yield: lambda n: self._other(n.value),
            ast.YieldFrom: lambda n: self._other(n.value), ast.Compare: self._compare,
            ast.Call: self._call, ast.JoinedStr: self._string, ast.Constant: self._constant,
            ast.Attribute: self._attribute, ast.Subscript: self._subscript, ast.Name: self._name,
            ast.List: lambda n: List(self._elements(n.elts)),
            ast.Tuple: lambda n: Tuple(self._elements(n.elts)),
        }
        self.patterns = {
            ast.MatchValue: lambda n: self._other(n.value), ast.MatchSingleton: lambda n: Other([]),
            ast.MatchSequence: lambda n: self._other(n.patterns, pattern=True),
            ast.MatchMapping: lambda n: self._other(
                [x for pair in zip(n.keys, n.patterns) for x in pair], pattern=True),
            ast.MatchClass: lambda n: self._other(n.cls, n.patterns, n.kwd_patterns, pattern=True),
            ast.MatchStar: lambda n: Other([]),
            ast.MatchAs: lambda n: self._other(n.pattern, pattern=True),
            ast.MatchOr: lambda n: self._other(n.patterns, pattern=True),
        }

    # dispatch ----------------------------------------------------------------------------
    def module(self, tree: ast.Module) -> _Node:
        return Module(self._block(tree.body), self.lines)

    def _block(self, body: list[ast.stmt]) -> list[_Node]:
        out = []
        for stmt in body:
            node = self.stmt(stmt)
            if node is not None:
                out.append(node)
        return out

    def stmt(self, node: ast.stmt) -> _Node | None:
        try:
            convert = self.stmts[type(node)]
        except KeyError:
            raise Unsupported(type(node).__name__) from None
        return None if convert is None else convert(node)

    def expr(self, node: ast.expr) -> _Node:
        try:
            convert = self.exprs[type(node)]
        except KeyError:
            raise Unsupported(type(node).__name__) from None
        return convert(node)

    def pattern(self, node: ast.AST) -> _Node:
        if isinstance(node, ast.expr):
            return self.expr(node)
        try:
            convert = self.patterns[type(node)]
        except KeyError:
            raise Unsupported(type(node).__name__) from None
        return convert(node)

    def _opt(self, node: ast.expr | None) -> _Node | None:
        return None if node is None else self.expr(node)

    def _other(self, *parts: Any, pattern: bool = False) -> _Node:
        """A node of children: ast nodes, converted lists and None, given in source order."""
        children: list[_Node] = []
        for part in parts:
            for item in part if isinstance(part, list) else (part,):
                if item is None:
                    continue
                if isinstance(item, _Node):
                    children.append(item)
                elif isinstance(item, ast.stmt):
                    node = self.stmt(item)
                    if node is not None:
                        children.append(node)
                else:
                    children.append(self.pattern(item) if pattern else self.expr(item))
        return Other(children)

    def _ident(self, name: str) -> str:
        if not name.isascii():
            raise Unsupported("non-ASCII identifier")  # ast gives it NFKC-normalised
        return name

    # statements --------------------------------------------------------------------------
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> _Node:
        if getattr(node, "type_params", None):
            raise Unsupported("type parameters")
        return FunctionDef([self.expr(d) for d in node.decorator_list],
                           Name(self._ident(node.name), None), self._params(node.args),
                           self._opt(node.returns), self._block(node.body))

    def _params(self, args: ast.arguments) -> _Node:
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults.extend(args.defaults)
        params = [self._param(a, d) for a, d in zip(positional, defaults)]
        split = len(args.posonlyargs)
        return Parameters(params[:split], params[split:],
                          None if args.vararg is None else self._param(args.vararg, None),
                          [self._param(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults)],
                          None if args.kwarg is None else self._param(args.kwarg, None))

    def _param(self, arg: ast.arg, default: ast.expr | None) -> _Node:
        return Param(Name(self._ident(arg.arg), None), self._opt(arg.annotation),
                     self._opt(default))

    def _class(self, node: ast.ClassDef) -> _Node:
        if getattr(node, "type_params", None):
            raise Unsupported("type parameters")
        if node.keywords and any(isinstance(b, ast.Starred) for b in node.bases):
            raise Unsupported("class arguments libcst may reject or order otherwise")
        body: list[_Node] = []
        for stmt in node.body:
            converted = self.stmt(stmt)
            if converted is not None:
                small = isinstance(stmt, _SMALL)
                body.append(SimpleStatementLine([converted]) if small else converted)
        # libcst reads the members of an indented body only, not of `class E(Enum): A = 1`
        first = node.body[0]
        line = self.lines.lines[first.lineno - 1]
        indented = not line[:self.lines.chars(first.lineno, first.col_offset)].strip()
        if indented and first.lineno > 1 and \
                self.lines.lines[first.lineno - 2].rstrip("\r").endswith("\\"):
            raise Unsupported("class body after a line continuation")
        return ClassDef([self.expr(d) for d in node.decorator_list],
                        Name(self._ident(node.name), None), [self._arg(b) for b in node.bases],
                        [self._keyword(k) for k in node.keywords],
                        (IndentedBlock if indented else SimpleStatementSuite)(body))

    def _return(self, node: ast.Return) -> _Node:
        return Return(self._opt(node.value))

    def _expr_stmt(self, node: ast.Expr) -> _Node:
        return Expr(self.expr(node.value))

    def _assign(self, node: ast.Assign) -> _Node:
        return Assign([AssignTarget(self.expr(t)) for t in node.targets], self.expr(node.value))

    def _ann_assign(self, node: ast.AnnAssign) -> _Node:
        return AnnAssign(self.expr(node.target), self.expr(node.annotation), self._opt(node.value))

    def _for(self, node: ast.For | ast.AsyncFor) -> _Node:
        return For(self.expr(node.target), self.expr(node.iter), self._block(node.body),
                   self._block(node.orelse))

    def _with(self, node: ast.With | ast.AsyncWith) -> _Node:
        items = [x for item in node.items for x in (item.context_expr, item.optional_vars)]
        return self._other(items, node.body)

    def _match(self, node: ast.Match) -> _Node:
        children = [self.expr(node.subject)]
        for case in node.cases:
            children.append(self.pattern(case.pattern))
            if case.guard is not None:
                children.append(self.expr(case.guard))
            children.extend(self._block(case.body))
        return Other(children)

    def _try(self, node: ast.Try) -> _Node:
        return self._other(node.body, [self._other(h.type, h.body) for h in node.handlers],
                           node.orelse, node.finalbody)

    # expressions -------------------------------------------------------------------------
    def _name(self, node: ast.Name) -> _Node:
        return Name(self._ident(node.id), self._pos(node))

    def _pos(self, node: ast.expr) -> tuple[int, int, int, int] | None:
        if self.fdepth:
            return None
        return (node.lineno, node.col_offset,
                node.end_lineno, node.end_col_offset)  # type: ignore[return-value]

    def _attribute(self, node: ast.Attribute) -> _Node:
        attr = self._ident(node.attr)
        end_line, end_col = node.end_lineno, node.end_col_offset
        pos = None if self.fdepth else (
            end_line, end_col - len(attr), end_line, end_col)  # type: ignore[operator]
        return Attribute(self.expr(node.value), Name(attr, pos))

    def _constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, (str, bytes)):
            return self._string(node)
        if value is None or value is True or value is False:
            return Name(repr(value), self._pos(node))  # libcst: names, not literals
        return Other([])

    def _bool_op(self, node: ast.BoolOp) -> _Node:
        op = _OR if isinstance(node.op, ast.Or) else _OTHER_OP
        values = iter(node.values)
        out = self.expr(next(values))
        for value in values:  # libcst nests to the left: (a or b) or c
            out = BooleanOperation(out, op, self.expr(value))
        return out  # type: ignore[return-value]

    def _bin_op(self, node: ast.BinOp) -> _Node:
        op = _ADD if isinstance(node.op, ast.Add) else _OTHER_OP
        return BinaryOperation(self.expr(node.left), op, self.expr(node.right), self._pos(node))

    def _dict(self, node: ast.Dict) -> _Node:
        return Dict([StarredDictElement(self.expr(v)) if k is None
                     else DictElement(self.expr(k), self.expr(v))
                     for k, v in zip(node.keys, node.values)])

    def _elements(self, elts: list[ast.expr]) -> list[_Node]:
        return [StarredElement(self.expr(e.value)) if isinstance(e, ast.Starred)
                else Element(self.expr(e)) for e in elts]

    def _comprehensions(self, generators: list[ast.comprehension]) -> list[_Node]:
        out = []
        for gen in generators:
            out.append(self.expr(gen.target))
            out.append(self.expr(gen.iter))
            out.extend(self.expr(cond) for cond in gen.ifs)
        return out

    def _compare(self, node: ast.Compare) -> _Node:
        return Comparison(self.expr(node.left),
                          [ComparisonTarget(self.expr(c)) for c in node.comparators])

    def _call(self, node: ast.Call) -> _Node:
        items: list[ast.AST] = [*node.args, *node.keywords]
        if node.keywords and any(isinstance(a, ast.Starred) for a in node.args):
            items.sort(key=lambda a: (a.lineno, a.col_offset))  # f(k=1, *rest): source order
        return Call(self.expr(node.func), [self._keyword(a) if isinstance(a, ast.keyword)
                                           else self._arg(a) for a in items])

    def _arg(self, node: ast.expr) -> _Node:
        if isinstance(node, ast.Starred):
            return Arg(None, self.expr(node.value), "*")
        return Arg(None, self.expr(node), "")

    def _keyword(self, node: ast.keyword) -> _Node:
        if node.arg is None:
            return Arg(None, self.expr(node.value), "**")
        return Arg(Name(self._ident(node.arg), None), self.expr(node.value), "")

    def _subscript(self, node: ast.Subscript) -> _Node:
        sl = node.slice
        if isinstance(sl, ast.Tuple) and not self._parenthesized(sl):
            parts = sl.elts  # x[a, b]: libcst has one element per item
        else:
            parts = [sl]
        elements = []
        for part in parts:
            if isinstance(part, ast.Slice):
                elements.append(SubscriptElement(Slice(self._opt(part.lower), self._opt(part.upper),
                                                       self._opt(part.step))))
            elif isinstance(part, ast.Starred):
                raise Unsupported("starred subscript")
            else:
                elements.append(SubscriptElement(Index(self.expr(part))))
        return Subscript(self.expr(node.value), elements)

    def _parenthesized(self, node: ast.Tuple) -> bool:
        """Whether a tuple has brackets of its own: more ``(`` before its first element than
        that element closes after it (``x[(a), b]`` has none, ``x[(a, b)]`` has)."""
        if not node.elts:
            return True
        if self.fdepth:
            raise Unsupported("tuple subscript inside an f-string")
        text, lines, first = self.text, self.lines, node.elts[0]
        i = lines.offset(node.lineno, node.col_offset)
        stop = lines.offset(first.lineno, first.col_offset)
        opened = 0
        while True:
            i = _GAP.match(text, i).end()  # type: ignore[union-attr]
            if i >= stop:
                break
            if text[i] != "(":
                raise Unsupported("unexpected text before a subscript element")
            opened, i = opened + 1, i + 1
        i = lines.offset(first.end_lineno, first.end_col_offset)  # type: ignore[arg-type]
        closed = 0
        while closed < opened:
            i = _GAP.match(text, i).end()  # type: ignore[union-attr]
            if i >= len(text) or text[i] != ")":
                break
            closed, i = closed + 1, i + 1
        return opened > closed

    # strings -----------------------------------------------------------------------------
    def _string(self, node: ast.Constant | ast.JoinedStr) -> _Node:
        """A literal as libcst has it: one piece, or right-nested concatenations of pieces
        read back from the source."""
        text, lines = self.text, self.lines
        start = lines.offset(node.lineno, node.col_offset)
        end = lines.offset(node.end_lineno, node.end_col_offset)  # type: ignore[arg-type]
        pieces = []
        i = start
        while True:
            m = _STRING.match(text, i)
            if m is None or m.end() > end:
                raise Unsupported("string pieces")
            pieces.append(m.span())
            if m.end() == end:
                break
            i = _GAP.match(text, m.end()).end()  # type: ignore[union-attr]
        report = not self.fdepth
        if isinstance(node, ast.Constant) and len(pieces) == 1:
            if not report and ast.literal_eval(text[start:end]) != node.value:
                raise Unsupported("string position inside an f-string")
            return SimpleString(text[start:end], node.value, (start, end))
        fields = iter([v for v in node.values if isinstance(v, ast.FormattedValue)]
                      if isinstance(node, ast.JoinedStr) else ())
        out = [self._piece(s, e, fields, report) for s, e in pieces]
        if next(fields, None) is not None:
            raise Unsupported("f-string fields")
        tree = out.pop()
        while out:
            left = out.pop()
            tree = ConcatenatedString(left, tree, (left.pos[0], end) if report else None)
        return tree

    def _piece(self, start: int, end: int, fields: Any, report: bool) -> _Node:
        code = self.text[start:end]
        prefix = code[:len(code) - len(code.lstrip("rRbBuUfF"))].lower()
        if "f" not in prefix:
            return SimpleString(code, ast.literal_eval(code), (start, end) if report else None)
        quote = code[len(prefix):len(prefix) + 3]
        quote = quote if quote in ('"""', "'''") else quote[0]
        parts: list[_Node] = []
        for is_field, a, b in _fstring_parts(self.text, start + len(prefix) + len(quote),
                                              end - len(quote), "r" in prefix):
            if not is_field:
                parts.append(FormattedStringText(self.text[a:b]))
                continue
            value = next(fields, None)
            if value is None:
                raise Unsupported("f-string fields")
            inner = value.value
            if not a < self.lines.offset(inner.lineno, inner.col_offset) < b:
                raise Unsupported("f-string field position")
            parts.append(self._field(value))
        return FormattedString(parts, (start, end) if report else None)

    def _field(self, value: ast.FormattedValue) -> _Node:
        self.fdepth += 1
        try:
            spec = value.format_spec  # its texts: nothing the collector reads
            nested = None if spec is None else [
                self._field(v) for v in spec.values  # type: ignore[attr-defined]
                if isinstance(v, ast.FormattedValue)]
            return FormattedStringExpression(self.expr(value.value), nested)
        finally:
            self.fdepth -= 1


def _fstring_parts(text: str, i: int, end: int, raw: bool) -> list[tuple[bool, int, int]]:
    """(is a field, start, end) of the texts and replacement fields of an f-string body, as
    written (``{{`` and escapes kept, as libcst keeps them)."""
    parts = []
    run = i
    while True:
        i = _FTEXT.match(text, i, end).end()  # type: ignore[union-attr]
        if i >= end:
            break
        c = text[i]
        if c == "\\":
            if not raw and text.startswith("N{", i + 1):
                close = text.find("}", i, end)
                if close < 0:
                    raise Unsupported("f-string escape")
                i = close + 1
            else:
                i += 1 if text[i + 1:i + 2] in ("{", "}") else 2
        elif text.startswith(c, i + 1) and i + 1 < end:
            i += 2  # {{ or }}
        elif c == "}":
            raise Unsupported("f-string brace")
        else:
            if run < i:
                parts.append((False, run, i))
            close = _field_end(text, i, end)
            parts.append((True, i, close))
            i = run = close
    if run < end:
        parts.append((False, run, end))
    return parts


def _field_end(text: str, i: int, end: int) -> int:
    """The end of the replacement field that opens at ``text[i]``."""
    depth = 0
    i += 1
    while i < end:
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "}":
            if depth == 0:
                return i + 1
            depth -= 1
        elif c in "'\"":
            m = _STRING.match(text, i)
            if m is None or m.end() > end:
                raise Unsupported("f-string field")
            i = m.end()
            continue
        elif c == ":" and depth == 0:
            i += 1
            while i < end:  # the format spec: text and nested fields
                c = text[i]
                if c == "{":
                    i = _field_end(text, i, end)
                    continue
                if c == "}":
                    return i + 1
                if c == "\\":
                    raise Unsupported("f-string format spec")
                i += 1
            break
        elif c in "\\#":
            raise Unsupported("f-string field")  # Python 3.12 syntax
        i += 1
    raise Unsupported("f-string field")
