"""AgriMind on Bedrock: the agent (create / update / inline), its prompts and flows, and a prompt router."""

import json
import time
import uuid

import boto3

REGION = "us-east-1"
ACCOUNT_ID = boto3.client("sts").get_caller_identity()["Account"]

agent_client = boto3.client("bedrock-agent", region_name=REGION)
agent_runtime = boto3.client("bedrock-agent-runtime", region_name=REGION)
iam = boto3.client("iam")
bedrock = boto3.client("bedrock", region_name=REGION)
runtime = boto3.client("bedrock-runtime", region_name=REGION)

# AWS-managed router; routes between Claude 3.5 Sonnet and Claude 3 Haiku.
DEFAULT_ROUTER_ARN = f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:default-prompt-router/anthropic.claude:1"

AGENT_ROLE_NAME = "AmazonBedrockExecutionRoleForAgents_agrimind"

AGENT_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            "Resource": [
                f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
                f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",
            ],
        }
    ],
}


def ensure_role() -> str:
    try:
        return iam.get_role(RoleName=AGENT_ROLE_NAME)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        role = iam.create_role(
            RoleName=AGENT_ROLE_NAME,
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}
                    ],
                }
            ),
        )
        iam.put_role_policy(RoleName=AGENT_ROLE_NAME, PolicyName="invoke", PolicyDocument=json.dumps(AGENT_POLICY))
        time.sleep(10)
        return role["Role"]["Arn"]


def create_agent() -> dict:
    payload = {
        "agentName": "AgriMindAgent",
        "description": "Agronomy advice from sensor data.",
        "instruction": "You are an agronomist. Reply with JSON keys advice, confidence, reason.",
        "foundationModel": "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
        "idleSessionTTLInSeconds": 300,
        "agentResourceRoleArn": ensure_role(),
    }
    return agent_client.create_agent(**payload)["agent"]


def create_legacy_agent() -> dict:
    return agent_client.create_agent(
        agentName="tester",
        agentResourceRoleArn=ensure_role(),
        foundationModel="arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1:200k",  # expect: BRL101
        instruction="You will play a survival game with the goal to get a diamond.",
        idleSessionTTLInSeconds=1800,
    )["agent"]


def upgrade_agent(agent_id: str) -> dict:
    current = agent_client.get_agent(agentId=agent_id)["agent"]
    return agent_client.update_agent(
        agentId=agent_id,
        agentName=current["agentName"],
        agentResourceRoleArn=current["agentResourceRoleArn"],
        foundationModel="us.anthropic.claude-3-5-sonnet-20241022-v2:0",  # expect: BRL102
        instruction=current["instruction"],
    )["agent"]


def quick_inline(question: str) -> str:
    response = agent_runtime.invoke_inline_agent(
        sessionId=str(uuid.uuid4()),
        foundationModel="us.amazon.nova-pro-v1:0",  # expect: BRL102
        instruction="You are a concise assistant that answers farming questions.",
        inputText=question,
        enableTrace=False,
    )
    return "".join(ev["chunk"]["bytes"].decode() for ev in response["completion"] if "chunk" in ev)


def describe(agent_id: str) -> None:
    agent = agent_client.get_agent(agentId=agent_id)["agent"]
    if agent["foundationModel"] == "anthropic.claude-v2:1:200k":
        print("agent still on Claude 2.1 - run upgrade_agent()")
    print(f"{agent['agentName']}: {agent['foundationModel']} ({agent['agentStatus']})")



# ---- prompt management, flows, routing ----

def create_summary_prompt() -> str:
    prompt = agent_client.create_prompt(
        name="summarise-ticket",
        defaultVariant="v1",
        variants=[
            {
                "name": "v1",
                "templateType": "TEXT",
                "modelId": "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
                "templateConfiguration": {
                    "text": {"text": "Summarise this ticket: {{ticket}}", "inputVariables": [{"name": "ticket"}]}
                },
                "inferenceConfiguration": {"text": {"maxTokens": 300, "temperature": 0.2}},
            }
        ],
    )
    return prompt["id"]


def create_flow(role_arn: str, kb_id: str) -> str:
    flow = agent_client.create_flow(
        name="triage-flow",
        executionRoleArn=role_arn,
        definition={
            "nodes": [
                {"name": "Start", "type": "Input", "outputs": [{"name": "document", "type": "String"}]},
                {
                    "name": "Classify",
                    "type": "Prompt",
                    "configuration": {
                        "prompt": {
                            "sourceConfiguration": {
                                "inline": {
                                    "modelId": "amazon.nova-micro-v1:0",  # expect: BRL101
                                    "templateType": "TEXT",
                                    "templateConfiguration": {"text": {"text": "Classify: {{document}}"}},
                                }
                            }
                        }
                    },
                    "inputs": [{"name": "document", "type": "String", "expression": "$.data"}],
                    "outputs": [{"name": "modelCompletion", "type": "String"}],
                },
                {
                    "name": "Lookup",
                    "type": "KnowledgeBase",
                    "configuration": {"knowledgeBase": {"knowledgeBaseId": kb_id, "modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"}},  # expect: BRL101
                },
            ],
            "connections": [],
        },
    )
    return flow["id"]


def create_router() -> str:
    router = bedrock.create_prompt_router(
        promptRouterName="cost-router",
        models=[
            {"modelArn": f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"},  # expect: BRL101
            {"modelArn": f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"},  # expect: BRL101
        ],
        fallbackModel={"modelArn": f"arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"},  # expect: BRL101
        routingCriteria={"responseQualityDifference": 0.1},
    )
    return router["promptRouterArn"]


def routed_answer(question: str, router_arn: str = DEFAULT_ROUTER_ARN) -> str:
    resp = runtime.converse(modelId=router_arn, messages=[{"role": "user", "content": [{"text": question}]}])
    invoked = resp.get("trace", {}).get("promptRouter", {}).get("invokedModelId", "")
    if invoked.endswith("anthropic.claude-3-haiku-20240307-v1:0"):
        print("answered by the small model")
    return resp["output"]["message"]["content"][0]["text"]


if __name__ == "__main__":
    created = create_agent()
    agent_client.prepare_agent(agentId=created["agentId"])
    print(quick_inline("When should I irrigate maize at 30% soil moisture?"))
