"""Anthropic-Messages-API-compatible proxy in front of Amazon Bedrock.

Clients send Anthropic model names (``claude-sonnet-4-5-20250929``); the proxy
translates them to Bedrock model IDs and forwards the request.
"""

import json
from functools import lru_cache
from typing import Dict, List, Optional

import boto3
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Application settings loaded from environment variables."""

    model_config = SettingsConfigDict(env_file=".env", case_sensitive=False, extra="ignore")

    app_name: str = Field(default="Anthropic-Bedrock API Proxy", alias="APP_NAME")
    aws_region: str = Field(default="us-east-1", alias="AWS_REGION")
    bedrock_endpoint_url: Optional[str] = Field(default=None, alias="BEDROCK_ENDPOINT_URL")
    dynamodb_model_mapping_table: str = Field(default="anthropic-proxy-model-mapping", alias="DYNAMODB_MODEL_MAPPING_TABLE")

    # Model Mapping: Anthropic model IDs -> Bedrock model IDs (used for every request)
    default_model_mapping: Dict[str, str] = Field(
        default={
            "claude-opus-4-5-20251101": "global.anthropic.claude-opus-4-5-20251101-v1:0",  # expect: BRL102
            "claude-sonnet-4-5-20250929": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",  # expect: BRL102
            "claude-haiku-4-5-20251001": "global.anthropic.claude-haiku-4-5-20251001-v1:0",  # expect: BRL102
            "claude-3-5-haiku-20241022": "us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL102
        },
        alias="DEFAULT_MODEL_MAPPING",
    )

    # Only these models get beta headers mapped (membership test, nothing is sent from here).
    beta_header_supported_models: List[str] = Field(
        default=[
            "claude-opus-4-5-20251101",
            "global.anthropic.claude-opus-4-5-20251101-v1:0",
        ],
        alias="BETA_HEADER_SUPPORTED_MODELS",
    )

    beta_headers_passthrough: List[str] = Field(
        default=["fine-grained-tool-streaming-2025-05-14", "interleaved-thinking-2025-05-14"],
        alias="BETA_HEADERS_PASSTHROUGH",
    )

    @field_validator("aws_region")
    @classmethod
    def validate_region(cls, v: str) -> str:
        if not v.count("-") == 2:
            raise ValueError("AWS_REGION must look like us-east-1")
        return v


@lru_cache()
def get_settings() -> Settings:
    return Settings()


settings = get_settings()


class ModelMappingManager:
    def __init__(self, table_name: str):
        self._table = boto3.resource("dynamodb").Table(table_name)

    def get_mapping(self, anthropic_model_id: str) -> Optional[str]:
        item = self._table.get_item(Key={"anthropic_model_id": anthropic_model_id}).get("Item")
        return item["bedrock_model_id"] if item else None


def resolve_bedrock_model(anthropic_model_id: str) -> str:
    custom = ModelMappingManager(settings.dynamodb_model_mapping_table).get_mapping(anthropic_model_id)
    if custom:
        return custom
    # Pass-through when no mapping exists (client already sent a Bedrock ID or ARN).
    return settings.default_model_mapping.get(anthropic_model_id, anthropic_model_id)


def forward_messages(request: dict):
    bedrock_model_id = resolve_bedrock_model(request["model"])
    body = {k: v for k, v in request.items() if k not in ("model", "stream")}
    body["anthropic_version"] = "bedrock-2023-05-31"
    if bedrock_model_id in settings.beta_header_supported_models and request.get("betas"):
        body["anthropic_beta"] = [b for b in request["betas"] if b in settings.beta_headers_passthrough]
    runtime = boto3.client("bedrock-runtime", region_name=settings.aws_region, endpoint_url=settings.bedrock_endpoint_url)
    if request.get("stream"):
        return runtime.invoke_model_with_response_stream(modelId=bedrock_model_id, body=json.dumps(body))
    return runtime.invoke_model(modelId=bedrock_model_id, body=json.dumps(body))
