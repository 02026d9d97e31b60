"""Declarative policy packs: which tags, names, sources and models the organisation requires.

A pack is a TOML file (``rules/*.toml`` in the repository, shipped in the wheel as
``bedrock_lint/policy_packs``). The default pack encodes ADR-0007 with the ADR-0006 tag
taxonomy. A repository selects a pack by name or path and overrides single keys.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import modelids
from ._toml import load_toml

DEFAULT_PACK = "adr-0007"


class PolicyError(ValueError):
    """A policy pack or override is invalid. The message names file and key."""


@dataclass(frozen=True)
class TagTier:
    name: str
    keys: tuple[str, ...]
    #: Tag key -> allowed values; the tier applies only when every condition holds.
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class TagValueRule:
    allowed: tuple[str, ...] = ()
    pattern: str | None = None
    non_empty: bool = False


@dataclass(frozen=True)
class Policy:
    name: str = DEFAULT_PACK
    description: str = ""
    source: str = ""
    providers: tuple[str, ...] = modelids.DEFAULT_PROVIDERS
    geo_prefixes: tuple[str, ...] = modelids.DEFAULT_GEO_PREFIXES
    exempt_models: tuple[str, ...] = ()
    exempt_apis: tuple[str, ...] = ()
    profile_env_vars: tuple[str, ...] = ()
    tiers: tuple[TagTier, ...] = ()
    tag_values: tuple[tuple[str, TagValueRule], ...] = ()
    naming_template: str = ""
    product_tag: str = "product"
    name_max_length: int = 64
    name_pattern: str = r"^([0-9a-zA-Z][ _-]?)+$"
    preferred_geo: tuple[str, ...] = ("eu",)
    env_tag: str = "env"
    production_values: tuple[str, ...] = ("prod", "production")
    production_paths: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def grammar(self) -> modelids.Grammar:
        return modelids.Grammar(self.providers, self.geo_prefixes)

    def value_rule(self, key: str) -> list[TagValueRule]:
        return [r for k, r in self.tag_values if k in ("*", key)]

    def required_tiers(self, tags: dict[str, str | None]) -> list[tuple[TagTier, bool]]:
        """Tiers that apply, each with ``decided``: False when a condition reads an unresolved tag."""
        out: list[tuple[TagTier, bool]] = []
        for tier in self.tiers:
            applies, decided = True, True
            for key, values in tier.when:
                if key not in tags:
                    applies = False
                elif tags[key] is None:
                    decided = False
                elif tags[key] not in values:
                    applies = False
            if applies:
                out.append((tier, decided))
        return out


# --- loading -------------------------------------------------------------------------------

_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "pack": {"name": str, "description": str},
    "models": {
        "extra-providers": list,
        "extra-geo-prefixes": list,
        "exempt": list,
        "exempt-apis": list,
        "profile-env-vars": list,
    },
    "tags": {"tier": list, "values": dict},
    "naming": {"template": str, "product-tag": str, "max-length": int, "pattern": str},
    "source": {"preferred-geo": list},
    "lifecycle": {"env-tag": str, "production-values": list, "production-paths": list},
}


def builtin_packs() -> dict[str, Path]:
    """Shipped packs by name: the wheel's ``policy_packs`` or the checkout's ``rules/``."""
    here = Path(__file__).resolve().parent
    for folder in (here / "policy_packs", here.parent.parent / "rules"):
        if folder.is_dir():
            return {p.stem: p for p in sorted(folder.glob("*.toml"))}
    return {}


def resolve_pack(spec: str, base: Path | None = None) -> Path:
    packs = builtin_packs()
    if spec in packs:
        return packs[spec]
    path = Path(spec)
    if base is not None and not path.is_absolute():
        path = base / path
    if path.is_file():
        return path
    known = ", ".join(sorted(packs)) or "none"
    raise PolicyError(f"policy pack {spec!r} not found (built-in packs: {known})")


def load_policy(spec: str = DEFAULT_PACK, *, base: Path | None = None,
                overrides: dict[str, Any] | None = None, overrides_origin: str = "config") -> Policy:
    path = resolve_pack(spec, base)
    try:
        data = load_toml(path)
    except (OSError, ValueError) as exc:
        raise PolicyError(f"{path}: cannot read policy pack: {exc}") from None
    _validate(data, str(path))
    if overrides:
        _validate(overrides, overrides_origin)
        data = _merge(data, overrides)
    return _build(data, str(path))


def _validate(data: dict[str, Any], origin: str) -> None:
    for section, body in data.items():
        if section not in _SCHEMA:
            raise PolicyError(f"{origin}: unknown policy section {section!r}")
        if not isinstance(body, dict):
            raise PolicyError(f"{origin}: policy section {section!r} must be a table")
        for key, value in body.items():
            expected = _SCHEMA[section].get(key)
            if expected is None:
                raise PolicyError(f"{origin}: unknown policy key {section}.{key}")
            if not isinstance(value, expected) or isinstance(value, bool) and expected is int:
                name = expected.__name__ if isinstance(expected, type) else "value"
                raise PolicyError(f"{origin}: policy key {section}.{key} must be a {name}")
            if isinstance(value, list) and key != "tier" and not all(isinstance(v, str) for v in value):
                raise PolicyError(f"{origin}: policy key {section}.{key} must be a list of strings")
    for i, tier in enumerate(data.get("tags", {}).get("tier", [])):
        if not isinstance(tier, dict) or not _is_strs(tier.get("keys")):
            raise PolicyError(f"{origin}: tags.tier[{i}] needs a `keys` list of strings")
        unknown = set(tier) - {"name", "keys", "when"}
        if unknown:
            raise PolicyError(f"{origin}: unknown key tags.tier[{i}].{sorted(unknown)[0]}")
        when = tier.get("when", {})
        if not isinstance(when, dict) or not all(
            isinstance(v, str) or _is_strs(v) for v in when.values()
        ):
            raise PolicyError(f"{origin}: tags.tier[{i}].when must be a table of tag = [values]")
    for key, rule in data.get("tags", {}).get("values", {}).items():
        if not isinstance(rule, dict):
            raise PolicyError(f"{origin}: tags.values.{key} must be a table")
        unknown = set(rule) - {"allowed", "pattern", "non-empty"}
        if unknown:
            raise PolicyError(f"{origin}: unknown key tags.values.{key}.{sorted(unknown)[0]}")
        if "allowed" in rule and not _is_strs(rule["allowed"]):
            raise PolicyError(f"{origin}: tags.values.{key}.allowed must be a list of strings")
        if "non-empty" in rule and not isinstance(rule["non-empty"], bool):
            raise PolicyError(f"{origin}: tags.values.{key}.non-empty must be true or false")
        if "pattern" in rule:
            if not isinstance(rule["pattern"], str):
                raise PolicyError(f"{origin}: tags.values.{key}.pattern must be a string")
            try:
                re.compile(rule["pattern"])
            except re.error as exc:
                raise PolicyError(f"{origin}: tags.values.{key}.pattern: {exc}") from None
    pattern = data.get("naming", {}).get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise PolicyError(f"{origin}: naming.pattern: {exc}") from None


def _is_strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for section, body in over.items():
        target = out.setdefault(section, {})
        for key, value in body.items():
            target[key] = copy.deepcopy(value)
    return out


def _strs(values: Any) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values or ())


def _build(data: dict[str, Any], source: str) -> Policy:
    pack, models = data.get("pack", {}), data.get("models", {})
    tags, naming = data.get("tags", {}), data.get("naming", {})
    src, life = data.get("source", {}), data.get("lifecycle", {})
    tiers = tuple(
        TagTier(
            name=str(t.get("name", f"tier-{i + 1}")),
            keys=_strs(t["keys"]),
            when=tuple((k, _strs(v)) for k, v in sorted(t.get("when", {}).items())),
        )
        for i, t in enumerate(tags.get("tier", []))
    )
    values = tuple(
        (key, TagValueRule(_strs(r.get("allowed")), r.get("pattern"), bool(r.get("non-empty", False))))
        for key, r in sorted(tags.get("values", {}).items())
    )
    return Policy(
        name=str(pack.get("name", Path(source).stem)),
        description=str(pack.get("description", "")),
        source=source,
        providers=tuple(dict.fromkeys(modelids.DEFAULT_PROVIDERS + _strs(models.get("extra-providers")))),
        geo_prefixes=tuple(
            dict.fromkeys(modelids.DEFAULT_GEO_PREFIXES + _strs(models.get("extra-geo-prefixes")))
        ),
        exempt_models=_strs(models.get("exempt")),
        exempt_apis=_strs(models.get("exempt-apis")),
        profile_env_vars=_strs(models.get("profile-env-vars")),
        tiers=tiers,
        tag_values=values,
        naming_template=str(naming.get("template", "")),
        product_tag=str(naming.get("product-tag", "product")),
        name_max_length=int(naming.get("max-length", 64)),
        name_pattern=str(naming.get("pattern", Policy.name_pattern)),
        preferred_geo=_strs(src.get("preferred-geo", ["eu"])),
        env_tag=str(life.get("env-tag", "env")),
        production_values=_strs(life.get("production-values", ["prod", "production"])),
        production_paths=_strs(life.get("production-paths")),
        raw=data,
    )
