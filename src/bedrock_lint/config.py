"""Find and validate configuration; produce frozen ``Settings``.

Sources: ``[tool.bedrock-lint]`` in ``pyproject.toml`` or a ``.bedrock-lint.toml``. The
nearest file above the first path wins; ``extend = "path"`` inherits explicitly. Command
line flags override files. Unknown keys, codes and wrong types are usage errors.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ._files import find_config_file
from ._toml import load_toml, loads_toml
from .findings import Severity
from .policy import DEFAULT_PACK, Policy, PolicyError, load_policy


DEFAULT_TEST_PATHS = ("tests/**", "test/**", "**/tests/**", "**/test/**", "**/test_*.py",
                      "**/*_test.py", "**/conftest.py")  # fmt: skip
DEFAULT_EXCLUDE = (".git/", ".venv/", "venv/", "node_modules/", "__pycache__/", ".tox/",
                   ".terraform/", "site-packages/", ".bedrock-lint-cache/", "*.egg-info/")  # fmt: skip

_KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "ignore": list,
    "extend-select": list,
    "fail-on": str,
    "exclude": list,
    "extend-exclude": list,
    "per-file-ignores": dict,
    "test-paths": list,
    "policy": (str, dict),
    "rules": dict,
    "extend": str,
    "timeout": (int, float),
    "respect-gitignore": bool,
    "cache": bool,
    "cache-dir": str,
}


class ConfigError(ValueError):
    """Bad configuration: one line naming the file and the key. Exit code 2."""


@dataclass(frozen=True)
class RuleSettings:
    severity: Severity | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    root: Path
    config_path: Path | None = None
    select: tuple[str, ...] = ("BRL",)
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    test_paths: tuple[str, ...] = DEFAULT_TEST_PATHS
    policy: Policy = field(default_factory=lambda: load_policy(DEFAULT_PACK))
    rules: tuple[tuple[str, RuleSettings], ...] = ()
    timeout: float = 10.0
    respect_gitignore: bool = True
    cache: bool = field(default=True, compare=False, repr=False)
    cache_dir: Path | None = field(default=None, compare=False, repr=False)
    #: the config files read (the nearest one and those it extends, as named), for the quick path
    sources: tuple[Path, ...] = field(default=(), compare=False, repr=False)

    def rule_settings(self, code: str) -> RuleSettings:
        for c, rs in self.rules:
            if c == code:
                return rs
        return RuleSettings()

    def enabled(self, code: str) -> bool:
        def hit(prefixes: tuple[str, ...]) -> int:
            return max((len(p) for p in prefixes if code.startswith(p)), default=-1)

        sel, ign = hit(self.select), hit(self.ignore)
        return sel >= 0 and sel > ign

    def why_disabled(self, code: str) -> str:
        if self.enabled(code):
            return ""
        ign = [p for p in self.ignore if code.startswith(p)]
        return f"ignored by {ign[0]!r}" if ign else "not selected"


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a pyproject.toml counts only with our table)."""
    here = start if start.is_dir() else start.parent
    found = find_config_file(str(here), _pyproject_is_ours)
    return None if found is None else Path(found)


def _pyproject_is_ours(path: str, data: bytes | None) -> bool:
    if data is None:  # unreadable: not a config we can use
        return False
    try:
        doc = loads_toml(data)
    except ValueError:
        # a pyproject.toml that does not parse is ours when it names our table: reading it
        # again reports the TOML error instead of silently using defaults
        return _OUR_TABLE.search(data.decode("utf-8", errors="replace")) is not None
    tool = doc.get("tool")
    return isinstance(tool, dict) and "bedrock-lint" in tool


_OUR_TABLE = re.compile(r"(?m)^\s*\[\s*tool\s*\.\s*[\"']?bedrock-lint\b")
#: The longest per-file time limit accepted (``signal.setitimer`` overflows on huge values).
MAX_TIMEOUT = 86_400.0


def project_root(start: Path) -> Path:
    """Without a config file: the enclosing git work tree, else the working directory when
    ``start`` is inside it, else ``start`` itself."""
    here = (start if start.is_dir() else start.parent).resolve()
    for folder in (here, *here.parents):
        if os.path.exists(folder / ".git"):  # False for a folder that cannot be searched
            return folder
    cwd = Path.cwd().resolve()
    return cwd if (here == cwd or cwd in here.parents) else here


