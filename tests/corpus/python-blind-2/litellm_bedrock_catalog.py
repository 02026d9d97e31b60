"""Bedrock routing helpers for the provider layer (vendored from an LLM gateway library).

Decides whether a Bedrock model goes through Converse or InvokeModel and which
provider-specific transformation applies. No model is chosen here: the caller's
``model`` string is passed through unchanged.
"""

from __future__ import annotations

import re
from typing import List, Literal, Optional, Tuple

__all__ = [
    "BEDROCK_CONVERSE_MODELS",
    "BEDROCK_INVOKE_PROVIDERS_LITERAL",
    "get_bedrock_route",
    "get_bedrock_invoke_provider",
    "is_bedrock_converse_model",
]

# Models known to support the Converse API. Membership test only.
BEDROCK_CONVERSE_MODELS = [
    "qwen.qwen3-coder-480b-a35b-v1:0",
    "qwen.qwen3-32b-v1:0",
    "deepseek.v3-v1:0",
    "openai.gpt-oss-20b-1:0",
    "openai.gpt-oss-120b-1:0",
    "anthropic.claude-haiku-4-5-20251001-v1:0",
    "anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic.claude-opus-4-1-20250805-v1:0",
    "anthropic.claude-sonnet-4-20250514-v1:0",
    "anthropic.claude-3-7-sonnet-20250219-v1:0",
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "ai21.jamba-1-5-mini-v1:0",
    "meta.llama3-70b-instruct-v1:0",
    "meta.llama3-1-405b-instruct-v1:0",
    "mistral.mistral-large-2407-v1:0",
    "amazon.nova-pro-v1:0",
    "amazon.nova-lite-v1:0",
    "amazon.nova-micro-v1:0",
]

BEDROCK_INVOKE_PROVIDERS_LITERAL = Literal[
    "cohere",
    "anthropic",
    "mistral",
    "amazon",
    "meta",
    "llama",
    "ai21",
    "nova",
    "deepseek_r1",
    "qwen3",
]

BEDROCK_EMBEDDING_PROVIDERS_LITERAL = Literal["cohere", "amazon", "twelvelabs"]

_GEO_PREFIXES: Tuple[str, ...] = ("us.", "eu.", "apac.", "jp.", "au.", "global.", "us-gov.")
_ROUTE_PREFIXES = ("converse/", "invoke/", "converse_like/", "async_invoke/", "openai/")

# e.g. "bedrock/us-east-1/anthropic.claude-3-haiku-20240307-v1:0"
_REGION_IN_PATH = re.compile(r"^(?P<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)/(?P<model>.+)$")


def _strip_geo(model: str) -> str:
    for prefix in _GEO_PREFIXES:
        if model.startswith(prefix):
            return model[len(prefix):]
    return model


def is_bedrock_converse_model(model: str) -> bool:
    """True when ``model`` (optionally geo-prefixed) is in the Converse allow-list."""
    base = _strip_geo(model)
    if base in BEDROCK_CONVERSE_MODELS:
        return True
    # Unversioned new-style IDs (anthropic.claude-sonnet-4-6) are Converse-only.
    return base.startswith("anthropic.claude-") and "-v" not in base.rsplit("-", 1)[-1]


def get_bedrock_route(model: str) -> Literal["converse", "invoke", "converse_like", "async_invoke", "openai"]:
    for prefix in _ROUTE_PREFIXES:
        if model.startswith(prefix):
            return prefix.rstrip("/")  # type: ignore[return-value]
    if ":application-inference-profile/" in model:
        # The ARN names no model, so only Converse can be used.
        return "converse"
    if is_bedrock_converse_model(model):
        return "converse"
    return "invoke"


def get_bedrock_invoke_provider(model: str) -> Optional[BEDROCK_INVOKE_PROVIDERS_LITERAL]:
    """Return the provider segment, e.g. ``anthropic`` for ``us.anthropic.claude-3-haiku-...``."""
    base = _strip_geo(model.split("/")[-1])
    provider = base.split(".", 1)[0]
    if provider == "deepseek" and "r1" in base:
        return "deepseek_r1"
    if provider == "qwen" and base.startswith("qwen.qwen3"):
        return "qwen3"
    if provider in ("cohere", "anthropic", "mistral", "amazon", "meta", "ai21"):
        return provider  # type: ignore[return-value]
    return None


def split_region_path(model: str) -> Tuple[Optional[str], str]:
    match = _REGION_IN_PATH.match(model)
    if match:
        return match.group("region"), match.group("model")
    return None, model


def supports_prompt_caching(model: str) -> bool:
    base = _strip_geo(model)
    return base.startswith(("anthropic.claude-3-7", "anthropic.claude-sonnet-4", "amazon.nova-"))


def supported_regions_for(model: str) -> List[str]:
    if model.startswith("eu."):
        return ["eu-central-1", "eu-west-1", "eu-west-3"]
    if model == "amazon.nova-premier-v1:0":
        return ["us-east-1"]
    return ["us-east-1", "us-west-2"]
