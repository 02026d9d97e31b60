"""Model selection for the notebook sandbox and the staging service.

In staging and prod BEDROCK_INFERENCE_PROFILE_ARN is always set by the task definition.
In a personal sandbox account it usually is not, so we fall back to calling a model
directly. (Nobody has written this down in AGENTS.md yet.)
"""

import os

import boto3

runtime = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "eu-west-1"))

PROFILE_ARN = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", "amazon.nova-lite-v1:0")  # expect: BRL105

# Legacy name still used by the batch workers
BATCH_MODEL = os.environ.get("BEDROCK_AIP_ARN") or "eu.anthropic.claude-sonnet-4-6"  # expect: BRL105


def ask(prompt: str) -> str:
    response = runtime.converse(
        modelId=PROFILE_ARN,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": 800},
    )
    return response["output"]["message"]["content"][0]["text"]


def batch_classify(prompts: list[str]) -> list[str]:
    labels = []
    for prompt in prompts:
        response = runtime.converse(
            modelId=BATCH_MODEL,
            system=[{"text": "Label the text as positive, negative or neutral. One word."}],
            messages=[{"role": "user", "content": [{"text": prompt}]}],
            inferenceConfig={"maxTokens": 5, "temperature": 0},
        )
        labels.append(response["output"]["message"]["content"][0]["text"].strip().lower())
    return labels


def describe_target() -> str:
    if PROFILE_ARN.startswith("arn:aws:bedrock:") and ":application-inference-profile/" in PROFILE_ARN:
        return f"profile {PROFILE_ARN.rsplit('/', 1)[-1]}"
    return f"direct model {PROFILE_ARN} (sandbox)"
