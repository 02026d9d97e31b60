"""Deployment configuration that hands a model to a service -> facts (format ``config``).

Files routed here: ``.env`` files (``.env``, ``.env.*``, ``*.env``) and every YAML file that is
neither a LiteLLM config nor a CloudFormation template. Most YAML in a repository is none of
the kinds below (OpenAPI specs, mkdocs, docs data, CI for other things), so the scanner is
conservative: a value is a reference only where the file's own structure says it is a setting.

What is read, and the ``ModelRef.context`` it gets (``use=SETTING``, ``api=None``):

* ``.env``: every ``KEY=value`` / ``export KEY="value"`` assignment (comments, blank lines and
  multi-line quoted values skipped) -> ``environment variable KEY``.
* YAML, anywhere in the tree, under an *environment key* (``env``, ``environment``,
  ``variables``, ``envVars``, ``extraEnv``, ``extraEnvVars``, ``environmentVariables``,
  ``globalEnv`` ... and any key ending in ``env``/``env_vars``), in every shape deployment tools
  use: a mapping ``KEY: value`` (docker-compose, Serverless ``provider.environment`` and
  ``functions.*.environment``, GitHub Actions ``env:`` at workflow, job and step level, Helm
  ``env:`` maps, GitLab/Copilot ``variables``), ``KEY: {value: ...}``, a list of ``KEY=value``
  strings (docker-compose, Kustomize ``literals``), or a list of ``{name, value}`` pairs
  (Kubernetes containers, Helm ``env:`` lists) -> ``environment variable KEY``.
  ``valueFrom``, ``secretKeyRef`` and other indirections are not literals.
* ``data`` / ``stringData`` of a Kubernetes ``ConfigMap`` / ``Secret`` -> ``ConfigMap key KEY``
  (``Secret key KEY``).
* A scalar under a *model key* anywhere (normalised name ending in ``model``, ``modelid``,
  ``modelarn``, ``modelname``, ``profilearn`` or ``inferenceprofile``: ``model``,
  ``modelId``, ``CHAT_MODEL_ID``, ``bedrock_model``, ``inference_profile_arn``; but not
  ``base_model``, a documented base-model hint) -> the dotted key path, e.g.
  ``bedrock.modelId``. A Helm values ``bedrock: {modelId: anthropic...}`` is a setting.
* ``${VAR:-default}`` / ``${VAR-default}``: the default is what the service gets while ``VAR``
  is unset: ``Use.FALLBACK`` (with ``env_var``) when ``VAR`` is one of the policy's profile
  variables, so ``undocumented-sandbox-fallback`` judges it, else ``Use.SETTING``. Other
  placeholders (``${VAR}``, ``${{ secrets.X }}``, ``$(VAR)``, ``{{ .Values.x }}``,
  ``os.environ/X``, ``!Ref``/``!vault`` tags) are not literals.
* LiteLLM configs wherever they sit: a mapping with a ``model_list`` sequence (Helm
  ``proxy_config:``), or a literal block string (``config.yaml: |``) holding one; block strings
  under keys ending in ``.yaml``/``.yml``/``.env`` are parsed too. Their lines are offset to
  where they are in the file (content starts on the line after the key, indented).

Only values that classify as Bedrock identifiers are kept (application-profile ARNs included;
no rule objects to them in configuration). Never read: subtrees under ``example``,
``examples`` and ``enum``; whole documents that are OpenAPI/Swagger/AsyncAPI specs, JSON
schemas or mkdocs configs (top-level ``openapi``, ``swagger``, ``asyncapi``, ``$schema``,
``site_name``); free text (descriptions, names, messages, lists of model IDs under other keys).
An Ansible task's ``environment:`` *is* a setting and is read like any other.

Odd YAML never crashes the scan: unknown tags are kept as opaque nodes, merge keys are resolved,
aliases are followed once, Helm/Jinja templates are read with their actions masked (and skipped
when not YAML even then), and a YAML syntax error is a ``ScanError`` at the parser's position.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from ..facts import Document, ModelRef, Use
from ..findings import Location
from . import ScanContext, ScanError
from .litellm import (
    LITELLM_HINT,
    RANK_ENV,
    RANK_MODEL_KEY,
    Collector,
    Source,
    compose,
    compose_file,
    embedded,
    get,
    is_placeholder,
    litellm_refs,
    model_list,
    pairs,
    scalar_text,
)

LOG = logging.getLogger(__name__)

FMT = "config"
YAML_SUFFIXES = (".yaml", ".yml", ".json", ".template")

#: Normalised (lowercase, alphanumerics only) keys whose mapping or list holds environment
#: variables. Keys ending in ``env`` or ``envvars`` count too (``workerEnv``, ``api_extra_env``).
ENV_KEYS = frozenset({
    "env", "envs", "environment", "environmentvariables", "envvars", "variables", "extraenv",
    "extraenvs", "extraenvvars", "globalenv", "commonenv", "containerenv", "defaultenv",
})  # fmt: skip
#: Keys whose *list* holds ``KEY=value`` strings (Kustomize ``configMapGenerator``).
LIST_ENV_KEYS = frozenset({"literals"})
#: Normalised key endings that name a model setting.
MODEL_KEY_ENDINGS = ("model", "modelid", "modelarn", "modelname", "profilearn", "inferenceprofile")
#: Subtrees that name values without setting them.
SKIP_KEYS = frozenset({"example", "examples", "enum"})
#: Top-level keys of documents that are never deployment configuration.
NOT_DEPLOYMENT = frozenset({"openapi", "swagger", "asyncapi", "$schema", "site_name"})
#: Kubernetes kinds whose ``data``/``stringData`` maps setting names to values.
KEY_VALUE_KINDS = frozenset({"ConfigMap", "Secret"})

_NON_ALNUM = re.compile(r"[^a-z0-9]")
_DEFAULT = re.compile(r"\$\{(?P<var>[A-Za-z_][A-Za-z0-9_]*):?-(?P<default>[^{}$]*)\}")
_DOTENV = re.compile(
    r"^(?P<lead>[ \t]*(?:export[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*")


def normalise(key: str) -> str:
    return _NON_ALNUM.sub("", key.lower())


def is_env_key(norm: str) -> bool:
    return norm in ENV_KEYS or norm.endswith(("env", "envvars"))


def is_model_key(norm: str) -> bool:
    return norm.endswith(MODEL_KEY_ENDINGS) and not norm.startswith("base")


# --- one value ---------------------------------------------------------------------------------


def _value_ref(out: Collector, value: str, at: Callable[[int, int], Location], context: str,
               rank: int) -> None:
    """Add ``value`` (or the default of a ``${VAR:-default}``) when it classifies. ``at(k, n)``
    locates the ``n`` characters from offset ``k`` of ``value`` (``k == 0``: the whole value
    as written, quotes included)."""
    m = _DEFAULT.fullmatch(value.strip())
    if m:
        default = m.group("default")
        if not default or out.grammar.classify(default) is None:
            return
        var = m.group("var")
        use = Use.FALLBACK if var in out.profile_env_vars else Use.SETTING
        offset = value.index(m.group(0)) + m.start("default")
        out.add(ModelRef(default, at(offset, len(default)), context, use, env_var=var), rank)
        return
    if is_placeholder(value) or out.grammar.classify(value) is None:
        return
    out.add(ModelRef(value, at(0, len(value)), context, Use.SETTING), rank)


def _node_ref(out: Collector, src: Source, node: yaml.Node, context: str, rank: int,
              offset: int = 0) -> None:
    text = scalar_text(node)
    if text is None or "\n" in text:
        return
    _value_ref(out, text[offset:], lambda k, n: src.loc(node, offset + k, n), context, rank)


# --- .env --------------------------------------------------------------------------------------


def dotenv_refs(src: Source, out: Collector) -> None:
    """Every ``KEY=value`` of a dotenv text."""
    lines = src.lines
    i = 0
    while i < len(lines):
        out.budget.spend()
        line = lines[i]
        number = i
        i += 1
        m = _DOTENV.match(line)
        if not m:
            continue
        key, start = m.group("key"), m.end()
        rest = line[start:]
        if rest[:1] in ("'", '"'):
            quote = rest[0]
            close = _closing(rest, quote)
            if close < 0:  # a multi-line value: skip to the line that closes it
                while i < len(lines) and _closing(" " + lines[i], quote) < 0:
                    i += 1
                i += 1
                continue
            value, first = rest[1:close], start + 1
        else:
            value = re.split(r"[ \t]+#", rest, maxsplit=1)[0].rstrip()
            first = start
        quoted = first != start

        def at(k: int, n: int, row: int = number, f: int = first, q: bool = quoted) -> Location:
            col, end = (f - 1, f + n + 1) if (q and k == 0) else (f + k, f + k + n)
            line = row + src.line_offset + 1
            shift = src.col_offset + 1
            return Location(src.path, line, col + shift, line, end + shift)

        _value_ref(out, value, at, f"environment variable {key}", RANK_ENV)


def _closing(text: str, quote: str) -> int:
    """Index of the quote closing ``text[0]``'s, or -1 (``\\"`` escapes in double quotes)."""
    i = 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and quote == '"':
            i += 2
            continue
        if ch == quote:
            return i
        i += 1
    return -1


