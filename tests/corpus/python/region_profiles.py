"""Pick the cross-region inference profile matching the deployment region.

Bedrock system profiles are named <geo>.<model>, e.g. eu.anthropic.claude-sonnet-4-6 for
eu-central-1 / eu-west-1 / eu-west-3. We derive the geo prefix from AWS_REGION.
"""

import os

import boto3

REGION = os.environ.get("AWS_REGION", "eu-central-1")
GEO_PREFIX = {"us": "us", "eu": "eu", "ap": "apac", "ca": "us"}.get(REGION.split("-")[0], "us")

runtime = boto3.client("bedrock-runtime", region_name=REGION)
sts = boto3.client("sts")


def sonnet_profile_id(region_prefix: str = GEO_PREFIX) -> str:
    return f"{region_prefix}.anthropic.claude-sonnet-4-5-20250929-v1:0"  # expect: BRL102


def haiku_profile_arn(account_id: str) -> str:
    return f"arn:aws:bedrock:{REGION}:{account_id}:inference-profile/{GEO_PREFIX}.anthropic.claude-haiku-4-5-20251001-v1:0"  # expect: BRL102


def pixtral_model_arn() -> str:
    return f"arn:aws:bedrock:{REGION}::foundation-model/mistral.pixtral-large-2502-v1:0"  # expect: BRL101


def chat(prompt: str) -> str:
    response = runtime.converse(
        modelId=sonnet_profile_id(),
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    return response["output"]["message"]["content"][0]["text"]


def quick(prompt: str) -> str:
    account = sts.get_caller_identity()["Account"]
    response = runtime.converse(
        modelId=haiku_profile_arn(account),
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": 300},
    )
    return response["output"]["message"]["content"][0]["text"]


def describe_image(png: bytes) -> str:
    response = runtime.converse(
        modelId=pixtral_model_arn(),
        messages=[
            {
                "role": "user",
                "content": [{"image": {"format": "png", "source": {"bytes": png}}}, {"text": "Describe the chart."}],
            }
        ],
    )
    return response["output"]["message"]["content"][0]["text"]


def tenant_profile_arn() -> str:
    # Application profile: region/account/id all come from the task definition.
    return (
        f"arn:aws:bedrock:{REGION}:{os.environ['AWS_ACCOUNT_ID']}:"
        f"application-inference-profile/{os.environ['CHAT_PROFILE_ID']}"
    )
