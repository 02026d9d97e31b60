"""Parsing helpers for Bedrock model identifiers (IDs, profile IDs and ARNs)."""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

__all__ = ["ParsedModelId", "parse", "is_claude", "strip_geo", "provider_of", "foundation_model_arn"]

GEO_PREFIXES = frozenset({"us", "eu", "apac", "jp", "au", "ca", "global", "us-gov"})
KNOWN_PROVIDERS = frozenset(
    {"anthropic", "amazon", "meta", "mistral", "cohere", "ai21", "deepseek", "qwen", "openai", "writer", "stability"}
)

_ID_RE = re.compile(
    r"^(?:(?P<geo>us|eu|apac|jp|au|ca|global|us-gov)\.)?"
    r"(?P<provider>[a-z0-9]+)\.(?P<name>[a-z0-9.\-]+?)"
    r"(?:-v(?P<major>\d+))?(?::(?P<minor>\d+))?(?::(?P<ctx>\d+k))?$"
)
_ARN_RE = re.compile(r"^arn:aws(?:-[a-z]+)*:bedrock:(?P<region>[a-z0-9-]*):(?P<account>\d*):(?P<kind>[a-z-]+)/(?P<rest>.+)$")


class ParsedModelId(NamedTuple):
    geo: Optional[str]
    provider: str
    name: str
    version: Optional[str]


def parse(model_id: str) -> ParsedModelId:
    """Split a model ID.

    >>> parse("us.anthropic.claude-3-5-haiku-20241022-v1:0")
    ParsedModelId(geo='us', provider='anthropic', name='claude-3-5-haiku-20241022', version='1:0')
    >>> parse("anthropic.claude-sonnet-4-6").version is None
    True
    """
    arn = _ARN_RE.match(model_id)
    if arn:
        model_id = arn.group("rest")
    m = _ID_RE.match(model_id)
    if not m:
        raise ValueError(f"not a Bedrock model id: {model_id!r} (expected e.g. 'amazon.nova-lite-v1:0')")
    version = None
    if m.group("major"):
        version = f"{m.group('major')}:{m.group('minor') or 0}"
    return ParsedModelId(m.group("geo"), m.group("provider"), m.group("name"), version)


def strip_geo(model_id: str) -> str:
    head, _, tail = model_id.partition(".")
    return tail if head in GEO_PREFIXES else model_id


def provider_of(model_id: str) -> str:
    provider = strip_geo(model_id).split(".")[0]
    if provider not in KNOWN_PROVIDERS:
        raise ValueError(f"unknown provider {provider!r}")
    return provider


def is_claude(model_id: str) -> bool:
    return model_id.split(".")[0] == "anthropic" or ".anthropic.claude" in model_id


def needs_profile(model_id: str) -> bool:
    """Newer Claude models are not invocable on-demand without a profile."""
    return strip_geo(model_id) in {
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-opus-4-20250514-v1:0",
    }


def foundation_model_arn(model_id: str, region: str) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{strip_geo(model_id)}"


EXAMPLE_IDS = (
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "eu.amazon.nova-micro-v1:0",
    "meta.llama3-2-11b-instruct-v1:0",
    "deepseek.v3.2",
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
)

if __name__ == "__main__":
    for mid in EXAMPLE_IDS:
        print(f"{mid:70s} -> {parse(mid)}")
