"""Deployment configuration (.env, compose, Kubernetes, Helm, Serverless, GitHub Actions):
exact refs and positions, the kinds of YAML that must yield nothing, and odd input."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_lint.cli import main
from bedrock_lint.facts import Document
from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError, deployconfig, format_for

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "deploy"
CTX = ScanContext(load_policy(), Path("/repo"))

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0"
AIP = "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a1b2c3d4e5f6"

Row = tuple[int, int, str, str, str]


def rows(doc: Document) -> list[Row]:
    assert all(r.api is None for r in doc.refs)
    return [(r.loc.line, r.loc.col, r.use.value, r.context, r.value) for r in doc.refs]


def scan_fixture(rel: str) -> Document:
    text = (FIX / rel).read_text(encoding="utf-8")
    assert format_for(rel, text) == "config"
    doc = deployconfig.scan(rel, text, CTX)
    assert doc.fmt == "config"
    lines = text.splitlines()
    for ref in doc.refs:  # every location points at the value as written
        at = lines[ref.loc.line - 1][ref.loc.col - 1 :]
        assert at.startswith((ref.value, f'"{ref.value}"', f"'{ref.value}'")), (ref, at)
        assert ref.loc.end_line == ref.loc.line
    return doc


def yaml_rows(text: str, path: str = "values.yaml") -> list[Row]:
    return rows(deployconfig.scan(path, textwrap.dedent(text), CTX))


def env_rows(text: str, path: str = ".env") -> list[Row]:
    return rows(deployconfig.scan(path, text, CTX))


def var(name: str) -> str:
    return f"environment variable {name}"


# --- the realistic fixtures ---------------------------------------------------------------------


def test_dotenv() -> None:
    assert rows(scan_fixture(".env")) == [
        (6, 31, "setting", var("BEDROCK_INFERENCE_PROFILE_ARN"), AIP),
        (8, 18, "setting", var("SUMMARY_MODEL_ID"), HAIKU),
        (9, 21, "setting", var("ROUTER_MODEL"), "us.amazon.nova-lite-v1:0"),
        (10, 20, "setting", var("EMBEDDING_MODEL_ID"), "amazon.titan-embed-text-v2:0"),
        (12, 38, "fallback", var("FALLBACK_MODEL_ID"), "anthropic.claude-3-5-haiku-20241022-v1:0"),
    ]
    fallback = scan_fixture(".env").refs[-1]
    assert fallback.env_var == "BEDROCK_AIP_ARN"
    assert (fallback.loc.end_line, fallback.loc.end_col) == (12, 38 + len(fallback.value))


def test_docker_compose_list_mapping_merge_and_default_forms() -> None:
    doc = scan_fixture("compose/docker-compose.yml")
    assert rows(doc) == [
        (5, 67, "fallback", var("BEDROCK_INFERENCE_PROFILE_ARN"), HAIKU),
        (15, 25, "setting", var("SUMMARY_MODEL_ID"), "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        (26, 28, "setting", var("EMBEDDING_MODEL_ID"), "cohere.embed-multilingual-v3"),
        (27, 29, "setting", var("CLASSIFIER_MODEL_ID"), "meta.llama3-1-8b-instruct-v1:0"),
        (28, 26, "setting", var("REPORT_MODEL_ID"),
         "arn:aws:bedrock:eu-central-1::foundation-model/mistral.mistral-large-2402-v1:0"),
    ]  # fmt: skip
    assert doc.refs[0].env_var == "BEDROCK_INFERENCE_PROFILE_ARN"


def test_kubernetes_manifests() -> None:
    assert rows(scan_fixture("k8s/deployment.yaml")) == [
        (13, 21, "setting", "ConfigMap key SUMMARY_MODEL_ID", "apac.anthropic.claude-3-5-sonnet-20240620-v1:0"),
        (14, 21, "setting", "ConfigMap key CHAT_PROFILE_ARN", AIP),
        (17, 24, "setting", var("TRANSLATE_MODEL_ID"), "amazon.nova-micro-v1:0"),  # settings.env: |
        (49, 22, "setting", var("CHAT_MODEL_ID"), SONNET),
    ]  # fmt: skip


def test_helm_values() -> None:
    # bedrock.base_model, bedrock.allowedModels and the role ARN annotation are not settings
    assert rows(scan_fixture("helm/support-bot/values.yaml")) == [
        (15, 12, "setting", "bedrock.modelId", SONNET),
        (26, 12, "setting", var("SUMMARY_MODEL_ID"), "us-gov.anthropic.claude-3-haiku-20240307-v1:0"),
        (33, 14, "setting", var("CLASSIFIER_MODEL_ID"), "amazon.nova-lite-v1:0"),
    ]  # fmt: skip


def test_serverless() -> None:
    # the IAM statement's foundation-model ARN is not a setting; !Sub / !GetAtt are not literals
    assert rows(scan_fixture("serverless/serverless.yml")) == [
        (12, 23, "setting", var("DEFAULT_MODEL_ID"), HAIKU),
        (29, 25, "setting", var("SUMMARY_MODEL_ID"), "eu.amazon.nova-pro-v1:0"),
    ]


def test_github_actions_env_at_every_level_and_action_inputs() -> None:
    assert rows(scan_fixture(".github/workflows/eval.yml")) == [
        (14, 19, "setting", var("JUDGE_MODEL_ID"), SONNET),
        (22, 27, "setting", var("CANDIDATE_MODEL_ID"), "us.meta.llama3-2-90b-instruct-v1:0"),
        (32, 30, "setting", var("BASELINE_MODEL_ID"), HAIKU),
        (35, 21, "setting", "jobs.eval.steps[].with.model-id", "amazon.nova-pro-v1:0"),
    ]


@pytest.mark.parametrize("rel", ["docs/mkdocs.yml", "api/openapi.yaml", "ansible/deploy.yml"])
def test_yaml_that_is_no_deployment_config_yields_nothing(rel: str) -> None:
    text = (FIX / rel).read_text(encoding="utf-8")
    assert HAIKU in text or SONNET in text  # they do mention models
    assert scan_fixture(rel).refs == []


# --- recognition rules, both sides -------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("bedrock:\n  modelId: amazon.nova-pro-v1:0\n", [(2, 12, "setting", "bedrock.modelId", "amazon.nova-pro-v1:0")]),
    ("CHAT_MODEL_ID: amazon.nova-pro-v1:0\n", [(1, 16, "setting", "CHAT_MODEL_ID", "amazon.nova-pro-v1:0")]),
    ("app: {bedrock_model: amazon.nova-pro-v1:0}\n", [(1, 22, "setting", "app.bedrock_model", "amazon.nova-pro-v1:0")]),
    ("chat:\n  inference_profile_arn: us.amazon.nova-pro-v1:0\n",
     [(2, 26, "setting", "chat.inference_profile_arn", "us.amazon.nova-pro-v1:0")]),
    ("agents:\n  - name: triage\n    model: amazon.nova-pro-v1:0\n",
     [(3, 12, "setting", "agents[].model", "amazon.nova-pro-v1:0")]),
    ("models:\n  default: amazon.nova-pro-v1:0\n", []),
    ("base_model: amazon.nova-pro-v1:0\nbaseModelId: amazon.nova-pro-v1:0\n", []),
    ("supported_models: [amazon.nova-pro-v1:0]\nallowedModels:\n  - amazon.nova-pro-v1:0\n", []),
    ("description: uses amazon.nova-pro-v1:0 by default\nmodel: 'amazon.nova-pro-v1:0 or better'\n", []),
    ("example:\n  modelId: amazon.nova-pro-v1:0\nexamples: [{model: amazon.nova-pro-v1:0}]\n"
     "enum: [amazon.nova-pro-v1:0]\n", []),
    ("model: gpt-4o\nmodelId: my-model\nmodel_name: claude\n", []),
    ("modelId: ${MODEL_ID}\nmodel: '{{ .Values.model }}'\nmodel_arn: !Ref ModelArn\n", []),
])  # fmt: skip
def test_model_keys(text: str, expected: list[Row]) -> None:
    assert yaml_rows(text) == expected


@pytest.mark.parametrize("head", [
    "openapi: 3.1.0", "swagger: '2.0'", "asyncapi: 2.6.0", "$schema: https://json-schema.org/draft/2020-12/schema",
    "site_name: Docs",
])  # fmt: skip
def test_document_kinds_that_are_never_read(head: str) -> None:
    text = f"{head}\nmodel: amazon.nova-pro-v1:0\nenv: {{MODEL_ID: amazon.nova-pro-v1:0}}\n"
    assert yaml_rows(text) == []
    # only that document: the next one in the stream is read
    assert yaml_rows(text + "---\nmodel: amazon.nova-pro-v1:0\n") == [
        (5, 8, "setting", "model", "amazon.nova-pro-v1:0")]


@pytest.mark.parametrize(("text", "expected"), [
    ("env:\n  M: amazon.nova-pro-v1:0\n", [(2, 6, "M")]),
    ("env:\n  M:\n    value: amazon.nova-pro-v1:0\n", [(3, 12, "M")]),
    ("env:\n  - name: M\n    value: amazon.nova-pro-v1:0\n", [(3, 12, "M")]),
    ("env:\n  - {Name: M, Value: amazon.nova-pro-v1:0}\n", [(2, 22, "M")]),
    ("environment:\n  - M=amazon.nova-pro-v1:0\n", [(2, 7, "M")]),
    ("environment:\n  - \"M=amazon.nova-pro-v1:0\"\n", [(2, 8, "M")]),
    ("environment:\n  - 'M=amazon.nova-pro-v1:0'\n", [(2, 8, "M")]),
    ("variables:\n  M: {value: amazon.nova-pro-v1:0, description: the model}\n", [(2, 14, "M")]),
    ("extraEnvVars:\n  - name: M\n    value: \"amazon.nova-pro-v1:0\"\n", [(3, 12, "M")]),
    ("api:\n  workerEnv: {M: amazon.nova-pro-v1:0}\n", [(2, 18, "M")]),
    ("environmentVariables: {M: amazon.nova-pro-v1:0}\n", [(1, 27, "M")]),
    ("configMapGenerator:\n  - name: models\n    literals:\n      - M=amazon.nova-pro-v1:0\n", [(4, 11, "M")]),
    ("env:\n  - name: M\n    valueFrom: {secretKeyRef: {name: s, key: amazon.nova-pro-v1:0}}\n", []),
    ("env:\n  - M\n  - {name: M}\n  - [M, amazon.nova-pro-v1:0]\n", []),
    ("environment: production\nenv: amazon.nova-pro-v1:0\n", []),
    ("env:\n  M: ${{ vars.MODEL_ID }}\n  N: ${MODEL_ID}\n  O: $(MODEL_ID)\n  P: os.environ/MODEL_ID\n", []),
])  # fmt: skip
def test_environment_shapes(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert yaml_rows(text) == [(line, col, "setting", var(name), "amazon.nova-pro-v1:0")
                               for line, col, name in expected]


def test_default_in_variable_reference() -> None:
    text = ("env:\n"
            "  A: ${CHAT_MODEL:-amazon.nova-pro-v1:0}\n"
            "  B: \"${BEDROCK_INFERENCE_PROFILE_ARN-us.amazon.nova-pro-v1:0}\"\n"
            "  C: ${BEDROCK_AIP_ARN:-" + AIP + "}\n"
            "  D: ${CHAT_MODEL:-}\n")
    doc = deployconfig.scan("docker-compose.yml", text, CTX)
    assert [(r.loc.line, r.loc.col, r.loc.end_col, r.use.value, r.env_var, r.value) for r in doc.refs] == [
        (2, 20, 40, "setting", "CHAT_MODEL", "amazon.nova-pro-v1:0"),
        (3, 39, 62, "fallback", "BEDROCK_INFERENCE_PROFILE_ARN", "us.amazon.nova-pro-v1:0"),
        (4, 25, 25 + len(AIP), "fallback", "BEDROCK_AIP_ARN", AIP),
    ]  # fmt: skip


def test_ansible_task_environment_is_a_setting() -> None:
    """A play's ``environment:`` sets the service's variables: read like any other."""
    text = ("- hosts: web\n  tasks:\n    - name: start\n      ansible.builtin.command: ./run\n"
            "      environment:\n        CHAT_MODEL_ID: amazon.nova-pro-v1:0\n")
    assert yaml_rows(text, "playbook.yml") == [
        (6, 24, "setting", var("CHAT_MODEL_ID"), "amazon.nova-pro-v1:0")]


def test_anchor_read_as_environment_wins_over_model_key_reading() -> None:
    text = ("x-env: &env\n  CHAT_MODEL_ID: amazon.nova-pro-v1:0\n"
            "services:\n  a: {environment: *env}\n  b: {environment: {<<: *env, X: '1'}}\n")
    assert yaml_rows(text, "compose.yaml") == [
        (2, 18, "setting", var("CHAT_MODEL_ID"), "amazon.nova-pro-v1:0")]


def test_configmap_and_secret_data() -> None:
    text = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
            "stringData:\n  MODEL: amazon.nova-pro-v1:0\n"
            "data:\n  TOKEN: YW1hem9uLm5vdmEtcHJvLXYxOjA=\n"
            "---\nkind: Pod\ndata:\n  OTHER: amazon.nova-pro-v1:0\n")
    assert yaml_rows(text, "secret.yaml") == [
        (5, 10, "setting", "Secret key MODEL", "amazon.nova-pro-v1:0")]


# --- .env details -------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "col"), [
    ("M=amazon.nova-pro-v1:0", 3),
    ("export M=amazon.nova-pro-v1:0", 10),
    ("  export   M = amazon.nova-pro-v1:0", 16),
    ('M="amazon.nova-pro-v1:0"', 3),
    ("M='amazon.nova-pro-v1:0'  # the chat model", 3),
    ("M=amazon.nova-pro-v1:0 # the chat model", 3),
    ("M=amazon.nova-pro-v1:0\t# tab, then comment", 3),
])  # fmt: skip
def test_dotenv_assignments(line: str, col: int) -> None:
    assert env_rows(f"# header\n{line}\n") == [(2, col, "setting", var("M"), "amazon.nova-pro-v1:0")]


@pytest.mark.parametrize("text", [
    "# M=amazon.nova-pro-v1:0\n",
    "M=\"first line\namazon.nova-pro-v1:0\nlast\"\n",
    "M=amazon.nova-pro-v1:0 and more\n",
    "M=${MODEL_ID}\nN=$MODEL_ID\n",
    "just some text amazon.nova-pro-v1:0\n",
    "M: amazon.nova-pro-v1:0\n",
    "\x00\x01\x02binary\xff=amazon.nova-pro-v1:0\n",
])  # fmt: skip
def test_dotenv_non_assignments(text: str) -> None:
    assert env_rows(text) == []


def test_dotenv_after_multiline_value_and_crlf() -> None:
    text = 'A="multi\r\nline"\r\nB=amazon.nova-pro-v1:0\r\n'
    assert env_rows(text, "prod.env") == [(3, 3, "setting", var("B"), "amazon.nova-pro-v1:0")]


def test_dotenv_unterminated_quote_does_not_swallow_forever() -> None:
    assert env_rows('A="never closed\nB=amazon.nova-pro-v1:0\n') == []


# --- odd YAML never crashes -----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "",
    "---\n---\n",
    "just a scalar amazon.nova-pro-v1:0\n",
    "- amazon.nova-pro-v1:0\n- [env, {model: [1]}]\n",
    "? [complex, key]\n: {model: amazon.nova-pro-v1:0}\n",
    "model: !!binary aGVsbG8=\nenv: !!set {a, b}\nx: !!omap [{model: amazon.nova-pro-v1:0}]\n",
    "a: &a {env: *a, model: *a}\n",
    "<<: {model: amazon.nova-pro-v1:0}\n<<: [1, 2]\nenv: {<<: 3}\n",
    "Resources: !GetAtt [a, b]\nenv: !Ref Env\nmodel: !Sub '${Model}'\nx: !vault |\n  abc\n",
    "key: \"\\u00e9\\t\"\nmodel: 0x1F\nenv: {1: 2, true: ~, 3.5: .inf}\n",
    "\ufeffmodel: amazon.nova-pro-v1:0\n",
])  # fmt: skip
def test_odd_yaml_never_raises_anything_but_scan_errors(text: str) -> None:
    doc = deployconfig.scan("odd.yaml", text, CTX)
    assert all(r.value == "amazon.nova-pro-v1:0" for r in doc.refs)


def test_broken_yaml_is_a_scan_error_at_the_problem() -> None:
    with pytest.raises(ScanError) as err:
        deployconfig.scan("k8s.yaml", "env:\n  - name: M\n    value: [unclosed\n", CTX)
    assert (err.value.line, err.value.col) == (4, 1)
    assert err.value.message.startswith("YAML syntax error: ")


_FRAGMENTS = st.sampled_from([
    "env:", "  - name: M", "    value: amazon.nova-pro-v1:0", "  M: us.amazon.nova-pro-v1:0",
    "model: anthropic.claude-v2", "x: &a {k: v}", "y: *a", "<<: *a", "- M=amazon.nova-pro-v1:0",
    "  config.yaml: |", "    model_list:", "      - litellm_params: {model: bedrock/*}",
    "---", "kind: ConfigMap", "data:", "!Ref x", "{{ .Values.x }}", "  {{- end }}", "\t", "'", "\"",
    "[", "]", "? ", ": ", "#", "%YAML 1.1", "&b", "*b", "|", ">", "\x07", "é", "",
])  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=14), st.sampled_from(["values.yaml", ".env", "cm.yml"]))
def test_random_fragments_never_crash(lines: list[str], path: str) -> None:
    text = "\n".join(lines)
    try:
        doc = deployconfig.scan(path, text, CTX)
    except ScanError as err:
        assert err.line >= 1 and err.col >= 1
        return
    for ref in doc.refs:
        assert ref.loc.line >= 1 and ref.loc.col >= 1


# --- end to end ---------------------------------------------------------------------------------


EXPECTED_OUTPUT = """\
.env:8:18: BRL101 foundation model 'anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in environment variable SUMMARY_MODEL_ID [hardcoded-model-id]
.env:9:21: BRL102 system inference profile 'us.amazon.nova-lite-v1:0' is hardcoded in environment variable ROUTER_MODEL [system-profile-id]
.env:12:38: BRL105 fallback model 'anthropic.claude-3-5-haiku-20241022-v1:0' for BEDROCK_AIP_ARN is not documented in an AGENTS.md (none found) [undocumented-sandbox-fallback]
.github/workflows/eval.yml:14:19: BRL101 foundation model 'anthropic.claude-3-5-sonnet-20240620-v1:0' is hardcoded in environment variable JUDGE_MODEL_ID [hardcoded-model-id]
.github/workflows/eval.yml:22:27: BRL102 system inference profile 'us.meta.llama3-2-90b-instruct-v1:0' is hardcoded in environment variable CANDIDATE_MODEL_ID [system-profile-id]
.github/workflows/eval.yml:32:30: BRL101 foundation model 'anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in environment variable BASELINE_MODEL_ID [hardcoded-model-id]
.github/workflows/eval.yml:35:21: BRL101 foundation model 'amazon.nova-pro-v1:0' is hardcoded in jobs.eval.steps[].with.model-id [hardcoded-model-id]
compose/docker-compose.yml:5:67: BRL105 fallback model 'anthropic.claude-3-haiku-20240307-v1:0' for BEDROCK_INFERENCE_PROFILE_ARN is not documented in an AGENTS.md (none found) [undocumented-sandbox-fallback]
compose/docker-compose.yml:15:25: BRL102 system inference profile 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' is hardcoded in environment variable SUMMARY_MODEL_ID [system-profile-id]
compose/docker-compose.yml:27:29: BRL101 foundation model 'meta.llama3-1-8b-instruct-v1:0' is hardcoded in environment variable CLASSIFIER_MODEL_ID [hardcoded-model-id]
compose/docker-compose.yml:28:26: BRL101 foundation-model ARN 'arn:aws:bedrock:eu-central-1::foundation-model/mistral.mistral-large-2402-v1:0' is hardcoded in environment variable REPORT_MODEL_ID [hardcoded-model-id]
helm/support-bot/values.yaml:15:12: BRL101 foundation model 'anthropic.claude-3-5-sonnet-20240620-v1:0' is hardcoded in bedrock.modelId [hardcoded-model-id]
helm/support-bot/values.yaml:26:12: BRL102 system inference profile 'us-gov.anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in environment variable SUMMARY_MODEL_ID [system-profile-id]
helm/support-bot/values.yaml:33:14: BRL101 foundation model 'amazon.nova-lite-v1:0' is hardcoded in environment variable CLASSIFIER_MODEL_ID [hardcoded-model-id]
k8s/deployment.yaml:13:21: BRL102 system inference profile 'apac.anthropic.claude-3-5-sonnet-20240620-v1:0' is hardcoded in ConfigMap key SUMMARY_MODEL_ID [system-profile-id]
k8s/deployment.yaml:17:24: BRL101 foundation model 'amazon.nova-micro-v1:0' is hardcoded in environment variable TRANSLATE_MODEL_ID [hardcoded-model-id]
k8s/deployment.yaml:49:22: BRL101 foundation model 'anthropic.claude-3-5-sonnet-20240620-v1:0' is hardcoded in environment variable CHAT_MODEL_ID [hardcoded-model-id]
serverless/serverless.yml:12:23: BRL101 foundation model 'anthropic.claude-3-haiku-20240307-v1:0' is hardcoded in environment variable DEFAULT_MODEL_ID [hardcoded-model-id]
serverless/serverless.yml:29:25: BRL102 system inference profile 'eu.amazon.nova-pro-v1:0' is hardcoded in environment variable SUMMARY_MODEL_ID [system-profile-id]

Found 19 findings (19 errors) in 6 of 9 files.
"""  # noqa: E501


@pytest.fixture
def deploy_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixtures outside ``tests/`` (where model-ID rules are off), in a project of their own."""
    root = tmp_path / "proj"
    shutil.copytree(FIX, root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def test_cli_on_deployment_configs(deploy_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["."]) == 1
    assert capsys.readouterr().out == EXPECTED_OUTPUT


def test_cli_negative_files_are_clean(deploy_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs/mkdocs.yml", "api/openapi.yaml", "ansible/deploy.yml"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "All clear: no findings in 3 files."


def test_cli_documented_sandbox_fallback(deploy_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (deploy_tree / "AGENTS.md").write_text(
        "## Bedrock\nLocally, when BEDROCK_AIP_ARN is unset, the bot falls back to "
        "anthropic.claude-3-5-haiku-20241022-v1:0.\n", encoding="utf-8")
    assert main(["--select", "BRL105", ".env"]) == 0
    capsys.readouterr()
