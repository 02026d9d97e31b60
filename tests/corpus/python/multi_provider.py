"""Provider-agnostic completion used by the internal playground.

Bedrock traffic always goes through the playground's application inference profile;
OpenAI and Vertex are called directly with their own SDKs.
"""

from __future__ import annotations

import os

import anthropic
import boto3
import openai
import vertexai
from google.cloud import aiplatform
from vertexai.generative_models import GenerativeModel

BEDROCK_PROFILE_ARN = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN")

_bedrock = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "eu-central-1"))
_openai = openai.OpenAI()
_anthropic = anthropic.Anthropic()

aiplatform.init(project=os.environ.get("GCP_PROJECT", "acme-playground"), location="europe-west4")
vertexai.init(project=os.environ.get("GCP_PROJECT", "acme-playground"), location="europe-west4")


def provider_of(model: str) -> str:
    if model.startswith("gpt-") or model.startswith("o3"):
        return "openai"
    if model.startswith("gemini-"):
        return "vertex"
    if model.startswith("claude-"):
        return "anthropic"
    if model.startswith("arn:aws:bedrock:") or model.startswith("anthropic.") or model.startswith("amazon."):
        return "bedrock"
    raise ValueError(f"unknown model {model!r}")


def complete(model: str, prompt: str) -> str:
    provider = provider_of(model)
    if provider == "openai":
        r = _openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
        return r.choices[0].message.content
    if provider == "vertex":
        return GenerativeModel("gemini-1.5-pro-002").generate_content(prompt).text
    if provider == "anthropic":
        r = _anthropic.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": prompt}],
        )
        return r.content[0].text
    if not BEDROCK_PROFILE_ARN:
        raise RuntimeError("BEDROCK_INFERENCE_PROFILE_ARN is not set; ask #platform for a profile")
    r = _bedrock.converse(
        modelId=BEDROCK_PROFILE_ARN,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    return r["output"]["message"]["content"][0]["text"]
