"""Ensure every tenant has its own application inference profile at startup.

Called from the ECS entrypoint before gunicorn starts. Creates the profile if missing
and publishes its ARN to SSM so the workers can read it.
"""

import logging
import os

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger("bootstrap")

REGION = os.environ.get("AWS_REGION", "eu-central-1")
ACCOUNT_ID = boto3.client("sts").get_caller_identity()["Account"]
SOURCE_PROFILE_ARN = (
    f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
)

bedrock = boto3.client("bedrock", region_name=REGION)
ssm = boto3.client("ssm", region_name=REGION)


def _existing_profiles() -> dict[str, str]:
    profiles: dict[str, str] = {}
    paginator = bedrock.get_paginator("list_inference_profiles")
    for page in paginator.paginate(typeEquals="APPLICATION"):
        for summary in page["inferenceProfileSummaries"]:
            profiles[summary["inferenceProfileName"]] = summary["inferenceProfileArn"]
    return profiles


def ensure_profile(tenant: str, team: str) -> str:
    name = f"acme-{tenant}-claude-sonnet-4-5"
    existing = _existing_profiles()
    if name in existing:
        return existing[name]
    log.info("creating inference profile %s from %s", name, SOURCE_PROFILE_ARN)
    try:
        response = bedrock.create_inference_profile(  # expect: BRL104
            inferenceProfileName=name,
            description=f"Claude Sonnet 4.5 for tenant {tenant}",
            modelSource={"copyFrom": SOURCE_PROFILE_ARN},
            tags=[
                {"key": "product", "value": "acme"},
                {"key": "client", "value": tenant},
                {"key": "team", "value": team},
                {"key": "managed-by", "value": "bootstrap"},
            ],
        )
    except ClientError as err:
        if err.response["Error"]["Code"] == "ConflictException":
            return _existing_profiles()[name]
        raise
    return response["inferenceProfileArn"]


def publish(tenant: str, arn: str) -> None:
    ssm.put_parameter(
        Name=f"/acme/{tenant}/bedrock/profile-arn",
        Value=arn,
        Type="String",
        Overwrite=True,
    )


def main() -> None:
    for tenant in os.environ.get("TENANTS", "").split(","):
        if tenant:
            publish(tenant, ensure_profile(tenant, team=os.environ.get("TEAM", "platform")))


if __name__ == "__main__":
    main()
