"""The rule catalogue: built-in rule modules plus plugins from the ``bedrock_lint.rules``
entry-point group (codes must be ``BRL9xx``)."""

from __future__ import annotations

import functools
import importlib
import logging

from .plugins import entry_points
from .rules._base import CODE_RE, NAME_RE, Rule

LOG = logging.getLogger(__name__)

BUILTIN_MODULES = (
    "bedrock_lint.rules.tool",
    "bedrock_lint.rules.model_ids",
    "bedrock_lint.rules.litellm_routes",
    "bedrock_lint.rules.profile_tags",
    "bedrock_lint.rules.profile_naming",
    "bedrock_lint.rules.profile_provisioning",
)


class RegistryError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    rules: list[type[Rule]] = []
    for name in BUILTIN_MODULES:
        module = importlib.import_module(name)
        rules.extend(module.RULES)
    for ep in entry_points("bedrock_lint.rules"):
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not take the tool down
            LOG.warning("cannot load rule plugin %s: %s", ep.name, exc)
            continue
        for rule in plugin if isinstance(plugin, (list, tuple)) else (plugin,):
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise RegistryError(f"plugin {ep.name!r}: {rule!r} is not a Rule class")
            if not rule.code.startswith("BRL9"):
                raise RegistryError(f"plugin {ep.name!r}: code {rule.code!r} is outside BRL9xx")
            rules.append(rule)
    seen: dict[str, str] = {}
    for rule in rules:
        if not CODE_RE.match(rule.code):
            raise RegistryError(f"rule {rule.__name__}: malformed code {rule.code!r}")
        if not NAME_RE.match(rule.name):
            raise RegistryError(f"rule {rule.code}: name {rule.name!r} is not kebab-case")
        if rule.code in seen:
            raise RegistryError(f"duplicate rule code {rule.code} ({seen[rule.code]}, {rule.__name__})")
        seen[rule.code] = rule.__name__
    return tuple(sorted(rules, key=lambda r: r.code))


def by_code(code: str) -> type[Rule] | None:
    for rule in all_rules():
        if rule.code == code or rule.name == code:
            return rule
    return None
