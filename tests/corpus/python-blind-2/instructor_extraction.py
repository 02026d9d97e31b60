"""Structured extraction from scanned invoices with instructor on Amazon Bedrock."""

import time
from typing import List, Literal, Optional

import boto3
import instructor
import pdfplumber
from pydantic import BaseModel, Field

from app.config import settings

# Bedrock cross-region inference profile IDs
OPUS_MODEL = "us.anthropic.claude-opus-4-5-20251101-v1:0"  # expect: BRL102
HAIKU_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"  # expect: BRL102


class LineItem(BaseModel):
    description: str
    quantity: int
    unit_price: float


class Invoice(BaseModel):
    vendor: str
    currency: Literal["EUR", "USD", "GBP"]
    items: List[LineItem]
    confidence: Literal["high", "medium", "low"] = Field(description="Confidence level")
    model_used: Optional[str] = Field(default=None, description="e.g. us.anthropic.claude-haiku-4-5-20251001-v1:0")


def create_bedrock_client(region: str = "us-west-2") -> instructor.Instructor:
    """Create an instructor-wrapped Bedrock client for structured outputs."""
    bedrock_client = boto3.client("bedrock-runtime", region_name=region)
    return instructor.from_bedrock(bedrock_client, mode=instructor.Mode.BEDROCK_TOOLS)


def retry_with_backoff(func, max_retries=3):
    def wrapper(*args, **kwargs):
        for attempt in range(max_retries):
            try:
                return func(*args, **kwargs)
            except Exception as e:  # noqa: BLE001
                if "(ThrottlingException)" in str(e) and attempt < max_retries - 1:
                    time.sleep(2**attempt)
                    continue
                raise

    return wrapper


@retry_with_backoff
def extract_invoice(pdf_path: str, difficult: bool = False) -> Invoice:
    client = create_bedrock_client()
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return client.chat.completions.create(
        model=OPUS_MODEL if difficult else HAIKU_MODEL,
        messages=[{"role": "user", "content": f"Extract the invoice:\n{text}"}],
        response_model=Invoice,
    )


def classify_quickly(text: str) -> str:
    client = instructor.from_bedrock(boto3.client("bedrock-runtime"))

    class Label(BaseModel):
        kind: Literal["invoice", "receipt", "other"]

    result = client.chat.completions.create(
        modelId="anthropic.claude-3-sonnet-20240229-v1:0",  # expect: BRL101
        messages=[{"role": "user", "content": text[:4000]}],
        response_model=Label,
    )
    return result.kind


class AnalysisAgent:
    """Production agent: model ID comes from settings (SSM-backed)."""

    def __init__(self):
        self.client = instructor.from_bedrock(boto3.client("bedrock-runtime"), model=settings.BEDROCK_MODEL_ID)

    def analyse(self, text: str) -> Invoice:
        return self.client.chat.completions.create(
            messages=[{"role": "user", "content": text}],
            response_model=Invoice,
        )
