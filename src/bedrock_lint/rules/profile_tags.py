"""Profile tag rules (BRL2xx): required tag tiers, allowed tag values, unverifiable tags.

The tag taxonomy is policy (``[tags]`` in the selected pack), not code: tiers of required
keys, optionally conditional on tag values (``when = { billing-mode = ["client"] }``), and
value rules (allowed set, pattern, non-empty). Scanners hand over the *effective* tags of a
profile, already merged from provider ``default_tags`` / stack tags and the resource's own.

A key whose presence cannot be decided, because part of the tag set is unresolved
(``merge(var.extra, {...})``, ``!Ref TagsParam``) or because a tier's condition reads an
unresolved value, is reported once, at info level, by ``profile-tags-unverified`` and never
as missing. The split is computed in one place (``tag_gaps``) that both rules read.

This module also holds the small helpers the other profile rule modules share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..facts import Document, ProfileResource
from ..findings import Finding, Severity
from ..policy import Policy, TagTier
from ._base import Context, Example, Opt, Rule

PROFILE_FORMATS = ("terraform", "cloudformation")

#: An interpolation a scanner left in a value; the same notion as ``modelids``' holes.
_PLACEHOLDER = re.compile(r"\$?\{[^{}]*\}")


# --- helpers shared by the profile rule modules ----------------------------------------------


def quoted(values: Iterable[str]) -> str:
    """``'a', 'b'``: values in repr quotes, in the order given."""
    return ", ".join(repr(v) for v in values)


def profile_label(profile: ProfileResource) -> str:
    """How messages name a profile: ``profile 'chat'`` (its logical name in the file)."""
    return f"profile {profile.logical_name!r}"


def has_placeholder(text: str) -> bool:
    """True for strings that still hold an interpolation (``${var.x}``, ``${AWS::Region}``)."""
    return _PLACEHOLDER.search(text) is not None


def tag_values(profile: ProfileResource) -> dict[str, str | None]:
    """Effective tag values; ``None`` for present keys whose value is unresolved.

    A value that still contains an interpolation is unresolved too, whatever the scanner
    made of it: never judge half of a template.
    """
    return {
        key: None if tv.value is None or has_placeholder(tv.value) else tv.value
        for key, tv in profile.tags.items()
    }


def resolved_tag(profile: ProfileResource, key: str) -> str | None:
    """The resolved value of one tag, or ``None`` when absent or unresolved."""
    return tag_values(profile).get(key)


# --- the tier computation both tag-presence rules read ---------------------------------------


@dataclass(frozen=True)
class TagGap:
    """Required keys of one tier that the profile does not carry."""

    tier: TagTier
    keys: tuple[str, ...]
    #: True: definitely missing (BRL201). False: cannot be decided (BRL203).
    missing: bool
    #: For undecided gaps: why, as message text.
    reasons: tuple[str, ...] = ()


def tag_gaps(profile: ProfileResource, policy: Policy) -> list[TagGap]:
    """Split each applicable tier's absent keys into definitely missing and unverifiable.

    With unresolved tag sources, an absent key may still arrive through them, so nothing is
    missing; a tier condition on an absent key is then undecided too (the key may arrive with
    the triggering value). A key reported missing by one tier is not repeated by another tier,
    nor reported as unverifiable. Keys are sorted.
    """
    values = tag_values(profile)
    unresolved = profile.unresolved_tag_sources
    probe = dict(values)
    if unresolved:
        for tier in policy.tiers:
            for key, _ in tier.when:
                probe.setdefault(key, None)
    tiers = policy.required_tiers(probe)

    def absent(tier: TagTier) -> list[str]:
        return sorted({k for k in tier.keys if k not in profile.tags})

    missing: set[str] = set()
    gaps: list[TagGap] = []
    for tier, decided in tiers:
        if decided and not unresolved:
            keys = [k for k in absent(tier) if k not in missing]
            missing.update(keys)
            if keys:
                gaps.append(TagGap(tier, tuple(keys), missing=True))
    unverified: set[str] = set()
    for tier, decided in tiers:
        if decided and not unresolved:
            continue
        keys = [k for k in absent(tier) if k not in missing and k not in unverified]
        unverified.update(keys)
        if not keys:
            continue
        reasons = []
        if unresolved:
            reasons.append(f"tags come partly from {', '.join(unresolved)}")
        pending = sorted(k for k, _ in tier.when if k in values and values[k] is None)
        if pending:
            reasons.append(f"the value of {quoted(pending)} is unresolved")
        gaps.append(TagGap(tier, tuple(keys), missing=False, reasons=tuple(reasons)))
    return gaps


def _condition(tier: TagTier) -> str:
    """``billing-mode = 'client'`` / ``billing-mode is one of 'client', 'partner'``."""
    parts = [
        f"{key} = {values[0]!r}" if len(values) == 1 else f"{key} is one of {quoted(values)}"
        for key, values in tier.when
    ]
    return " and ".join(parts)


def _tier_words(tier: TagTier) -> tuple[str, str]:
    """(prefix before ``tags``, suffix after the key list) naming a conditional tier."""
    if not tier.when:
        return "", ""
    return f"{tier.name} ", f", required when {_condition(tier)}"


# --- example snippets (the rules' docs and example tests) -------------------------------------

EU_SOURCE = (
    "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/"
    "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
)
CFN_EU_SOURCE = (
    "!Sub arn:aws:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/"
    "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
)
ADR_TAGS = (
    ("product", "acme-chat"),
    ("billing-mode", "internal"),
    ("env", "dev"),
    ("team", "platform"),
    ("owner", "ana@example.com"),
    ("source", "github.com/acme/chat"),
    ("managed-by", "terraform"),
)
CFN_TAGS = (*ADR_TAGS[:-1], ("managed-by", "cloudformation"))


def with_tag(tags: Iterable[tuple[str, str]], key: str, value: str) -> tuple[tuple[str, str], ...]:
    """``tags`` with ``key`` set to ``value`` (replaced in place, or appended)."""
    pairs = dict(tags)
    pairs[key] = value
    return tuple(pairs.items())


def without(tags: Iterable[tuple[str, str]], *keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in tags if k not in keys)


def hcl_map(pairs: Iterable[tuple[str, str]], indent: int = 4) -> str:
    """An HCL map literal of string values, its entries indented by ``indent``."""
    pad = " " * indent
    entries = "".join(f'{pad}{_hcl_key(k)} = "{v}"\n' for k, v in pairs)
    return "{\n" + entries + pad[2:] + "}"


def _hcl_key(key: str) -> str:
    return key if key.isidentifier() else f'"{key}"'


def tf_example(
    tags: Iterable[tuple[str, str]] | str = ADR_TAGS,
    *,
    before: str = "",
    name: str = "acme-chat-claude-sonnet-4-5",
    copy_from: str = EU_SOURCE,
    extra: str = "",
) -> str:
    """A Terraform profile resource, starting on the line after ``before``.

    ``tags`` is a list of pairs (rendered as a map literal) or an HCL expression;
    ``extra`` is inserted before the closing brace (a ``lifecycle`` block).
    """
    tag_text = f"  tags = {tags if isinstance(tags, str) else hcl_map(tags)}\n"
    return (
        f'{before}resource "aws_bedrock_inference_profile" "chat" {{\n'
        f'  name = "{name}"\n'
        "  model_source {\n"
        f'    copy_from = "{copy_from}"\n'
        "  }\n"
        f"{tag_text}{extra}"
        "}\n"
    )


def cfn_example(
    tags: Iterable[tuple[str, str]] = CFN_TAGS,
    *,
    parameters: str = "",
    name: str = "acme-chat-claude-sonnet-4-5",
    copy_from: str = CFN_EU_SOURCE,
) -> str:
    """A CloudFormation template; the logical id ``ChatProfile`` is at line 3 col 3, plus the
    lines of ``parameters`` (a ``Parameters:`` section placed before ``Resources:``)."""
    return (
        'AWSTemplateFormatVersion: "2010-09-09"\n'
        f"{parameters}"
        "Resources:\n"
        "  ChatProfile:\n"
        "    Type: AWS::Bedrock::ApplicationInferenceProfile\n"
        "    Properties:\n"
        f"      InferenceProfileName: {name}\n"
        "      ModelSource:\n"
        f"        CopyFrom: {copy_from}\n"
        "      Tags:\n" + "".join(f"        - Key: {k}\n          Value: {v}\n" for k, v in tags)
    )


# --- rules -----------------------------------------------------------------------------------


class ProfileMissingTags(Rule):
    """One finding per profile and tier, listing every missing key of that tier."""

    code, name = "BRL201", "profile-missing-tags"
    severity = Severity.ERROR
    formats = PROFILE_FORMATS
    summary = (
        "Flags application inference profiles whose effective tags (provider default_tags or "
        "stack tags merged with the resource's own) lack a key the policy requires: every "
        "tier-1 key, and tier-2 keys when a tier condition such as billing-mode = client holds."
    )
    why = (
        "Bedrock cost reaches Cost Explorer only through the profile's tags; an untagged or "
        "partly tagged profile produces spend nobody can attribute to a product, team or client."
    )
    instead = (
        "Add the missing keys to the resource tags or to the provider's default_tags. Tiers, "
        "keys and conditions come from the policy pack ([tags] in rules/adr-0007.toml)."
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example(
            "terraform",
            tf_example(
                ADR_TAGS[:3],
                before='provider "aws" {\n'
                '  region = "eu-central-1"\n'
                "  default_tags {\n"
                f"    tags = {hcl_map(ADR_TAGS[3:], indent=6)}\n"
                "  }\n"
                "}\n\n",
            ),
            note="complete only once the provider's default_tags are merged",
        ),
        Example("cloudformation", cfn_example()),
    ]
    invalid = [
        Example(
            "terraform",
            tf_example(
                ADR_TAGS[:3],
                before='provider "aws" {\n'
                '  region = "eu-central-1"\n'
                "  default_tags {\n"
                f"    tags = {hcl_map(ADR_TAGS[5:], indent=6)}\n"
                "  }\n"
                "}\n\n",
            ),
            at=((11, 1),),
            note="team and owner are in neither the resource tags nor the provider's default_tags",
        ),
        Example(
            "cloudformation",
            cfn_example(
                with_tag(CFN_TAGS, "billing-mode", "client")
                + (("client", "globex"), ("project", "support-bot"))
            ),
            at=((3, 3),),
            note="billing-mode = client also requires the tier-2 keys cost-center and component",
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for profile in doc.profiles:
            origin = " + ".join(profile.tag_sources)
            origin = f"effective tags: {origin}" if origin else "no tags"
            for gap in tag_gaps(profile, ctx.policy):
                if not gap.missing:
                    continue
                tier, cond = _tier_words(gap.tier)
                yield self.finding(
                    profile.loc,
                    f"{profile_label(profile)} is missing {tier}tags {quoted(gap.keys)}{cond} "
                    f"({origin})",
                    ctx,
                )


class ProfileTagValue(Rule):
    """One finding per tag and problem; an empty value is not also checked against the rest."""

    code, name = "BRL202", "profile-tag-value"
    severity = Severity.ERROR
    formats = PROFILE_FORMATS
    summary = (
        "Flags profile tag values that break the policy's value rules: an allowed set "
        "(billing-mode in internal, rd, client), a pattern, or an empty value."
    )
    why = (
        "Cost reports group by exact tag values; a misspelt or empty value splits or hides "
        "spend just like a missing tag. Values are compared case-sensitively, as AWS does."
    )
    instead = (
        "Use one of the allowed values. Value rules come from the policy pack "
        '([tags.values.<key>] with allowed, pattern and non-empty; "*" applies to every key).'
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example("terraform", tf_example()),
        Example("cloudformation", cfn_example(with_tag(CFN_TAGS, "billing-mode", "rd"))),
    ]
    invalid = [
        Example(
            "terraform",
            tf_example(with_tag(ADR_TAGS, "billing-mode", "external")),
            note="billing-mode = external is not an allowed value",
        ),
        Example(
            "cloudformation", cfn_example(with_tag(CFN_TAGS, "owner", '""')), note="owner is empty"
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for profile in doc.profiles:
            values = tag_values(profile)
            for key in sorted(values):
                value = values[key]
                if value is None:
                    continue
                loc = profile.tags[key].loc
                for message in dict.fromkeys(self._problems(key, value, ctx.policy)):
                    yield self.finding(loc, message, ctx)

    @staticmethod
    def _problems(key: str, value: str, policy: Policy) -> Iterator[str]:
        rules = policy.value_rule(key)
        if not value.strip() and any(r.non_empty for r in rules):
            yield f"tag {key!r} has an empty value"
            return
        for rule in rules:
            if rule.allowed and value not in rule.allowed:
                yield f"tag {key!r} has value {value!r}, expected one of {quoted(rule.allowed)}"
            if rule.pattern is not None and re.fullmatch(rule.pattern, value) is None:
                yield f"tag {key!r} has value {value!r}, expected to match {rule.pattern!r}"


class ProfileTagsUnverified(Rule):
    """One finding per profile and tier whose absent keys cannot be decided."""

    code, name = "BRL203", "profile-tags-unverified"
    severity = Severity.INFO
    formats = PROFILE_FORMATS
    summary = (
        "Notes required profile tags whose presence cannot be decided statically: part of the "
        "tag set comes from an unresolved variable or parameter, or a tier's condition reads a "
        "tag whose value is unresolved."
    )
    why = (
        "The linter never guesses: these keys are neither reported as missing nor assumed "
        "present, so the check is visibly incomplete rather than silently passed."
    )
    instead = (
        "Give the variable or parameter a default (or a tfvars value) the linter can read, or "
        "write the required keys literally; the tags can then be verified by profile-missing-tags."
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example(
            "terraform",
            tf_example(
                f"merge(var.extra_tags, {hcl_map(ADR_TAGS[:3])})",
                before='variable "extra_tags" {\n'
                "  type    = map(string)\n"
                '  default = { team = "platform", owner = "ana@example.com", '
                'source = "github.com/acme/chat", "managed-by" = "terraform" }\n'
                "}\n\n",
            ),
            note="the variable's default resolves the merged tags",
        ),
        Example("cloudformation", cfn_example()),
    ]
    invalid = [
        Example(
            "terraform",
            tf_example(
                f"merge(var.extra_tags, {hcl_map(ADR_TAGS[:3])})",
                before='variable "extra_tags" {\n  type = map(string)\n}\n\n',
            ),
            at=((5, 1),),
            note="team, owner, source and managed-by may come from var.extra_tags",
        ),
        Example(
            "cloudformation",
            cfn_example(
                with_tag(CFN_TAGS, "billing-mode", "!Ref BillingMode"),
                parameters="Parameters:\n  BillingMode:\n    Type: String\n",
            ),
            at=((6, 3),),
            note="tier-2 applies only if the BillingMode parameter is client, which is unknown",
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for profile in doc.profiles:
            if profile.tags_from_callers:
                continue  # judged at each call of the module, where the inputs are known
            for gap in tag_gaps(profile, ctx.policy):
                if gap.missing:
                    continue
                tier, cond = _tier_words(gap.tier)
                yield self.finding(
                    profile.loc,
                    f"cannot verify {tier}tags {quoted(gap.keys)} of {profile_label(profile)}"
                    f"{cond}: {' and '.join(gap.reasons)}",
                    ctx,
                )


RULES = (ProfileMissingTags, ProfileTagValue, ProfileTagsUnverified)