# --- YAML --------------------------------------------------------------------------------------


class _Walker:
    """Walks YAML documents iteratively (no recursion), each node once per purpose."""

    def __init__(self, out: Collector) -> None:
        self.out = out
        self.stack: list[tuple[yaml.Node, Source, str]] = []

    def document(self, root: yaml.Node, src: Source) -> None:
        if isinstance(root, yaml.MappingNode):
            names = {name for name, _, _ in pairs(root, self.out.budget)}
            if names & NOT_DEPLOYMENT:
                return
        self.stack.append((root, src, ""))
        while self.stack:
            node, nsrc, path = self.stack.pop()
            if isinstance(node, yaml.MappingNode):
                self._mapping(node, nsrc, path)
            elif isinstance(node, yaml.SequenceNode) and self.out.first_visit(node, "any"):
                for item in reversed(node.value):
                    self.stack.append((item, nsrc, f"{path}[]"))

    def _mapping(self, node: yaml.MappingNode, src: Source, path: str) -> None:
        out = self.out
        if not out.first_visit(node, "any"):
            return
        entries = model_list(node, out.budget)
        if entries is not None:
            litellm_refs(entries, src, out)
            return
        items = pairs(node, out.budget)
        kind = next((scalar_text(v) for name, _, v in items if name == "kind"), None)
        children = []
        for name, _, value in items:
            norm = normalise(name)
            child = f"{path}.{name}" if path else name
            if norm in SKIP_KEYS:
                continue
            if kind in KEY_VALUE_KINDS and not path and name in ("data", "stringData") \
                    and isinstance(value, yaml.MappingNode):
                self._key_values(value, src, kind)
                continue
            env_list = norm in LIST_ENV_KEYS and isinstance(value, yaml.SequenceNode)
            if isinstance(value, (yaml.MappingNode, yaml.SequenceNode)) and (
                    is_env_key(norm) or env_list):
                self._env(value, src)
                continue
            if isinstance(value, yaml.ScalarNode):
                if self._embedded(name, value, src):
                    continue
                if is_model_key(norm):
                    _node_ref(out, src, value, child, RANK_MODEL_KEY)
                continue
            children.append((value, src, child))
        self.stack.extend(reversed(children))

    def _key_values(self, node: yaml.MappingNode, src: Source, kind: str) -> None:
        if not self.out.first_visit(node, "key-values"):
            return
        for name, _, value in pairs(node, self.out.budget):
            if not self._embedded(name, value, src):
                _node_ref(self.out, src, value, f"{kind} key {name}", RANK_ENV)

    def _env(self, node: yaml.Node, src: Source) -> None:
        out = self.out
        if not out.first_visit(node, "env"):
            return
        if isinstance(node, yaml.MappingNode):
            for name, _, value in pairs(node, out.budget):
                if isinstance(value, yaml.MappingNode):
                    value = get(value, "value", out.budget)
                if value is not None:
                    _node_ref(out, src, value, f"environment variable {name}", RANK_ENV)
            return
        if not isinstance(node, yaml.SequenceNode):
            return
        for item in node.value:
            out.budget.spend()
            if isinstance(item, yaml.MappingNode):
                fields = {n.lower(): v for n, _, v in pairs(item, out.budget)}
                name, value = scalar_text(fields.get("name")), fields.get("value")
                if name and value is not None:
                    _node_ref(out, src, value, f"environment variable {name}", RANK_ENV)
            else:
                text = scalar_text(item)
                if text and "=" in text:
                    key = text.split("=", 1)[0]
                    _node_ref(out, src, item, f"environment variable {key.strip()}", RANK_ENV,
                              offset=len(key) + 1)

    def _embedded(self, name: str, node: yaml.Node, src: Source) -> bool:
        """Read a literal block string that holds YAML or dotenv text; True if it did."""
        text = scalar_text(node)
        if text is None or "\n" not in text:
            return False
        if not self.out.first_visit(node, "embedded"):
            return True  # an aliased block string: read (or rejected) where first met
        lower = name.lower()
        is_env = lower == ".env" or lower.endswith(".env")
        if not (is_env or lower.endswith((".yaml", ".yml")) or LITELLM_HINT.search(text)):
            return False
        sub = embedded(node, src)
        if sub is None:
            return False
        if is_env:
            dotenv_refs(sub, self.out)
            return True
        try:
            docs = compose(sub)
        except ScanError as exc:
            LOG.debug("%s:%d: embedded text under %r is not YAML: %s", src.path, exc.line, name,
                      exc.message)
            return False
        for root in docs:
            _Walker(self.out).document(root, sub)
        return True


def scan_yaml(path: str, text: str, ctx: ScanContext, fmt: str) -> Document:
    """Read a YAML file (any number of documents) as ``fmt``."""
    out = Collector(path, ctx.grammar, profile_env_vars=frozenset(ctx.policy.profile_env_vars))
    src, docs = compose_file(path, text)
    for root in docs:
        _Walker(out).document(root, src)
    return Document(path=path, fmt=fmt, refs=out.refs())


def scan(path: str, text: str, ctx: ScanContext) -> Document:
    if Path(path).suffix.lower() in YAML_SUFFIXES:
        return scan_yaml(path, text, ctx, FMT)
    out = Collector(path, ctx.grammar, profile_env_vars=frozenset(ctx.policy.profile_env_vars))
    dotenv_refs(Source(path, text), out)
    return Document(path=path, fmt=FMT, refs=out.refs())
