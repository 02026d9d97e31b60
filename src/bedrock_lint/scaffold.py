"""``bedrock-lint scaffold``: the IaC a team adds before the direct model calls can be fixed.

From the model references the linter reports (BRL101 foundation models, BRL102 system
profiles) and the callers they belong to, generate one application inference profile per
(caller, model), in Terraform (``aws_bedrock_inference_profile``) or CloudFormation
(``AWS::Bedrock::ApplicationInferenceProfile``), with

* the name the policy's naming convention asks for (the product tag value and the model slug,
  or the rendered ``[naming] template``), checked against the name length and pattern;
* ``copy_from`` = the system inference profile of the model in the first preferred geo
  (``eu.<model>``), built from the deploying account and Region;
* every required tag of every applicable tier (a conditional tier whose condition cannot be
  decided yet is included, marked), values the repository already states filled in, the rest
  ``TODO-<key>`` placeholders;
* ``lifecycle { create_before_destroy = true }`` for production (or unknown) environments;
* an SSM parameter ``/<product>/bedrock/<caller>/<model>/profile-arn`` and an output that
  deliver the ARN to the caller.

Callers: the Lambda function, container service, job, IaC resource, LiteLLM proxy or Python
package a reference belongs to, as far as the repository says (see ``docs/scaffold.md``).
Values: command-line flags, then the module the output is written to, then provider
``default_tags`` / samconfig stack tags, existing profiles' tags, tag maps in locals and
variables, single variables named like the tag, and finally the git remote (``source``) and
the output format (``managed-by``). A value is taken only when a source is unanimous.

Placeholders are plain strings (``"TODO-owner"``), never interpolations: rules that check
values (allowed sets, patterns: ``billing-mode``) keep flagging them until they are filled, so
a half-filled scaffold cannot pass CI. Everything else in the output passes ``bedrock-lint``.

Entry point: ``main(argv)`` with the arguments after ``scaffold``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR = 0, 2
PLACEHOLDER = "TODO-"
FORMATS = ("terraform", "cloudformation")
CODES = ("BRL101", "BRL102")

_FIELD = re.compile(r"\{([^{}]+)\}")
_FINDING_MESSAGE = re.compile(
    r"^(?:foundation model|foundation-model ARN|system inference profile|"
    r"system inference-profile ARN) '(?P<value>.+?)' is hardcoded in (?P<context>.+)$"
)
#: Directory names that say nothing about which service a file belongs to.
_GENERIC_DIRS = frozenset({
    "", ".", "src", "app", "apps", "lib", "libs", "source", "sources", "code", "python", "pkg",
    "packages", "services", "service", "functions", "function", "lambdas", "lambda", "handlers",
    "handler", "cmd", "internal", "infra", "infrastructure", "iac", "terraform", "tf", "deploy",
    "deployment", "deployments", "config", "configs", "conf", "settings", "k8s", "kubernetes",
    "manifests", "charts", "helm", "compose", "docker", "env", "envs", "environments", "stacks",
    "templates", "cloudformation", "cfn", "modules", "prod", "production", "prd", "dev",
    "development", "staging", "stage", "qa", "test", "sandbox", "main", "core", "common",
    "shared", "utils", "util", ".github", "workflows",
})  # fmt: skip
_GENERIC_STEMS = frozenset({
    "config", "values", "proxy", "proxy_config", "proxy-config", "litellm_config",
    "litellm-config", "settings", "docker-compose", "compose", "template", "main", "deployment",
})  # fmt: skip
_TF_NAME_ATTRS = ("function_name", "agent_name", "family", "service_name", "job_name", "name")
_CFN_NAME_PROPS = ("FunctionName", "AgentName", "ServiceName", "Family", "StateMachineName",
                   "Name", "JobName", "KnowledgeBaseName")  # fmt: skip
_LAMBDA_TYPES = ("AWS::Lambda::Function", "AWS::Serverless::Function")


# --- what the findings say ---------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Site:
    """One direct model reference the profile replaces."""

    path: str
    line: int
    col: int
    code: str
    context: str


@dataclass
class Need:
    """One (caller, model): a profile the repository must declare."""

    caller: str
    model: str  # foundation-model ID, geo prefix removed (``anthropic.claude-sonnet-4-6``)
    sites: list[Site] = field(default_factory=list)


@dataclass
class Known:
    """Tag values the repository states: key -> (value, where it was read)."""

    values: dict[str, tuple[str, str]] = field(default_factory=dict)
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Terraform data sources and names already declared where the output goes.
    existing_labels: set[str] = field(default_factory=set)
    region_data: str | None = None
    identity_data: str | None = None
    #: ``data.aws_region.<x>.name``; ``region`` once the repository requires AWS provider 6+,
    #: which deprecates ``name``.
    region_attr: str = "name"


class ScaffoldError(Exception):
    """A usage or configuration problem: one line on stderr, exit 2."""


# --- small helpers -----------------------------------------------------------------------------


def slugify(text: str) -> str:
    """``Acme Chat_API`` -> ``acme-chat-api`` (lower case, runs of other characters to ``-``)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _norm(text: str) -> str:
    return re.sub(r"[-_.\s]+", "-", text.casefold())


def _ident(text: str) -> str:
    """A Terraform identifier: ``acme_chat_claude_sonnet_4_6``."""
    out = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "profile"
    return out if out[0].isalpha() else f"p_{out}"


def _pascal(text: str) -> str:
    """A CloudFormation logical ID part: ``AcmeChatClaudeSonnet46``."""
    words = re.split(r"[^A-Za-z0-9]+", text)
    out = "".join(w[:1].upper() + w[1:] for w in words if w)
    return out if out[:1].isalpha() else f"P{out}"


def is_placeholder(value: str) -> bool:
    return value.startswith(PLACEHOLDER)


