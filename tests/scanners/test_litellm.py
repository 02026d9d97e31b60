"""LiteLLM proxy configs: exact refs, uses and positions; embedded configs; odd YAML; BRL106."""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

import pytest

from bedrock_lint import registry
from bedrock_lint.cli import main
from bedrock_lint.facts import Document, Use
from bedrock_lint.findings import Severity
from bedrock_lint.policy import load_policy
from bedrock_lint.rules._base import Context, Example
from bedrock_lint.rules.litellm_routes import RULES, WildcardModelRoute
from bedrock_lint.scanners import ScanContext, ScanError, deployconfig, format_for, litellm

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "litellm"
POLICY = load_policy()
CTX = ScanContext(POLICY, Path("/repo"))

AIP = "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
HAIKU = "bedrock/anthropic.claude-3-haiku-20240307-v1:0"

Row = tuple[int, int, str, str, str]


def rows(doc: Document) -> list[Row]:
    """(line, col, use, context, value) of every ref; api is always "litellm" for entries."""
    for r in doc.refs:
        assert r.api == ("litellm" if r.context.startswith("litellm_params.") else None)
    return [(r.loc.line, r.loc.col, r.use.value, r.context, r.value) for r in doc.refs]


def scan_fixture(rel: str) -> Document:
    path = FIX / rel
    return litellm.scan(rel, path.read_text(encoding="utf-8"), CTX)


def scan_text(text: str, path: str = "config.yaml") -> Document:
    return litellm.scan(path, textwrap.dedent(text), CTX)


def entry(params: str) -> str:
    """A one-entry config whose litellm_params are ``params`` (one ``key: value`` per line)."""
    body = "".join(f"      {line}\n" for line in textwrap.dedent(params).strip().splitlines())
    return f"model_list:\n  - model_name: m\n    litellm_params:\n{body}"


def assert_locations_point_at_values(rel: str, doc: Document) -> None:
    lines = (FIX / rel).read_text(encoding="utf-8").splitlines()
    for ref in doc.refs:
        at = lines[ref.loc.line - 1][ref.loc.col - 1 :]
        assert at.startswith((ref.value, f'"{ref.value}"', f"'{ref.value}'")), (ref, at)


# --- the realistic proxy config ----------------------------------------------------------------


