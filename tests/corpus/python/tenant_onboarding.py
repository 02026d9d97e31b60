"""Admin API: onboard a client tenant (FastAPI router mounted under /admin)."""

from __future__ import annotations

import os
import re

import boto3
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

router = APIRouter(prefix="/tenants", tags=["admin"])

REGION = os.environ.get("AWS_REGION", "eu-west-1")
bedrock = boto3.client("bedrock", region_name=REGION)
ssm = boto3.client("ssm", region_name=REGION)

# Which model a new tenant gets, by plan. Only used as the copy source for its profile.
PLAN_SOURCES = {
    "standard": f"arn:aws:bedrock:{REGION}::foundation-model/amazon.nova-pro-v1:0",
    "premium": f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-sonnet-4-6",
}


class TenantIn(BaseModel):
    slug: str = Field(pattern=r"^[a-z0-9-]{3,32}$")
    plan: str = "standard"
    owner_email: str = Field(examples=["ops@globex.example"])
    cost_center: str


@router.post("", status_code=201)
def onboard(tenant: TenantIn) -> dict:
    if tenant.plan not in PLAN_SOURCES:
        raise HTTPException(422, f"unknown plan {tenant.plan}")
    model_slug = re.sub(r"[^a-z0-9-]", "-", PLAN_SOURCES[tenant.plan].rsplit("/", 1)[-1])
    params = {
        "inferenceProfileName": f"acme-{tenant.slug}-{model_slug}"[:64],
        "modelSource": {"copyFrom": PLAN_SOURCES[tenant.plan]},
        "tags": [
            {"key": "product", "value": "acme"},
            {"key": "billing-mode", "value": "client"},
            {"key": "client", "value": tenant.slug},
            {"key": "cost-center", "value": tenant.cost_center},
            {"key": "owner", "value": tenant.owner_email},
        ],
    }
    profile = bedrock.create_inference_profile(**params)  # expect: BRL104
    ssm.put_parameter(
        Name=f"/acme/{tenant.slug}/bedrock/profile-arn",
        Value=profile["inferenceProfileArn"],
        Type="String",
        Overwrite=False,
    )
    return {"tenant": tenant.slug, "profile_arn": profile["inferenceProfileArn"]}


@router.delete("/{slug}", status_code=204)
def offboard(slug: str) -> None:
    name = f"/acme/{slug}/bedrock/profile-arn"
    arn = ssm.get_parameter(Name=name)["Parameter"]["Value"]
    bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)
    ssm.delete_parameter(Name=name)