def _hcl_string(text: str) -> str:
    """An HCL quoted string holding ``text`` literally (``${`` and ``%{`` escaped)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + body.replace("${", "$${").replace("%{", "%%{") + '"'


def _short_slug(model_id: str) -> str:
    from .modelids import ModelId, Kind

    return ModelId(Kind.FOUNDATION_MODEL, model_id, model_id).short_slug or slugify(model_id)


def _full_slug(model_id: str) -> str:
    from .modelids import ModelId, Kind

    return ModelId(Kind.FOUNDATION_MODEL, model_id, model_id).slug or slugify(model_id)


def parse_finding_message(message: str) -> tuple[str, str] | None:
    """``(value, context)`` of a BRL101/BRL102 message, for findings no scan explains."""
    m = _FINDING_MESSAGE.match(message)
    return (m["value"], m["context"]) if m else None


# --- callers -----------------------------------------------------------------------------------


@dataclass
class _Repo:
    """Files read while deriving callers and values, with their parses, read once."""

    root: Path
    tops: list[Path]
    texts: dict[Path, str | None] = field(default_factory=dict)
    cfn: dict[Path, Any] = field(default_factory=dict)
    handlers: list[_Handler] | None = None
    jobs: list[Any] = field(default_factory=list)

    def read(self, path: Path) -> str | None:
        path = Path(os.path.abspath(path))
        if path not in self.texts:
            try:
                from .engine import decode

                small = path.stat().st_size < 8 << 20
                self.texts[path] = decode(path.read_bytes()) if small else None
            except (OSError, UnicodeError):
                self.texts[path] = None
        return self.texts[path]

    def top_of(self, real: Path) -> Path:
        real = Path(os.path.abspath(real))
        best = None
        for top in self.tops:
            if top == real or top in real.parents:
                if best is None or len(top.parts) > len(best.parts):
                    best = top
        return best or self.root

    def template(self, real: Path) -> Any:
        real = Path(os.path.abspath(real))
        if real not in self.cfn:
            self.cfn[real] = None
            text = self.read(real)
            if text is not None:
                try:
                    from .scanners._cfn_decode import decode

                    tpl = decode(text)
                    if isinstance(tpl, dict):
                        self.cfn[real] = tpl
                except Exception:  # a template we cannot read only loses its caller names
                    pass
        return self.cfn[real]

    # -- Lambda handlers declared in IaC ------------------------------------------------------

    def handler_map(self) -> list[_Handler]:
        """Every Lambda function whose handler the repository declares (Terraform ``handler``,
        CloudFormation/SAM ``Handler`` with ``CodeUri``/``Globals``, Serverless ``handler``)."""
        if self.handlers is not None:
            return self.handlers
        out: list[_Handler] = []
        for job in self.jobs:
            real = Path(job.real)
            rel_dir = _rel(real.parent, self.root)
            if real.suffix == ".tf":
                text = self.read(real) or ""
                for rtype, label, body, _ in _tf_blocks(text):
                    if rtype != "aws_lambda_function":
                        continue
                    handler = _tf_literal(body, "handler")
                    if handler:
                        name = _tf_literal(body, "function_name") or label
                        _add_handler(out, handler, name, None)
            elif real.suffix in (".yaml", ".yml", ".json", ".template"):
                text = self.read(real) or ""
                if "Handler" in text and ("AWS::Lambda::Function" in text
                                          or "AWS::Serverless::Function" in text):
                    _cfn_handlers(self.template(real), rel_dir, out)
                elif "handler:" in text and "functions:" in text:
                    _serverless_handlers(text, rel_dir, out)
        self.handlers = out
        return out


@dataclass(frozen=True)
class _Handler:
    module: str  # ``app/chat`` (relative to ``code_dir`` when known, else a path suffix)
    func: str
    name: str  # the deployed function name, or the logical ID / label
    code_dir: str | None  # repository-relative code directory, when the IaC says

    def matches(self, module: str) -> bool:
        """``module``: the Python file, repository-relative, without ``.py``."""
        if self.code_dir is not None:
            full = self.module
            if self.code_dir not in ("", "."):
                full = f"{self.code_dir}/{self.module}"
            return module == os.path.normpath(full).replace(os.sep, "/")
        return module == self.module or module.endswith("/" + self.module)


def _add_handler(out: list[_Handler], handler: str, name: str, code_dir: str | None) -> None:
    """``app.chat.handler`` / ``src/handler.main`` -> module ``app/chat``, function ``handler``."""
    if "." not in handler:
        return
    module, func = handler.rsplit(".", 1)
    module = module.replace("\\", "/")
    if "/" not in module:
        module = module.replace(".", "/")
    out.append(_Handler(module.strip("/"), func, name, code_dir))


def _cfn_handlers(tpl: Any, rel_dir: str, out: list[_Handler]) -> None:
    glob = tpl.get("Globals") if isinstance(tpl, dict) else None
    glob_fn = glob.get("Function") if isinstance(glob, dict) else None
    glob_fn = glob_fn if isinstance(glob_fn, dict) else {}
    for logical, res in _cfn_resources(tpl):
        rtype = res.get("Type")
        if rtype not in _LAMBDA_TYPES:
            continue
        props = res.get("Properties") if isinstance(res.get("Properties"), dict) else {}
        sam = rtype == "AWS::Serverless::Function"
        handler = props.get("Handler", glob_fn.get("Handler") if sam else None)
        code = props.get("CodeUri", glob_fn.get("CodeUri")) if sam else None
        if not isinstance(handler, str):
            continue
        code_dir = None
        if isinstance(code, str) and "://" not in code:
            code_dir = os.path.normpath(os.path.join(rel_dir or ".", code)).replace(os.sep, "/")
        _add_handler(out, handler, _cfn_name(props) or logical, code_dir)


def _serverless_handlers(text: str, rel_dir: str, out: list[_Handler]) -> None:
    try:
        import yaml

        data = yaml.safe_load(text)
    except Exception:
        return
    functions = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(functions, dict):
        return
    for name, fn in functions.items():
        if isinstance(fn, dict) and isinstance(fn.get("handler"), str):
            _add_handler(out, fn["handler"], str(name), rel_dir or ".")


_TF_BLOCK = re.compile(r'(?m)^(resource|module|data)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{')


def _tf_blocks(text: str) -> Iterable[tuple[str, str, str, tuple[int, int]]]:
    """Top-level ``resource``/``module`` blocks: (type, label, body text, (first, last line)).

    A block ends at the next line that is a lone ``}`` in column 1 (``terraform fmt`` layout);
    that is enough to tell which block a position is in.
    """
    lines = text.splitlines()
    starts = [(m, text.count("\n", 0, m.start()) + 1) for m in _TF_BLOCK.finditer(text)]
    for m, first in starts:
        last = first
        for i in range(first, len(lines)):
            if lines[i].rstrip() == "}":
                last = i + 1
                break
        else:
            last = len(lines)
        body = "\n".join(lines[first - 1 : last])
        if m[1] == "module":
            yield "module", m[2], body, (first, last)
        elif m[1] == "resource":
            yield m[2], m[3] or "", body, (first, last)


def _tf_literal(body: str, attr: str) -> str | None:
    m = re.search(rf'(?m)^\s*{re.escape(attr)}\s*=\s*"([^"$%]+)"\s*$', body)
    return m[1] if m else None


def _cfn_resources(tpl: Any) -> Iterable[tuple[str, dict[str, Any]]]:
    resources = tpl.get("Resources") if isinstance(tpl, dict) else None
    if isinstance(resources, dict):
        for key, res in resources.items():
            if isinstance(res, dict):
                yield str(key), res


def _cfn_name(props: Any) -> str | None:
    if not isinstance(props, dict):
        return None
    for key in _CFN_NAME_PROPS:
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _dir_caller(repo: _Repo, real: Path, *, with_stem: bool = False) -> str:
    """The deepest directory below the scanned top whose name is not generic, else the top's
    name (the service the repository is). With ``with_stem``, a file stem that is not generic
    (``litellm-proxy.yaml``) wins."""
    real = Path(os.path.abspath(real))
    if with_stem:
        stem = real.name.split(".")[0]
        if stem.lower() not in _GENERIC_STEMS and slugify(stem):
            return slugify(stem)
    top = repo.top_of(real)
    try:
        parts = real.parent.relative_to(top).parts
    except ValueError:
        parts = ()
    for part in reversed(parts):
        if part.lower() not in _GENERIC_DIRS and slugify(part):
            return slugify(part)
    return slugify(top.name) or "service"


#: Files that make a directory a deployable project (as in ``bedrock-lint inventory``).
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Dockerfile")


def _project_name(repo: _Repo, real: Path) -> str | None:
    """The nearest project at or below the scanned top that holds the file: the ``[project]``
    (or poetry) name of its pyproject.toml, else the directory's name when it is not the top."""
    top = repo.top_of(real)
    folder = Path(os.path.abspath(real)).parent
    while True:
        text = repo.read(folder / "pyproject.toml")
        if text is not None:
            from ._toml import tomllib

            try:
                data = tomllib.loads(text)
            except (tomllib.TOMLDecodeError, ValueError):
                data = {}
            project, tool = data.get("project"), data.get("tool")
            name = project.get("name") if isinstance(project, dict) else None
            if name is None and isinstance(tool, dict) and isinstance(tool.get("poetry"), dict):
                name = tool["poetry"].get("name")
            if isinstance(name, str) and slugify(name):
                return slugify(name)
        if folder != top and any((folder / m).is_file() for m in _PROJECT_MARKERS):
            if slugify(folder.name) and folder.name.lower() not in _GENERIC_DIRS:
                return slugify(folder.name)
        if folder == top or folder == folder.parent or top not in folder.parents:
            return None
        folder = folder.parent


def caller_of(repo: _Repo, fmt: str, real: Path, rel: str, line: int) -> str:
    """Who makes the call at ``rel:line``: see the module docstring and docs/scaffold.md."""
    try:
        if fmt == "python":
            return _python_caller(repo, real, rel, line)
        if fmt == "terraform":
            return _terraform_caller(repo, real, line)
        if fmt == "cloudformation":
            return _cfn_caller(repo, real, line)
        if fmt == "litellm":
            return _dir_caller(repo, real, with_stem=True)
        if fmt == "config":
            return _config_caller(repo, real, line)
    except Exception:  # odd input only costs the precise name, never the run
        pass
    return _dir_caller(repo, real)


