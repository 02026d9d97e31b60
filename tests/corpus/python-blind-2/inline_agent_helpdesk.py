"""IT helpdesk built on Bedrock inline agents (InvokeInlineAgent), plus a local mock for offline demos."""

import base64
import json
import uuid
from typing import Any, Dict

import boto3


class HelpdeskInlineAgent:
    def __init__(
        self,
        knowledge_base_id: str,
        lambda_function_arn: str,
        model_id: str = "us.amazon.nova-pro-v1:0",  # expect: BRL102
        region: str = "us-east-1",
    ):
        self.bedrock_agent_runtime = boto3.client("bedrock-agent-runtime", region_name=region)
        self.knowledge_base_id = knowledge_base_id
        self.lambda_function_arn = lambda_function_arn
        self.model_id = model_id
        self.base_session_id = f"helpdesk-{uuid.uuid4().hex[:8]}"

    def _build_inline_agent_config(self, session_id: str, question: str) -> Dict[str, Any]:
        return {
            "sessionId": session_id,
            "inputText": question,
            "foundationModel": self.model_id,
            "instruction": "You are an IT helpdesk agent. Diagnose the issue, then open a ticket if needed.",
            "enableTrace": True,
            "knowledgeBases": [
                {"knowledgeBaseId": self.knowledge_base_id, "description": "Runbooks and FAQ"},
            ],
            "actionGroups": [
                {
                    "actionGroupName": "tickets",
                    "actionGroupExecutor": {"lambda": self.lambda_function_arn},
                    "functionSchema": {
                        "functions": [
                            {"name": "open_ticket", "parameters": {"summary": {"type": "string", "required": True}}}
                        ]
                    },
                }
            ],
            "promptOverrideConfiguration": {
                "promptConfigurations": [
                    {
                        "promptType": "KNOWLEDGE_BASE_RESPONSE_GENERATION",
                        "promptCreationMode": "OVERRIDDEN",
                        "basePromptTemplate": "Answer only from the runbooks: $search_results$",
                        "foundationModel": "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
                        "inferenceConfiguration": {"maximumLength": 512, "temperature": 0.0},
                    }
                ]
            },
        }

    def ask(self, question: str) -> str:
        session_id = f"{self.base_session_id}-{uuid.uuid4().hex[:8]}"
        response = self.bedrock_agent_runtime.invoke_inline_agent(**self._build_inline_agent_config(session_id, question))
        return "".join(
            event["chunk"]["bytes"].decode("utf-8") for event in response["completion"] if "chunk" in event
        )


def quick_marketing_email(customer: dict) -> str:
    client = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
    response = client.invoke_inline_agent(
        inputText=f"Generate a personalised marketing email for: {json.dumps(customer)}",
        foundationModel="anthropic.claude-instant-v1",  # expect: BRL101
        instruction="You are a restaurant marketing agent. Mention the customer's favourite dish.",
        sessionId=str(uuid.uuid4()),
    )
    return "".join(e["chunk"]["bytes"].decode() for e in response["completion"] if "chunk" in e)


# --------------------------------------------------------------------------- offline mock
def _mock_reply(tag: str, prompt: str) -> str:
    return f"[{tag}] {prompt[:40]}..."


def _es_event(kind: str, payload: dict) -> bytes:
    return json.dumps({"event": kind, **payload}).encode()


def mock_invoke_inline_agent(session_id: str, body: bytes) -> tuple:
    """Pretend endpoint used by the offline demo server; echoes the requested model."""
    body_obj = json.loads(body or b"{}")
    prompt = body_obj.get("inputText", "")
    reply = _mock_reply(f"inline-{body_obj.get('foundationModel', 'unknown')}", prompt)
    stream = _es_event("chunk", {"bytes": base64.b64encode(reply.encode()).decode()})
    return 200, {"x-amz-bedrock-agent-session-id": session_id}, stream


SAMPLE_REQUEST = {"inputText": "My VPN drops every hour", "foundationModel": "mock-model"}
