"""Deterministic inputs for the benchmark harness.

* single files for the pre-commit targets (a Python module with one finding, a clean one, a
  CloudFormation template, a Terraform file);
* a generated monorepo: file ``i`` of a tree depends only on (seed, i), so the 10k tree is the
  first 10,000 files of the 40k tree; trees are hard links into one pool, so 10k + 20k + 40k
  cost the disk (and page cache) of 40k;
* CloudTrail events for ``bedrock-lint audit``.

Composition of every block of 100 files (so every tree has the same mix):

====== ======================================================================================
  1    touches Bedrock (hard-coded model IDs, profiles with/without tags, LiteLLM config, ...)
  5    Terraform (a module: main.tf, variables.tf, outputs.tf, iam.tf, versions.tf)
  2    CloudFormation (YAML, every other block a JSON template)
  5    other YAML (Kubernetes, GitHub workflows, docker-compose, Helm values)
  2    JSON (package.json, app settings)
  3    Markdown / text
 82    Python (about 15% of them under tests/)
====== ======================================================================================

Ordinary files are written from a vocabulary that contains none of bedrock-lint's needle words,
except that ``INCIDENTAL`` of the ordinary Python files (and the IAM parts of the Terraform and
CloudFormation files, as in real infrastructure code) use words such as ``Meta``, ``metadata``,
``csv.writer``, ``googleapis.com`` or ``lambda.amazonaws.com``: measured on site-packages and the
standard library, 22-26% of real Python files contain one of those words.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import shutil
import subprocess
from pathlib import Path

GEN_VERSION = 4  # bump when the generated content changes: trees are then rebuilt
SEED = 20261123
INCIDENTAL = 0.10  # share of ordinary Python files with an incidental needle word

# --- vocabulary (checked against the needle below: no accidental hits) ------------------------
NOUNS = """account address archive audit balance basket batch billing booking branch bucket
budget cart catalog channel checkout claim client cluster comment config contract coupon
customer dashboard delivery device discount document draft entry event export feature feed
filter folder grade group history inbox invoice item job journal label ledger limit listing
lookup member message module notice offer order owner package page parcel partner payment
payout period permit plan policy portal price profile project quota receipt record refund
region report request reserve resource review route rule schedule score search segment
session shipment signal slot source stock store subscription summary supplier task tenant
ticket token topic trade transfer upload user vendor voucher wallet warehouse webhook
window worker zone""".split()  # noqa: SIM905
VERBS = """apply build check collect compute convert create decode delete encode ensure export
fetch filter find format group handle import index load lookup merge normalize parse
prepare process publish push queue read refresh register reload remove render resolve
restore retry save scan schedule send serialize sort split store sync transform trim
update upload validate verify wrap""".split()  # noqa: SIM905
ADJ = """active archived cached current default draft expired external final global hidden
inactive internal last latest local manual new next old open partial pending primary
private public raw recent remote shared stale total valid""".split()  # noqa: SIM905
STDLIB = ["json", "os", "re", "time", "logging", "itertools", "functools", "hashlib", "uuid",
          "decimal", "datetime", "pathlib", "collections", "typing", "dataclasses", "enum",
          "math", "random", "string", "textwrap", "urllib.parse", "base64", "threading"]
THIRD = ["requests", "sqlalchemy", "pydantic", "redis", "celery", "click", "fastapi", "httpx",
         "attr", "yaml", "jinja2", "structlog", "tenacity", "pytz", "dateutil", "boto3"]

#: the words bedrock-lint's needle looks for (case-insensitive), to keep the ordinary text clean
NEEDLE_WORDS = ("ai21", "amazon", "anthropic", "bedrock", "cohere", "deepseek", "google",
                "inference-profile", "inference_profile", "luma", "meta", "minimax", "mistral",
                "moonshot", "nvidia", "openai", "qwen", "stability", "twelvelabs", "writer",
                "xai", "zai")

for _w in (*NOUNS, *VERBS, *ADJ, *STDLIB, *THIRD):
    assert not any(n in _w.lower() for n in NEEDLE_WORDS), _w


WORDS = NOUNS + VERBS + ADJ


def _hits_needle(text: str) -> bool:
    low = text.lower()
    return any(n in low for n in NEEDLE_WORDS)


# --- Python ---------------------------------------------------------------------------------
def _ident(r: random.Random, parts: int = 2) -> str:
    words = [r.choice(VERBS)] + [r.choice(NOUNS) for _ in range(parts - 1)]
    return "_".join(words)


def _cls(r: random.Random) -> str:
    return "".join(w.capitalize() for w in (r.choice(ADJ), r.choice(NOUNS), r.choice(
        ["Service", "Manager", "Handler", "Repository", "Client", "Builder", "Record", "View"])))


def _sentence(r: random.Random, n: int | None = None) -> str:
    n = n or r.randint(6, 14)
    words = r.choices(WORDS, k=n)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _py_function(r: random.Random) -> str:
    name = _ident(r, r.choice((2, 3)))
    a, b, c = r.sample(NOUNS, 3)
    n = r.randint(2, 500)
    shape = r.randrange(6)
    doc = _sentence(r)
    if shape == 0:
        body = f'''\
def {name}({a}s, {b}=None, *, limit: int = {n}) -> dict:
    """{doc}

    {_sentence(r)}
    """
    result = {{}}
    for {a} in {a}s:
        if {a} is None:
            continue
        key = getattr({a}, "{c}_id", None) or str({a})
        result.setdefault(key, []).append({a})
        if len(result) >= limit:
            logger.debug("{c} limit reached: %s", limit)
            break
    return result
'''
    elif shape == 1:
        body = f'''\
def {name}({a}: str, {b}: int = {n}) -> str:
    """{doc}"""
    text = {a}.strip()
    if not text:
        raise ValueError("empty {a}")
    parts = [p for p in text.split("/") if p]
    while len(parts) > {b}:
        parts.pop(0)
    return "/".join(parts).lower()
'''
    elif shape == 2:
        body = f'''\
async def {name}(session, {a}_id: int, *, retries: int = {r.randint(1, 5)}):
    """{doc}"""
    last_error = None
    for attempt in range(retries):
        try:
            response = await session.get(f"/api/{a}s/{{{a}_id}}/{b}s", timeout={r.randint(2, 30)})
            response.raise_for_status()
            return [item for item in response.json()["items"] if item.get("{c}")]
        except (TimeoutError, ConnectionError) as exc:
            last_error = exc
            await asyncio.sleep(0.{r.randint(1, 9)} * (attempt + 1))
    raise RuntimeError(f"could not {name.split('_')[0]} {a} {{{a}_id}}") from last_error
'''
    elif shape == 3:
        body = f'''\
def {name}(rows, *, {b}_field="{b}", {c}_field="{c}"):
    """{doc}"""
    totals = collections.Counter()
    seen = set()
    for row in rows:
        marker = (row[{b}_field], row[{c}_field])
        if marker in seen:
            continue
        seen.add(marker)
        totals[row[{b}_field]] += row.get("amount", 0) * {r.randint(1, 100)} / 100
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:{n}]
'''
    elif shape == 4:
        body = f'''\
def {name}(path, {a}=None):
    """{doc}"""
    # {_sentence(r)}
    path = pathlib.Path(path)
    if not path.exists():
        return {a} if {a} is not None else {{}}
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise TypeError(f"{{path}}: expected an object, got {{type(data).__name__}}")
    return {{k: v for k, v in data.items() if not k.startswith("_")}}
'''
    else:
        body = f'''\
def {name}({a}, {b}, {c}={r.randint(0, 9)}):
    """{doc}"""
    if {a} < {b}:
        {a}, {b} = {b}, {a}
    value = ({a} - {b}) * {r.randint(2, 64)} + {c}
    if value % {r.randint(2, 9)} == 0:
        return value // 2
    return min(value, {n * 10})
'''
    return body


def _py_method_ready(fn: str) -> str:
    """Turn a top-level function into a method (add self)."""
    return fn.replace("(", "(self, ", 1).replace("(self, )", "(self)", 1)


def _py_class(r: random.Random) -> str:
    name = _cls(r)
    fields = r.sample(NOUNS, r.randint(2, 5))
    lines = ["@dataclasses.dataclass", f"class {name}:", f'    """{_sentence(r)}"""', ""]
    for f in fields:
        kind = r.choice(("str", "int", "float", "bool", "list[str]"))
        default = {"str": '""', "int": str(r.randint(0, 99)), "float": "0.0", "bool": "False",
                   "list[str]": "dataclasses.field(default_factory=list)"}[kind]
        lines.append(f"    {f}: {kind} = {default}")
    lines.append("")
    for _ in range(r.randint(1, 3)):
        fn = _py_method_ready(_py_function(r)).replace("async def", "def").replace("await ", "")
        lines.extend(("    " + ln if ln else ln) for ln in fn.splitlines())
        lines.append("")
    return "\n".join(lines) + "\n"


INCIDENTAL_SNIPPETS = [
    '''\
class {cls}Model(models.Model):
    name = models.CharField(max_length=120)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "{noun}"
''',
    '''\
metadata = sqlalchemy.MetaData()
{noun}_table = sqlalchemy.Table(
    "{noun}", metadata,
    sqlalchemy.Column("id", sqlalchemy.Integer, primary_key=True),
    sqlalchemy.Column("name", sqlalchemy.String(200)),
)
''',
    '''\
def export_{noun}_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "total"])
        for row in rows:
            writer.writerow([row.id, row.name, row.total])
''',
    '''\
{upper}_BUCKET_URL = "https://{noun}-assets.s3.amazonaws.com/{{key}}"
''',
    '''\
OAUTH_CERTS_URL = "https://www.googleapis.com/oauth2/v3/certs"
''',
    '''\
def {noun}_metadata(obj):
    """Headers and metadata of the stored {noun}."""
    return {{"content-type": obj.content_type, "metadata": dict(obj.metadata or {{}})}}
''',
]


def python_module(r: random.Random, target: int, incidental: bool, test: bool) -> str:
    mods = sorted(set(r.sample(STDLIB, r.randint(3, 7)) + ["asyncio", "collections", "dataclasses",
                                                            "json", "logging", "pathlib"]))
    third = sorted(set(r.sample(THIRD, r.randint(0, 3))))
    head = [f'"""{_sentence(r)}\n\n{_sentence(r, 20)}\n"""', "", "from __future__ import annotations", ""]
    head += [f"import {m}" for m in mods]
    if third:
        head.append("")
        head += [f"import {m}" for m in third]
    if incidental:
        head += ["import csv", "", "import sqlalchemy", "from django.db import models"]
    if test:
        head += ["", "import pytest"]
    head += ["", "logger = logging.getLogger(__name__)", "",
             f"DEFAULT_{r.choice(NOUNS).upper()}_LIMIT = {r.randint(10, 1000)}", "", ""]
    parts = ["\n".join(head)]
    size = len(parts[0])
    if incidental:
        snip = r.choice(INCIDENTAL_SNIPPETS)
        noun = r.choice(NOUNS)
        text = snip.format(cls=_cls(r), noun=noun, upper=noun.upper()) + "\n\n"
        parts.append(text)
        size += len(text)
    while size < target:
        if test:
            n = r.choice(NOUNS)
            text = (f"def test_{_ident(r)}_{n}():\n    {n} = {{\"id\": {r.randint(1, 99)}, \"name\": \"{n}\"}}\n"
                    f"    assert {n}[\"id\"] > 0\n    assert {n}[\"name\"] == \"{n}\"\n\n\n")
            if r.random() < 0.5:
                text += _py_function(r) + "\n\n"
        else:
            text = (_py_class(r) if r.random() < 0.3 else _py_function(r)) + "\n\n"
        parts.append(text)
        size += len(text)
    return "".join(parts).rstrip() + "\n"


# --- Bedrock-touching files -----------------------------------------------------------------
FM_IDS = ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0",
          "meta.llama3-1-70b-instruct-v1:0", "mistral.mistral-large-2407-v1:0",
          "amazon.nova-pro-v1:0", "cohere.command-r-plus-v1:0"]
SYS_PROFILES = ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
                "us.amazon.nova-lite-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"]

PY_BEDROCK_BAD = '''\
import os

import boto3

bedrock_runtime = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "us-east-1"))


def ask_{noun}_assistant(question: str, history: list[dict] | None = None) -> str:
    """Answer a {noun} question with the assistant model."""
    messages = list(history or []) + [{{"role": "user", "content": [{{"text": question}}]}}]
    response = bedrock_runtime.converse(
        modelId="{model}",
        messages=messages,
        inferenceConfig={{"maxTokens": 512, "temperature": 0.2}},
    )
    return response["output"]["message"]["content"][0]["text"]
'''

PY_BEDROCK_CLEAN = '''\
import os

import boto3

bedrock_runtime = boto3.client("bedrock-runtime")
PROFILE_ARN = os.environ["BEDROCK_INFERENCE_PROFILE_ARN"]


def summarize_{noun}(text: str) -> str:
    """Summarize a {noun} through the team's application inference profile."""
    response = bedrock_runtime.converse(
        modelId=PROFILE_ARN,
        messages=[{{"role": "user", "content": [{{"text": "Summarize: " + text}}]}}],
        inferenceConfig={{"maxTokens": 300}},
    )
    return response["output"]["message"]["content"][0]["text"]
