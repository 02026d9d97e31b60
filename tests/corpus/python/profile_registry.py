"""Per-tenant Bedrock profile lookup for the multi-tenant summarizer.

TODO(platform#412): move the ARNs to SSM (/acme/<tenant>/bedrock/profile-arn) and drop
the hardcoded table below; the SSM path is already used for new tenants.
"""

from __future__ import annotations

import functools
import os

import boto3

REGION = os.environ.get("AWS_REGION", "eu-central-1")

_TENANT_PROFILES = {
    "globex": "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/g7lobx2k9q4m",  # expect: BRL103
    "initech": "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/1n1t3chp0f1l",  # expect: BRL103
}

DEFAULT_PROFILE_ARN = "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/d3f4ultpr0f1"  # expect: BRL103

_ssm = boto3.client("ssm", region_name=REGION)
_runtime = boto3.client("bedrock-runtime", region_name=REGION)


@functools.lru_cache(maxsize=256)
def profile_for(tenant: str) -> str:
    if tenant in _TENANT_PROFILES:
        return _TENANT_PROFILES[tenant]
    try:
        return _ssm.get_parameter(Name=f"/acme/{tenant}/bedrock/profile-arn")["Parameter"]["Value"]
    except _ssm.exceptions.ParameterNotFound:
        return DEFAULT_PROFILE_ARN


def summarize(tenant: str, text: str) -> str:
    response = _runtime.converse(
        modelId=profile_for(tenant),
        system=[{"text": "Summarize for an executive audience in at most 5 sentences."}],
        messages=[{"role": "user", "content": [{"text": text}]}],
        inferenceConfig={"maxTokens": 600},
    )
    return response["output"]["message"]["content"][0]["text"]


def profile_account(arn: str) -> str:
    # arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>
    return arn.split(":")[4]