def test_proxy_config_exact_refs() -> None:
    doc = scan_fixture("proxy/config.yaml")
    assert doc.fmt == "litellm"
    assert rows(doc) == [
        (7, 14, "base-model", "litellm_params.model",
         "bedrock/converse/anthropic.claude-3-5-sonnet-20240620-v1:0"),
        (19, 14, "setting", "litellm_params.model",
         "bedrock/arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/k3m9x2p7q1wz"),
        (27, 14, "base-model", "litellm_params.model", "bedrock/amazon.titan-embed-text-v2:0"),
        (28, 17, "setting", "litellm_params.model_id",
         "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/e8r2t6y4u0i9"),
        (36, 14, "setting", "litellm_params.model", HAIKU),
        (41, 14, "setting", "litellm_params.model", "bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        (47, 14, "base-model", "litellm_params.model", "bedrock/meta.llama3-2-3b-instruct-v1:0"),
        (48, 17, "setting", "litellm_params.model_id", "eu.meta.llama3-2-3b-instruct-v1:0"),
        (53, 14, "setting", "litellm_params.model", "mistral.mistral-large-2407-v1:0"),
        (60, 14, "setting", "litellm_params.model", "bedrock/*"),
    ]  # fmt: skip
    assert_locations_point_at_values("proxy/config.yaml", doc)


def test_proxy_config_end_positions() -> None:
    doc = scan_fixture("proxy/config.yaml")
    haiku = next(r for r in doc.refs if r.value == HAIKU)
    assert (haiku.loc.end_line, haiku.loc.end_col) == (36, 14 + len(HAIKU))
    quoted = next(r for r in doc.refs if r.context == "litellm_params.model_id" and "e8r2" in r.value)
    assert (quoted.loc.col, quoted.loc.end_col) == (17, 17 + len(quoted.value) + 2)


def test_router_settings_model_info_and_fallbacks_are_not_refs() -> None:
    doc = scan_text("""\
        model_list: []
        router_settings:
          model_group_alias: {"anthropic.claude-3-haiku-20240307-v1:0": "claude-haiku"}
          fallbacks: [{"claude": ["bedrock/anthropic.claude-3-haiku-20240307-v1:0"]}]
        litellm_settings:
          default_fallbacks: ["bedrock/anthropic.claude-3-haiku-20240307-v1:0"]
        environment_variables:
          MODEL: anthropic.claude-3-haiku-20240307-v1:0
        """)
    assert doc.refs == []
    doc = scan_text(entry("""
        model: os.environ/CHAT_MODEL
    """) + "    model_info:\n      base_model: bedrock/anthropic.claude-3-haiku-20240307-v1:0\n"
          "  - model_name: anthropic.claude-3-haiku-20240307-v1:0\n"
          "    litellm_params: {model: os.environ/HAIKU}\n")
    assert doc.refs == []


# --- model / model_id combinations -----------------------------------------------------------


@pytest.mark.parametrize(("model_id", "model_use", "model_id_ref"), [
    (None, "setting", None),
    ("os.environ/CHAT_PROFILE_ARN", "base-model", None),
    (AIP, "base-model", AIP),
    ('"${CHAT_PROFILE_ARN}"', "base-model", None),
    ('"{{ .Values.profileArn }}"', "base-model", None),
    ("!vault |\n  $ANSIBLE_VAULT;1.1;AES256", "base-model", None),
    ("arn:aws:bedrock:eu-central-1:123456789012:provisioned-model/abcdefghijkl", "base-model",
     "arn:aws:bedrock:eu-central-1:123456789012:provisioned-model/abcdefghijkl"),
    # LiteLLM calls model_id: the violation is reported there, once
    ("anthropic.claude-3-haiku-20240307-v1:0", "base-model", "anthropic.claude-3-haiku-20240307-v1:0"),
    ("us.anthropic.claude-3-haiku-20240307-v1:0", "base-model", "us.anthropic.claude-3-haiku-20240307-v1:0"),
    # a literal that is no Bedrock identifier proves nothing: model stays the setting
    ("a0a0a0a0a0a0", "setting", None),
    ('""', "setting", None),
])  # fmt: skip
def test_model_id_decides_whether_model_is_only_the_base_model(
        model_id: str | None, model_use: str, model_id_ref: str | None) -> None:
    params = f"model: {HAIKU}\naws_region_name: eu-central-1\n"
    if model_id is not None:
        params += "model_id: " + model_id.replace("\n", "\n      ") + "\n"
    expected = [(4, 14, model_use, "litellm_params.model", HAIKU)]
    if model_id_ref is not None:
        expected.append((6, 17, "setting", "litellm_params.model_id", model_id_ref))
    assert rows(scan_text(entry(params))) == expected


@pytest.mark.parametrize(("params", "expected"), [
    ("model: bedrock/invoke/anthropic.claude-3-haiku-20240307-v1:0",
     "bedrock/invoke/anthropic.claude-3-haiku-20240307-v1:0"),
    ("model: bedrock/us-west-2/anthropic.claude-3-haiku-20240307-v1:0",
     "bedrock/us-west-2/anthropic.claude-3-haiku-20240307-v1:0"),
    ("model: bedrock/converse/us.amazon.nova-pro-v1:0", "bedrock/converse/us.amazon.nova-pro-v1:0"),
    ("model: bedrock/arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
     "bedrock/arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0"),
    ("model: amazon.nova-pro-v1:0\ncustom_llm_provider: bedrock", "amazon.nova-pro-v1:0"),
    ("model: amazon.nova-pro-v1:0\naws_region_name: eu-west-1", "amazon.nova-pro-v1:0"),
    # no provider at all: LiteLLM infers Bedrock from its catalogue of dotted Bedrock IDs
    ("model: amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"),
    ("model: \"bedrock/anthropic.claude-3-haiku-20240307-v1:0\"", HAIKU),
])  # fmt: skip
def test_bedrock_model_shapes(params: str, expected: str) -> None:
    (ref,) = scan_text(entry(params)).refs
    assert (ref.value, ref.use, ref.context, ref.loc.line, ref.loc.col) == (
        expected, Use.SETTING, "litellm_params.model", 4, 14)


@pytest.mark.parametrize("params", [
    "model: os.environ/BEDROCK_MODEL",
    "model: openai/gpt-4o",
    "model: anthropic/claude-3-5-sonnet-20240620",
    "model: vertex_ai/claude-3-5-sonnet@20240620",
    "model: bedrock_mantle/openai.gpt-oss-120b",
    "model: anthropic.claude-3-5-haiku-20241022-v1:0\ncustom_llm_provider: openai\n"
    "api_base: https://bedrock-gateway.internal/api/v1",
    "model: !ENV ${CHAT_MODEL}",
    "model: [bedrock/anthropic.claude-3-haiku-20240307-v1:0]",
    "model: 42",
    "model: openai/*",
    "model: \"*\"",
])  # fmt: skip
def test_not_bedrock_model_refs(params: str) -> None:
    assert scan_text(entry(params)).refs == []


@pytest.mark.parametrize(("params", "value"), [
    ("model: bedrock/*", "bedrock/*"),
    ("model: bedrock/converse/*", "bedrock/converse/*"),
    ("model: bedrock/invoke/*", "bedrock/invoke/*"),
    ("model: bedrock/us-east-1/*", "bedrock/us-east-1/*"),
    ("model: bedrock/converse/anthropic.*", "bedrock/converse/anthropic.*"),
    ("model: \"*\"\ncustom_llm_provider: bedrock", "*"),
    ("model: \"*\"\naws_region_name: eu-central-1", "*"),
])  # fmt: skip
def test_wildcard_routes_are_emitted_verbatim(params: str, value: str) -> None:
    assert rows(scan_text(entry(params))) == [(4, 14, "setting", "litellm_params.model", value)]


def test_anchors_merge_keys_and_unknown_tags() -> None:
    doc = scan_fixture("gateway/config.yaml")
    # the shared model is one literal: reported once, as the direct call one entry makes of it
    assert rows(doc) == [
        (8, 10, "setting", "litellm_params.model", HAIKU),
        (22, 14, "setting", "litellm_params.model", "cohere.command-r-plus-v1:0"),
        (30, 14, "setting", "litellm_params.model", "bedrock/converse/anthropic.*"),
    ]
    assert_locations_point_at_values("gateway/config.yaml", doc)


def test_merged_defaults_with_profile_make_the_shared_model_a_base_model() -> None:
    doc = scan_text("""\
        x-defaults: &defaults
          model: bedrock/anthropic.claude-3-haiku-20240307-v1:0
          model_id: os.environ/HAIKU_PROFILE_ARN
        model_list:
          - model_name: a
            litellm_params: {<<: *defaults, aws_region_name: eu-west-1}
          - model_name: b
            litellm_params:
              <<: *defaults
              model: bedrock/amazon.nova-lite-v1:0
        """)
    assert rows(doc) == [
        (2, 10, "base-model", "litellm_params.model", HAIKU),
        (10, 14, "base-model", "litellm_params.model", "bedrock/amazon.nova-lite-v1:0"),
    ]


def test_json_config_with_tabs() -> None:
    text = ('{\n\t"model_list": [\n\t\t{\n\t\t\t"model_name": "haiku",\n\t\t\t"litellm_params": '
            '{"model": "bedrock/anthropic.claude-3-haiku-20240307-v1:0"}\n\t\t}\n\t]\n}\n')
    assert format_for("proxy.json", text) == "litellm"
    assert rows(litellm.scan("proxy.json", text, CTX)) == [
        (5, 32, "setting", "litellm_params.model", HAIKU)]


# --- embedded configs ---------------------------------------------------------------------------


K8S_ROWS: list[Row] = [
    (14, 18, "base-model", "litellm_params.model",
     "bedrock/converse/anthropic.claude-3-5-sonnet-20240620-v1:0"),
    (20, 18, "setting", "litellm_params.model", HAIKU),
    (25, 18, "setting", "litellm_params.model", "bedrock/*"),
    (58, 22, "setting", "environment variable DEFAULT_BEDROCK_MODEL",
     "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"),
]  # fmt: skip


def test_configmap_embedding_is_offset_to_the_file() -> None:
    doc = scan_fixture("k8s/litellm-proxy.yaml")
    assert rows(doc) == K8S_ROWS
    assert_locations_point_at_values("k8s/litellm-proxy.yaml", doc)


def test_embedded_config_gives_the_same_refs_through_either_scanner() -> None:
    """Today the router sends an indented ``model_list`` to ``litellm``; a top-level-only hint
    would send these files to ``config``. Either way the facts are the same."""
    for rel in ("k8s/litellm-proxy.yaml", "helm/values.yaml"):
        text = (FIX / rel).read_text(encoding="utf-8")
        a, b = litellm.scan(rel, text, CTX), deployconfig.scan(rel, text, CTX)
        assert (a.fmt, b.fmt) == ("litellm", "config")
        assert a.refs == b.refs


def test_helm_values_with_nested_proxy_config() -> None:
    doc = scan_fixture("helm/values.yaml")
    assert rows(doc) == [
        (15, 18, "setting", "environment variable SUMMARY_MODEL", "amazon.nova-lite-v1:0"),
        (21, 16, "base-model", "litellm_params.model", "bedrock/amazon.nova-pro-v1:0"),
        (25, 16, "setting", "litellm_params.model", "bedrock/eu-central-1/eu.amazon.nova-micro-v1:0"),
    ]
    assert_locations_point_at_values("helm/values.yaml", doc)


CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: litellm}
data:
  config.yaml: |
    # proxy models

    model_list:
      - model_name: haiku
        litellm_params:
          model: bedrock/anthropic.claude-3-haiku-20240307-v1:0
