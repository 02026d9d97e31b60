"""Profile provisioning rules (BRL4xx): the ``copy_from`` source and the replace lifecycle.

Policy knobs: ``[source] preferred-geo`` and ``[lifecycle] env-tag / production-values /
production-paths`` in the selected pack.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..facts import Document, ProfileResource
from ..findings import Finding, Severity
from ..globs import globmatch
from ..modelids import Grammar, Kind, ModelId
from ..policy import Policy
from ._base import Context, Example, Opt, Rule
from .profile_tags import (
    ADR_TAGS,
    CFN_TAGS,
    PROFILE_FORMATS,
    cfn_example,
    has_placeholder,
    profile_label,
    quoted,
    resolved_tag,
    tf_example,
    with_tag,
)


def classify_source(text: str, grammar: Grammar) -> tuple[bool, ModelId | None]:
    """Classify a ``copy_from`` value: ``(decidable, model)``.

    The classifier already accepts interpolations where they cannot change the kind
    (partition, region, account, geo). A value it cannot classify *and* that holds an
    interpolation elsewhere (``${var.source}``, ``.../foundation-model/${var.model}``) is
    undecidable: ``(False, None)``.
    """
    model = grammar.classify(text)
    return (model is not None or not has_placeholder(text)), model


def source_model(profile: ProfileResource, grammar: Grammar) -> ModelId | None:
    """The foundation model or system profile a profile copies, when statically known."""
    model = None if profile.copy_from is None else grammar.classify(profile.copy_from)
    return model if model is not None and model.kind.is_direct else None


def _geos(policy: Policy) -> str:
    plural = "s" if len(policy.preferred_geo) > 1 else ""
    return f"the preferred geo{plural} {quoted(policy.preferred_geo)}"


def _kind_words(kind: Kind) -> str:
    """``an application inference profile ARN``, ``a provisioned model ARN``..."""
    words = (
        "application inference profile"
        if kind is Kind.APPLICATION_PROFILE_ARN
        else (kind.value.removesuffix("-arn").replace("-", " "))
    )
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words} ARN"


class ProfileSource(Rule):
    """Severity: a configured severity wins for every finding of this rule.

    The rule's own findings are errors (AWS rejects the source) or warnings (a valid but not
    preferred source). The warning downgrade applies only while the effective severity
    (``ctx.severity``) equals the rule default, ``error``: a user who sets
    ``[rules.BRL401] severity = "warning"`` or ``"info"`` gets that severity for all of
    them. (Setting ``"error"`` explicitly is indistinguishable from the default.)
    """

    code, name = "BRL401", "profile-source"
    severity = Severity.ERROR
    formats = PROFILE_FORMATS
    summary = (
        "Checks the model source (copy_from) of an application inference profile: a system "
        "profile in a preferred geo is expected; another geo or a foundation-model ARN is a "
        "warning; an application-profile ARN, another ARN, a bare model ID or no source at "
        "all is an error."
    )
    why = (
        "AWS accepts only foundation-model and system inference-profile ARNs as a source, so "
        "anything else fails at deploy time. Among valid sources, a system profile with a "
        "preferred geo prefix (eu. by default) routes across Regions without leaving the "
        "geography that data residency requires; a foundation model gets no cross-Region "
        "routing, and another geo may process data outside it."
    )
    instead = (
        "Copy from the system inference profile ARN of the preferred geo, e.g. "
        "arn:aws:bedrock:eu-central-1:<account>:inference-profile/eu.<model>. Preferred geos "
        "come from the policy pack ([source] preferred-geo)."
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example("terraform", tf_example()),
        Example("cloudformation", cfn_example()),
    ]
    invalid = [
        Example(
            "terraform",
            tf_example(
                copy_from="arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
            ),
            note="warning: a system profile outside the preferred geo",
        ),
        Example(
            "cloudformation",
            cfn_example(
                copy_from="arn:aws:bedrock:eu-central-1:123456789012:"
                "application-inference-profile/a0a0a0a0a0a0"
            ),
            note="error: an application inference profile cannot be copied",
        ),
        Example(
            "terraform",
            tf_example(copy_from="eu.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            note="error: a model ID, not an ARN",
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for profile in doc.profiles:
            if profile.copy_from is None:
                if profile.copy_from_resolved:
                    yield self.finding(
                        profile.loc, f"{profile_label(profile)} has no model source", ctx
                    )
                continue
            decidable, model = classify_source(profile.copy_from, ctx.policy.grammar)
            if not decidable:
                continue
            verdict = self._judge(profile.copy_from, model, ctx.policy)
            if verdict is not None:
                message, severity = verdict
                yield self.finding(
                    profile.copy_from_loc or profile.loc,
                    message,
                    ctx,
                    severity=self._severity(ctx, severity),
                )

    def _severity(self, ctx: Context, wanted: Severity) -> Severity:
        return wanted if ctx.severity == self.severity else ctx.severity

    @staticmethod
    def _judge(text: str, model: ModelId | None, policy: Policy) -> tuple[str, Severity] | None:
        if model is None or model.route:  # ``bedrock/...`` is a LiteLLM route, not an ARN
            what = (
                "a foundation-model or inference-profile ARN"
                if text.startswith("arn:")
                else "an ARN"
            )
            return f"copy_from {text!r} is not {what}", Severity.ERROR
        if not model.kind.is_arn:  # a bare foundation-model or system-profile ID
            return f"copy_from {text!r} is a model ID, not an ARN", Severity.ERROR
        if model.kind is Kind.SYSTEM_PROFILE_ARN:
            # geo None: the geo prefix is an interpolation, so it cannot be judged
            if model.geo is None or not policy.preferred_geo or model.geo in policy.preferred_geo:
                return None
            profile_id = f"{model.geo}.{model.model}"
            return (
                f"copy_from uses system profile {profile_id!r} outside {_geos(policy)}",
                Severity.WARNING,
            )
        if model.kind is Kind.FOUNDATION_MODEL_ARN:
            instead = "a system profile"
            if policy.preferred_geo:
                instead += f" in {_geos(policy)}"
            return (
                f"copy_from uses foundation model {model.model!r} instead of {instead}",
                Severity.WARNING,
            )
        return (
            (
                f"copy_from {text!r} is {_kind_words(model.kind)}, not a foundation-model or "
                "inference-profile ARN"
            ),
            Severity.ERROR,
        )


def is_production(profile: ProfileResource, ctx: Context) -> bool:
    """By the env tag (case-insensitive; an unresolved tag when one of the values it takes
    per configuration, such as a ``prod.tfvars``, is production) or by the file's path."""
    policy = ctx.policy
    production = {v.casefold() for v in policy.production_values}
    env = resolved_tag(profile, policy.env_tag)
    if env is not None and env.casefold() in production:
        return True
    tag = profile.tag(policy.env_tag)
    if env is None and tag is not None and any(a.casefold() in production for a in tag.alternatives):
        return True
    return bool(ctx.relpath) and any(globmatch(ctx.relpath, p) for p in policy.production_paths)


