"""Pre-flight token counting so we can reject oversized prompts before invoking.

CountTokens only accepts a foundation model ID, so the base model of our profile is
named here; the actual Converse call goes through the application inference profile
(see https://docs.aws.amazon.com/bedrock/latest/userguide/count-tokens.html).
"""

import os

import boto3

runtime = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "eu-central-1"))

PROFILE_ARN = os.environ["BEDROCK_INFERENCE_PROFILE_ARN"]
TOKEN_COUNT_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0"
MAX_INPUT_TOKENS = int(os.environ.get("MAX_INPUT_TOKENS", "150000"))


class PromptTooLarge(ValueError):
    pass


def count_tokens(messages: list[dict], system: list[dict] | None = None) -> int:
    converse_input = {"messages": messages}
    if system:
        converse_input["system"] = system
    response = runtime.count_tokens(modelId=TOKEN_COUNT_MODEL, input={"converse": converse_input})
    return response["inputTokens"]


def count_raw(body: str) -> int:
    response = runtime.count_tokens(
        modelId="anthropic.claude-3-5-haiku-20241022-v1:0",
        input={"invokeModel": {"body": body}},
    )
    return response["inputTokens"]


def converse_checked(messages: list[dict], system: list[dict] | None = None, **config) -> dict:
    used = count_tokens(messages, system)
    if used > MAX_INPUT_TOKENS:
        raise PromptTooLarge(f"{used} tokens > limit {MAX_INPUT_TOKENS}")
    return runtime.converse(
        modelId=PROFILE_ARN,
        messages=messages,
        system=system or [],
        inferenceConfig={"maxTokens": config.get("max_tokens", 1024)},
    )
