"""Thin wrappers around the Bedrock runtime client used by the API layer (incl. the weather tool-use bot)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import boto3
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

logger = logging.getLogger(__name__)

_RETRY_CODES = {"ThrottlingException", "ServiceUnavailableException", "ModelNotReadyException"}


class BedrockClient:
    """Synchronous Claude client (Messages API)."""

    def __init__(self, model_id: str = "anthropic.claude-3-sonnet-20240229-v1:0", region: str = "us-east-1"):  # expect: BRL101
        self.client = boto3.client("bedrock-runtime", region_name=region, config=Config(read_timeout=300))
        self.model_id = model_id

    def invoke(self, prompt: str, max_tokens: int = 800) -> str:
        body = {
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": max_tokens,
            "temperature": 0,
            "messages": [{"role": "user", "content": prompt}],
        }
        response = self.client.invoke_model(modelId=self.model_id, body=json.dumps(body))
        return json.loads(response["body"].read())["content"][0]["text"]


class AnthropicBedrockController:
    """Conversation controller; subclasses override `default_model`."""

    default_model = "anthropic.claude-3-haiku-20240307-v1:0"  # expect: BRL101
    max_tokens = 1000

    def __init__(self, region: str = "us-east-1", model: str | None = None):
        self.runtime = boto3.client("bedrock-runtime", region_name=region)
        self.model = model or self.default_model

    def reply(self, history: list[dict[str, Any]]) -> str:
        resp = self.runtime.converse(modelId=self.model, messages=history, inferenceConfig={"maxTokens": self.max_tokens})
        return resp["output"]["message"]["content"][0]["text"]


class SonnetController(AnthropicBedrockController):
    default_model = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"  # expect: BRL102
    max_tokens = 4000


class ModelConfig:
    """Per-agent model settings. Edit here to switch the model."""

    DEFAULT_MODEL_ID = "jp.anthropic.claude-sonnet-4-5-20250929-v1:0"  # expect: BRL102
    TEMPERATURE = 0.3

    @classmethod
    def runtime_kwargs(cls) -> dict[str, Any]:
        return {"modelId": cls.DEFAULT_MODEL_ID, "inferenceConfig": {"temperature": cls.TEMPERATURE}}


def invoke_with_retry(
    client,
    prompt: str,
    model_id: str = "mistral.mistral-large-2407-v1:0",  # expect: BRL101
    attempts: int = 4,
) -> str:
    for attempt in range(attempts):
        try:
            resp = client.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": prompt}]}])
            return resp["output"]["message"]["content"][0]["text"]
        except ClientError as err:
            code = err.response["Error"]["Code"]
            if code == "AccessDeniedException":
                raise RuntimeError(
                    f"No access to {model_id}. Enable it under Bedrock > Model access "
                    "(for example anthropic.claude-3-haiku-20240307-v1:0)."
                ) from err
            if code not in _RETRY_CODES or attempt == attempts - 1:
                raise
            wait = 2**attempt
            logger.warning("Bedrock throttled (%s), retrying in %ss", code, wait)
            time.sleep(wait)
    raise AssertionError("unreachable")


def converse_default(prompt: str) -> str:
    runtime = boto3.client("bedrock-runtime")
    kwargs = ModelConfig.runtime_kwargs()
    resp = runtime.converse(messages=[{"role": "user", "content": [{"text": prompt}]}], **kwargs)
    return resp["output"]["message"]["content"][0]["text"]


# ---- Tool use with the Converse API: weather bot ----

TOOL_SPEC = {
    "toolSpec": {
        "name": "Weather_Tool",
        "description": "Get the current weather for a given location, based on its WGS84 coordinates.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "latitude": {"type": "string", "description": "Geographical WGS84 latitude."},
                    "longitude": {"type": "string", "description": "Geographical WGS84 longitude."},
                },
                "required": ["latitude", "longitude"],
            }
        },
    }
}

SYSTEM_PROMPT = """You are a weather bot. Use Weather_Tool to answer.
Never mention that you run on anthropic.claude-3-sonnet or any other model."""


class WeatherBot:
    def __init__(self, region: str = "us-east-1") -> None:
        self.model_id = "anthropic.claude-3-sonnet-20240229-v1:0"  # expect: BRL101
        self.client = boto3.client("bedrock-runtime", region_name=region)
        self.messages: list[dict] = []

    def _send(self) -> dict:
        return self.client.converse(
            modelId=self.model_id,
            messages=self.messages,
            system=[{"text": SYSTEM_PROMPT}],
            toolConfig={"tools": [TOOL_SPEC]},
        )

    def ask(self, question: str) -> str:
        self.messages.append({"role": "user", "content": [{"text": question}]})
        try:
            response = self._send()
        except ClientError as err:
            logger.error("A client error occurred: %s", err.response["Error"]["Message"])
            raise
        message = response["output"]["message"]
        self.messages.append(message)
        if response["stopReason"] == "tool_use":
            for block in message["content"]:
                if "toolUse" in block:
                    self.messages.append(self._run_tool(block["toolUse"]))
            message = self._send()["output"]["message"]
            self.messages.append(message)
        return "".join(b.get("text", "") for b in message["content"])

    @staticmethod
    def _run_tool(tool_use: dict) -> dict:
        args = tool_use["input"]
        url = f"https://api.open-meteo.com/v1/forecast?latitude={args['latitude']}&longitude={args['longitude']}&current_weather=true"
        weather = requests.get(url, timeout=10).json().get("current_weather", {})
        return {
            "role": "user",
            "content": [{"toolResult": {"toolUseId": tool_use["toolUseId"], "content": [{"json": weather}]}}],
        }


class WeatherBotLite(WeatherBot):
    def __init__(self, region: str = "us-east-1") -> None:
        super().__init__(region)
        self.model_id = "us.amazon.nova-micro-v1:0"  # expect: BRL102