def _python_caller(repo: _Repo, real: Path, rel: str, line: int) -> str:
    text = repo.read(real) or ""
    funcs: list[tuple[int, int, str]] = []
    try:
        tree = ast.parse(text)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                funcs.append((node.lineno, node.end_lineno or node.lineno, node.name))
    except (SyntaxError, ValueError):
        pass
    module = rel[:-3] if rel.endswith(".py") else rel
    mine: dict[str, str] = {}
    exact = [h for h in repo.handler_map() if h.code_dir is not None and h.matches(module)]
    for h in exact or [h for h in repo.handler_map() if h.matches(module)]:
        mine.setdefault(h.func, h.name)
    for first, last, func in funcs:
        if first <= line <= last and func in mine:
            return slugify(mine[func])
    if len(set(mine.values())) == 1:
        return slugify(next(iter(mine.values())))
    return _project_name(repo, real) or _dir_caller(repo, real)


def _terraform_caller(repo: _Repo, real: Path, line: int) -> str:
    text = repo.read(real) or ""
    for rtype, label, body, (first, last) in _tf_blocks(text):
        if first <= line <= last:
            if rtype == "module":
                return slugify(label)
            for attr in _TF_NAME_ATTRS:
                value = _tf_literal(body, attr)
                if value and slugify(value):
                    return slugify(value)
            return slugify(label) or _dir_caller(repo, real)
    return _dir_caller(repo, real)


def _cfn_caller(repo: _Repo, real: Path, line: int) -> str:
    tpl = repo.template(real)
    for logical, res in _cfn_resources(tpl):
        start, end = getattr(res, "start_mark", None), getattr(res, "end_mark", None)
        key = next((k for k in tpl["Resources"] if str(k) == logical), None)
        first = getattr(getattr(key, "start_mark", None), "line", None)
        if start is None or end is None:
            continue
        lo = (first if first is not None else start.line) + 1
        if lo <= line <= end.line + 1:
            return slugify(_cfn_name(res.get("Properties")) or logical)
    return _dir_caller(repo, real, with_stem=True)


def _config_caller(repo: _Repo, real: Path, line: int) -> str:
    """docker-compose service, Serverless function, workflow job or Kubernetes object name."""
    fallback = _project_name(repo, real) or _dir_caller(repo, real)
    if real.suffix.lower() not in (".yaml", ".yml"):
        return fallback
    import yaml

    text = repo.read(real) or ""
    try:
        docs = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return fallback
    for doc in docs:
        if doc is None or not (doc.start_mark.line + 1 <= line <= doc.end_mark.line + 1):
            continue
        path = _yaml_path(doc, line)
        keys = [p for p in path if isinstance(p, str)]
        if len(keys) >= 2 and keys[0] in ("services", "jobs"):
            return slugify(keys[1])
        if "functions" in keys[:-1]:
            return slugify(keys[keys.index("functions") + 1])
        name = _yaml_get(doc, "metadata", "name")
        if name and _yaml_get(doc, "kind"):
            return slugify(name)
    return fallback


def _yaml_path(node: Any, line: int) -> list[str | int]:
    import yaml

    path: list[str | int] = []
    seen = 0
    while seen < 200:
        seen += 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.start_mark.line + 1 <= line <= value.end_mark.line + 1:
                    path.append(str(key.value))
                    node = value
                    break
            else:
                return path
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                if item.start_mark.line + 1 <= line <= item.end_mark.line + 1:
                    path.append(i)
                    node = item
                    break
            else:
                return path
        else:
            return path
    return path


def _yaml_get(node: Any, *keys: str) -> str | None:
    import yaml

    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if k.value == key), None)
    return node.value if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else None


# --- collecting the needs ----------------------------------------------------------------------


def collect(paths: Sequence[str], settings: Any, *,
            jobs_n: int | None = None) -> tuple[list[Need], _Repo]:
    """Run the engine like ``check`` does and group its BRL101/BRL102 findings by caller and
    model. Findings are explained by the facts of a re-scan of their file (the model reference
    at the finding's position), or failing that by the finding's message."""
    from . import scanners
    from .engine import lint_jobs
    from .walk import Walker

    walker = Walker(settings)
    jobs = list(dict.fromkeys(walker.jobs(list(paths))))
    tops = [Path(os.path.abspath(p)) for p in paths if Path(p).is_dir()]
    repo = _Repo(Path(settings.root), tops, jobs=jobs)
    findings = lint_jobs(jobs, settings, jobs_n=jobs_n, use_cache=False)
    real_of = {job.path: Path(job.real) for job in jobs}
    grammar = settings.policy.grammar
    needs: dict[tuple[str, str], Need] = {}
    by_file: dict[str, list[Any]] = {}
    for f in findings:
        if f.code in CODES:
            by_file.setdefault(f.path, []).append(f)
    for path, found in sorted(by_file.items()):
        real = real_of.get(path, Path(path))
        text = repo.read(real)
        fmt = scanners.format_for(str(real), (text or "")[:65536]) if text is not None else None
        refs: dict[tuple[int, int], Any] = {}
        if fmt is not None and text is not None:
            scan = scanners.load(fmt)
            if scan is not None:
                ctx = scanners.ScanContext(settings.policy, Path(settings.root), repo.read)
                try:
                    doc = scan(path, text, ctx)
                    refs = {(r.loc.line, r.loc.col): r for r in doc.refs}
                except Exception:  # the engine already reported what it could
                    refs = {}
        rel = _rel(real, Path(settings.root))
        for f in found:
            ref = refs.get((f.line, f.col))
            if ref is not None:
                value, context = ref.value, ref.context
            else:
                parsed = parse_finding_message(f.message)
                if parsed is None:
                    continue
                value, context = parsed
            mid = grammar.classify(value)
            if mid is None or mid.model is None:
                continue
            caller = caller_of(repo, fmt or "", real, rel, f.line) or "service"
            need = needs.setdefault((caller, mid.model), Need(caller, mid.model))
            need.sites.append(Site(f.path, f.line, f.col, f.code, context))
    return sorted(needs.values(), key=lambda n: (n.caller, n.model)), repo


def _rel(real: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(real)).relative_to(root).as_posix()
    except ValueError:
        return Path(real).as_posix()


# --- values the repository states --------------------------------------------------------------


_PROBE_SOURCE = ("arn:aws:bedrock:eu-central-1:123456789012:inference-profile/"
                 "eu.anthropic.claude-sonnet-4-6")
_TAG_MAPS = ("local.tags", "local.common_tags", "local.default_tags", "local.standard_tags",
             "local.base_tags", "var.tags", "var.common_tags", "var.default_tags")  # fmt: skip


def _var_names(key: str, policy: Any) -> list[str]:
    base = re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")
    names = [base, f"{base}_name"]
    if key == policy.env_tag:
        names += ["env", "environment", "stage"]
    if key == policy.product_tag:
        names += ["product", "product_name"]
    return list(dict.fromkeys(n for n in names if n))


def _tf_probe(keys: Sequence[str], policy: Any) -> tuple[str, list[tuple[str, str]]]:
    """A throw-away module file whose profiles' effective tags are the values we want."""
    blocks = []
    labels: list[tuple[str, str]] = []

    def block(label: str, tags: str | None, what: str) -> None:
        tag_line = f"  tags = {tags}\n" if tags else ""
        blocks.append(
            f'resource "aws_bedrock_inference_profile" "{label}" {{\n  name = "probe"\n'
            f'  model_source {{\n    copy_from = "{_PROBE_SOURCE}"\n  }}\n{tag_line}}}\n'
        )
        labels.append((f"aws_bedrock_inference_profile.{label}", what))

    block("scaffold_probe_default", None, "provider default_tags")
    for i, expr in enumerate(_TAG_MAPS):
        block(f"scaffold_probe_map_{i}", expr, expr)
    entries = []
    for key in keys:
        for name in _var_names(key, policy):
            entries.append((key, name))
    for i, (key, name) in enumerate(entries):
        block(f"scaffold_probe_var_{i}", f'{{ "{key}" = var.{name} }}', f"var.{name}")
    return "\n".join(blocks), labels


