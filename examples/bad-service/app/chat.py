"""ACME chat API (Lambda behind API Gateway) and the document summarizer."""

import json
import os

import boto3

from app.config import settings

runtime = boto3.client("bedrock-runtime", region_name=settings.aws_region)


def handler(event, context):
    """POST /chat {"messages": [...]} -> {"reply": "..."}"""
    body = json.loads(event.get("body") or "{}")
    response = runtime.converse(
        modelId="anthropic.claude-sonnet-4-6",
        system=[{"text": "You are ACME's helpful assistant."}],
        messages=body["messages"],
        inferenceConfig={"maxTokens": settings.max_tokens, "temperature": 0.3},
    )
    reply = response["output"]["message"]["content"][0]["text"]
    return {"statusCode": 200, "body": json.dumps({"reply": reply})}


def stream_reply(messages: list[dict]):
    response = runtime.converse_stream(modelId=settings.chat_model_id, messages=messages)
    for event in response["stream"]:
        delta = event.get("contentBlockDelta", {}).get("delta", {})
        if "text" in delta:
            yield delta["text"]


def summarize_handler(event, context):
    """Invoked by the summarizer stack (template.yaml) with {"text": "..."}."""
    response = runtime.converse(
        modelId=os.environ["SUMMARY_MODEL_ID"],
        messages=[{"role": "user", "content": [{"text": f"Summarize:\n\n{event['text']}"}]}],
        inferenceConfig={"maxTokens": 500},
    )
    return {"summary": response["output"]["message"]["content"][0]["text"]}
