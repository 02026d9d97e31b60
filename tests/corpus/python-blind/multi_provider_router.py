"""Provider-agnostic completion helper (OpenAI, Vertex AI, Bedrock)."""

import json
import os

import boto3
from google.cloud import aiplatform  # noqa: F401  (initialises Vertex credentials)
from openai import OpenAI
from sqlalchemy import MetaData

meta = MetaData()

PROVIDERS = {
    "openai": {"model": "gpt-4o", "max_tokens": 4096},
    "vertex": {"model": "claude-3-5-sonnet-v2@20241022", "region": "us-east5"},
    "bedrock": {"model": "anthropic.claude-3-5-sonnet-20241022-v2:0", "region": "us-west-2"},  # expect: BRL101
    "bedrock-eu": {"model": "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "region": "eu-central-1"},  # expect: BRL102
}

BODY_BUILDERS = {
    "anthropic": lambda p, n: {"anthropic_version": "bedrock-2023-05-31", "max_tokens": n, "messages": [{"role": "user", "content": p}]},
    "meta": lambda p, n: {"prompt": p, "max_gen_len": n},
    "amazon": lambda p, n: {"inputText": p, "textGenerationConfig": {"maxTokenCount": n}},
}

OWNER_EMAIL = "ml-platform@amazon.com"


def provider_of(model_id: str) -> str:
    parts = model_id.split(".")
    return parts[1] if parts[0] in {"us", "eu", "apac", "global"} else parts[0]


def complete(prompt: str, provider: str = "bedrock", max_tokens: int = 1024) -> str:
    cfg = PROVIDERS[provider]
    if provider == "openai":
        resp = OpenAI().chat.completions.create(model=cfg["model"], messages=[{"role": "user", "content": prompt}])
        return resp.choices[0].message.content
    if provider == "vertex":
        raise NotImplementedError("vertex path lives in vertex_client.py")
    runtime = boto3.client("bedrock-runtime", region_name=cfg["region"])
    body = BODY_BUILDERS[provider_of(cfg["model"])](prompt, max_tokens)
    resp = runtime.invoke_model(modelId=cfg["model"], body=json.dumps(body))
    payload = json.loads(resp["body"].read())
    return payload.get("content", [{}])[0].get("text") or payload.get("generation") or payload["results"][0]["outputText"]


def complete_from_env(prompt: str) -> str:
    model_id = os.environ["LLM_MODEL_ID"]
    if model_id.startswith("gpt-"):
        return complete(prompt, provider="openai")
    runtime = boto3.client("bedrock-runtime")
    body = BODY_BUILDERS[provider_of(model_id)](prompt, 1024)
    return json.loads(runtime.invoke_model(modelId=model_id, body=json.dumps(body))["body"].read())["content"][0]["text"]
