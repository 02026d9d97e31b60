"""Typed configuration objects passed around the report-writing service."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, NamedTuple, TypedDict

import boto3
import yaml
from strands import Agent
from strands.models import BedrockModel

runtime = boto3.client("bedrock-runtime")


class ModelConfig(TypedDict, total=False):
    model_id: str
    max_tokens: int
    temperature: float


DEFAULT_CONFIG: ModelConfig = {
    "model_id": "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL102
    "max_tokens": 2048,
    "temperature": 0.2,
}


def writer_agent(overrides: ModelConfig | None = None) -> Agent:
    config: ModelConfig = {**DEFAULT_CONFIG, **(overrides or {})}
    return Agent(model=BedrockModel(**config), system_prompt="You write incident reports.")


class Summarizer:
    MODEL_ID: ClassVar[str] = "anthropic.claude-3-5-haiku-20241022-v1:0"  # expect: BRL101
    MAX_TOKENS: ClassVar[int] = 800

    def summarise(self, text: str) -> str:
        out = runtime.converse(
            modelId=self.MODEL_ID,
            messages=[{"role": "user", "content": [{"text": text}]}],
            inferenceConfig={"maxTokens": self.MAX_TOKENS},
        )
        return out["output"]["message"]["content"][0]["text"]


@dataclass(frozen=True)
class RouteConfig:
    primary: str = "us.amazon.nova-premier-v1:0"  # expect: BRL102
    fallback: str = "amazon.nova-lite-v1:0"  # expect: BRL101
    retries: int = 2
    tags: dict[str, str] = field(default_factory=lambda: {"team": "reports"})


def route(cfg: RouteConfig, prompt: str) -> str:
    for model_id in (cfg.primary, cfg.fallback):
        try:
            out = runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": prompt}]}])
            return out["output"]["message"]["content"][0]["text"]
        except runtime.exceptions.ThrottlingException:
            continue
    raise RuntimeError("all routes throttled")


class Tier(NamedTuple):
    name: str
    model_id: str
    max_tokens: int


TIERS = (
    Tier("fast", "amazon.nova-micro-v1:0", 512),  # expect: BRL101
    Tier("balanced", "us.anthropic.claude-3-5-haiku-20241022-v1:0", 1024),  # expect: BRL102
)


def by_tier(name: str, prompt: str) -> str:
    tier = next(t for t in TIERS if t.name == name)
    out = runtime.converse(
        modelId=tier.model_id,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": tier.max_tokens},
    )
    return out["output"]["message"]["content"][0]["text"]


def from_yaml(path: Path = Path("config/models.yaml")) -> RouteConfig:
    """Deployed environments ship their own models.yaml (profile ARNs)."""
    data = yaml.safe_load(path.read_text())
    return RouteConfig(primary=data["routes"]["primary"], fallback=data["routes"]["fallback"])