'''

TF_PROFILE = '''\
data "aws_caller_identity" "current" {{}}

resource "aws_bedrock_inference_profile" "{name}" {{
  name        = "{product}-{name}-claude-sonnet-4-5"
  description = "{name} assistant"

  model_source {{
    copy_from = "arn:aws:bedrock:us-east-1:${{data.aws_caller_identity.current.account_id}}:inference-profile/{profile}"
  }}
{tags}}}
'''
TF_TAGS = '''
  tags = {{
    product      = "{product}"
    billing-mode = "internal"
    env          = "prod"
    team         = "{name}-team"
    owner        = "{name}@example.com"
    source       = "github.com/example/{product}"
    managed-by   = "terraform"
  }}
'''

CFN_PROFILE = '''\
AWSTemplateFormatVersion: "2010-09-09"
Description: {name} stack with an application inference profile

Resources:
  {cname}Profile:
    Type: AWS::Bedrock::ApplicationInferenceProfile
    Properties:
      InferenceProfileName: {name}-profile
      ModelSource:
        CopyFrom: !Sub arn:aws:bedrock:${{AWS::Region}}::foundation-model/{model}
{tags}
  {cname}Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {{ Service: lambda.amazonaws.com }}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole

  {cname}Function:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: {name}-worker
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt {cname}Role.Arn
      Timeout: 60
      Code:
        S3Bucket: example-artifacts
        S3Key: {name}/build.zip
      Environment:
        Variables:
          MODEL_ID: {sysprofile}