def _table(path: Path) -> dict[str, Any]:
    try:
        data = load_toml(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table")
    if path.name == "pyproject.toml":
        table = tool.get("bedrock-lint", {})
    else:
        table = tool.get("bedrock-lint", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.bedrock-lint] must be a table")
    return table


def _read_chain(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    given, path = path, path.resolve()
    if path in seen:
        raise ConfigError(f"{path}: `extend` forms a cycle")
    table = _table(path)
    _check_types(table, path)
    parent = table.get("extend")
    if parent is None:
        return {**table, "__dir__": path.parent, "__sources__": (given,)}
    written = path.parent / parent
    if not written.resolve().is_file():
        raise ConfigError(f"{path}: extend: {parent!r} not found")
    base = _read_chain(written, (*seen, path))
    # the files as named (links unresolved): the quick path stamps them, and a link
    # pointed elsewhere has another stamp
    merged = {**base, **{k: v for k, v in table.items() if k != "extend"}, "__dir__": path.parent,
              "__sources__": (given, *base["__sources__"])}
    if "policy" in base and "policy" in table and isinstance(base["policy"], dict) and isinstance(table["policy"], dict):
        merged["policy"] = {**base["policy"], **table["policy"]}
    return merged


def _check_types(table: dict[str, Any], path: Path | str) -> None:
    for key, value in table.items():
        expected = _KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: unknown key {key!r}")
        if not isinstance(value, expected) or (isinstance(value, bool) and expected != bool):
            names = expected if isinstance(expected, tuple) else (expected,)
            raise ConfigError(f"{path}: {key!r} must be {' or '.join(t.__name__ for t in names)}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {key!r} must be a list of strings")


_CODE_PREFIX = re.compile(r"^BRL\d{0,3}$")


def _check_codes(codes: list[str] | tuple[str, ...], known: set[str], where: str) -> tuple[str, ...]:
    for code in codes:
        if not _CODE_PREFIX.match(code):
            raise ConfigError(f"{where}: {code!r} is not a rule code or prefix (e.g. BRL101, BRL2)")
        if len(code) == 6 and code not in known:
            raise ConfigError(f"{where}: unknown rule code {code!r}")
        if len(code) < 6 and not any(k.startswith(code) for k in known):
            raise ConfigError(f"{where}: no rule matches prefix {code!r}")
    return tuple(codes)


def load_settings(
    *,
    start: Path,
    config: Path | None = None,
    isolated: bool = False,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Build settings from the config file for ``start`` (or ``config``) and CLI overrides."""
    from .registry import all_rules

    rules = all_rules()
    known = {r.code for r in rules}
    path = None if isolated else (config or find_config(start))
    if config is not None and not config.is_file():
        raise ConfigError(f"{config}: config file not found")
    table: dict[str, Any] = _read_chain(path) if path else {}
    base_dir = Path(table.pop("__dir__", None) or project_root(start))
    sources = table.pop("__sources__", ())
    where = str(path) if path else "command line"
    for key, value in (overrides or {}).items():
        if value is not None:
            table[key] = value
    _check_types({k: v for k, v in table.items()}, where)

    kwargs: dict[str, Any] = {"root": base_dir.resolve(), "config_path": path, "sources": sources}
    select = list(table.get("select", ["BRL"])) + list(table.get("extend-select", []))
    kwargs["select"] = _check_codes(select, known, f"{where}: select")
    kwargs["ignore"] = _check_codes(table.get("ignore", []), known, f"{where}: ignore")
    if "fail-on" in table:
        try:
            kwargs["fail_on"] = Severity.parse(table["fail-on"])
        except ValueError as exc:
            raise ConfigError(f"{where}: fail-on: {exc}") from None
    if "exclude" in table:
        kwargs["exclude"] = tuple(table["exclude"])
    kwargs["extend_exclude"] = tuple(table.get("extend-exclude", []))
    pfi = []
    for glob, codes in sorted(table.get("per-file-ignores", {}).items()):
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: per-file-ignores.{glob!r} must be a list of codes")
        pfi.append((glob, _check_codes(codes, known, f"{where}: per-file-ignores")))
    kwargs["per_file_ignores"] = tuple(pfi)
    if "test-paths" in table:
        kwargs["test_paths"] = tuple(table["test-paths"])
    if "timeout" in table:
        kwargs["timeout"] = check_timeout(table["timeout"], where)
    if "respect-gitignore" in table:
        kwargs["respect_gitignore"] = table["respect-gitignore"]
    if "cache" in table:
        kwargs["cache"] = table["cache"]
    if "cache-dir" in table:
        kwargs["cache_dir"] = (base_dir / table["cache-dir"]).resolve()

    policy_spec = table.get("policy", DEFAULT_PACK)
    policy_over: dict[str, Any] = {}
    if isinstance(policy_spec, dict):
        policy_over = dict(policy_spec)
        policy_spec = policy_over.pop("pack", DEFAULT_PACK)
        if not isinstance(policy_spec, str):
            raise ConfigError(f"{where}: policy.pack must be a string")
    try:
        kwargs["policy"] = load_policy(policy_spec, base=base_dir, overrides=policy_over,
                                       overrides_origin=f"{where}: policy")
    except PolicyError as exc:
        message = str(exc)
        raise ConfigError(message if message.startswith(where) else f"{where}: {message}") from None

    by_code = {r.code: r for r in rules}
    rule_settings = []
    for code, body in sorted(table.get("rules", {}).items()):
        if code not in by_code:
            raise ConfigError(f"{where}: rules: unknown rule code {code!r}")
        if not isinstance(body, dict):
            raise ConfigError(f"{where}: rules.{code} must be a table")
        sev = None
        opts: dict[str, Any] = {}
        for key, value in body.items():
            if key == "severity":
                try:
                    sev = Severity.parse(str(value))
                except ValueError as exc:
                    raise ConfigError(f"{where}: rules.{code}.severity: {exc}") from None
                continue
            opt = by_code[code].options.get(key)
            if opt is None:
                raise ConfigError(f"{where}: rules.{code}: unknown option {key!r}")
            ok = isinstance(value, opt.type) and not (isinstance(value, bool) and opt.type is not bool)
            if ok and opt.type is list:
                ok = all(isinstance(v, str) for v in value)
            if not ok:
                raise ConfigError(f"{where}: rules.{code}.{key} must be {opt.type.__name__}")
            opts[key] = value
        rule_settings.append((code, RuleSettings(sev, opts)))
    kwargs["rules"] = tuple(rule_settings)
    return Settings(**kwargs)


def check_timeout(value: float, where: str) -> float:
    """A per-file time limit in seconds: finite, above zero, at most a day."""
    seconds = float(value)
    if not 0 < seconds <= MAX_TIMEOUT:  # also false for NaN
        raise ConfigError(f"{where}: timeout must be a number of seconds above 0 and at most "
                          f"{MAX_TIMEOUT:g}, not {value!r}")
    return seconds


def with_overrides(settings: Settings, **changes: Any) -> Settings:
    return replace(settings, **changes)
