"""Typed configuration objects for the evaluation harness and the chat worker, plus our own LLM judge."""

import json
import os
from dataclasses import dataclass, field

import boto3
from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import BaseSettings


@dataclass
class BedrockLanguageModelHandlerArguments:
    model_id: str = field(
        default="anthropic.claude-3-sonnet-20240229-v1:0",  # expect: BRL101
        metadata={"help": "The Amazon Bedrock model ID to use. Default is 'anthropic.claude-3-sonnet-20240229-v1:0'."},
    )
    temperature: float = field(default=0.5, metadata={"help": "Sampling temperature."})
    top_k: int = field(default=200)
    max_new_tokens: int = 1024


@dataclass
class JudgeArguments:
    judge_model_id: str = "us.meta.llama3-3-70b-instruct-v1:0"  # expect: BRL102
    rubric_path: str = "rubrics/default.yaml"


class WorkerConfig(BaseModel):
    queue_url: str
    model_id: str = Field(default="amazon.nova-lite-v1:0", description="Bedrock model for the worker")  # expect: BRL101
    batch_size: int = 10


class RuntimeSettings(BaseSettings):
    """Reads the profile ARN; falls back to a direct model in personal sandboxes."""

    inference_profile_arn: str = Field(
        default="us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL105
        validation_alias=AliasChoices("BEDROCK_INFERENCE_PROFILE_ARN", "BEDROCK_AIP_ARN"),
    )
    region: str = Field(default="us-east-1", validation_alias="AWS_REGION")


# Older entry points read the variables directly.
PROFILE_ARN = os.getenv("BEDROCK_AIP_ARN", "anthropic.claude-3-5-haiku-20241022-v1:0")  # expect: BRL105
STAGING_PROFILE_ARN = os.environ.get(
    "BEDROCK_INFERENCE_PROFILE_ARN",
    "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/k3x9q7ab1c2d",  # expect: BRL103
)
WORKER_MODEL = os.environ.get("WORKER_MODEL_ID", "eu.amazon.nova-lite-v1:0")  # expect: BRL102
REGION = os.environ.get("AWS_REGION", "us-east-1")


def make_runtime():
    return boto3.client("bedrock-runtime", region_name=REGION)


def run_handler(args: BedrockLanguageModelHandlerArguments, prompt: str) -> str:
    resp = make_runtime().converse(
        modelId=args.model_id,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"temperature": args.temperature, "maxTokens": args.max_new_tokens},
    )
    return resp["output"]["message"]["content"][0]["text"]


def judge(args: JudgeArguments, answer: str) -> str:
    resp = make_runtime().converse(
        modelId=args.judge_model_id,
        messages=[{"role": "user", "content": [{"text": f"Score 1-5:\n{answer}"}]}],
    )
    return resp["output"]["message"]["content"][0]["text"]


def work(cfg: WorkerConfig, payload: str) -> str:
    resp = make_runtime().converse(modelId=cfg.model_id, messages=[{"role": "user", "content": [{"text": payload}]}])
    return resp["output"]["message"]["content"][0]["text"]


def chat(prompt: str, settings: RuntimeSettings | None = None) -> str:
    s = settings or RuntimeSettings()
    target = s.inference_profile_arn or PROFILE_ARN
    resp = make_runtime().converse(modelId=target, messages=[{"role": "user", "content": [{"text": prompt}]}])
    return resp["output"]["message"]["content"][0]["text"]


def staging_chat(prompt: str) -> str:
    resp = make_runtime().converse(modelId=STAGING_PROFILE_ARN, messages=[{"role": "user", "content": [{"text": prompt}]}])
    return resp["output"]["message"]["content"][0]["text"]


def worker_chat(prompt: str) -> str:
    resp = make_runtime().converse(modelId=WORKER_MODEL, messages=[{"role": "user", "content": [{"text": prompt}]}])
    return resp["output"]["message"]["content"][0]["text"]


# ---- LLM-as-a-judge (our own, via Converse) for the offline eval suite ----

AWS_REGION_PLACEHOLDER = "{AWS_REGION}"

SONNET35_V1_MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0"  # expect: BRL101
SONNET35_V2_MODEL_ID = f"arn:aws:bedrock:{AWS_REGION_PLACEHOLDER}::inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0"  # expect: BRL102
SONNET37_V1_MODEL_ID = f"arn:aws:bedrock:{AWS_REGION_PLACEHOLDER}::inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0"  # expect: BRL102

JUDGES = {
    "sonnet35_v1": SONNET35_V1_MODEL_ID,
    "sonnet35_v2": SONNET35_V2_MODEL_ID,
    "sonnet37_v1": SONNET37_V1_MODEL_ID,
}

RUBRIC = """Score the candidate answer from 1 to 5 for factual correctness against the reference.
Reply as JSON: {"score": <int>, "reason": "<one sentence>"}"""


def llm_judge(candidate: str, reference: str, judge_name: str = "sonnet37_v1", region: str = "us-east-1") -> dict:
    model_id = JUDGES[judge_name].replace(AWS_REGION_PLACEHOLDER, region)
    client = boto3.client("bedrock-runtime", region_name=region)
    resp = client.converse(
        modelId=model_id,
        system=[{"text": RUBRIC}],
        messages=[{"role": "user", "content": [{"text": f"Reference:\n{reference}\n\nCandidate:\n{candidate}"}]}],
        inferenceConfig={"temperature": 0, "maxTokens": 200},
    )
    return json.loads(resp["output"]["message"]["content"][0]["text"])
