"""Profile naming rules (BRL3xx): the convention (warning) and what AWS accepts (error).

Two rules rather than one: a name that breaks the team's convention is a warning a repository
may turn off, while a name AWS rejects (too long, invalid characters) fails every deploy and
stays an error.

Policy knobs: ``[naming] template / product-tag / max-length / pattern`` in the selected pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ..facts import Document, ProfileResource
from ..findings import Finding, Severity
from ..modelids import ModelId
from ..policy import Policy
from ._base import Context, Example, Opt, Rule
from .profile_provisioning import source_model
from .profile_tags import PROFILE_FORMATS, cfn_example, has_placeholder, resolved_tag, tf_example

_SEPARATORS = re.compile(r"[-_.\s]+")
_FIELD = re.compile(r"\{([^{}]+)\}")


def _norm(text: str) -> str:
    """Case-insensitive, with runs of ``-``, ``_``, ``.`` and whitespace treated alike.

    Dots count as separators because model slugs may hold them (``deepseek.v3.2``) while
    profile names cannot.
    """
    return _SEPARATORS.sub("-", text.casefold())


def _slugs(model: ModelId) -> list[str]:
    """The short slug first (the one messages show), then the full slug."""
    return list(dict.fromkeys(s for s in (model.short_slug, model.slug) if s))


def _render(template: str, values: dict[str, str]) -> str:
    return _FIELD.sub(lambda m: values[m[1]], template)


def _checkable_name(profile: ProfileResource) -> str | None:
    name = profile.name
    return None if name is None or has_placeholder(name) else name


class ProfileNaming(Rule):
    """Default mode reports what it can decide: an unresolved product tag or model source
    only drops its own half of the check. Template mode needs every value it renders."""

    code, name = "BRL301", "profile-naming"
    severity = Severity.WARNING
    formats = PROFILE_FORMATS
    summary = (
        "Flags profile names that do not identify product and model. By default the name must "
        "contain the product tag's value and the slug of the copy_from model (full, like "
        "claude-sonnet-4-5-20250929-v1, or short, like claude-sonnet-4-5); with a naming "
        "template such as {product}-{model}-{env} it must equal the rendered template."
    )
    why = (
        "Profiles are listed only by name (the Bedrock console does not show application "
        "profiles); a name that says which product and model it serves keeps cost reports, "
        "reviews and model upgrades readable and avoids two products sharing one profile."
    )
    instead = (
        "Name the profile after its product and model, e.g. acme-chat-claude-sonnet-4-5. "
        "Comparison ignores case and treats -, _, . and spaces alike. The template and the "
        "product tag come from the policy pack ([naming] template, product-tag); a template "
        "takes {product}, {model} (short or full slug), {env} and any {<tag-key>}."
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example("terraform", tf_example()),
        Example("cloudformation", cfn_example(name="ACME_Chat_claude-sonnet-4-5-20250929-v1")),
    ]
    invalid = [
        Example("terraform", tf_example(name="acme-chat"), note="the model is not named"),
        Example(
            "cloudformation",
            cfn_example(name="support-bot-claude-sonnet-4-5"),
            note="the product tag is acme-chat",
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        policy = ctx.policy
        for profile in doc.profiles:
            name = _checkable_name(profile)
            if name is None:
                continue
            model = source_model(profile, policy.grammar)
            if policy.naming_template:
                message = self._template_mismatch(name, profile, model, policy)
            else:
                message = self._default_mismatch(name, profile, model, policy)
            if message is not None:
                yield self.finding(profile.name_loc or profile.loc, message, ctx)

    @staticmethod
    def _default_mismatch(
        name: str, profile: ProfileResource, model: ModelId | None, policy: Policy
    ) -> str | None:
        have = _norm(name)
        lacking = []
        product = resolved_tag(profile, policy.product_tag)
        if product is not None and _norm(product) not in have:
            lacking.append(f"product {product!r}")
        if model is not None:
            slugs = _slugs(model)
            if slugs and not any(_norm(s) in have for s in slugs):
                lacking.append(f"model {slugs[0]!r}")
        if not lacking:
            return None
        return f"profile name {name!r} does not contain {' and '.join(lacking)}"

    @staticmethod
    def _template_mismatch(
        name: str, profile: ProfileResource, model: ModelId | None, policy: Policy
    ) -> str | None:
        template = policy.naming_template
        special = {"product": policy.product_tag, "env": policy.env_tag}
        values: dict[str, str] = {}
        slugs = [""]
        for field in _FIELD.findall(template):
            if field == "model":
                slugs = _slugs(model) if model is not None else []
                if not slugs:
                    return None
                continue
            value = resolved_tag(profile, special.get(field, field))
            if value is None:
                return None
            values[field] = value
        renderings = [_render(template, {**values, "model": slug}) for slug in slugs]
        if any(_norm(r) == _norm(name) for r in renderings):
            return None
        return (
            f"profile name {name!r} does not match template {template!r} "
            f"(expected {renderings[0]!r})"
        )


class ProfileNameInvalid(Rule):
    code, name = "BRL302", "profile-name-invalid"
    severity = Severity.ERROR
    formats = PROFILE_FORMATS
    summary = (
        "Flags profile names AWS rejects: longer than 64 characters or outside the pattern "
        "^([0-9a-zA-Z][ _-]?)+$ (letters and digits, single spaces, _ or - between them)."
    )
    why = (
        "CreateInferenceProfile and AWS::Bedrock::ApplicationInferenceProfile validate the "
        "name, so such a profile fails at deploy time, after review."
    )
    instead = (
        "Use letters, digits and single -, _ or spaces, at most 64 characters. Limit and "
        "pattern come from the policy pack ([naming] max-length, pattern)."
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example("terraform", tf_example()),
        Example("cloudformation", cfn_example(name="acme chat claude sonnet 4_5")),
    ]
    invalid = [
        Example(
            "terraform", tf_example(name="acme-chat.claude-sonnet-4.5"), note="dots are not allowed"
        ),
        Example(
            "cloudformation",
            cfn_example(name="acme-chat-customer-support-assistant-claude-sonnet-4-5-20250929-v1"),
            note="66 characters",
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        policy = ctx.policy
        for profile in doc.profiles:
            name = _checkable_name(profile)
            if name is None:
                continue
            loc = profile.name_loc or profile.loc
            if len(name) > policy.name_max_length:
                yield self.finding(
                    loc,
                    f"profile name {name!r} is {len(name)} characters long, "
                    f"more than {policy.name_max_length}",
                    ctx,
                )
            if re.fullmatch(policy.name_pattern, name) is None:
                yield self.finding(
                    loc, f"profile name {name!r} does not match {policy.name_pattern!r}", ctx
                )


RULES = (ProfileNaming, ProfileNameInvalid)
