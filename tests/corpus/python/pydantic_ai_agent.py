"""Invoice extraction agent (pydantic-ai)."""

import os
from datetime import date
from decimal import Decimal

from pydantic import BaseModel
from pydantic_ai import Agent
from pydantic_ai.models.bedrock import BedrockConverseModel, BedrockModelSettings
from pydantic_ai.providers.bedrock import BedrockProvider


class LineItem(BaseModel):
    description: str
    quantity: int
    unit_price: Decimal


class Invoice(BaseModel):
    vendor: str
    invoice_number: str
    issued: date
    currency: str
    items: list[LineItem]


provider = BedrockProvider(region_name=os.getenv("AWS_REGION", "eu-central-1"))

# The base model name drives capability detection; the request is sent to the profile.
extraction_model = BedrockConverseModel(
    "anthropic.claude-sonnet-4-5-20250929-v1:0",
    provider=provider,
    settings=BedrockModelSettings(bedrock_inference_profile=os.environ["EXTRACTION_PROFILE_ARN"]),
)

extractor = Agent(
    extraction_model,
    output_type=Invoice,
    instructions="Extract the invoice fields. Use ISO 4217 currency codes.",
)

# Free-text summary of the invoice for the approval e-mail; same pattern, dict settings.
summary_agent = Agent(
    BedrockConverseModel(
        "amazon.nova-pro-v1:0",
        provider=provider,
        settings={"bedrock_inference_profile": os.environ["SUMMARY_PROFILE_ARN"], "max_tokens": 300},
    ),
    instructions="Summarize the invoice in two sentences for an approver.",
)

# Cheap pre-filter: is this document an invoice at all?
triage = Agent(
    "bedrock:us.amazon.nova-lite-v1:0",  # expect: BRL102
    output_type=bool,
    instructions="Answer true if the text is an invoice, false otherwise.",
)

# Kept for the offline eval notebook, which compares against the old model.
legacy_extractor = Agent(
    "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
    output_type=Invoice,
)


async def extract(text: str) -> Invoice | None:
    is_invoice = await triage.run(text[:4000])
    if not is_invoice.output:
        return None
    result = await extractor.run(text)
    return result.output