'''
CFN_TAGS = '''\
      Tags:
        - Key: product
          Value: {name}
        - Key: billing-mode
          Value: internal
'''

LITELLM = '''\
# LiteLLM proxy for the {name} team
model_list:
  - model_name: {name}-chat
    litellm_params:
      model: bedrock/{model}
      aws_region_name: us-east-1
  - model_name: {name}-fast
    litellm_params:
      model: bedrock/converse/{sysprofile}
litellm_settings:
  drop_params: true
'''


# --- infrastructure and other files --------------------------------------------------------
def terraform(r: random.Random, part: str, mod: str, iam: bool) -> str:
    n = r.choice(NOUNS)
    if part == "versions.tf":
        return ('terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = {\n'
                '      source  = "hashicorp/aws"\n      version = ">= 5.80"\n    }\n  }\n}\n')
    if part == "variables.tf":
        out = []
        for v in r.sample(NOUNS, r.randint(4, 10)):
            out.append(f'variable "{v}_name" {{\n  description = "{_sentence(r)}"\n  type        = string\n'
                       f'  default     = "{mod}-{v}"\n}}\n')
        return "\n".join(out)
    if part == "outputs.tf":
        return "\n".join(f'output "{v}_id" {{\n  value = aws_s3_bucket.{mod}.id\n}}\n'
                         for v in r.sample(NOUNS, r.randint(2, 5)))
    if part == "iam.tf":
        if not iam:
            return (f'resource "aws_cloudwatch_log_group" "{mod}" {{\n  name              = "/app/{mod}"\n'
                    f'  retention_in_days = {r.choice((7, 14, 30, 90))}\n}}\n')
        return f'''\
