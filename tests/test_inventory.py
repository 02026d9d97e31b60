"""``bedrock-lint inventory``: the caller inventory of a repository, in-process."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bedrock_lint.inventory import CALLER_COLUMNS, main

TREE = Path(__file__).parent / "fixtures" / "inventory"
Tree = Callable[[dict[str, str]], Path]


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def inventory(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main([*map(str, args), "--format", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def rows(doc: dict) -> list[tuple]:
    return [(r["path"], r["line"], r["caller"], r["where"], r["chosen_by"], tuple(r["models"]),
             r["complies"], tuple(r["findings"]), r["notes"]) for r in doc["callers"]]


AIP_TRIAGE = "profile resource aws_bedrock_inference_profile.triage"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SUMMARISER = "services/support-summariser"

#: The fixture monorepo, row by row: Python services, a Strands agent, a SAM app, a
#: Serverless service, a LiteLLM gateway and Terraform.
EXPECTED_TREE = [
    ("agents/triage/agent.py", 11, "service agents/triage", "BedrockModel(model_id=)",
     "SSM parameter /acme/triage/profile-arn", (), "yes", (), "set in infra/bedrock.tf:22"),
    ("agents/triage/agent.py", 16, "service agents/triage", "strands.Agent(model=)",
     "implicit default (system profile)", ("global.anthropic.claude-sonnet-4-6",), "no", (), ""),
    ("gateway/litellm-config.yaml", 5, "litellm claude-sonnet", "litellm_params.model",
     "literal profile ARN",
     ("bedrock/arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/k3m9x2p7q1wz",),
     "yes", (), ""),
    ("gateway/litellm-config.yaml", 9, "litellm claude-haiku", "litellm_params.model_id",
     "profile ARN from env var HAIKU_PROFILE_ARN", (), "yes", (), f"base model 'bedrock/{HAIKU}'"),
    ("gateway/litellm-config.yaml", 14, "litellm nova-pro", "litellm_params.model",
     "literal system profile", ("bedrock/eu.amazon.nova-pro-v1:0",), "no", ("BRL102",), ""),
    ("gateway/litellm-config.yaml", 18, "litellm bedrock-any", "litellm_params.model",
     "wildcard route", ("bedrock/*",), "no", ("BRL106",), ""),
    ("infra/bedrock.tf", 22, "aws_ssm_parameter.triage_profile_arn", "aws_ssm_parameter.value",
     AIP_TRIAGE, (), "yes", (), ""),
    ("infra/bedrock.tf", 28, "aws_bedrockagent_agent.triage", "aws_bedrockagent_agent.foundation_model",
     AIP_TRIAGE, (), "yes", (), ""),
    ("infra/bedrock.tf", 35, "aws_bedrockagent_agent.legacy_faq",
     "aws_bedrockagent_agent.foundation_model", "literal foundation model",
     ("anthropic.claude-3-5-sonnet-20240620-v1:0",), "no", ("BRL101",), ""),
    ("infra/bedrock.tf", 48, "aws_lambda_function.chat_api",
     "aws_lambda_function.environment.variables.BEDROCK_AIP_ARN", AIP_TRIAGE, (), "yes", (), ""),
    ("infra/bedrock.tf", 49, "aws_lambda_function.chat_api",
     "aws_lambda_function.environment.variables.CHAT_MODEL_ID", "literal system profile",
     ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0",), "no", ("BRL102",), ""),
    ("scripts/backfill_summaries.py", 10, "dir scripts", "converse(modelId=)",
     "literal foundation model", (HAIKU,), "no", ("BRL101",), ""),
    ("services/chat-api/app/main.py", 19, "service services/chat-api", "converse(modelId=)",
     "profile ARN from env var BEDROCK_AIP_ARN", (), "yes", (),
     f"set in infra/bedrock.tf:48, {SUMMARISER}/template.yaml:18"),
    ("services/chat-api/app/search.py", 7, "service services/chat-api", "BedrockEmbeddings(model_id=)",
     "implicit default (foundation model)", ("amazon.titan-embed-text-v1",), "exempt", (), ""),
    ("services/notifier/handler.py", 11, "lambda notify", "converse(modelId=)",
     "env var DIGEST_MODEL_ID", (), "no", (), "set in services/notifier/serverless.yml:15"),
    ("services/notifier/handler.py", 15, "lambda notify", "converse(modelId=)",
     "profile ARN from env var BEDROCK_INFERENCE_PROFILE_ARN", (), "yes", (),
     "set in services/notifier/serverless.yml:9"),
    ("services/notifier/serverless.yml", 9, "serverless support-notifier (every function)",
     "environment variable BEDROCK_INFERENCE_PROFILE_ARN", "SSM parameter /acme/notifier/profile-arn",
     (), "yes", (), ""),
    ("services/notifier/serverless.yml", 15, "lambda notify", "environment variable DIGEST_MODEL_ID",
     "literal system profile", ("eu.amazon.nova-micro-v1:0",), "no", ("BRL102",), ""),
    (f"{SUMMARISER}/src/summarise/app.py", 14, "lambda SummariseFunction", "converse(modelId=)",
     "profile ARN from env var BEDROCK_AIP_ARN", (), "yes", (),
     f"set in infra/bedrock.tf:48, {SUMMARISER}/template.yaml:18"),
    (f"{SUMMARISER}/src/summarise/app.py", 18, "lambda SummariseFunction", "converse(modelId=)",
     "env var TRIAGE_MODEL_ID", (), "no", (), f"set in {SUMMARISER}/template.yaml:50"),
    (f"{SUMMARISER}/template.yaml", 18, "Globals (every function)",
     "Globals.Function.Environment.Variables.BEDROCK_AIP_ARN", "profile resource SummariserProfile",
     (), "yes", (), ""),
    (f"{SUMMARISER}/template.yaml", 50, "lambda SummariseFunction",
     "AWS::Serverless::Function.Environment.Variables.TRIAGE_MODEL_ID", "literal foundation model",
     (HAIKU,), "no", ("BRL101",), ""),
]


def test_fixture_tree_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = inventory(capsys, TREE)
    assert err == ""
    assert code == 1  # some rows do not comply
    assert rows(doc) == EXPECTED_TREE
    assert doc["problems"] == []


def test_fixture_tree_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = inventory(capsys, TREE)
    tier1 = {"billing-mode": "internal", "owner": "support-eng@acme.example", "product": "support",
             "source": "acme/support", "team": "support-eng"}
    assert doc["profiles"] == [
        {"path": "infra/bedrock.tf", "line": 3, "column": 1, "format": "terraform",
         "resource": "aws_bedrock_inference_profile.triage", "name": "support-triage-claude-sonnet-4-5",
         "copy_from": "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
         "tags": {**tier1, "env": "prod", "managed-by": "terraform"},  # provider default_tags merged
         "unresolved_tag_sources": []},
        {"path": f"{SUMMARISER}/template.yaml", "line": 21, "column": 3, "format": "cloudformation",
         "resource": "SummariserProfile", "name": "support-summariser-claude-sonnet-4-5-dev",
         "copy_from": "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
         "tags": {**tier1, "env": "dev", "managed-by": "cloudformation"},
         "unresolved_tag_sources": []},
    ]


def test_markdown_is_a_stable_committable_table(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    out = tmp_path / "caller-inventory.md"
    assert main([str(TREE), "-o", str(out)]) == 1
    first = out.read_text()
    assert main([str(TREE), "-o", str(out)]) == 1
    assert out.read_text() == first  # no timestamps, stable order
    lines = first.splitlines()
    assert lines[:9] == [
        "# Bedrock caller inventory",
        "",
        "Generated by `bedrock-lint inventory`; regenerate it rather than editing it.",
        "",
        "22 call sites and configured models: 11 yes, 10 no, 1 exempt.",
        "",
        "## Callers",
        "",
        "| Location | Caller | Call or setting | Model chosen by | Model | Complies | Notes |",
    ]
    assert "| `scripts/backfill_summaries.py:10` | dir scripts | `converse(modelId=)` | literal " \
           f"foundation model | `{HAIKU}` | no (BRL101) |  |" in lines
    assert "| `agents/triage/agent.py:16` | service agents/triage | `strands.Agent(model=)` | " \
           "implicit default (system profile) | `global.anthropic.claude-sonnet-4-6` | no |  |" in lines
    assert lines[lines.index("## Application inference profiles") + 2:][:2] == [
        "| Location | Resource | Name | Copies from | Effective tags |",
        "|---|---|---|---|---|",
    ]
    assert capsys.readouterr().out == ""


def test_csv_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(TREE), "-f", "csv", "--exit-zero"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(table[0]) == CALLER_COLUMNS
    assert len(table) == 1 + len(EXPECTED_TREE)
    assert table[12] == ["scripts/backfill_summaries.py", "10", "13", "python", "dir scripts",
                         "converse(modelId=)", "literal foundation model", HAIKU, "no", "BRL101", ""]
    assert main([str(TREE), "-f", "csv", "--table", "profiles", "--exit-zero"]) == 0
    profiles = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert profiles[0][:5] == ["path", "line", "column", "format", "resource"]
    assert [p[4] for p in profiles[1:]] == ["aws_bedrock_inference_profile.triage", "SummariserProfile"]


# --- Python call shapes ---------------------------------------------------------------------


APP = '''\
import os

import boto3
from langchain_aws import BedrockEmbeddings
from llama_index.core.llms import ChatMessage
from llama_index.embeddings.bedrock import BedrockEmbedding
from llama_index.llms.bedrock_converse import BedrockConverse
from haystack_integrations.components.rankers.amazon_bedrock import AmazonBedrockRanker
from pydantic_settings import BaseSettings
from strands import Agent
from strands.models import BedrockModel
from crewai import Agent as CrewAgent
import litellm

from .config import CHAT_MODEL

client = boto3.client("bedrock-runtime")
ssm = boto3.client("ssm")


class Settings(BaseSettings):
    bedrock_aip_arn: str
    region: str = "eu-central-1"


settings = Settings()


def _param(name):
    return ssm.get_parameter(Name=name)["Parameter"]["Value"]


def ask(text):
    client.converse(modelId=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"], messages=[])
    client.converse(modelId=settings.bedrock_aip_arn, messages=[])
    client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])
    client.converse(modelId=_param("/acme/chat/profile-arn"), messages=[])
    client.converse(modelId=CHAT_MODEL, messages=[])
    request = {"modelId": os.environ["BEDROCK_AIP_ARN"], "messages": []}
    client.converse(**request)


embeddings = BedrockEmbeddings()
index_embeddings = BedrockEmbedding()
ranker = AmazonBedrockRanker()
llm = BedrockConverse(model="anthropic.claude-3-5-sonnet-20240620-v1:0",
                      application_inference_profile_arn=os.environ["CHAT_PROFILE_ARN"])
model = BedrockModel()
agent = Agent()
crew = CrewAgent(role="writer", goal="write", backstory="none")
reply = litellm.completion(model="gpt-4o", messages=[])
'''
CONFIG = '''\
import os

CHAT_MODEL = os.getenv("CHAT_MODEL", "anthropic.claude-3-haiku-20240307-v1:0")
'''


def test_python_shapes(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({"svc/app/__init__.py": "", "svc/app/main.py": APP,
                      "svc/app/config.py": CONFIG, "svc/requirements.txt": "boto3\n",
                      "tests/test_main.py": 'client.converse(modelId="anthropic.claude-v2")\n'})
    code, doc, err = inventory(capsys, root)
    main_py, svc = "svc/app/main.py", "service svc"
    assert rows(doc) == [
        ("svc/app/config.py", 3, svc, "the default of environment variable CHAT_MODEL",
         "literal foundation model", (HAIKU,), "no", ("BRL101",), ""),
        (main_py, 34, svc, "converse(modelId=)",
         "profile ARN from env var BEDROCK_INFERENCE_PROFILE_ARN", (), "yes", (), ""),
        (main_py, 35, svc, "converse(modelId=)", "profile ARN from env var BEDROCK_AIP_ARN",
         (), "yes", (), ""),  # a pydantic-settings field
        (main_py, 36, svc, "converse(modelId=)", "literal foundation model", (HAIKU,), "no",
         ("BRL101",), ""),
        (main_py, 37, svc, "converse(modelId=)", "SSM parameter /acme/chat/profile-arn", (),
         "unknown", (), ""),  # through the helper, with its argument
        (main_py, 38, svc, "converse(modelId=)", "env var CHAT_MODEL", (), "no", (),
         f"falls back to {HAIKU!r} while CHAT_MODEL is unset"),  # followed into config.py
        (main_py, 40, svc, "converse(modelId=)", "profile ARN from env var BEDROCK_AIP_ARN", (),
         "yes", (), ""),  # **request
        (main_py, 43, svc, "BedrockEmbeddings(model_id=)", "implicit default (foundation model)",
         ("amazon.titan-embed-text-v1",), "exempt", (), ""),
        (main_py, 44, svc, "BedrockEmbedding(model_name=)", "implicit default (foundation model)",
         ("amazon.titan-embed-text-v1",), "exempt", (), ""),
        (main_py, 45, svc, "AmazonBedrockRanker(model=)", "implicit default (foundation model)",
         ("cohere.rerank-v3-5:0",), "exempt", (), ""),
        (main_py, 46, svc, "BedrockConverse(application_inference_profile_arn=)",
         "profile ARN from env var CHAT_PROFILE_ARN", (), "yes", (), ""),
        (main_py, 48, svc, "BedrockModel(model_id=)", "implicit default (system profile)",
         ("global.anthropic.claude-sonnet-4-6",), "no", (), ""),
        (main_py, 49, svc, "strands.Agent(model=)", "implicit default (system profile)",
         ("global.anthropic.claude-sonnet-4-6",), "no", (), ""),
    ]  # CrewAI's Agent and an OpenAI model through LiteLLM are not Bedrock; tests/ are skipped
    assert code == 1 and err == ""
    code, doc, _ = inventory(capsys, root, "--include-tests")
    assert rows(doc)[-1] == ("tests/test_main.py", 1, "dir tests", "converse(modelId=)",
                             "literal foundation model", ("anthropic.claude-v2",), "no", (), "")


def test_profile_fallback_follows_agents_md(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    helper = ('import os\n\nimport boto3\n\nMODEL_ID = os.getenv("BEDROCK_AIP_ARN", '
              '"anthropic.claude-sonnet-4-6")\nboto3.client("bedrock-runtime").converse('
              'modelId=MODEL_ID, messages=[])\n')
    root = make_tree({"lambdas/helper.py": helper})
    _, doc, _ = inventory(capsys, root)
    assert rows(doc) == [("lambdas/helper.py", 6, "dir lambdas", "converse(modelId=)",
                          "profile ARN from env var BEDROCK_AIP_ARN", (), "no", ("BRL105",),
                          ("falls back to 'anthropic.claude-sonnet-4-6' while BEDROCK_AIP_ARN is "
                          "unset (BRL105)"))]
    (root / "AGENTS.md").write_text("In a sandbox BEDROCK_AIP_ARN may be unset: the helper falls "
                                    "back to anthropic.claude-sonnet-4-6.\n")
    code, doc, _ = inventory(capsys, root)
    assert rows(doc)[0][6:] == ("yes", (), ("falls back to 'anthropic.claude-sonnet-4-6' while "
                                          "BEDROCK_AIP_ARN is unset"))
    assert code == 0


def test_suppressed_literal_is_exempt(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({"tools/eval.py": (
        'import boto3\n\nboto3.client("bedrock-runtime").converse(\n'
        '    modelId="anthropic.claude-3-haiku-20240307-v1:0",  '
        '# bedrock-lint: ignore[BRL101] -- model comparison runs\n    messages=[],\n)\n')})
    code, doc, _ = inventory(capsys, root)
    assert rows(doc) == [("tools/eval.py", 3, "dir tools", "converse(modelId=)",
                          "literal foundation model", (HAIKU,), "exempt", (), "suppressed in code")]
    assert code == 0


def test_unparseable_file_is_reported(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({"app/broken.py": 'client.converse(modelId="anthropic.claude-v2"\n',
                      "infra/main.tf": 'resource "aws_bedrockagent_agent" "a" {\n  foundation_model = \n'})
    code, doc, err = inventory(capsys, root)
    assert code == 1 and doc["callers"] == []
    assert [p.split(": ", 1)[0] for p in doc["problems"]] == ["app/broken.py:1:16", "infra/main.tf:2:22"]
    assert err.count("bedrock-lint inventory: warning: ") == 2


def test_empty_repository(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({"README.md": "nothing here\n"})
    assert main([str(root)]) == 0
    out = capsys.readouterr().out
    assert "0 call sites and configured models.\n" in out
    assert "No Bedrock call sites or model settings found." in out
    assert "No application inference profiles declared." in out


@pytest.mark.parametrize("argv, message", [
    (["no/such/dir"], "path not found: no/such/dir"),
    (["--format", "html"], "argument --format/-f: invalid choice: 'html'"),
    (["--policy", "no-such-pack"], "no-such-pack"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("bedrock-lint inventory: error: ") and message in line
