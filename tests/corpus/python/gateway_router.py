"""In-process LiteLLM Router used by the API gateway service.

Each entry maps a public model name to a Bedrock target. Profile-backed entries keep the
base model in `model` (LiteLLM uses it for pricing and capability lookup) and send the
request to `model_id`.
"""

import os

from litellm import Router

AWS = {"aws_region_name": os.environ.get("AWS_REGION_NAME", "eu-central-1")}

MODEL_LIST = [
    {
        "model_name": "claude-sonnet",
        "litellm_params": {
            "model": "bedrock/anthropic.claude-sonnet-4-6",
            "model_id": os.environ["CHAT_PROFILE_ARN"],
            **AWS,
        },
    },
    {
        "model_name": "claude-haiku",
        "litellm_params": {
            "model": "bedrock/converse/anthropic.claude-haiku-4-5-20251001-v1:0",
            "model_id": "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/k3j9x2m4p7q1",  # expect: BRL103
            **AWS,
        },
    },
    {
        "model_name": "llama",
        "litellm_params": {"model": "bedrock/meta.llama3-1-70b-instruct-v1:0", **AWS},  # expect: BRL101
    },
    {
        "model_name": "gpt-oss",
        "litellm_params": {"model": "bedrock/converse/openai.gpt-oss-120b-1:0", **AWS},  # expect: BRL101
    },
    {
        "model_name": "nova-docs",
        "litellm_params": {
            "model": "bedrock/arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/0z8y7x6w5v4u",  # expect: BRL103
            "base_model": "bedrock/amazon.nova-pro-v1:0",
            **AWS,
        },
    },
    {
        "model_name": "gpt-4o",
        "litellm_params": {"model": "openai/gpt-4o", "api_key": os.environ.get("OPENAI_API_KEY")},
    },
]

router = Router(
    model_list=MODEL_LIST,
    routing_strategy="simple-shuffle",
    num_retries=2,
    timeout=60,
    fallbacks=[{"claude-sonnet": ["claude-haiku"]}],
)


async def acomplete(model_name: str, messages: list[dict], **kwargs):
    return await router.acompletion(model=model_name, messages=messages, **kwargs)