def _probe_dir(folder: Path, keys: Sequence[str], settings: Any, repo: _Repo
               ) -> list[tuple[int, str, str, str]]:
    """``(rank, key, value, origin)`` for one Terraform module directory."""
    from . import scanners

    scan = scanners.load("terraform")
    if scan is None:
        return []
    text, labels = _tf_probe(keys, settings.policy)
    ctx = scanners.ScanContext(settings.policy, Path(settings.root), repo.read)
    try:
        doc = scan(str(folder / "__bedrock_lint_scaffold_probe__.tf"), text, ctx)
    except Exception:
        return []
    origin_of = dict(labels)
    rel = _rel(folder, Path(settings.root))
    out = []
    for profile in doc.profiles:
        what = origin_of.get(profile.logical_name)
        if what is None:
            continue
        for key, tv in profile.tags.items():
            if key not in keys or not _usable(tv.value):
                continue
            if tv.source.startswith("provider"):
                rank, origin = 1, f"provider default_tags in {rel}"
            elif what.startswith(("local.", "var.tags", "var.common", "var.default")):
                rank, origin = 3, f"{what} in {rel}"
            else:
                rank, origin = 4, f"{what} in {rel}"
            out.append((rank, key, tv.value, origin))
    return out


def _cfn_probe_dir(folder: Path, keys: Sequence[str], settings: Any, repo: _Repo
                   ) -> list[tuple[int, str, str, str]]:
    """Stack tags a ``samconfig.toml`` gives every template deployed from ``folder``."""
    from . import scanners

    scan = scanners.load("cloudformation")
    if scan is None:
        return []
    text = ("Resources:\n  Probe:\n    Type: AWS::Bedrock::ApplicationInferenceProfile\n"
            f"    Properties:\n      InferenceProfileName: probe\n      ModelSource:\n"
            f"        CopyFrom: {_PROBE_SOURCE}\n")
    ctx = scanners.ScanContext(settings.policy, Path(settings.root), repo.read)
    try:
        doc = scan(str(folder / "__bedrock_lint_scaffold_probe__.yaml"), text, ctx)
    except Exception:
        return []
    out = []
    for profile in doc.profiles:
        for key, tv in profile.tags.items():
            if key in keys and _usable(tv.value):
                where = _rel(folder, Path(settings.root))
                out.append((1, key, tv.value, f"samconfig.toml stack tags for {where}"))
    return out


def _existing_profiles(settings: Any, repo: _Repo, output: Path | None) -> list[tuple[Any, bool]]:
    """Profiles the repository declares, each with whether it is in ``output`` (an earlier
    scaffold: its filled-in values count, but other origins are named first)."""
    from . import scanners

    target = Path(os.path.abspath(output)) if output is not None else None
    out = []
    for job in repo.jobs:
        real = Path(job.real)
        text = repo.read(real)
        if text is None or ("inference_profile" not in text
                            and "ApplicationInferenceProfile" not in text):
            continue
        fmt = scanners.format_for(str(real), text[:65536])
        if fmt not in ("terraform", "cloudformation"):
            continue
        scan = scanners.load(fmt)
        if scan is None:
            continue
        ctx = scanners.ScanContext(settings.policy, Path(settings.root), repo.read)
        try:
            doc = scan(job.path, text, ctx)
        except Exception:
            continue
        mine = target is not None and Path(os.path.abspath(real)) == target
        out.extend((profile, mine) for profile in doc.profiles)
    return out


def _git_source(root: Path, tops: Sequence[Path]) -> str | None:
    """``github.com/acme/chat`` from the ``origin`` remote in ``.git/config``."""
    for folder in (*tops, root):
        for candidate in (folder, *folder.parents):
            config = candidate / ".git" / "config"
            if config.is_file():
                try:
                    text = config.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    return None
                m = re.search(r'(?ms)^\[remote "origin"\][^\[]*?^\s*url\s*=\s*(\S+)', text)
                return _remote_to_source(m[1]) if m else None
            if (candidate / ".git").exists():
                return None
    return None


def _remote_to_source(url: str) -> str | None:
    url = url.strip()
    m = re.match(r"^(?:[\w+]+://)?(?:[^@/]+@)?([^:/]+)(?::\d+)?[:/](.+?)(?:\.git)?/?$", url)
    if not m:
        return None
    return f"{m[1]}/{m[2]}"


def known_values(settings: Any, repo: _Repo, keys: Sequence[str], *, fmt: str,
                 output: Path | None) -> Known:
    """What the repository states for each tag key (see the module docstring for the order)."""
    known = Known()
    tf_dirs = sorted({Path(os.path.abspath(j.real)).parent for j in repo.jobs
                      if j.real.endswith(".tf")})
    out_dir = Path(os.path.abspath(output)).parent if output is not None else None
    #: (rank, key, value, penalty, origin): the lowest rank with candidates decides a key
    candidates: list[tuple[int, str, str, int, str]] = []
    if out_dir is not None and out_dir.is_dir() and out_dir not in tf_dirs:
        if any(p.suffix == ".tf" for p in out_dir.iterdir()):
            tf_dirs.append(out_dir)
    for folder in tf_dirs[:64]:
        for rank, key, value, origin in _probe_dir(folder, keys, settings, repo):
            candidates.append((rank - 10 if folder == out_dir else rank, key, value, 0, origin))
    cfn_dirs = sorted({Path(os.path.abspath(j.real)).parent for j in repo.jobs
                       if j.real.endswith((".yaml", ".yml", ".json", ".template"))})
    for folder in cfn_dirs[:64]:
        if any((c / "samconfig.toml").is_file() for c in (folder, *folder.parents)
               if c == repo.root or repo.root in c.parents):
            candidates.extend((r - 10 if folder == out_dir else r, k, v, 0, o)
                              for r, k, v, o in _cfn_probe_dir(folder, keys, settings, repo))
    for profile, mine in _existing_profiles(settings, repo, output):
        for key, tv in profile.tags.items():
            if key in keys and _usable(tv.value):
                candidates.append((2, key, tv.value, int(mine),
                                   f"existing profile {profile.logical_name}"))
    source = _git_source(repo.root, repo.tops)
    for key in keys:
        if _squash(key) == "source" and source:
            candidates.append((5, key, source, 0, "the git remote origin"))
    for key in keys:
        ranked = sorted(c for c in candidates if c[1] == key)
        if not ranked:
            continue
        best = [c for c in ranked if c[0] == ranked[0][0]]
        values = sorted({c[2] for c in best})
        if len(values) == 1:
            known.values[key] = (values[0], best[0][4])  # sorted: the lowest penalty first
        else:
            known.conflicts[key] = tuple(values)
    if fmt == "terraform" and out_dir is not None and out_dir.is_dir():
        _scan_output_dir(out_dir, output, known, repo)
    if fmt == "terraform" and _aws_provider_major(repo) >= 6:
        known.region_attr = "region"
    return known


_AWS_PROVIDER = re.compile(
    r'(?s)\baws\s*=\s*\{[^{}]*?source\s*=\s*"(?:registry\.terraform\.io/)?hashicorp/aws"[^{}]*\}')
_VERSION = re.compile(r'version\s*=\s*"\s*(?:>=|~>|=)?\s*v?(\d+)')


def _aws_provider_major(repo: _Repo) -> int:
    """The lowest AWS provider major version any ``required_providers`` block allows (0: none)."""
    majors = []
    for job in repo.jobs:
        if job.real.endswith(".tf"):
            for block in _AWS_PROVIDER.finditer(repo.read(Path(job.real)) or ""):
                m = _VERSION.search(block[0])
                if m:
                    majors.append(int(m[1]))
    return min(majors, default=0)