class ProfileReplaceLifecycle(Rule):
    """Terraform only in practice: other formats report ``create_before_destroy`` as None."""

    code, name = "BRL402", "profile-replace-lifecycle"
    severity = Severity.WARNING
    formats = PROFILE_FORMATS
    summary = (
        "Flags production application inference profiles without lifecycle "
        "create_before_destroy. A profile is production by its env tag or by its file path."
    )
    why = (
        "Changing copy_from (a model upgrade) forces replacement: Terraform destroys the old "
        "profile before creating the new one, so callers using its ARN fail in between."
    )
    instead = (
        "Add lifecycle { create_before_destroy = true } to production profiles, and keep the "
        "model slug in the name (profile-naming) so the replacement gets a new name. The env "
        "tag, its production values and production paths come from the policy pack "
        "([lifecycle] env-tag, production-values, production-paths)."
    )
    options: ClassVar[dict[str, Opt]] = {}
    valid = [
        Example(
            "terraform",
            tf_example(
                with_tag(ADR_TAGS, "env", "prod"),
                extra="  lifecycle {\n    create_before_destroy = true\n  }\n",
            ),
        ),
        Example(
            "cloudformation",
            cfn_example(with_tag(CFN_TAGS, "env", "prod")),
            note="CloudFormation creates the replacement before deleting the old resource",
        ),
    ]
    invalid = [
        Example("terraform", tf_example(with_tag(ADR_TAGS, "env", "prod")), at=((1, 1),)),
        Example(
            "terraform",
            tf_example(
                "merge(local.tags, { env = var.env })",
                before='locals {\n  tags = { product = "acme-chat", team = "platform" }\n}\n\n',
            ),
            at=((5, 1),),
            path="infra/prod/main.tf",
            note="production by path although the env value is a variable",
        ),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for profile in doc.profiles:
            if profile.create_before_destroy is False and is_production(profile, ctx):
                yield self.finding(
                    profile.loc,
                    f"production {profile_label(profile)} has no lifecycle create_before_destroy; "
                    "changing copy_from replaces it",
                    ctx,
                )


RULES = (ProfileSource, ProfileReplaceLifecycle)
