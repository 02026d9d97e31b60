"""Long-form drafting with the Anthropic SDK's Bedrock client."""

import os

from anthropic import AnthropicBedrock

client = AnthropicBedrock(aws_region=os.environ.get("AWS_REGION", "us-west-2"))

DRAFT_SYSTEM = (
    "You are a senior technical writer. Write in plain English, short paragraphs, "
    "and keep every claim traceable to the notes you were given."
)


def draft(notes: str, max_tokens: int = 8000) -> str:
    message = client.messages.create(
        model="anthropic.claude-opus-4-7",  # expect: BRL101
        max_tokens=max_tokens,
        system=DRAFT_SYSTEM,
        messages=[{"role": "user", "content": f"Turn these notes into a design doc:\n\n{notes}"}],
    )
    return "".join(block.text for block in message.content if block.type == "text")


def headline(text: str) -> str:
    with client.messages.stream(
        model="global.anthropic.claude-haiku-4-5-20251001-v1:0",  # expect: BRL102
        max_tokens=60,
        messages=[{"role": "user", "content": f"One-line headline for:\n{text}"}],
    ) as stream:
        return stream.get_final_text().strip()


def review(doc: str) -> str:
    # Reviewer runs through the docs team's profile; see infra/bedrock.tf
    message = client.messages.create(
        model=os.environ["REVIEW_PROFILE_ARN"],
        max_tokens=2000,
        messages=[{"role": "user", "content": f"List factual problems in:\n\n{doc}"}],
    )
    return message.content[0].text
