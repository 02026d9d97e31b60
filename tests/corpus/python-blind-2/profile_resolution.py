"""Where the chat worker gets its inference profile from, in order of preference."""

import os
from functools import lru_cache

import boto3
from pydantic import Field
from pydantic_settings import BaseSettings

REGION = os.environ.get("AWS_REGION", "us-east-1")
ACCOUNT = os.environ.get("AWS_ACCOUNT_ID", "")


class WorkerSettings(BaseSettings):
    queue_url: str = Field(alias="QUEUE_URL")
    bedrock_aip_arn: str = Field(default="anthropic.claude-3-haiku-20240307-v1:0", alias="BEDROCK_AIP_ARN")  # expect: BRL105
    max_tokens: int = Field(default=1024, alias="MAX_TOKENS")


@lru_cache
def profile_from_ssm(name: str = "/platform/bedrock/aip/chat") -> str:
    ssm = boto3.client("ssm", region_name=REGION)
    return ssm.get_parameter(Name=name)["Parameter"]["Value"]


def profile_from_parts() -> str:
    profile_id = os.environ["BEDROCK_AIP_ID"]
    return f"arn:aws:bedrock:{REGION}:{ACCOUNT}:application-inference-profile/{profile_id}"


def local_profile() -> str:
    # Shared sandbox profile for laptops (no SSM access there).
    return os.getenv(
        "BEDROCK_AIP_ARN",
        "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/sandbox0chat1",  # expect: BRL103
    )


def demo_profile() -> str:
    return os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN") or "us.anthropic.claude-3-5-haiku-20241022-v1:0"  # expect: BRL105


def prime_env_for_notebooks() -> None:
    os.environ.setdefault("BEDROCK_INFERENCE_PROFILE_ARN", "us.amazon.nova-lite-v1:0")  # expect: BRL105


def describe(profile_arn: str) -> dict:
    bedrock = boto3.client("bedrock", region_name=REGION)
    info = bedrock.get_inference_profile(inferenceProfileIdentifier=profile_arn)
    return {"name": info["inferenceProfileName"], "models": [m["modelArn"] for m in info["models"]]}


def list_team_profiles() -> list[str]:
    bedrock = boto3.client("bedrock", region_name=REGION)
    return [p["inferenceProfileArn"] for p in bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]]


def ensure_profile(team: str) -> str:
    """Create the team's profile if it is missing (used by the self-service portal)."""
    bedrock = boto3.client("bedrock", region_name=REGION)
    existing = [p for p in list_team_profiles() if p.endswith(f"/{team}")]
    if existing:
        return existing[0]
    resp = bedrock.create_inference_profile(  # expect: BRL104
        inferenceProfileName=f"{team}-chat",
        modelSource={"copyFrom": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"},
        tags=[{"key": "team", "value": team}],
    )
    return resp["inferenceProfileArn"]


def invoke_provisioned(body: bytes) -> bytes:
    # Provisioned throughput for the nightly job; cannot be wrapped in a profile.
    rt = boto3.client("bedrock-runtime", region_name=REGION)
    out = rt.invoke_model(modelId="arn:aws:bedrock:us-east-1:111122223333:provisioned-model/x1y2z3w4v5u6", body=body)
    return out["body"].read()


def invoke_imported(body: bytes) -> bytes:
    rt = boto3.client("bedrock-runtime", region_name=REGION)
    out = rt.invoke_model(modelId="arn:aws:bedrock:us-east-1:111122223333:imported-model/abcd1234efgh", body=body)
    return out["body"].read()


def resolve(settings: WorkerSettings) -> str:
    return os.environ.get("BEDROCK_AIP_ARN") or profile_from_ssm() or settings.bedrock_aip_arn
