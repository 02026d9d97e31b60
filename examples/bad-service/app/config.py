"""Runtime configuration of the chat service."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    aws_region: str = os.environ.get("AWS_REGION", "us-east-1")
    # US cross-region profile: more throughput than the on-demand model in one Region.
    chat_model_id: str = os.environ.get("CHAT_MODEL_ID", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")
    max_tokens: int = int(os.environ.get("MAX_TOKENS", "1024"))


settings = Settings()
