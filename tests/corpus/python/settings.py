"""Application settings, loaded from the environment / .env by pydantic-settings."""

from functools import lru_cache

from langchain_aws import BedrockEmbeddings, ChatBedrockConverse
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_", extra="ignore")

    environment: str = "dev"
    aws_region: str = "eu-west-1"
    log_level: str = "INFO"

    # LLM
    bedrock_model_id: str = "eu.anthropic.claude-sonnet-4-6"  # expect: BRL102
    bedrock_fallback_model_id: str = Field(
        default="eu.amazon.nova-pro-v1:0",  # expect: BRL102
        description="Used when the primary model is throttled",
    )
    temperature: float = 0.1
    max_tokens: int = 4096

    # Embeddings (titan v2, 1024 dims; must match the OpenSearch index mapping)
    embedding_model_id: str = "amazon.titan-embed-text-v2:0"
    embedding_dimensions: int = 1024

    # Guardrail
    guardrail_id: str | None = None
    guardrail_version: str = "DRAFT"

    opensearch_endpoint: str = "https://search-acme-docs.eu-west-1.es.amazonaws.com"
    admin_email: str = "platform@acme.io"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def get_chat_model(fallback: bool = False) -> ChatBedrockConverse:
    s = get_settings()
    guardrails = None
    if s.guardrail_id:
        guardrails = {"guardrailIdentifier": s.guardrail_id, "guardrailVersion": s.guardrail_version}
    return ChatBedrockConverse(
        model=s.bedrock_fallback_model_id if fallback else s.bedrock_model_id,
        region_name=s.aws_region,
        temperature=s.temperature,
        max_tokens=s.max_tokens,
        guardrail_config=guardrails,
    )


def get_embeddings() -> BedrockEmbeddings:
    s = get_settings()
    return BedrockEmbeddings(
        model_id=s.embedding_model_id,
        region_name=s.aws_region,
        model_kwargs={"dimensions": s.embedding_dimensions, "normalize": True},
    )
