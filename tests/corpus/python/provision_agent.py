"""Create the HR assistant: Bedrock Agent + knowledge base + data source.

Run once per account: python provision_agent.py --env dev
"""

import argparse
import json
import time

import boto3

REGION = "eu-west-1"
EMBEDDING_MODEL_ARN = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0"

iam = boto3.client("iam")
agent_client = boto3.client("bedrock-agent", region_name=REGION)


def create_role(env: str) -> str:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": [
                    "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
                    "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                    EMBEDDING_MODEL_ARN,
                ],
            }
        ],
    }
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    role = iam.create_role(RoleName=f"hr-assistant-{env}", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName=f"hr-assistant-{env}", PolicyName="invoke", PolicyDocument=json.dumps(policy))
    return role["Role"]["Arn"]


def create_kb(env: str, role_arn: str, collection_arn: str) -> str:
    kb = agent_client.create_knowledge_base(
        name=f"hr-policies-{env}",
        roleArn=role_arn,
        knowledgeBaseConfiguration={
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": EMBEDDING_MODEL_ARN},
        },
        storageConfiguration={
            "type": "OPENSEARCH_SERVERLESS",
            "opensearchServerlessConfiguration": {
                "collectionArn": collection_arn,
                "vectorIndexName": "hr-policies",
                "fieldMapping": {"vectorField": "embedding", "textField": "text", "metadataField": "metadata"},
            },
        },
    )
    kb_id = kb["knowledgeBase"]["knowledgeBaseId"]
    agent_client.create_data_source(
        knowledgeBaseId=kb_id,
        name="policies-pdf",
        dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": f"arn:aws:s3:::acme-hr-{env}"}},
        vectorIngestionConfiguration={
            "parsingConfiguration": {
                "parsingStrategy": "BEDROCK_FOUNDATION_MODEL",
                "bedrockFoundationModelConfiguration": {
                    "modelArn": "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
                },
            }
        },
    )
    return kb_id


def create_agent(env: str, role_arn: str) -> str:
    response = agent_client.create_agent(
        agentName=f"hr-assistant-{env}",
        foundationModel="anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
        agentResourceRoleArn=role_arn,
        idleSessionTTLInSeconds=900,
        instruction="You help employees with HR policy questions. Cite the policy document.",
    )
    agent_id = response["agent"]["agentId"]
    while agent_client.get_agent(agentId=agent_id)["agent"]["agentStatus"] == "CREATING":
        time.sleep(2)
    return agent_id


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", required=True, choices=["dev", "staging", "prod"])
    parser.add_argument("--collection-arn", required=True)
    args = parser.parse_args()
    role = create_role(args.env)
    kb_id = create_kb(args.env, role, args.collection_arn)
    agent_id = create_agent(args.env, role)
    print(json.dumps({"agent_id": agent_id, "knowledge_base_id": kb_id}))