data "aws_iam_policy_document" "{mod}_assume" {{
  statement {{
    actions = ["sts:AssumeRole"]
    principals {{
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }}
  }}
}}

resource "aws_iam_role" "{mod}" {{
  name               = "{mod}-role"
  assume_role_policy = data.aws_iam_policy_document.{mod}_assume.json
}}
'''
    # main.tf
    out = [f'resource "aws_s3_bucket" "{mod}" {{\n  bucket = "example-{mod}-{n}"\n}}\n']
    for x in r.sample(NOUNS, r.randint(2, 6)):
        kind = r.randrange(3)
        if kind == 0:
            out.append(f'resource "aws_sqs_queue" "{x}" {{\n  name                       = "{mod}-{x}"\n'
                       f'  visibility_timeout_seconds = {r.randint(30, 900)}\n'
                       f'  message_retention_seconds  = {r.randint(3600, 1209600)}\n}}\n')
        elif kind == 1:
            out.append(f'resource "aws_dynamodb_table" "{x}" {{\n  name         = "{mod}-{x}"\n'
                       f'  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "{x}_id"\n\n'
                       f'  attribute {{\n    name = "{x}_id"\n    type = "S"\n  }}\n}}\n')
        else:
            out.append(f'resource "aws_ssm_parameter" "{x}" {{\n  name  = "/{mod}/{x}"\n  type  = "String"\n'
                       f'  value = "{x}-{r.randint(1, 999)}"\n}}\n')
    return "\n".join(out)


def cfn_yaml(r: random.Random, name: str) -> str:
    out = ['AWSTemplateFormatVersion: "2010-09-09"', f"Description: {_sentence(r)}", "",
           "Parameters:", "  Env:", "    Type: String", "    Default: prod", "", "Resources:"]
    cname = name.title().replace("-", "")
    out += [f"  {cname}Role:", "    Type: AWS::IAM::Role", "    Properties:",
            "      AssumeRolePolicyDocument:", '        Version: "2012-10-17"', "        Statement:",
            "          - Effect: Allow", "            Principal: { Service: lambda.amazonaws.com }",
            "            Action: sts:AssumeRole", ""]
    for x in (n.title() for n in r.sample(NOUNS, r.randint(2, 6))):
        if r.random() < 0.5:
            out += [f"  {x}Queue:", "    Type: AWS::SQS::Queue", "    Properties:",
                    f"      QueueName: !Sub {name}-{x.lower()}-${{Env}}",
                    f"      VisibilityTimeout: {r.randint(30, 900)}", ""]
        else:
            out += [f"  {x}Function:", "    Type: AWS::Lambda::Function", "    Properties:",
                    f"      FunctionName: !Sub {name}-{x.lower()}-${{Env}}", "      Runtime: python3.12",
                    f"      Handler: app.{x.lower()}.handler", f"      Role: !GetAtt {cname}Role.Arn",
                    f"      Timeout: {r.randint(3, 300)}", "      Code:", "        S3Bucket: example-artifacts",
                    f"        S3Key: {name}/{x.lower()}.zip", ""]
    return "\n".join(out) + "\n"


def cfn_json(r: random.Random, name: str) -> str:
    res: dict[str, object] = {}
    for x in (n.title() for n in r.sample(NOUNS, r.randint(2, 6))):
        res[f"{x}Table"] = {"Type": "AWS::DynamoDB::Table", "Properties": {
            "TableName": f"{name}-{x.lower()}", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Description": _sentence(r),
                       "Resources": res}, indent=2) + "\n"


def other_yaml(r: random.Random, kind: int, name: str) -> str:
    if kind == 0:
        return f'''\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: {r.randint(1, 6)}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:{r.randint(1, 40)}.{r.randint(0, 9)}
          ports:
            - containerPort: {r.choice((8000, 8080, 9000))}
          resources:
            limits:
              cpu: "{r.choice(("250m", "500m", "1"))}"
              memory: {r.choice(("256Mi", "512Mi", "1Gi"))}
