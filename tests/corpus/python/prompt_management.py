"""Manage the support prompts in Bedrock Prompt Management and optimize them.

Prompt variants name the model they were tuned for; optimize_prompt only accepts a
foundation model as target (no inference profiles).
"""

import os

import boto3

REGION = os.environ.get("AWS_REGION", "us-west-2")
agent = boto3.client("bedrock-agent", region_name=REGION)
agent_runtime = boto3.client("bedrock-agent-runtime", region_name=REGION)

TEMPLATE = """You are ACME's support assistant.
Customer tier: {{tier}}
Question: {{question}}
Answer briefly and politely."""


def create_support_prompt() -> str:
    response = agent.create_prompt(
        name="support-answer",
        description="Answer a customer question",
        defaultVariant="claude",
        variants=[
            {
                "name": "claude",
                "templateType": "TEXT",
                "modelId": "anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL101
                "templateConfiguration": {
                    "text": {
                        "text": TEMPLATE,
                        "inputVariables": [{"name": "tier"}, {"name": "question"}],
                    }
                },
                "inferenceConfiguration": {"text": {"maxTokens": 500, "temperature": 0.3}},
            },
            {
                "name": "profile",
                "templateType": "TEXT",
                "modelId": os.environ["SUPPORT_PROFILE_ARN"],
                "templateConfiguration": {"text": {"text": TEMPLATE}},
            },
        ],
    )
    version = agent.create_prompt_version(promptIdentifier=response["id"])
    return version["arn"]


def optimize(template: str) -> str:
    response = agent_runtime.optimize_prompt(
        input={"textPrompt": {"text": template}},
        targetModelId="anthropic.claude-3-5-sonnet-20240620-v1:0",
    )
    optimized = ""
    for event in response["optimizedPrompt"]:
        if "optimizedPromptEvent" in event:
            optimized = event["optimizedPromptEvent"]["optimizedPrompt"]["textPrompt"]["text"]
    return optimized
