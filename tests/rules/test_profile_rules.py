"""Unit tests of the profile rules (BRL2xx-4xx) on hand-built facts.

Scanners are tested elsewhere; here every ProfileResource is written out, so a failure
points at the rule, not at parsing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from bedrock_lint.facts import Document, ProfileResource, TagValue
from bedrock_lint.findings import Finding, Location, Severity
from bedrock_lint.policy import load_policy
from bedrock_lint.rules import profile_naming, profile_provisioning, profile_tags
from bedrock_lint.rules._base import CODE_RE, NAME_RE, Context, Rule
from bedrock_lint.rules.profile_naming import ProfileNameInvalid, ProfileNaming
from bedrock_lint.rules.profile_provisioning import ProfileReplaceLifecycle, ProfileSource
from bedrock_lint.rules.profile_tags import (
    ProfileMissingTags,
    ProfileTagsUnverified,
    ProfileTagValue,
    tag_gaps,
)

PATH = "infra/main.tf"
LOC = Location(PATH, 10, 1)
NAME_LOC = Location(PATH, 11, 10)
SOURCE_LOC = Location(PATH, 13, 17)

EU = (
    "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/"
    "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
)
US = (
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
)
FM = "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
AIP = "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a0a0a0a0a0a0"

TIER1 = {
    "product": "acme-chat",
    "billing-mode": "internal",
    "env": "dev",
    "team": "platform",
    "owner": "ana@example.com",
    "source": "github.com/acme/chat",
    "managed-by": "terraform",
}
PLAYBOOK = {"Application": "open-webui-vf", "Owner": "ana", "Environment": "production"}
TIER2 = {"client": "globex", "project": "support-bot", "cost-center": "cc-42", "component": "api"}


def tags(values: Mapping[str, str | None], first_line: int = 20) -> dict[str, TagValue]:
    """One TagValue per key, on consecutive lines, so each value has its own location."""
    return {
        key: TagValue(value, Location(PATH, first_line + i, 20), "resource tags")
        for i, (key, value) in enumerate(values.items())
    }


def profile(tag_values: Mapping[str, str | None] | None = None, **kw: Any) -> ProfileResource:
    fields: dict[str, Any] = {
        "kind": "aws_bedrock_inference_profile",
        "logical_name": "chat",
        "loc": LOC,
        "name": "acme-chat-claude-sonnet-4-5",
        "name_loc": NAME_LOC,
        "copy_from": EU,
        "copy_from_loc": SOURCE_LOC,
        "tags": tags(TIER1 if tag_values is None else tag_values),
        "tag_sources": ("resource tags",),
        "create_before_destroy": True,
        "fmt": "terraform",
    }
    fields.update(kw)
    return ProfileResource(**fields)


def run(
    rule: type[Rule],
    *profiles: ProfileResource,
    pack: str = "adr-0007",
    overrides: dict[str, Any] | None = None,
    severity: Severity | None = None,
    relpath: str = PATH,
) -> list[Finding]:
    ctx = Context(
        policy=load_policy(pack, overrides=overrides),
        options={},
        severity=severity or rule.severity,
        relpath=relpath,
    )
    doc = Document(path=relpath, fmt="terraform", profiles=list(profiles))
    return list(rule().check(doc, ctx))


def messages(rule: type[Rule], *profiles: ProfileResource, **kw: Any) -> list[str]:
    return [f.message for f in run(rule, *profiles, **kw)]


def keys_in(message: str) -> set[str]:
    """The quoted tag keys of a tags message (the part before any 'required when')."""
    head = message.split(", required when")[0].split(" of profile")[0]
    return set(re.findall(r"'([^']+)'", head.split(" tags ", 1)[1]))


ALL_RULES = profile_tags.RULES + profile_naming.RULES + profile_provisioning.RULES


# --- metadata and examples -------------------------------------------------------------------


def test_rules_are_exported_with_unique_codes_and_names() -> None:
    codes = {r.code: r for r in ALL_RULES}
    assert sorted(codes) == ["BRL201", "BRL202", "BRL203", "BRL301", "BRL302", "BRL401", "BRL402"]
    for rule in ALL_RULES:
        assert CODE_RE.match(rule.code) and NAME_RE.match(rule.name)
        assert rule.__name__ == "".join(p.capitalize() for p in rule.name.split("-"))
        assert rule.formats == ("terraform", "cloudformation")
        assert rule.summary and rule.why and rule.instead
        assert rule.valid and rule.invalid
    severities = {r.code: r.severity for r in ALL_RULES}
    assert severities == {
        "BRL201": Severity.ERROR, "BRL202": Severity.ERROR, "BRL203": Severity.INFO,
        "BRL301": Severity.WARNING, "BRL302": Severity.ERROR,
        "BRL401": Severity.ERROR, "BRL402": Severity.WARNING,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "kind", "index"),
    [(r, k, i) for r in ALL_RULES for k in ("valid", "invalid") for i in range(len(getattr(r, k)))],
    ids=lambda v: str(getattr(v, "code", v)),
)
def test_example_positions_point_at_the_resource(rule: type[Rule], kind: str, index: int) -> None:
    example = getattr(rule, kind)[index]
    assert example.fmt in ("terraform", "cloudformation")
    lines = example.code.splitlines()
    for line, col in example.at:
        text = lines[line - 1]
        if example.fmt == "terraform":
            assert col == 1 and text.startswith('resource "aws_bedrock_inference_profile" ')
        else:
            assert text[col - 1 :] == "ChatProfile:" and text[: col - 1].strip() == ""


def test_examples_cover_both_formats() -> None:
    for rule in ALL_RULES:
        assert {e.fmt for e in rule.valid} == {"terraform", "cloudformation"}, rule.code
        assert "terraform" in {e.fmt for e in rule.invalid}, rule.code


# --- BRL201 profile-missing-tags -------------------------------------------------------------


def test_complete_tier1_tags_pass() -> None:
    assert run(ProfileMissingTags, profile()) == []


def test_missing_keys_are_listed_sorted_with_tag_sources() -> None:
    p = profile(
        {k: v for k, v in TIER1.items() if k not in ("team", "owner")},
        tag_sources=("provider default_tags", "resource tags"),
    )
    [finding] = run(ProfileMissingTags, p)
    assert finding.message == (
        "profile 'chat' is missing tags 'owner', 'team' "
        "(effective tags: provider default_tags + resource tags)"
    )
    assert (finding.path, finding.line, finding.col) == (PATH, 10, 1)
    assert finding.code == "BRL201" and finding.name == "profile-missing-tags"
    assert finding.severity is Severity.ERROR


def test_untagged_profile_says_no_tags() -> None:
    assert messages(ProfileMissingTags, profile({}, tag_sources=())) == [
        (
            "profile 'chat' is missing tags 'billing-mode', 'env', 'managed-by', 'owner', "
            "'product', 'source', 'team' (no tags)"
        )
    ]


def test_tier2_required_when_billing_mode_is_client() -> None:
    p = profile({**TIER1, "billing-mode": "client", "client": "globex", "project": "bot"})
    assert messages(ProfileMissingTags, p) == [
        (
            "profile 'chat' is missing tier-2 tags 'component', 'cost-center', "
            "required when billing-mode = 'client' (effective tags: resource tags)"
        )
    ]
    assert run(ProfileMissingTags, profile({**TIER1, "billing-mode": "client", **TIER2})) == []


@pytest.mark.parametrize("mode", ["internal", "rd", "Client"])
def test_tier2_not_required_for_other_billing_modes(mode: str) -> None:
    assert run(ProfileMissingTags, profile({**TIER1, "billing-mode": mode})) == []


def test_one_finding_per_tier() -> None:
    p = profile({"billing-mode": "client"})
    found = messages(ProfileMissingTags, p)
    assert len(found) == 2
    assert found[0].startswith("profile 'chat' is missing tags 'env', 'managed-by', 'owner'")
    assert found[1].startswith("profile 'chat' is missing tier-2 tags 'client', 'component'")


def test_unresolved_sources_are_never_missing() -> None:
    p = profile({"product": "acme-chat"}, unresolved_tag_sources=("var.extra_tags",))
    assert run(ProfileMissingTags, p) == []
    assert messages(ProfileTagsUnverified, p) == [
        (
            "cannot verify tags 'billing-mode', 'env', 'managed-by', 'owner', 'source', 'team' "
            "of profile 'chat': tags come partly from var.extra_tags"
        ),
        (
            "cannot verify tier-2 tags 'client', 'component', 'cost-center', 'project' of profile "
            "'chat', required when billing-mode = 'client': tags come partly from var.extra_tags"
        ),
    ]


def test_unresolved_billing_mode_leaves_tier2_undecided() -> None:
    p = profile({**TIER1, "billing-mode": None, "client": "globex"})
    assert run(ProfileMissingTags, p) == []
    [finding] = run(ProfileTagsUnverified, p)
    assert finding.message == (
        "cannot verify tier-2 tags 'component', 'cost-center', 'project' of profile 'chat', "
        "required when billing-mode = 'client': the value of 'billing-mode' is unresolved"
    )
    assert finding.severity is Severity.INFO and finding.line == 10


def test_undecided_tier2_does_not_hide_definitely_missing_tier1_keys() -> None:
    p = profile({k: v for k, v in TIER1.items() if k != "owner"} | {"billing-mode": None})
    assert messages(ProfileMissingTags, p) == [
        "profile 'chat' is missing tags 'owner' (effective tags: resource tags)"
    ]
    [unverified] = messages(ProfileTagsUnverified, p)
    assert "owner" not in keys_in(unverified)


def test_interpolated_value_counts_as_unresolved() -> None:
    p = profile({**TIER1, "billing-mode": "${var.billing_mode}"})
    assert run(ProfileMissingTags, p) == []
    assert run(ProfileTagValue, p) == []
    assert len(run(ProfileTagsUnverified, p)) == 1


def test_resolved_tags_give_nothing_to_verify() -> None:
    assert run(ProfileTagsUnverified, profile()) == []
    assert run(ProfileTagsUnverified, profile({})) == []  # all missing, none unverifiable


@pytest.mark.parametrize(
    ("present", "unresolved_value", "sources"),
    [
        (set(), set(), ()),
        ({"product", "env"}, {"billing-mode"}, ()),
        ({"product"}, set(), ("var.extra",)),
        (set(TIER1) | {"client"}, {"billing-mode"}, ("local.x", "var.y")),
        (set(TIER1) - {"team"}, {"billing-mode"}, ()),
    ],
)
def test_missing_and_unverified_partition_the_absent_keys(
    present: set[str], unresolved_value: set[str], sources: tuple[str, ...]
) -> None:
    values: dict[str, str | None] = {k: TIER1.get(k, "x") for k in present}
    values.update(dict.fromkeys(unresolved_value))
    if "billing-mode" in present and "billing-mode" not in unresolved_value:
        values["billing-mode"] = "client"
    p = profile(values, unresolved_tag_sources=sources)
    missing = set().union(*(keys_in(m) for m in messages(ProfileMissingTags, p)))
    unverified = set().union(*(keys_in(m) for m in messages(ProfileTagsUnverified, p)))
    assert not missing & unverified
    assert not (missing | unverified) & set(values)
    assert set(TIER1) - set(values) <= missing | unverified
    gaps = tag_gaps(p, load_policy())
    assert {k for g in gaps if g.missing for k in g.keys} == missing
    if sources:
        assert not missing


def test_playbook_pack_requires_its_own_keys() -> None:
    adr, playbook = profile(TIER1), profile(PLAYBOOK)
    assert run(ProfileMissingTags, adr) == []
    assert messages(ProfileMissingTags, adr, pack="playbook-cloudformation") == [
        (
            "profile 'chat' is missing tags 'Application', 'Environment', 'Owner' "
            "(effective tags: resource tags)"
        )
    ]
    assert run(ProfileMissingTags, playbook, pack="playbook-cloudformation") == []
    [adr_finding] = messages(ProfileMissingTags, playbook)
    assert keys_in(adr_finding) == set(TIER1)


def test_condition_with_several_values_is_spelt_out() -> None:
    overrides = {
        "tags": {
            "tier": [
                {"name": "base", "keys": ["owner"]},
                {
                    "name": "billable",
                    "keys": ["client", "owner"],
                    "when": {"billing-mode": ["client", "partner"]},
                },
            ]
        }
    }
    p = profile({"billing-mode": "partner"}, tag_sources=("stack tags",))
    assert messages(ProfileMissingTags, p, overrides=overrides) == [
        "profile 'chat' is missing tags 'owner' (effective tags: stack tags)",
        (
            "profile 'chat' is missing billable tags 'client', required when billing-mode is one "
            "of 'client', 'partner' (effective tags: stack tags)"
        ),
    ]


def test_overlapping_tiers_report_each_key_once() -> None:
    overrides = {
        "tags": {
            "tier": [
                {"name": "base", "keys": ["owner", "team"]},
                {
                    "name": "billable",
                    "keys": ["client", "owner"],
                    "when": {"billing-mode": ["client"]},
                },
            ]
        }
    }
    undecided = profile({"billing-mode": None, "team": "platform"})
    assert messages(ProfileMissingTags, undecided, overrides=overrides) == [
        "profile 'chat' is missing tags 'owner' (effective tags: resource tags)"
    ]
    assert messages(ProfileTagsUnverified, undecided, overrides=overrides) == [
        (
            "cannot verify billable tags 'client' of profile 'chat', required when billing-mode = "
            "'client': the value of 'billing-mode' is unresolved"
        )
    ]
    partial = profile({"team": "platform"}, unresolved_tag_sources=("var.a", "var.b"))
    assert messages(ProfileTagsUnverified, partial, overrides=overrides) == [
        "cannot verify tags 'owner' of profile 'chat': tags come partly from var.a, var.b",
        (
            "cannot verify billable tags 'client' of profile 'chat', required when billing-mode = "
            "'client': tags come partly from var.a, var.b"
        ),
    ]


def test_configured_severity_is_used() -> None:
    [finding] = run(ProfileMissingTags, profile({}), severity=Severity.WARNING)
    assert finding.severity is Severity.WARNING


# --- BRL202 profile-tag-value ----------------------------------------------------------------


def test_disallowed_value_is_reported_at_the_value() -> None:
    p = profile({**TIER1, "billing-mode": "external"})
    [finding] = run(ProfileTagValue, p)
    assert finding.message == (
        "tag 'billing-mode' has value 'external', expected one of 'internal', 'rd', 'client'"
    )
    assert (finding.line, finding.col) == (21, 20)  # the TagValue of billing-mode


def test_allowed_values_are_case_sensitive() -> None:
    assert messages(ProfileTagValue, profile({**TIER1, "billing-mode": "Client"})) == [
        "tag 'billing-mode' has value 'Client', expected one of 'internal', 'rd', 'client'"
    ]


@pytest.mark.parametrize("empty", ["", "   "])
def test_empty_value_reported_once(empty: str) -> None:
    assert messages(ProfileTagValue, profile({**TIER1, "owner": empty})) == [
        "tag 'owner' has an empty value"
    ]
    # an empty billing-mode is empty, not also "not one of"
    assert messages(ProfileTagValue, profile({**TIER1, "billing-mode": empty})) == [
        "tag 'billing-mode' has an empty value"
    ]


def test_valid_and_unresolved_values_pass() -> None:
    assert run(ProfileTagValue, profile()) == []
    assert run(ProfileTagValue, profile({**TIER1, "billing-mode": None, "owner": None})) == []


def test_pattern_must_match_whole_value() -> None:
    overrides = {"tags": {"values": {"cost-center": {"pattern": "CC-[0-9]{4}"}}}}
    assert run(ProfileTagValue, profile({"cost-center": "CC-1234"}), overrides=overrides) == []
    for bad in ("CC-12", "xCC-1234", "CC-12345"):
        assert messages(ProfileTagValue, profile({"cost-center": bad}), overrides=overrides) == [
            f"tag 'cost-center' has value {bad!r}, expected to match 'CC-[0-9]{{4}}'"
        ]


def test_playbook_environment_values() -> None:
    assert run(ProfileTagValue, profile(PLAYBOOK), pack="playbook-cloudformation") == []
    assert messages(
        ProfileTagValue,
        profile({**PLAYBOOK, "Environment": "prod"}),
        pack="playbook-cloudformation",
    ) == [
        (
            "tag 'Environment' has value 'prod', expected one of 'production', 'staging', "
            "'development', 'sandbox'"
        )
    ]


def test_empty_value_allowed_without_non_empty_rule() -> None:
    overrides: dict[str, Any] = {"tags": {"values": {"*": {}}}}
    assert run(ProfileTagValue, profile({"owner": ""}), overrides=overrides) == []


# --- BRL301 profile-naming -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "acme-chat-claude-sonnet-4-5",
        "acme-chat-claude-sonnet-4-5-20250929-v1",
        "ACME_Chat claude_sonnet_4_5",
        "claude-sonnet-4-5-for-acme-chat",
    ],
)
def test_name_with_product_and_model_slug_passes(name: str) -> None:
    assert run(ProfileNaming, profile(name=name)) == []


def test_name_without_model_or_product() -> None:
    [finding] = run(ProfileNaming, profile(name="acme-chat"))
    assert finding.message == "profile name 'acme-chat' does not contain model 'claude-sonnet-4-5'"
    assert (finding.line, finding.col) == (11, 10) and finding.severity is Severity.WARNING
    assert messages(ProfileNaming, profile(name="support-claude-sonnet-4-5")) == [
        "profile name 'support-claude-sonnet-4-5' does not contain product 'acme-chat'"
    ]
    assert messages(ProfileNaming, profile(name="chat-profile")) == [
        (
            "profile name 'chat-profile' does not contain product 'acme-chat' and model "
            "'claude-sonnet-4-5'"
        )
    ]


def test_naming_uses_the_model_of_any_valid_source() -> None:
    p = profile(name="acme-chat-claude-sonnet-4-5", copy_from=FM)
    assert run(ProfileNaming, p) == []
    dotted = profile(
        name="acme-chat-deepseek-v3-2",
        copy_from="arn:aws:bedrock:eu-central-1::foundation-model/deepseek.v3.2",
    )
    assert run(ProfileNaming, dotted) == []
    other = profile(copy_from="arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-pro-v1:0")
    assert messages(ProfileNaming, other) == [
        "profile name 'acme-chat-claude-sonnet-4-5' does not contain model 'nova-pro-v1'"
    ]


def test_naming_checks_only_what_is_resolved() -> None:
    no_product = profile({**TIER1, "product": None}, name="chat")
    assert messages(ProfileNaming, no_product) == [
        "profile name 'chat' does not contain model 'claude-sonnet-4-5'"
    ]
    no_model = profile(name="chat", copy_from=None, copy_from_resolved=False)
    assert messages(ProfileNaming, no_model) == [
        "profile name 'chat' does not contain product 'acme-chat'"
    ]
    no_slug = profile(name="acme-chat", copy_from=AIP)  # BRL401's business, not naming's
    assert run(ProfileNaming, no_slug) == []
    assert run(ProfileNaming, profile({}, name="x", copy_from=None)) == []
    assert run(ProfileNaming, profile(name=None)) == []
    assert run(ProfileNaming, profile(name="${var.name}")) == []


TEMPLATE = {"naming": {"template": "{product}-{model}-{env}"}}


@pytest.mark.parametrize(
    "name",
    [
        "acme-chat-claude-sonnet-4-5-dev",
        "ACME-CHAT-claude-sonnet-4-5-20250929-v1-DEV",
        "acme_chat_claude_sonnet_4_5_dev",
    ],
)
def test_template_match(name: str) -> None:
    assert run(ProfileNaming, profile(name=name), overrides=TEMPLATE) == []


def test_template_mismatch_shows_expected_name() -> None:
    [finding] = run(ProfileNaming, profile(name="acme-chat-claude-sonnet-4-5"), overrides=TEMPLATE)
    assert finding.message == (
        "profile name 'acme-chat-claude-sonnet-4-5' does not match template "
        "'{product}-{model}-{env}' (expected 'acme-chat-claude-sonnet-4-5-dev')"
    )
    # containment is not enough in template mode
    assert (
        len(
            run(
                ProfileNaming, profile(name="x-acme-chat-claude-sonnet-4-5-dev"), overrides=TEMPLATE
            )
        )
        == 1
    )


def test_template_skips_unresolved_values() -> None:
    assert run(ProfileNaming, profile({**TIER1, "env": None}, name="x"), overrides=TEMPLATE) == []
    assert (
        run(
            ProfileNaming,
            profile(name="x", copy_from=None, copy_from_resolved=False),
            overrides=TEMPLATE,
        )
        == []
    )
    assert (
        run(
            ProfileNaming,
            profile({k: v for k, v in TIER1.items() if k != "env"}, name="x"),
            overrides=TEMPLATE,
        )
        == []
    )


def test_template_with_any_tag_key() -> None:
    overrides = {"naming": {"template": "{team}-{billing-mode}-{model}"}}
    assert (
        run(ProfileNaming, profile(name="platform-internal-claude-sonnet-4-5"), overrides=overrides)
        == []
    )
    assert (
        len(run(ProfileNaming, profile(name="platform-claude-sonnet-4-5"), overrides=overrides))
        == 1
    )


def test_playbook_template_is_the_application_tag() -> None:
    pack = "playbook-cloudformation"
    assert run(ProfileNaming, profile(PLAYBOOK, name="open-webui-vf"), pack=pack) == []
    assert messages(ProfileNaming, profile(PLAYBOOK, name="open-webui"), pack=pack) == [
        (
            "profile name 'open-webui' does not match template '{Application}' "
            "(expected 'open-webui-vf')"
        )
    ]
    assert run(ProfileNaming, profile({"Owner": "ana"}, name="whatever"), pack=pack) == []


# --- BRL302 profile-name-invalid -------------------------------------------------------------


def test_name_length_limit() -> None:
    assert run(ProfileNameInvalid, profile(name="a" * 64)) == []
    [finding] = run(ProfileNameInvalid, profile(name="a" * 65))
    assert finding.message == f"profile name {'a' * 65!r} is 65 characters long, more than 64"
    assert (finding.line, finding.col) == (11, 10) and finding.severity is Severity.ERROR
    assert (
        len(
            run(
                ProfileNameInvalid, profile(name="a" * 65), overrides={"naming": {"max-length": 80}}
            )
        )
        == 0
    )


@pytest.mark.parametrize("name", ["acme.chat", "acme--chat", "-acme", "acme chat!", ""])
def test_name_pattern(name: str) -> None:
    assert messages(ProfileNameInvalid, profile(name=name)) == [
        f"profile name {name!r} does not match '^([0-9a-zA-Z][ _-]?)+$'"
    ]


def test_name_both_too_long_and_invalid() -> None:
    assert len(run(ProfileNameInvalid, profile(name="a." * 40))) == 2


@pytest.mark.parametrize("name", ["acme chat claude 4_5", "a-b_c d-", "A1"])
def test_valid_names(name: str) -> None:
    assert run(ProfileNameInvalid, profile(name=name)) == []


def test_name_unresolved_is_skipped() -> None:
    assert run(ProfileNameInvalid, profile(name=None)) == []
    assert run(ProfileNameInvalid, profile(name="${var.product}.chat")) == []


# --- BRL401 profile-source -------------------------------------------------------------------


def source(copy_from: str | None, **kw: Any) -> list[tuple[Severity, str]]:
    return [(f.severity, f.message) for f in run(ProfileSource, profile(copy_from=copy_from), **kw)]


@pytest.mark.parametrize(
    "copy_from",
    [
        EU,
        "arn:aws:bedrock:eu-central-1::inference-profile/eu.anthropic.claude-sonnet-4-6",
        "arn:aws:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.amazon.nova-pro-v1:0",
        (
            "arn:${AWS::Partition}:bedrock:${var.region}:${data.aws_caller_identity.current.account_id}"
            ":inference-profile/eu.anthropic.claude-sonnet-4-6"
        ),
    ],
)
def test_preferred_system_profile_passes(copy_from: str) -> None:
    assert source(copy_from) == []


def test_other_geo_is_a_warning_at_copy_from() -> None:
    [finding] = run(ProfileSource, profile(copy_from=US))
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "copy_from uses system profile 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' "
        "outside the preferred geo 'eu'"
    )
    assert (finding.line, finding.col) == (13, 17)


def test_foundation_model_is_a_warning() -> None:
    assert source(FM) == [
        (
            Severity.WARNING,
            (
                "copy_from uses foundation model 'anthropic.claude-sonnet-4-5-20250929-v1:0' "
                "instead of a system profile in the preferred geo 'eu'"
            ),
        )
    ]
    templated = "arn:aws:bedrock:${AWS::Region}::foundation-model/anthropic.claude-sonnet-4-6"
    assert [s for s, _ in source(templated)] == [Severity.WARNING]


@pytest.mark.parametrize(
    ("copy_from", "message"),
    [
        (
            AIP,
            (
                f"copy_from {AIP!r} is an application inference profile ARN, not a "
                "foundation-model or inference-profile ARN"
            ),
        ),
        (
            "arn:aws:bedrock:eu-central-1:123456789012:provisioned-model/a0a0a0a0a0a0",
            (
                "copy_from 'arn:aws:bedrock:eu-central-1:123456789012:provisioned-model/"
                "a0a0a0a0a0a0' is a provisioned model ARN, not a foundation-model or "
                "inference-profile ARN"
            ),
        ),
        (
            "arn:aws:s3:::models",
            ("copy_from 'arn:aws:s3:::models' is not a foundation-model or inference-profile ARN"),
        ),
        (
            "eu.anthropic.claude-sonnet-4-6",
            "copy_from 'eu.anthropic.claude-sonnet-4-6' is a model ID, not an ARN",
        ),
        (
            "anthropic.claude-sonnet-4-6",
            "copy_from 'anthropic.claude-sonnet-4-6' is a model ID, not an ARN",
        ),
        ("claude", "copy_from 'claude' is not an ARN"),
        (f"bedrock/{EU}", f"copy_from 'bedrock/{EU}' is not an ARN"),
    ],
)
def test_invalid_sources_are_errors(copy_from: str, message: str) -> None:
    assert source(copy_from) == [(Severity.ERROR, message)]


@pytest.mark.parametrize(
    "copy_from",
    [
        "${var.model_source}",
        "arn:aws:bedrock:eu-central-1::foundation-model/${var.model}",
        "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/${var.geo}.anthropic.x-1",
        "arn:aws:${var.service}:eu-central-1::foundation-model/anthropic.claude-sonnet-4-6",
        "arn:aws:bedrock:eu-central-1::inference-profile/${var.geo}.anthropic.claude-sonnet-4-6",
    ],
)
def test_unresolvable_sources_are_skipped(copy_from: str) -> None:
    assert source(copy_from) == []


def test_missing_source() -> None:
    assert run(ProfileSource, profile(copy_from=None, copy_from_resolved=False)) == []
    [finding] = run(ProfileSource, profile(copy_from=None, copy_from_loc=None))
    assert finding.message == "profile 'chat' has no model source"
    assert (finding.line, finding.col, finding.severity) == (10, 1, Severity.ERROR)


def test_configured_severity_wins_over_per_finding_severity() -> None:
    assert [s for s, _ in source(AIP, severity=Severity.WARNING)] == [Severity.WARNING]
    assert [s for s, _ in source(US, severity=Severity.INFO)] == [Severity.INFO]
    assert [s for s, _ in source(US, severity=Severity.ERROR)] == [Severity.WARNING]  # default


def test_preferred_geo_is_policy() -> None:
    overrides = {"source": {"preferred-geo": ["us", "global"]}}
    assert source(US, overrides=overrides) == []
    assert source(EU, overrides=overrides) == [
        (
            Severity.WARNING,
            (
                "copy_from uses system profile 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' "
                "outside the preferred geos 'us', 'global'"
            ),
        )
    ]
    assert source(US, overrides={"source": {"preferred-geo": []}}) == []


# --- BRL402 profile-replace-lifecycle --------------------------------------------------------


def lifecycle(
    env: str | None = "prod",
    cbd: bool | None = False,
    relpath: str = PATH,
    pack: str = "adr-0007",
    env_tag: str = "env",
) -> list[Finding]:
    values: dict[str, str | None] = {"product": "acme-chat"}
    if env != "<absent>":
        values[env_tag] = env
    return run(
        ProfileReplaceLifecycle,
        profile(values, create_before_destroy=cbd),
        relpath=relpath,
        pack=pack,
    )


def test_production_by_env_tag() -> None:
    [finding] = lifecycle("prod")
    assert finding.message == (
        "production profile 'chat' has no lifecycle create_before_destroy; "
        "changing copy_from replaces it"
    )
    assert (finding.line, finding.col, finding.severity) == (10, 1, Severity.WARNING)
    assert len(lifecycle("Production")) == 1 and len(lifecycle("PRD")) == 1


def test_not_applicable_or_protected() -> None:
    assert lifecycle("prod", cbd=True) == []
    assert lifecycle("prod", cbd=None) == []  # CloudFormation: no replace lifecycle
    assert lifecycle("dev") == []
    assert lifecycle(None) == []
    assert lifecycle("<absent>") == []


@pytest.mark.parametrize(
    ("relpath", "production"),
    [
        ("infra/prod/main.tf", True),
        ("prod/main.tf", True),
        ("a/b/production/profiles.tf", True),
        ("envs/chat-prod.tf", True),
        ("prod.tf", True),
        ("infra/products/main.tf", False),
        ("infra/preprod/main.tf", False),
        ("infra/dev/main.tf", False),
        ("", False),
    ],
)
def test_production_by_path(relpath: str, production: bool) -> None:
    assert len(lifecycle(None, relpath=relpath)) == int(production)
    assert len(lifecycle("dev", relpath=relpath)) == int(production)  # either signal suffices


def test_playbook_lifecycle_policy() -> None:
    pack = "playbook-cloudformation"
    assert len(lifecycle("production", pack=pack, env_tag="Environment")) == 1
    assert lifecycle("prod", pack=pack, env_tag="env") == []  # env-tag is Environment there
    assert lifecycle(None, relpath="infra/prod/main.tf", pack=pack, env_tag="Environment") == []


def test_all_profiles_of_a_document_are_checked() -> None:
    a = profile({"env": "prod"}, create_before_destroy=False)
    b = profile(
        {"env": "prod"},
        logical_name="embed",
        loc=Location(PATH, 40, 1),
        create_before_destroy=False,
    )
    found = run(ProfileReplaceLifecycle, a, b)
    assert [(f.line, "'embed'" in f.message) for f in found] == [(10, False), (40, True)]
