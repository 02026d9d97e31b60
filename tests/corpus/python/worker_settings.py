"""Settings for the transcription-enrichment worker (pydantic-settings, no env prefix)."""

from __future__ import annotations

import boto3
from pydantic import Field
from pydantic_settings import BaseSettings


class WorkerSettings(BaseSettings):
    aws_region: str = "eu-central-1"
    sqs_queue_url: str = Field(..., description="Queue with transcription-complete events")
    output_bucket: str = "acme-transcripts-enriched"

    # Read from BEDROCK_INFERENCE_PROFILE_ARN; the default lets `make run-local` work
    # in a sandbox account without any profile.
    bedrock_inference_profile_arn: str = "anthropic.claude-haiku-4-5-20251001-v1:0"  # expect: BRL105

    # Used to tag speakers; small and cheap.
    speaker_model_id: str = Field(default="amazon.nova-micro-v1:0", alias="SPEAKER_MODEL_ID")  # expect: BRL101
    max_tokens: int = 2000


class Enricher:
    PROMPT_VERSION = "2026-02-11"
    FALLBACK_MODEL = "qwen.qwen3-32b-v1:0"  # expect: BRL101

    def __init__(self, settings: WorkerSettings):
        self.settings = settings
        self.runtime = boto3.client("bedrock-runtime", region_name=settings.aws_region)

    def _converse(self, model_id: str, text: str) -> str:
        response = self.runtime.converse(
            modelId=model_id,
            messages=[{"role": "user", "content": [{"text": text}]}],
            inferenceConfig={"maxTokens": self.settings.max_tokens},
        )
        return response["output"]["message"]["content"][0]["text"]

    def enrich(self, transcript: str) -> dict:
        try:
            summary = self._converse(self.settings.bedrock_inference_profile_arn, f"Summarize:\n{transcript}")
        except self.runtime.exceptions.ThrottlingException:
            summary = self._converse(self.FALLBACK_MODEL, f"Summarize:\n{transcript}")
        speakers = self._converse(self.settings.speaker_model_id, f"Label the speakers:\n{transcript}")
        return {"summary": summary, "speakers": speakers, "prompt_version": self.PROMPT_VERSION}
