"""Bedrock token cost tracking.

NOTE hardcoded costs are far from ideal, but the pricing API only covers
first-party models, so third-party prices are maintained by hand here.
Prices in USD per 1,000 tokens (on-demand, us-east-1).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import pydantic

logger = logging.getLogger(__name__)


class TokenPrices(pydantic.BaseModel):
    input_per_1000: float = pydantic.Field(ge=0.0)
    output_per_1000: float = pydantic.Field(ge=0.0)
    currency: str = "USD"


MODELID_COSTS_PER_TOKEN: dict[str, TokenPrices] = {
    "anthropic.claude-3-5-haiku-20241022-v1:0": TokenPrices(input_per_1000=0.0008, output_per_1000=0.004),
    "anthropic.claude-3-haiku-20240307-v1:0": TokenPrices(input_per_1000=0.00025, output_per_1000=0.00125),
    "anthropic.claude-sonnet-4-20250514-v1:0": TokenPrices(input_per_1000=0.003, output_per_1000=0.015),
    "us.anthropic.claude-3-7-sonnet-20250219-v1:0": TokenPrices(input_per_1000=0.003, output_per_1000=0.015),
    "amazon.nova-micro-v1:0": TokenPrices(input_per_1000=0.000035, output_per_1000=0.00014),
    "amazon.nova-lite-v1:0": TokenPrices(input_per_1000=0.00006, output_per_1000=0.00024),
    "amazon.nova-pro-v1:0": TokenPrices(input_per_1000=0.0008, output_per_1000=0.0032),
    "meta.llama3-3-70b-instruct-v1:0": TokenPrices(input_per_1000=0.00072, output_per_1000=0.00072),
}

# model_id_prefix -> (input_price_per_1M, output_price_per_1M, context_window)
PREFIX_PRICING: Dict[str, Tuple[float, float, int]] = {
    "anthropic.claude-3-5-sonnet": (3.00, 15.00, 200_000),
    "anthropic.claude-3-opus": (15.00, 75.00, 200_000),
    "anthropic.claude-v2": (8.00, 24.00, 100_000),
    "mistral.mistral-large": (4.00, 12.00, 128_000),
    "cohere.command-r-plus": (3.00, 15.00, 128_000),
}

# Used when a model shows up in the usage logs that we have no price for.
FALLBACK_PRICE_KEY = "anthropic.claude-3-5-haiku-20241022-v1:0"

_GEO = ("us.", "eu.", "apac.", "jp.", "au.", "global.")


def normalise(model_id: str) -> str:
    """``us.anthropic.claude-3-7-sonnet-...`` and the ARN form both price like the base model."""
    if model_id.startswith("arn:"):
        model_id = model_id.rsplit("/", 1)[-1]
    for geo in _GEO:
        if model_id.startswith(geo):
            return model_id[len(geo):]
    return model_id


def price_for(model_id: str) -> TokenPrices:
    if model_id in MODELID_COSTS_PER_TOKEN:
        return MODELID_COSTS_PER_TOKEN[model_id]
    base = normalise(model_id)
    if base in MODELID_COSTS_PER_TOKEN:
        return MODELID_COSTS_PER_TOKEN[base]
    for prefix, (inp, out, _ctx) in PREFIX_PRICING.items():
        if base.startswith(prefix):
            return TokenPrices(input_per_1000=inp / 1000, output_per_1000=out / 1000)
    logger.warning("no price for %s, using %s", model_id, FALLBACK_PRICE_KEY)
    return MODELID_COSTS_PER_TOKEN[FALLBACK_PRICE_KEY]


@dataclass
class UsageRecord:
    model_id: str
    input_tokens: int
    output_tokens: int


@dataclass
class CostReport:
    records: List[UsageRecord] = field(default_factory=list)

    def add(self, model_id: str, usage: dict) -> None:
        self.records.append(UsageRecord(model_id, usage.get("inputTokens", 0), usage.get("outputTokens", 0)))

    def total(self, model_filter: Optional[str] = None) -> float:
        cost = 0.0
        for r in self.records:
            if model_filter and r.model_id != model_filter:
                continue
            p = price_for(r.model_id)
            cost += r.input_tokens / 1000 * p.input_per_1000 + r.output_tokens / 1000 * p.output_per_1000
        return round(cost, 6)

    def claude_share(self) -> float:
        claude = sum(1 for r in self.records if ".anthropic.claude" in r.model_id or r.model_id.startswith("anthropic."))
        return claude / max(len(self.records), 1)


def context_window(model_id: str) -> int:
    for prefix, (_i, _o, ctx) in PREFIX_PRICING.items():
        if normalise(model_id).startswith(prefix):
            return ctx
    return 200_000 if "claude" in model_id else 128_000


if __name__ == "__main__":
    report = CostReport()
    report.add("us.anthropic.claude-3-7-sonnet-20250219-v1:0", {"inputTokens": 1200, "outputTokens": 300})
    report.add("amazon.nova-lite-v1:0", {"inputTokens": 5000, "outputTokens": 800})
    print(f"total ${report.total():.4f}, nova only ${report.total('amazon.nova-lite-v1:0'):.4f}")