def _usable(value: str | None) -> bool:
    """A stated value: resolved, not empty, not a placeholder of an earlier scaffold."""
    return bool(value and value.strip()) and "${" not in value and not is_placeholder(value)


def _squash(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _scan_output_dir(out_dir: Path, output: Path | None, known: Known, repo: _Repo) -> None:
    """Names already declared where the Terraform output goes, so nothing is declared twice."""
    target = Path(os.path.abspath(output)) if output is not None else None
    for tf in sorted(out_dir.glob("*.tf")):
        if target is not None and Path(os.path.abspath(tf)) == target:
            continue
        text = repo.read(tf) or ""
        for m in re.finditer(r'(?m)^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"', text):
            known.existing_labels.add(f"{m[1]}.{m[2]}.{m[3]}")
            if m[1] == "data" and m[2] == "aws_region" and known.region_data is None:
                known.region_data = m[3]
            if m[1] == "data" and m[2] == "aws_caller_identity" and known.identity_data is None:
                known.identity_data = m[3]
        for m in re.finditer(r'(?m)^\s*output\s+"([^"]+)"', text):
            known.existing_labels.add(f"output.{m[1]}")


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class Tag:
    key: str
    value: str
    origin: str  # where the value came from, or "" for a placeholder
    tier: str
    conditional: str = ""  # "billing-mode = 'client'" when the tier's condition is undecided


@dataclass
class Profile:
    label: str  # caller + model, for resource labels and logical IDs
    name: str
    model: str
    copy_from_id: str  # ``eu.anthropic.claude-sonnet-4-6`` (or a foundation model id)
    system_profile: bool
    tags: list[Tag]
    production: bool
    callers: list[str]
    sites: list[Site]
    ssm: list[tuple[str, str]]  # (caller, parameter name)
    description: str
    #: The product value is a per-profile literal, not the shared one (no {model} in template).
    own_product: bool = False
    #: The default convention's name starts with the product value (CloudFormation then
    #: writes it as ``${Product}-...``).
    product_prefixed: bool = False


@dataclass
class Plan:
    fmt: str
    profiles: list[Profile]
    shared: dict[str, Tag]  # tag values shared by every profile (CloudFormation parameters)
    known: Known
    policy: Any
    warnings: list[str] = field(default_factory=list)

    @property
    def placeholders(self) -> list[str]:
        seen = {t.value for p in self.profiles for t in p.tags if is_placeholder(t.value)}
        return sorted(seen)


def _required_keys(policy: Any) -> list[str]:
    return list(dict.fromkeys(k for tier in policy.tiers for k in tier.keys))


def _value_problems(key: str, value: str, policy: Any) -> list[str]:
    problems = []
    for rule in policy.value_rule(key):
        if rule.allowed and value not in rule.allowed:
            problems.append(f"expected one of {', '.join(rule.allowed)}")
        if rule.pattern is not None and re.fullmatch(rule.pattern, value) is None:
            problems.append(f"expected to match {rule.pattern}")
    return problems


def plan(needs: Sequence[Need], settings: Any, known: Known, *, fmt: str,
         env: str | None = None, product: str | None = None, output_rel: str | None = None) -> Plan:
    """Decide names, sources, tags, lifecycle and delivery of every profile."""
    from .globs import globmatch

    policy = settings.policy
    keys = _required_keys(policy)
    warnings: list[str] = []
    base: dict[str, tuple[str, str]] = dict(known.values)
    if product:
        base[policy.product_tag] = (product, "--product")
    if env:
        base[policy.env_tag] = (env, "--env")
    for key in keys:
        if _squash(key) == "managedby":
            base[key] = (fmt, "the output format")
    for key, (value, origin) in sorted(base.items()):
        if key in keys and not is_placeholder(value):
            for problem in _value_problems(key, value, policy):
                warnings.append(
                    f"tag {key} = {value!r} (from {origin}) breaks the policy: {problem}")
    for key, values in sorted(known.conflicts.items()):
        if key not in base:
            warnings.append(f"tag {key}: the repository states several values "
                            f"({', '.join(values)}); left as a placeholder")

    template = policy.naming_template
    fields = set(_FIELD.findall(template)) if template else set()
    per_caller_product = bool(template) and "model" not in fields
    models_of: dict[str, set[str]] = {}
    for need in needs:
        models_of.setdefault(need.caller, set()).add(need.model)

    product_value, _ = base.get(policy.product_tag, (PLACEHOLDER + slugify(policy.product_tag), ""))
    env_value = base.get(policy.env_tag, (None, ""))[0]
    production_paths = bool(output_rel) and any(
        globmatch(output_rel, p) for p in policy.production_paths)
    if env_value is None:
        production = True  # unknown: the lifecycle is harmless, its absence is not
    else:
        production = env_value.casefold() in {v.casefold() for v in policy.production_values}
    production = production or production_paths

    slugs = model_slugs(needs)

    profiles: dict[str, Profile] = {}
    for need in needs:
        values = {k: v for k, v in base.items()}
        own_product = False
        if per_caller_product:
            parts = [] if is_placeholder(product_value) else [product_value]
            parts.append(need.caller)
            if len(models_of[need.caller]) > 1:
                parts.append(slugs[need.caller, need.model][0])
            values[policy.product_tag] = ("-".join(parts), "the caller (one profile per caller)")
            own_product = True
        tags = _tags_for(policy, keys, values)
        tag_values = {t.key: t.value for t in tags}
        ssm_product = tag_values.get(policy.product_tag)
        if own_product:  # the product tag names the caller: no product segment unless given
            ssm_product = None if is_placeholder(product_value) else product_value
        key_slug, name_slugs = slugs[need.caller, need.model]
        named = _profile_name(policy, need, tag_values, name_slugs)
        if named is None:
            warnings.append(f"no valid profile name for {need.caller} / {need.model}; check "
                            "[naming] in the policy")
            continue
        name, prefixed = named
        existing = profiles.get(name)
        if existing is not None:
            if existing.model == need.model:  # the template defines a shared profile
                existing.callers.append(need.caller)
                existing.sites.extend(need.sites)
                existing.ssm.append((need.caller, _ssm_name(ssm_product, need.caller, key_slug)))
                continue
            warnings.append(f"profile name {name!r} is the same for {existing.model} and "
                            f"{need.model}: the naming template cannot tell them apart")
        geo = policy.preferred_geo[0] if policy.preferred_geo else None
        label = f"{need.caller}-{key_slug}"
        profiles[name if name not in profiles else f"{name}#{need.model}"] = Profile(
            label=label,
            name=name,
            model=need.model,
            copy_from_id=f"{geo}.{need.model}" if geo else need.model,
            system_profile=geo is not None,
            tags=tags,
            production=production,
            callers=[need.caller],
            sites=list(need.sites),
            ssm=[(need.caller, _ssm_name(ssm_product, need.caller, key_slug))],
            description=_description(need),
            own_product=own_product,
            product_prefixed=prefixed,
        )
    shared: dict[str, Tag] = {}
    plist = list(profiles.values())
    for key in keys:
        tags = [next((t for t in p.tags if t.key == key), None) for p in plist]
        if plist and all(t is not None for t in tags) and len({t.value for t in tags if t}) == 1:
            shared[key] = tags[0]  # type: ignore[assignment]
    return Plan(fmt, plist, shared, known, policy, warnings)


def _tags_for(policy: Any, keys: Sequence[str], values: dict[str, tuple[str, str]]) -> list[Tag]:
    """Every key of every tier that applies, or may apply once placeholders are filled."""
    out: dict[str, Tag] = {}
    decided = {k: v for k, (v, _) in values.items() if not is_placeholder(v)}
    for tier in policy.tiers:
        undecided = []
        applies = True
        for key, allowed in tier.when:
            if key in decided:
                if decided[key] not in allowed:
                    applies = False
            else:
                undecided.append(f"{key} = {' or '.join(allowed)}")
        if not applies:
            continue
        for key in tier.keys:
            if key in out:
                continue
            value, origin = values.get(key, (PLACEHOLDER + slugify(key), ""))
            out[key] = Tag(key, value, origin, tier.name, " and ".join(undecided))
    order = {k: i for i, k in enumerate(keys)}
    return sorted(out.values(), key=lambda t: order.get(t.key, len(order)))


def _safe(text: str) -> str:
    """A name part AWS accepts: letters, digits and single ``-`` between them."""
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")


#: Room a placeholder in a name keeps for the value that replaces it (``TODO-product`` may
#: become ``acme-customer-support``): names are fitted as if placeholders were this long.
PLACEHOLDER_ROOM = 24


def _room(name: str, placeholders: Iterable[str] = ()) -> int:
    """``len(name)`` with every placeholder in it counted as ``PLACEHOLDER_ROOM`` characters."""
    extra = sum(name.count(ph) * max(0, PLACEHOLDER_ROOM - len(ph))
                for ph in set(placeholders) if ph)
    return len(name) + extra


def model_slugs(needs: Sequence[Need]) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """Per (caller, model): the slug for labels and SSM paths, and the slugs a name may use.

    The short slug (``claude-3-5-haiku``) keys labels and SSM paths unless another model of the
    same caller has it too; names prefer the full slug (``claude-3-5-haiku-20241022-v1``).
    Models that differ only after ``:`` (``claude-v2``, ``claude-v2:1``) use the whole ID.
    """
    by_caller: dict[str, list[str]] = {}
    for need in needs:
        by_caller.setdefault(need.caller, []).append(need.model)
    out: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for caller, models in by_caller.items():
        shorts = [_short_slug(m) for m in models]
        fulls = [_full_slug(m) for m in models]
        for model, short, full in zip(models, shorts, fulls):
            whole = slugify(model.split(".", 1)[-1])
            if fulls.count(full) > 1:
                out[caller, model] = (whole, [whole])
            elif shorts.count(short) > 1:
                out[caller, model] = (slugify(full), [full])
            else:
                out[caller, model] = (short, [full, short])
    return out


def _profile_name(policy: Any, need: Need, tags: dict[str, str],
                  slugs: Sequence[str]) -> tuple[str, bool] | None:
    """``(name, starts with the product value)``.

    The full model slug when it fits (a model upgrade then gets a new name, so the replacement
    can be created before the old profile is destroyed), else the short one; in the default
    convention the caller part is shortened last. Placeholders are given room to grow.
    """
    limit = policy.name_max_length
    holes = [_safe(v) for v in tags.values() if is_placeholder(v)] + [PLACEHOLDER + "product"]
    template = policy.naming_template
    fallback: tuple[str, bool] | None = None
    for slug in dict.fromkeys(slugs):
        prefixed = False
        if template:
            special = {"product": policy.product_tag, "env": policy.env_tag}

            def value(m: re.Match[str], slug: str = slug) -> str:
                key = m[1]
                if key == "model":
                    return _safe(slug)
                return _safe(tags.get(special.get(key, key), PLACEHOLDER + slugify(key)))

            name = re.sub(r"-{2,}", "-", _FIELD.sub(value, template))
        else:
            product = _safe(tags.get(policy.product_tag, PLACEHOLDER + "product"))
            caller = _safe(need.caller)
            parts = [product, caller, _safe(slug)]
            prefixed = True
            if _norm(product) in _norm(caller):
                parts, prefixed = ["", caller, _safe(slug)], False
            name = "-".join(p for p in parts if p)
            over = _room(name, holes) - limit
            if over > 0 and len(caller) > over:
                parts[1] = caller[: len(caller) - over].strip("-")
                name = "-".join(p for p in parts if p)
        if not (len(name) <= limit and re.fullmatch(policy.name_pattern, name)):
            continue
        if _room(name, holes) <= limit:
            return name, prefixed
        fallback = fallback or (name, prefixed)
    return fallback


def _ssm_name(product: str | None, caller: str, slug: str) -> str:
    """``/<product>/bedrock/<caller>/<short model slug>/profile-arn``: stable across model
    versions, so an upgrade updates the parameter in place and callers pick it up."""
    if product is not None and not is_placeholder(product):
        product = slugify(product) or None
    prefix = f"/{product}" if product else ""
    return f"{prefix}/bedrock/{caller}/{slug}/profile-arn"


def _ssm_slug(name: str) -> str:
    """The model part of ``/<product>/bedrock/<caller>/<slug>/profile-arn``."""
    parts = name.rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 else "model"


def _description(need: Need) -> str:
    """Within AWS's description pattern ``^([0-9a-zA-Z:.][ _-]?)+$`` and 200 characters."""
    text = f"{_safe(need.caller)} calls {need.model} through this profile"
    text = re.sub(r"[^0-9A-Za-z:. _-]+", " ", text)
    text = re.sub(r"([ _-])[ _-]+", r"\1", text).strip(" _-")[:200].rstrip(" _-")
    if re.fullmatch(r"([0-9a-zA-Z:.][ _-]?)+", text):
        return text
    return "Bedrock application inference profile"


# --- Terraform ---------------------------------------------------------------------------------


class _Hcl:
    """Lines of HCL in ``terraform fmt`` layout: two-space indent, and the ``=`` of consecutive
    single-line attributes aligned (a blank line, a comment line, a nested block or a
    multi-line value ends the group), as hclwrite's formatter does."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(align_hcl(self.lines)).rstrip("\n") + "\n"


def _brackets(text: str) -> int:
    """Net ``{[(`` minus ``}])`` outside string literals (``${...}`` counts inside strings)."""
    depth, i, in_str = 0, 0, False
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "#":
            break
        elif c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        i += 1
    return depth


def _assign_at(line: str) -> int | None:
    """Index of the ``=`` of a single-line attribute, else None."""
    in_str, i = False, 0
    while i < len(line):
        c = line[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "#":
            return None
        elif c == "=" and line[i + 1 : i + 2] not in ("=", ">") and line[i - 1 : i] not in "!<>=":
            return i if _brackets(line[i:]) == 0 else None
        i += 1
    return None


def align_hcl(lines: Sequence[str]) -> list[str]:
    """Align ``=`` across runs of consecutive single-line attributes."""
    out = list(lines)
    run: list[tuple[int, str, str]] = []

    def close() -> None:
        if run:
            width = max(len(lead) for _, lead, _ in run)
            for idx, lead, rest in run:
                out[idx] = f"{lead.ljust(width)} = {rest}"
        run.clear()

    for idx, line in enumerate(lines):
        at = _assign_at(line)
        if at is None or not line.strip():
            close()
            continue
        run.append((idx, line[:at].rstrip(), line[at + 1 :].strip()))
    close()
    return out


def _hcl_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _hcl_string(key)


def _unique(label: str, taken: set[str]) -> str:
    out, n = label, 2
    while out in taken:
        out, n = f"{label}_{n}", n + 1
    taken.add(out)
    return out


def render_terraform(p: Plan, *, generated_from: str = "") -> str:
    h = _Hcl()
    known = p.known
    region = known.region_data or "current"
    identity = known.identity_data or "current"
    region_attr = known.region_attr
    source = f" from {generated_from}" if generated_from else ""
    h.add(f"# Generated by `bedrock-lint scaffold`{source}: one application inference profile")
    todo = 'Replace every "TODO-..." value, review,' if p.placeholders else "Review,"
    h.add(f"# per caller and model (policy {p.policy.name}). {todo}")
    h.add("# then point each caller at its profile ARN (the SSM parameter below, or the output).")
    h.add()
    if known.region_data is None:
        h.add(f'data "aws_region" "{region}" {{}}')
        h.add()
    if known.identity_data is None:
        h.add(f'data "aws_caller_identity" "{identity}" {{}}')
        h.add()
    taken = {label.split(".", 2)[2] for label in known.existing_labels
             if label.startswith("resource.aws_bedrock_inference_profile.")}
    taken_ssm = {label.split(".", 2)[2] for label in known.existing_labels
                 if label.startswith("resource.aws_ssm_parameter.")}
    taken_out = {label.split(".", 1)[1] for label in known.existing_labels
                 if label.startswith("output.")}
    for prof in p.profiles:
        label = _unique(_ident(prof.label), taken)
        ref = f"aws_bedrock_inference_profile.{label}"
        for site in sorted(prof.sites)[:8]:
            h.add(f"# replaces {site.code} at {site.path}:{site.line} ({_comment(site.context)})")
        if len(prof.sites) > 8:
            h.add(f"# ... and {len(prof.sites) - 8} more references")
        h.add(f'resource "aws_bedrock_inference_profile" "{label}" {{')
        h.add(f"  name = {_hcl_string(prof.name)}")
        h.add(f"  description = {_hcl_string(prof.description)}")
        h.add()
        h.add("  model_source {")
        if prof.system_profile:
            arn = (f"arn:aws:bedrock:${{data.aws_region.{region}.{region_attr}}}:"
                   f"${{data.aws_caller_identity.{identity}.account_id}}:inference-profile/"
                   f"{prof.copy_from_id}")
        else:
            arn = (f"arn:aws:bedrock:${{data.aws_region.{region}.{region_attr}}}::"
                   f"foundation-model/{prof.model}")
        h.add(f'    copy_from = "{arn}"')
        h.add("  }")
        h.add()
        _hcl_tags(h, prof.tags)
        if prof.production:
            h.add()
            h.add("  lifecycle {")
            h.add("    create_before_destroy = true")
            h.add("  }")
        h.add("}")
        h.add()
        for caller, ssm in prof.ssm:
            ssm_label = _unique(_ident(f"{caller}-{_ssm_slug(ssm)}-profile-arn"), taken_ssm)
            h.add(f'resource "aws_ssm_parameter" "{ssm_label}" {{')
            h.add(f"  name = {_hcl_string(ssm)}")
            what = f"Application inference profile ARN for {caller}"
            h.add(f"  description = {_hcl_string(what)}")
            h.add('  type = "String"')
            h.add(f"  value = {ref}.arn")
            h.add("}")
            h.add()
        out_label = _unique(_ident(f"{prof.label}-profile-arn"), taken_out)
        h.add(f'output "{out_label}" {{')
        h.add(f"  description = {_hcl_string(f'ARN of profile {prof.name}')}")
        h.add(f"  value = {ref}.arn")
        h.add("}")
        h.add()
    return h.text()


def _comment(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)[:120]


def _hcl_tags(h: _Hcl, tags: Sequence[Tag]) -> None:
    filled = [t for t in tags if t.origin]
    missing = [t.key for t in tags if not t.origin]
    by_origin: dict[str, list[str]] = {}
    for t in filled:
        by_origin.setdefault(t.origin, []).append(t.key)
    for origin, keys in by_origin.items():
        h.add(f"  # {', '.join(keys)}: from {_comment(origin)}")
    if missing:
        h.add(f"  # TODO: {', '.join(missing)}")
    h.add("  tags = {")
    group: str | None = None
    for t in tags:
        if t.conditional != (group or ""):
            group = t.conditional
            if group:
                h.add(f"    # {t.tier}: required when {group}; delete these if it is not")
        h.add(f"    {_hcl_key(t.key)} = {_hcl_string(t.value)}")
    h.add("  }")


# --- CloudFormation ----------------------------------------------------------------------------


class Fn:
    """An intrinsic function: rendered ``!Sub "..."`` in YAML, ``{"Fn::Sub": "..."}`` in JSON."""

    def __init__(self, name: str, arg: Any) -> None:
        self.name, self.arg = name, arg

    def json(self) -> dict[str, Any]:
        key = "Ref" if self.name == "Ref" else f"Fn::{self.name}"
        arg = self.arg.split(".", 1) if self.name == "GetAtt" else self.arg
        return {key: arg}


class Comment(str):
    """A mapping key that is a comment line in YAML (dropped in JSON); never equal to another
    key, so equal comments do not replace each other."""

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


def _param_name(key: str) -> str:
    return _pascal(key) or "Tag"


def build_cloudformation(p: Plan) -> dict[str, Any]:
    policy = p.policy
    params: dict[str, Any] = {}
    param_of: dict[str, str] = {}
    for key, tag in p.shared.items():
        if _squash(key) == "managedby":
            continue
        name = _param_name(key)
        body: dict[str, Any] = {"Type": "String", "Description": f"Value of the {key} tag"}
        allowed = [a for r in policy.value_rule(key) for a in r.allowed]
        if allowed and tag.value in allowed:
            body["AllowedValues"] = allowed
        body["Default"] = tag.value
        params[name] = body
        param_of[key] = name

    def value(key: str, text: str) -> Any:
        return Fn("Ref", param_of[key]) if key in param_of else text

    resources: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    taken: set[str] = set(params)
    for prof in p.profiles:
        base = _pascal(prof.label)
        logical = _unique(f"{base}Profile", taken)
        for site in sorted(prof.sites)[:8]:
            resources[Comment(f"replaces {site.code} at {site.path}:{site.line} "
                              f"({_comment(site.context)})")] = None
        tags = []
        for t in prof.tags:
            tags.append({"Key": t.key, "Value": value(t.key, t.value)})
        arn = "arn:${AWS::Partition}:bedrock:${AWS::Region}:"
        if prof.system_profile:
            arn += f"${{AWS::AccountId}}:inference-profile/{prof.copy_from_id}"
        else:
            arn += f":foundation-model/{prof.model}"
        props: dict[str, Any] = {
            "InferenceProfileName": _cfn_name_value(prof, p, param_of),
            "Description": prof.description,
            "ModelSource": {"CopyFrom": Fn("Sub", arn)},
            "Tags": tags,
        }
        resources[logical] = {"Type": "AWS::Bedrock::ApplicationInferenceProfile",
                              "Properties": props}
        for caller, ssm in prof.ssm:
            ssm_base = _pascal(f"{caller}-{_ssm_slug(ssm)}")
            ssm_logical = _unique(f"{ssm_base}ProfileArnParameter", taken)
            resources[ssm_logical] = {
                "Type": "AWS::SSM::Parameter",
                "Properties": {
                    "Name": _cfn_ssm_value(ssm, prof, p, param_of),
                    "Description": f"Application inference profile ARN for {caller}",
                    "Type": "String",
                    "Value": Fn("GetAtt", f"{logical}.InferenceProfileArn"),
                },
            }
        outputs[_unique(f"{base}ProfileArn", taken)] = {
            "Description": f"ARN of profile for {', '.join(prof.callers)} on {prof.model}",
            "Value": Fn("GetAtt", f"{logical}.InferenceProfileArn"),
        }
    template: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Application inference profiles for Bedrock callers (bedrock-lint scaffold)",
    }
    if params:
        template["Parameters"] = params
    template["Resources"] = resources
    template["Outputs"] = outputs
    return template


def _cfn_name_value(prof: Profile, p: Plan, param_of: dict[str, str]) -> Any:
    """The name, with shared tag values as ``${Param}`` so a parameter override renames it."""
    product_key = p.policy.product_tag
    product = next((t.value for t in prof.tags if t.key == product_key), None)
    if (product_key in param_of and not prof.own_product and prof.product_prefixed and product
            and _safe(product) == product and prof.name.startswith(product + "-")):
        return Fn("Sub", "${" + param_of[product_key] + "}" + prof.name[len(product):])
    return prof.name


def _cfn_ssm_value(ssm: str, prof: Profile, p: Plan, param_of: dict[str, str]) -> Any:
    product_key = p.policy.product_tag
    product = next((t.value for t in prof.tags if t.key == product_key), None)
    if (product_key in param_of and not prof.own_product and product
            and ssm.startswith(f"/{product}/")):
        return Fn("Sub", "/${" + param_of[product_key] + "}" + ssm[len(product) + 1 :])
    return ssm


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, Fn):
        if value.name in ("Ref", "GetAtt"):
            return f"!{value.name} {value.arg}"
        return f"!{value.name} {json.dumps(value.arg)}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and ": " not in text and " #" not in text \
            and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


#: Strings written without quotes: they start with a letter and hold nothing YAML reads
#: specially (``2010-09-09`` is a date and ``yes`` a boolean to YAML 1.1, so they are quoted).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./:@()-]*[A-Za-z0-9)]|[A-Za-z]")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def _yaml_lines(node: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, Comment):
                out.append(f"{pad}# {key}")
            elif isinstance(value, (dict, list)) and value:
                out.append(f"{pad}{key}:")
                _yaml_lines(value, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {_yaml_scalar(value)}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _yaml_lines(item, indent + 2, sub)
                out.append(f"{pad}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            else:
                out.append(f"{pad}- {_yaml_scalar(item)}")


def render_cloudformation(p: Plan, *, as_json: bool = False, generated_from: str = "") -> str:
    tpl = build_cloudformation(p)
    if as_json:
        return json.dumps(_jsonable(tpl), indent=2) + "\n"
    source = f" from {generated_from}" if generated_from else ""
    lines = [
        f"# Generated by `bedrock-lint scaffold`{source}: one application inference profile",
        f"# per caller and model (policy {p.policy.name}). "
        + ('Replace every "TODO-..." value' if p.placeholders else "Values"),
        "# (parameter defaults or --parameter-overrides), review, then point each caller at its",
        "# profile ARN (the SSM parameter below, or the output).",
    ]
    for section, body in tpl.items():
        if isinstance(body, dict):
            lines.extend(("", f"{section}:"))
            for key, value in body.items():
                previous = lines[-1]
                after_entry = previous.startswith("  ") and not previous.startswith("  #")
                if previous.startswith("    ") or (after_entry and not isinstance(key, Comment)):
                    lines.append("")
                if isinstance(key, Comment):
                    lines.append(f"  # {key}")
                    continue
                lines.append(f"  {key}:")
                _yaml_lines(value, 4, lines)
        else:
            lines.append(f"{section}: {_yaml_scalar(body)}")
    return "\n".join(lines) + "\n"


def _jsonable(node: Any) -> Any:
    if isinstance(node, Fn):
        return {k: _jsonable(v) for k, v in node.json().items()}
    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items() if not isinstance(k, Comment)}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    return node


# --- command line ------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise ScaffoldError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="bedrock-lint scaffold",
        description=(
            "Generate the application inference profiles (Terraform or CloudFormation) that the "
            "direct Bedrock model references in PATH need: one per caller and model, named, "
            "tagged and sourced as the policy requires, with an SSM parameter and an output "
            "delivering each ARN. Values the repository does not state are TODO- placeholders."
        ),
    )
    p.add_argument("paths", nargs="*", help="files or directories (default: .)")
    p.add_argument("--format", "-f", choices=FORMATS,
                   help="terraform or cloudformation (default: from --output's suffix, else "
                        "what the repository uses, else terraform)")
    p.add_argument("--output", "-o", type=Path,
                   help="write to FILE (.tf, .yaml/.yml, or .json for a JSON template) "
                        "instead of stdout")
    p.add_argument("--env", help="value of the policy's environment tag "
                                 "(production values get create_before_destroy)")
    p.add_argument("--product", help="value of the policy's product tag "
                                     "(used in names and SSM paths)")
    p.add_argument("--policy", help="policy pack name or path (default: from the configuration)")
    p.add_argument("--config", type=Path, help="use this config file")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--jobs", "-j", type=int, help="worker processes for the lint run")
    return p


def _pick_format(requested: str | None, output: Path | None, repo_jobs: Sequence[Any]) -> str:
    if requested:
        return requested
    if output is not None:
        suffix = output.suffix.lower()
        if suffix == ".tf":
            return "terraform"
        if suffix in (".yaml", ".yml", ".json", ".template"):
            return "cloudformation"
    has_tf = any(j.real.endswith(".tf") for j in repo_jobs)
    if has_tf:
        return "terraform"
    from . import scanners

    for job in repo_jobs:
        if job.real.endswith((".yaml", ".yml", ".json", ".template")):
            try:
                with open(job.real, encoding="utf-8", errors="replace") as fh:
                    head = fh.read(65536)
            except OSError:
                continue
            if scanners.format_for(job.real, head) == "cloudformation":
                return "cloudformation"
    return "terraform"


def _write(path: Path, text: str) -> None:
    """Atomically: a temporary file next to the target, then a rename."""
    path = Path(os.path.abspath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def generate(paths: Sequence[str], settings: Any, *, fmt: str | None = None,
             output: Path | None = None, env: str | None = None, product: str | None = None,
             jobs_n: int | None = None) -> tuple[str, Plan]:
    """The whole pipeline, for tests and other commands: (text, plan)."""
    needs, repo = collect(paths, settings, jobs_n=jobs_n)
    fmt = _pick_format(fmt, output, repo.jobs)
    keys = _required_keys(settings.policy)
    known = known_values(settings, repo, keys, fmt=fmt, output=output)
    output_rel = _rel(output, Path(settings.root)) if output is not None else None
    the_plan = plan(needs, settings, known, fmt=fmt, env=env, product=product,
                    output_rel=output_rel)
    if not the_plan.profiles:
        return "", the_plan
    source = ", ".join(paths)
    if fmt == "terraform":
        text = render_terraform(the_plan, generated_from=source)
    else:
        as_json = output is not None and output.suffix.lower() == ".json"
        text = render_cloudformation(the_plan, as_json=as_json, generated_from=source)
    return text, the_plan


def main(argv: Sequence[str] | None = None) -> int:
    """``bedrock-lint scaffold [PATH ...] [--format F] [--output FILE] [--env E] [--product P]``.

    ``argv`` is what follows ``scaffold`` on the command line. Exit 0 (also when there is
    nothing to scaffold), 2 on usage or configuration errors."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        ns = _parser().parse_args(args)
        paths = ns.paths or ["."]
        missing = [p for p in paths if not os.path.lexists(p)]
        if missing:
            raise ScaffoldError(f"path not found: {missing[0]}")
        if ns.product is not None and not slugify(ns.product):
            raise ScaffoldError("--product needs letters or digits")
        if ns.output is not None and ns.output.is_dir():
            raise ScaffoldError(f"--output {ns.output} is a directory; name a file")
        from .config import ConfigError, load_settings

        first = Path(paths[0]).resolve()
        try:
            settings = load_settings(
                start=first if first.is_dir() else first.parent, config=ns.config,
                isolated=ns.isolated, overrides={"policy": ns.policy})
        except ConfigError as exc:
            raise ScaffoldError(str(exc)) from None
        text, the_plan = generate(paths, settings, fmt=ns.format, output=ns.output, env=ns.env,
                                  product=ns.product, jobs_n=ns.jobs)
    except ScaffoldError as exc:
        print(f"bedrock-lint scaffold: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for warning in the_plan.warnings:
        print(f"bedrock-lint scaffold: warning: {warning}", file=sys.stderr)
    if not the_plan.profiles:
        print("bedrock-lint scaffold: no direct model references (BRL101/BRL102) found; "
              "nothing to scaffold", file=sys.stderr)
        return EXIT_OK
    if ns.output is not None:
        try:
            _write(ns.output, text)
        except OSError as exc:
            print(f"bedrock-lint scaffold: error: cannot write {ns.output}: {exc.strerror or exc}",
                  file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(text)
    callers = sorted({c for prof in the_plan.profiles for c in prof.callers})
    todo = the_plan.placeholders
    where = f" to {ns.output}" if ns.output is not None else ""
    print(f"bedrock-lint scaffold: wrote {len(the_plan.profiles)} profile(s) for "
          f"{len(callers)} caller(s){where}"
          + (f"; fill in {', '.join(todo)}" if todo else ""), file=sys.stderr)
    return EXIT_OK
