"""Least-privilege IAM policy for a service that calls Bedrock through an application
inference profile copied from an EU geographic cross-region profile.

AWS requires three grants for geo profiles: the profile itself, the system profile it was
copied from, and the foundation model in every destination Region.
"""

import json
import os

EU_DESTINATIONS = ("eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2")


def invoke_policy(profile_arn: str, account_id: str, source_region: str = "eu-central-1") -> dict:
    model = "anthropic.claude-sonnet-4-6"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "InvokeApplicationProfile",
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": [profile_arn],
            },
            {
                "Sid": "InvokeUnderlyingSystemProfile",
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": [
                    f"arn:aws:bedrock:{source_region}:{account_id}:inference-profile/eu.anthropic.claude-sonnet-4-6",
                ],
            },
            {
                "Sid": "InvokeFoundationModelInDestinations",
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": [f"arn:aws:bedrock:{region}::foundation-model/{model}" for region in EU_DESTINATIONS],
                "Condition": {"StringLike": {"bedrock:InferenceProfileArn": profile_arn}},
            },
            {
                "Sid": "Embeddings",
                "Effect": "Allow",
                "Action": "bedrock:InvokeModel",
                "Resource": "arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0",
            },
            {
                "Sid": "DenyDirectInvocation",
                "Effect": "Deny",
                "Action": "bedrock:InvokeModel*",
                "Resource": [
                    "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-7",
                    "arn:aws:bedrock:*:*:inference-profile/global.anthropic.claude-opus-4-7",
                ],
            },
        ],
    }


if __name__ == "__main__":
    print(
        json.dumps(
            invoke_policy(os.environ["BEDROCK_INFERENCE_PROFILE_ARN"], os.environ["AWS_ACCOUNT_ID"]),
            indent=2,
        )
    )