'''
    if kind == 1:
        return f'''\
name: ci-{name}
on:
  push:
    branches: [main]
  pull_request:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.{r.choice((10, 11, 12))}"
      - run: pip install -e .[dev]
      - run: pytest -q services/{name}
'''
    if kind == 2:
        return f'''\
services:
  {name}:
    build: .
    environment:
      DATABASE_URL: postgres://app:app@db:5432/{name}
      LOG_LEVEL: info
    ports:
      - "{r.randint(3000, 9000)}:8000"
  db:
    image: postgres:16
'''
    lines = [f"# values for {name}", "replicaCount: 2", "image:", f"  repository: example/{name}",
             "  tag: latest", "env:"]
    for _ in range(r.randint(3, 12)):
        lines.append(f"  {r.choice(NOUNS).upper()}_{r.choice(NOUNS).upper()}: \"{r.choice(ADJ)}\"")
    return "\n".join(lines) + "\n"


def markdown(r: random.Random, name: str) -> str:
    out = [f"# {name}", ""]
    for _ in range(r.randint(3, 12)):
        out += [" ".join(_sentence(r) for _ in range(r.randint(2, 5))), ""]
    return "\n".join(out)


# --- the tree --------------------------------------------------------------------------------
def _svc(i: int) -> str:
    b = i // 400
    return f"{NOUNS[b % len(NOUNS)]}-{ADJ[(b // len(NOUNS)) % len(ADJ)]}-{b}"


def file_for(i: int, seed: int = SEED, incidental: float = INCIDENTAL) -> tuple[str, str]:
    """(relative path, content) of file ``i``: depends on (seed, i) only."""
    r = random.Random(seed * 1_000_003 + i)
    block, k = divmod(i, 100)
    svc = _svc(i)
    pkg = svc.split("-")[0] + f"_{block % 4}"
    base = f"services/{svc}"
    if k == 0:  # touches Bedrock
        kind = block % 6
        noun = r.choice(NOUNS)
        if kind in (0, 3):
            text = python_module(r, 3000, False, False)
            text += "\n\n" + PY_BEDROCK_BAD.format(noun=noun, model=r.choice(FM_IDS + SYS_PROFILES))
            return f"{base}/src/{pkg}/assistant_{block}.py", text
        if kind == 1:
            text = python_module(r, 3000, False, False)
            text += "\n\n" + PY_BEDROCK_CLEAN.format(noun=noun)
            return f"{base}/src/{pkg}/summarize_{block}.py", text
        if kind == 2:
            tags = TF_TAGS.format(product=svc.split("-")[0], name=noun) if block % 12 == 2 else ""
            return (f"{base}/infra/bedrock_{block}/profile.tf",
                    TF_PROFILE.format(name=noun, product=svc.split("-")[0],
                                      profile=r.choice(SYS_PROFILES), tags=tags))
        if kind == 4:
            tags = CFN_TAGS.format(name=noun) if block % 12 == 4 else ""
            return (f"{base}/cfn/bedrock-{block}.yaml",
                    CFN_PROFILE.format(name=noun, cname=noun.title(), model=r.choice(FM_IDS),
                                       sysprofile=r.choice(SYS_PROFILES), tags=tags))
        return (f"{base}/deploy/litellm-{block}.yaml",
                LITELLM.format(name=noun, model=r.choice(FM_IDS), sysprofile=r.choice(SYS_PROFILES)))
    if 1 <= k <= 5:
        part = ("main.tf", "variables.tf", "outputs.tf", "iam.tf", "versions.tf")[k - 1]
        rm = random.Random(seed * 7 + block)  # the module's name is shared by its five files
        mod = f"{rm.choice(NOUNS)}_{block}"
        return f"{base}/infra/{mod}/{part}", terraform(r, part, mod, iam=(block % 5 < 2))
    if k in (6, 7):
        name = f"{r.choice(NOUNS)}-{block}-{k}"
        if k == 7 and block % 2:
            return f"{base}/cfn/{name}.json", cfn_json(r, name)
        return f"{base}/cfn/{name}.yaml", cfn_yaml(r, name)
    if 8 <= k <= 12:
        name = f"{r.choice(NOUNS)}-{block}-{k}"
        kind = k - 8
        rel = (f"{base}/k8s/deployment-{block}-{k}.yaml", f".github/workflows/ci-{name}.yml",
               f"{base}/docker-compose-{block}-{k}.yaml", f"{base}/charts/{name}/values.yaml")[kind % 4]
        return rel, other_yaml(r, kind % 4, name)
    if k in (13, 14):
        if k == 13:
            return f"{base}/web/package-{block}.json", json.dumps({
                "name": f"@example/{svc}-{block}", "version": f"1.{block}.0", "private": True,
                "scripts": {"build": "tsc -p .", "test": "vitest run"},
                "dependencies": {r.choice(NOUNS): f"^{r.randint(1, 9)}.0.0" for _ in range(6)}},
                indent=2) + "\n"
        return f"{base}/settings-{block}.json", json.dumps(
            {r.choice(NOUNS): {"enabled": r.random() < 0.5, "limit": r.randint(1, 999)}
             for _ in range(r.randint(4, 20))}, indent=2) + "\n"
    if 15 <= k <= 17:
        if k == 17:
            return f"{base}/requirements-{block}.txt", "\n".join(
                f"{m}>={r.randint(1, 9)}.{r.randint(0, 20)}" for m in r.sample(THIRD, 6)) + "\n"
        return f"{base}/docs/{r.choice(NOUNS)}-{block}-{k}.md", markdown(r, svc)
    # Python: sizes log-normal, mean about 7.2 kB
    target = int(min(120_000, max(400, r.lognormvariate(math.log(7450) - 0.32, 0.8))))
    test = k >= 88
    inc = r.random() < incidental
    name = f"{_ident(r)}_{k}"
    if test:
        return f"{base}/tests/{pkg}/test_{name}.py", python_module(r, target, inc, True)
    return f"{base}/src/{pkg}/{name}.py", python_module(r, target, inc, False)


def _stamp(n: int, seed: int, incidental: float) -> str:
    return f"gen{GEN_VERSION}-seed{seed}-inc{incidental}-n{n}"


def ensure_pool(work: Path, n: int, seed: int = SEED, incidental: float = INCIDENTAL,
                log=print) -> Path:
    """The pool holds files 0..n-1 (grown on demand) plus an index of their paths."""
    pool = work / f"pool-gen{GEN_VERSION}-seed{seed}-inc{incidental}"
    for old in work.glob("pool-gen*"):
        if old != pool and not old.name.startswith(f"pool-gen{GEN_VERSION}-"):
            shutil.rmtree(old, ignore_errors=True)  # an older generator's files
    index_path = pool / ".index.json"
    index: list[str] = []
    if index_path.exists():
        index = json.loads(index_path.read_text())
    if len(index) >= n:
        return pool
    log(f"  generating files {len(index)}..{n - 1} into {pool} ...")
    pool.mkdir(parents=True, exist_ok=True)
    made_dirs: set[str] = set()
    for i in range(len(index), n):
        rel, text = file_for(i, seed, incidental)
        dest = pool / "files" / rel
        parent = str(dest.parent)
        if parent not in made_dirs:
            os.makedirs(parent, exist_ok=True)
            made_dirs.add(parent)
        if dest.exists():  # paths are unique by construction; keep the first on a clash
            rel = rel.replace("/", f"/x{i}-", 1)
            dest = pool / "files" / rel
            os.makedirs(dest.parent, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        index.append(rel)
    index_path.write_text(json.dumps(index))
    return pool


def ensure_tree(work: Path, n: int, seed: int = SEED, incidental: float = INCIDENTAL,
                log=print) -> Path:
    """A tree of the first n pool files (hard links), a git work tree of its own."""
    tree = work / f"mono-{n // 1000}k" if n % 1000 == 0 else work / f"mono-{n}"
    stamp = tree / ".bench-stamp"
    want = _stamp(n, seed, incidental)
    if stamp.exists() and stamp.read_text() == want:
        return tree
    pool = ensure_pool(work, n, seed, incidental, log)
    if tree.exists():
        shutil.rmtree(tree)
    log(f"  linking {n} files into {tree} ...")
    index = json.loads((pool / ".index.json").read_text())[:n]
    made: set[str] = set()
    for rel in index:
        dest = tree / rel
        parent = str(dest.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        os.link(pool / "files" / rel, dest)
    (tree / ".gitignore").write_text("*.pyc\n__pycache__/\n.bedrock-lint-cache/\n")
    # semgrep skips tests/ and other folders by default: scan what the others scan
    (tree / ".semgrepignore").write_text(".git/\n.bedrock-lint-cache/\n")
    git_init(tree)
    stamp.write_text(want)
    return tree


def git_init(folder: Path) -> None:
    """A real (empty) git repository, so every tool sees ``folder`` as the project root."""
    if (folder / ".git").exists():
        return
    try:
        subprocess.run(["git", "init", "-q", str(folder)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        (folder / ".bedrock-lint.toml").write_text("# benchmark project root\n")


def tree_stats(tree: Path) -> dict[str, object]:
    files = 0
    size = 0
    by_ext: dict[str, int] = {}
    for dp, dns, fns in os.walk(tree):
        dns[:] = [d for d in dns if d not in (".git", ".bedrock-lint-cache")]
        for f in fns:
            if f in (".bench-stamp", ".gitignore", ".semgrepignore"):
                continue
            files += 1
            size += os.path.getsize(os.path.join(dp, f))
            ext = os.path.splitext(f)[1] or f
            by_ext[ext] = by_ext.get(ext, 0) + 1
    return {"files": files, "bytes": size, "by_ext": dict(sorted(by_ext.items(), key=lambda kv: -kv[1]))}


# --- single files ------------------------------------------------------------------------------
def single_inputs(work: Path) -> dict[str, Path]:
    """A small project with the pre-commit inputs."""
    folder = work / "single"
    folder.mkdir(parents=True, exist_ok=True)
    git_init(folder)
    r = random.Random(SEED)
    # ~500 lines of ordinary code, then one hard-coded model ID
    finding = python_module(r, 16000, False, False) + "\n\n" + PY_BEDROCK_BAD.format(
        noun="support", model="anthropic.claude-3-5-sonnet-20240620-v1:0")
    clean = python_module(random.Random(SEED + 1), 16000, False, False)
    assert not _hits_needle(clean)
    files = {
        "finding.py": finding,
        "clean.py": clean,
        "template.yaml": CFN_PROFILE.format(name="summarizer", cname="Summarizer",
                                           model="anthropic.claude-3-5-haiku-20241022-v1:0",
                                           sysprofile="us.anthropic.claude-haiku-4-5-20251001-v1:0",
                                           tags=""),
        "main.tf": TF_PROFILE.format(name="chat", product="acme",
                                     profile="us.anthropic.claude-sonnet-4-5-20250929-v1:0", tags=""),
    }
    out = {}
    for name, text in files.items():
        p = folder / name
        if not p.exists() or p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


# --- CloudTrail ----------------------------------------------------------------------------------
def cloudtrail(work: Path, events: int, per_file: int = 1000, seed: int = SEED) -> Path:
    """CloudTrail log files (gzip, ``{"Records": [...]}``) in the S3 delivery layout."""
    folder = work / f"cloudtrail-{events}"
    stamp = folder / ".bench-stamp"
    want = f"gen{GEN_VERSION}-{events}-{per_file}"
    if stamp.exists() and stamp.read_text() == want:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    r = random.Random(seed)
    models = FM_IDS + SYS_PROFILES + [
        f"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/{x}"
        for x in ("a1b2c3d4e5f6", "f6e5d4c3b2a1", "0123456789ab")]
    names = ["InvokeModel", "Converse", "ConverseStream", "InvokeModelWithResponseStream"]
    others = [("s3.amazonaws.com", "GetObject"), ("sts.amazonaws.com", "AssumeRole"),
              ("lambda.amazonaws.com", "Invoke"), ("dynamodb.amazonaws.com", "GetItem")]
    written = 0
    n_file = 0
    while written < events:
        count = min(per_file, events - written)
        recs = []
        for j in range(count):
            sec = written + j
            if r.random() < 0.7:
                source, name = "bedrock.amazonaws.com", r.choice(names)
                params = {"modelId": r.choice(models)}
            else:
                source, name = r.choice(others)
                params = {"bucketName": "example-data", "key": f"obj/{sec}"}
            recs.append({
                "eventVersion": "1.09",
                "userIdentity": {"type": "AssumedRole", "principalId": f"AROAEXAMPLE:{r.choice(NOUNS)}",
                                 "arn": f"arn:aws:sts::123456789012:assumed-role/{r.choice(NOUNS)}-role/s",
                                 "accountId": "123456789012"},
                "eventTime": f"2026-11-{1 + sec // 86400 % 28:02d}T{sec // 3600 % 24:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}Z",
                "eventSource": source, "eventName": name, "awsRegion": "us-east-1",
                "sourceIPAddress": f"10.0.{r.randint(0, 255)}.{r.randint(1, 254)}",
                "userAgent": "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux",
                "requestParameters": params, "responseElements": None,
                "requestID": f"{r.getrandbits(128):032x}", "eventID": f"{r.getrandbits(128):032x}",
                "readOnly": False, "eventType": "AwsApiCall", "managementEvent": False,
                "recipientAccountId": "123456789012", "eventCategory": "Data",
            })
        day = 1 + (n_file // 24) % 28
        sub = folder / f"AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/{day:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        with gzip.open(sub / f"123456789012_CloudTrail_us-east-1_20261101T{n_file:06d}Z_bench.json.gz",
                       "wt", encoding="utf-8", compresslevel=1) as fh:
            json.dump({"Records": recs}, fh)
        written += count
        n_file += 1
    stamp.write_text(want)
    return folder