"""


def test_embedded_offset_counts_blank_and_comment_lines() -> None:
    assert rows(deployconfig.scan("cm.yaml", CONFIGMAP, CTX)) == [
        (11, 18, "setting", "litellm_params.model", HAIKU)]


def test_embedded_offset_with_crlf_line_endings() -> None:
    text = CONFIGMAP.replace("\n", "\r\n")
    assert rows(deployconfig.scan("cm.yaml", text, CTX)) == [
        (11, 18, "setting", "litellm_params.model", HAIKU)]


@pytest.mark.parametrize(("header", "indent_extra"), [
    ("config.yaml: |-", 0),
    ("config.yaml: !!str |", 0),
    ("config.yaml: &cfg |", 0),
    ("config.yaml: |4", 2),  # explicit indentation: content indented 2 more than needed
    ("config.yaml: |  # the proxy's config", 0),
])
def test_embedded_block_headers(header: str, indent_extra: int) -> None:
    pad = " " * indent_extra
    text = (f"data:\n  {header}\n"
            f"    {pad}model_list:\n"
            f"    {pad}  - model_name: haiku\n"
            f"    {pad}    litellm_params: {{model: {HAIKU}}}\n")
    (ref,) = deployconfig.scan("values.yaml", text, CTX).refs
    assert (ref.loc.line, ref.loc.col) == (5, 33 + indent_extra)
    assert text.splitlines()[4][ref.loc.col - 1 :].startswith(HAIKU)


def test_embedded_strings_that_are_not_litellm_yaml_are_ignored() -> None:
    text = textwrap.dedent("""\
        data:
          app.py: |
            model_list: list[str] = ["anthropic.claude-3-haiku-20240307-v1:0"]
            client.converse(modelId=model_list[0])
          notes.yaml: |
            model_list: [unclosed
          folded.yaml: >
            model_list:
              - litellm_params: {model: bedrock/anthropic.claude-3-haiku-20240307-v1:0}
        """)
    assert deployconfig.scan("values.yaml", text, CTX).refs == []


def test_helm_template_is_read_with_actions_masked() -> None:
    text = textwrap.dedent("""\
        {{- if .Values.litellm.enabled }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ include "chart.fullname" . }}-litellm
          labels:
            {{- include "chart.labels" . | nindent 4 }}
        data:
          config.yaml: |
            model_list:
              - model_name: chat
                litellm_params:
                  model: bedrock/anthropic.claude-3-haiku-20240307-v1:0
                  model_id: {{ .Values.litellm.profileArn | quote }}
              - model_name: nova
                litellm_params:
                  model: bedrock/us.amazon.nova-pro-v1:0
                  aws_region_name: {{ .Values.region }}
        {{- end }}
        """)
    assert rows(litellm.scan("templates/configmap.yaml", text, CTX)) == [
        (13, 18, "base-model", "litellm_params.model", HAIKU),
        (17, 18, "setting", "litellm_params.model", "bedrock/us.amazon.nova-pro-v1:0"),
    ]


def test_template_that_is_not_yaml_even_masked_is_skipped() -> None:
    text = "model_list:\n{{ range .Values.models }}\n  - {{ . | toYaml | nindent 4 }\n  bad: [\n"
    assert litellm.scan("templates/cm.yaml", text, CTX).refs == []


# --- broken and hostile input -----------------------------------------------------------------


def test_syntax_error_position() -> None:
    text = (FIX / "broken/config.yaml").read_text(encoding="utf-8")
    with pytest.raises(ScanError) as err:
        litellm.scan("broken/config.yaml", text, CTX)
    assert (err.value.message, err.value.line, err.value.col) == (
        "YAML syntax error: expected <block end>, but found '<block mapping start>'", 5, 6)


def test_control_character_is_a_positioned_scan_error() -> None:
    with pytest.raises(ScanError) as err:
        litellm.scan("c.yaml", "model_list:\n  - model_name: a\x07b\n", CTX)
    assert (err.value.message, err.value.line, err.value.col) == (
        "YAML syntax error: unacceptable character #x0007", 2, 18)


def test_deep_nesting_is_a_scan_error() -> None:
    with pytest.raises(ScanError, match="nested too deeply"):
        litellm.scan("c.yaml", "model_list: " + "[" * 5000 + "]" * 5000 + "\n", CTX)


def test_alias_bomb_is_linear() -> None:
    lines = [f"a0: &a0 [{HAIKU!r}, {{litellm_params: {{model: {HAIKU}}}}}]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
              for i in range(1, 40)]  # 6**39 paths through the tree
    lines.append("proxy: {model_list: *a39}")
    lines.append("x: &e {litellm_params: {model: bedrock/anthropic.claude-v2}}")
    lines.append("y: {model_list: [*e, *e, *e, *e, *e, *e, *e, *e], env: {M: *a39, N: *e}}")
    lines.append("z: {model_list: *a39, env: *a39}")
    start = time.perf_counter()
    doc = litellm.scan("bomb.yaml", "\n".join(lines) + "\n", CTX)
    assert time.perf_counter() - start < 2
    # the model_list items built from a* are lists, not entries (a0's mapping is read once, as
    # plain YAML with a model key); the one real entry is reported once
    assert rows(doc) == [
        (1, 85, "setting", "a0[].litellm_params.model", HAIKU),
        (42, 32, "setting", "litellm_params.model", "bedrock/anthropic.claude-v2"),
    ]


def test_cyclic_aliases_terminate() -> None:
    text = "a: &a {next: *a, model_list: [*a], <<: *a}\nb: &b [*b, {env: *b}]\n"
    assert litellm.scan("cycle.yaml", text, CTX).refs == []


def test_node_budget_is_a_scan_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(litellm, "MAX_NODES", 500)
    text = "model_list:\n" + "".join(
        f"  - {{model_name: m{i}, litellm_params: {{model: {HAIKU}}}}}\n" for i in range(200))
    with pytest.raises(ScanError) as err:
        litellm.scan("big.yaml", text, CTX)
    assert err.value.message == "YAML document is too large or too deeply aliased"
    monkeypatch.setattr(litellm, "MAX_NODES", 200_000)
    assert len(litellm.scan("big.yaml", text, CTX).refs) == 200


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (f"model_list:\n  - model_name: !!python/object/apply:os.system ['touch {marker}']\n"
            f"    litellm_params: {{model: !!python/name:os.getcwd '', x: !Ref Param}}\n")
    assert litellm.scan("x.yaml", text, CTX).refs == []
    assert not marker.exists()


# --- BRL106 wildcard-model-route ----------------------------------------------------------------


def _check(fmt: str, path: str, text: str) -> list[tuple[int, int, str]]:
    scanner = litellm.scan if fmt == "litellm" else deployconfig.scan
    doc = scanner(path, text, CTX)
    rule = WildcardModelRoute()
    ctx = Context(POLICY, {}, rule.severity)
    return [(f.line, f.col, f.message) for f in rule.check(doc, ctx)]


def test_rule_metadata_and_registration_shape() -> None:
    assert RULES == (WildcardModelRoute,)
    rule = WildcardModelRoute
    assert (rule.code, rule.name, rule.severity) == ("BRL106", "wildcard-model-route", Severity.ERROR)
    assert "litellm" in rule.formats
    assert all(ex.fmt == "litellm" and ex.filename == "litellm/config.yaml"
               for ex in (*rule.valid, *rule.invalid))


@pytest.mark.parametrize(("kind", "example"),
                         [("valid", ex) for ex in WildcardModelRoute.valid]
                         + [("invalid", ex) for ex in WildcardModelRoute.invalid])
def test_rule_examples(kind: str, example: Example) -> None:
    found = _check(example.fmt, example.filename, example.code)
    if kind == "valid":
        assert found == []
    else:
        assert [(line, col) for line, col, _ in found] == list(example.at)


def test_rule_message_and_only_wildcards() -> None:
    assert _check("litellm", "config.yaml", (FIX / "proxy/config.yaml").read_text()) == [
        (60, 14, "route 'bedrock/*' sends any requested model straight to Bedrock")]


def test_rule_fires_on_configmap_routed_as_config() -> None:
    text = (FIX / "k8s/litellm-proxy.yaml").read_text(encoding="utf-8")
    assert _check("config", "k8s/litellm-proxy.yaml", text) == [
        (25, 18, "route 'bedrock/*' sends any requested model straight to Bedrock")]


# --- end to end ---------------------------------------------------------------------------------


@pytest.fixture
def litellm_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixtures outside ``tests/`` (where model-ID rules are off), in a project of their own."""
    root = tmp_path / "proj"
    shutil.copytree(FIX, root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


E2E_MODEL_ID_LINES = [
    "gateway/config.yaml:8:10: BRL101 foundation model "
    "'bedrock/anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in litellm_params.model "
    "[hardcoded-model-id]",
    "gateway/config.yaml:22:14: BRL101 foundation model 'cohere.command-r-plus-v1:0' is hardcoded "
    "in litellm_params.model [hardcoded-model-id]",
    "helm/values.yaml:15:18: BRL101 foundation model 'amazon.nova-lite-v1:0' is hardcoded in "
    "environment variable SUMMARY_MODEL [hardcoded-model-id]",
    "helm/values.yaml:25:16: BRL102 system inference profile "
    "'bedrock/eu-central-1/eu.amazon.nova-micro-v1:0' is hardcoded in litellm_params.model "
    "[system-profile-id]",
    "k8s/litellm-proxy.yaml:20:18: BRL101 foundation model "
    "'bedrock/anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in litellm_params.model "
    "[hardcoded-model-id]",
    "k8s/litellm-proxy.yaml:58:22: BRL102 system inference profile "
    "'eu.anthropic.claude-3-7-sonnet-20250219-v1:0' is hardcoded in environment variable "
    "DEFAULT_BEDROCK_MODEL [system-profile-id]",
    "proxy/config.yaml:36:14: BRL101 foundation model "
    "'bedrock/anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in litellm_params.model "
    "[hardcoded-model-id]",
    "proxy/config.yaml:41:14: BRL102 system inference profile "
    "'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0' is hardcoded in "
    "litellm_params.model [system-profile-id]",
    "proxy/config.yaml:48:17: BRL102 system inference profile 'eu.meta.llama3-2-3b-instruct-v1:0' "
    "is hardcoded in litellm_params.model_id [system-profile-id]",
    "proxy/config.yaml:53:14: BRL101 foundation model 'mistral.mistral-large-2407-v1:0' is "
    "hardcoded in litellm_params.model [hardcoded-model-id]",
]
E2E_WILDCARD_LINES = [
    "gateway/config.yaml:30:14: BRL106 route 'bedrock/converse/anthropic.*' sends any requested "
    "model straight to Bedrock [wildcard-model-route]",
    "k8s/litellm-proxy.yaml:25:18: BRL106 route 'bedrock/*' sends any requested model straight "
    "to Bedrock [wildcard-model-route]",
    "proxy/config.yaml:60:14: BRL106 route 'bedrock/*' sends any requested model straight to "
    "Bedrock [wildcard-model-route]",
]
def _in_order(lines: list[str]) -> list[str]:
    """Text-reporter order: path, then line and column as numbers."""
    def key(line: str) -> tuple[str, int, int]:
        path, row, col = line.split(" ", 1)[0].rstrip(":").split(":")
        return path, int(row), int(col)

    return sorted(lines, key=key)


E2E_PARSE_ERROR = ("broken/config.yaml:5:6: BRL001 YAML syntax error: expected <block end>, "
                   "but found '<block mapping start>' [parse-error]")


def test_cli_reports_model_ids_in_litellm_configs(
        litellm_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--select", "BRL001,BRL101,BRL102", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-2] == _in_order([E2E_PARSE_ERROR, *E2E_MODEL_ID_LINES])
    assert out[-2:] == ["", "Found 11 findings (11 errors) in 5 of 5 files."]


def test_cli_reports_wildcard_routes(litellm_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if "bedrock_lint.rules.litellm_routes" not in registry.BUILTIN_MODULES:
        pytest.skip("BRL106 is not registered yet")
    assert main(["--select", "BRL106", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-2] == _in_order([E2E_PARSE_ERROR, *E2E_WILDCARD_LINES])  # BRL001 always shows
    assert main(["."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-2] == _in_order([E2E_PARSE_ERROR, *E2E_MODEL_ID_LINES, *E2E_WILDCARD_LINES])
