"""Tool-use loop on the Converse API for the order-desk bot.

Request dicts are built once and splatted into converse(); guardrail settings come from
the cross-region guardrail profile (us.guardrail.v1:0) configured in the console.
"""

import json
import os

import boto3

runtime = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "us-east-1"))

TOOLS = {
    "tools": [
        {
            "toolSpec": {
                "name": "get_order_status",
                "description": "Look up an order by id",
                "inputSchema": {
                    "json": {
                        "type": "object",
                        "properties": {"order_id": {"type": "string"}},
                        "required": ["order_id"],
                    }
                },
            }
        }
    ]
}

BASE_REQUEST = {
    "modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",  # expect: BRL101
    "system": [{"text": "You are the ACME order desk. Use tools; never invent order data."}],
    "inferenceConfig": {"maxTokens": 1024, "temperature": 0},
    "toolConfig": TOOLS,
    "guardrailConfig": {
        "guardrailIdentifier": os.environ.get("GUARDRAIL_ID", "gr1abc2def3g"),
        "guardrailVersion": os.environ.get("GUARDRAIL_VERSION", "DRAFT"),
        "trace": "enabled",
    },
}


def get_order_status(order_id: str) -> dict:
    return {"order_id": order_id, "status": "shipped", "carrier": "DHL"}


def run(user_text: str, max_turns: int = 5) -> str:
    messages = [{"role": "user", "content": [{"text": user_text}]}]
    for _ in range(max_turns):
        response = runtime.converse(**BASE_REQUEST, messages=messages)
        message = response["output"]["message"]
        messages.append(message)
        if response["stopReason"] != "tool_use":
            return "".join(block.get("text", "") for block in message["content"])
        results = []
        for block in message["content"]:
            if "toolUse" in block:
                use = block["toolUse"]
                output = get_order_status(**use["input"])
                results.append({"toolResult": {"toolUseId": use["toolUseId"], "content": [{"json": output}]}})
        messages.append({"role": "user", "content": results})
    raise RuntimeError("tool loop did not finish")


def quick_answer(user_text: str) -> str:
    request = dict(
        modelId="amazon.nova-lite-v1:0",  # expect: BRL101
        messages=[{"role": "user", "content": [{"text": user_text}]}],
        inferenceConfig={"maxTokens": 200},
    )
    response = runtime.converse(**request)
    return response["output"]["message"]["content"][0]["text"]


def create_guardrail(bedrock) -> str:
    response = bedrock.create_guardrail(
        name="order-desk",
        blockedInputMessaging="Sorry, I can't help with that.",
        blockedOutputsMessaging="Sorry, I can't help with that.",
        contentPolicyConfig={"filtersConfig": [{"type": "HATE", "inputStrength": "HIGH", "outputStrength": "HIGH"}]},
        crossRegionConfig={"guardrailProfileIdentifier": "us.guardrail.v1:0"},
    )
    return json.dumps({"id": response["guardrailId"], "version": response["version"]})
