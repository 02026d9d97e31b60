"""Runtime configuration of the chat service."""

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    aws_region: str = os.environ.get("AWS_REGION", "eu-central-1")
    # Application inference profile ARN, set by Terraform / CloudFormation. No default:
    # a missing variable must fail at cold start, not fall back to a direct model call.
    profile_arn: str = field(default_factory=lambda: os.environ["BEDROCK_INFERENCE_PROFILE_ARN"])
    max_tokens: int = int(os.environ.get("MAX_TOKENS", "1024"))


settings = Settings()
