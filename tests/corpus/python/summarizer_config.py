"""Config objects for the meeting-notes summarizer worker."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import boto3


@dataclass(frozen=True)
class ModelConfig:
    model_id: str = "anthropic.claude-3-5-haiku-20241022-v1:0"  # expect: BRL101
    max_tokens: int = 1500
    temperature: float = 0.2
    stop_sequences: list[str] = field(default_factory=lambda: ["\n\nHuman:"])


@dataclass(frozen=True)
class WorkerConfig:
    queue_url: str = os.environ.get("QUEUE_URL", "")
    region: str = os.environ.get("AWS_REGION", "us-east-1")
    # Long transcripts (> 60 min) go to the bigger model.
    long_model: ModelConfig = field(
        default_factory=lambda: ModelConfig(model_id="writer.palmyra-x5-v1:0", max_tokens=4000)  # expect: BRL101
    )
    short_model: ModelConfig = field(default_factory=ModelConfig)
    # Action items: Nova Premier, addressed by ARN (old boto3 in the worker image needed it)
    nova_model: str = "arn:aws:bedrock:" + os.environ.get("AWS_REGION", "us-east-1") + "::foundation-model/amazon.nova-premier-v1:0"  # expect: BRL101


def summarize(transcript: str, minutes: int, cfg: WorkerConfig | None = None) -> str:
    cfg = cfg or WorkerConfig()
    model = cfg.long_model if minutes > 60 else cfg.short_model
    runtime = boto3.client("bedrock-runtime", region_name=cfg.region)
    response = runtime.converse(
        modelId=model.model_id,
        messages=[{"role": "user", "content": [{"text": f"Summarize this meeting:\n\n{transcript}"}]}],
        inferenceConfig={
            "maxTokens": model.max_tokens,
            "temperature": model.temperature,
            "stopSequences": model.stop_sequences,
        },
    )
    return response["output"]["message"]["content"][0]["text"]


def action_items(transcript: str, cfg: WorkerConfig | None = None) -> list[str]:
    cfg = cfg or WorkerConfig()
    runtime = boto3.client("bedrock-runtime", region_name=cfg.region)
    response = runtime.converse(
        modelId=cfg.nova_model,
        messages=[{"role": "user", "content": [{"text": f"List action items as a JSON array:\n{transcript}"}]}],
    )
    return json.loads(response["output"]["message"]["content"][0]["text"])
