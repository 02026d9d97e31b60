# Copyright 2024 voice-agents contributors.
# Licensed under the Apache License, Version 2.0.
"""AWS Bedrock LLM plugin for the realtime voice-agent framework."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

import aioboto3

from .log import logger

TEXT_MODEL = Literal["anthropic.claude-3-5-sonnet-20241022-v2:0"]
DEFAULT_REGION = "us-east-1"
REFRESH_INTERVAL = 1800


@dataclass
class _LLMOptions:
    model: str | TEXT_MODEL
    temperature: float | None
    max_output_tokens: int | None
    top_p: float | None
    additional_request_fields: dict[str, Any] | None


class LLM:
    def __init__(
        self,
        *,
        model: TEXT_MODEL | str = "anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
        region: str | None = None,
        temperature: float | None = None,
        max_output_tokens: int | None = None,
        top_p: float | None = None,
        additional_request_fields: dict[str, Any] | None = None,
    ) -> None:
        """Create a new instance of the AWS Bedrock LLM.

        ``model`` may be overridden with the ``BEDROCK_LLM_MODEL`` env var, e.g. with an
        ``arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc`` ARN.
        """
        self._region = region or os.environ.get("AWS_REGION") or DEFAULT_REGION
        model = os.environ.get("BEDROCK_LLM_MODEL", model)
        if model.startswith("anthropic.claude-3-5-sonnet-2024"):
            logger.info("Claude 3.5 Sonnet is deprecated, consider anthropic.claude-sonnet-4-5-20250929-v1:0")
        self._opts = _LLMOptions(
            model=model,
            temperature=temperature,
            max_output_tokens=max_output_tokens,
            top_p=top_p,
            additional_request_fields=additional_request_fields,
        )
        self._session = aioboto3.Session()

    @property
    def model(self) -> str:
        return self._opts.model

    async def chat(self, messages: list[dict], system: list[dict] | None = None):
        inference_config: dict[str, Any] = {}
        if self._opts.max_output_tokens is not None:
            inference_config["maxTokens"] = self._opts.max_output_tokens
        if self._opts.temperature is not None:
            inference_config["temperature"] = self._opts.temperature
        opts: dict[str, Any] = {
            "modelId": self._opts.model,
            "messages": messages,
            "inferenceConfig": inference_config,
        }
        if system:
            opts["system"] = system
        if self._opts.additional_request_fields:
            opts["additionalModelRequestFields"] = self._opts.additional_request_fields
        async with self._session.client("bedrock-runtime", region_name=self._region) as client:
            response = await client.converse_stream(**opts)
            async for chunk in response["stream"]:
                if "contentBlockDelta" in chunk:
                    yield chunk["contentBlockDelta"]["delta"].get("text", "")
                elif "metadata" in chunk:
                    logger.debug("usage", extra={"model": self._opts.model, **chunk["metadata"]["usage"]})
