"""Lambda functions behind the chat API (API Gateway proxy integration)."""

import json
import logging
import os

import boto3
from langchain.llms.bedrock import Bedrock
from langchain.prompts import PromptTemplate

logger = logging.getLogger()
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

bedrock = boto3.client(service_name="bedrock-runtime", region_name=os.environ["REGION"])

# environment variables (set by the SAM template)
model_id = os.environ.get("ModelId", "anthropic.claude-v2:1")  # expect: BRL101
session_table_name = os.environ["SessionTableName"]
prompt_template = os.environ.get(
    "PromptTemplate",
    "\\n{history}\\n\\nHuman: {input}\\n\\nAssistant:\\n",
).replace("\\n", "\n")

llm = Bedrock(model_id=model_id, streaming=True)
prompt = PromptTemplate.from_template(prompt_template)


def completion_handler(event, context):
    """POST /complete  {"prompt": "...", "model_id": "..."}"""
    try:
        body = json.loads(event["body"])
        user_prompt = body.get("prompt")
        requested_model = body.get("model_id", "anthropic.claude-instant-v1")  # expect: BRL101
        max_tokens = body.get("max_tokens", 1000)
        if not user_prompt:
            return {"statusCode": 400, "body": json.dumps({"error": "prompt is required"})}

        response = bedrock.invoke_model(
            modelId=requested_model,
            contentType="application/json",
            accept="application/json",
            body=json.dumps({"prompt": f"\n\nHuman: {user_prompt}\n\nAssistant:", "max_tokens_to_sample": max_tokens}),
        )
        completion = json.loads(response["body"].read()).get("completion")
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
            "body": json.dumps({"completion": completion, "model": requested_model}),
        }
    except Exception as exc:  # noqa: BLE001
        logger.exception("completion failed")
        return {"statusCode": 500, "body": json.dumps({"error": str(exc)})}


def summary_handler(event, context):
    """Direct invoke from Step Functions: {"text": "...", "modelId": "..."}"""
    target = event.get("modelId") or "amazon.nova-lite-v1:0"  # expect: BRL101
    logger.info("summarising %d chars with %s", len(event["text"]), target)
    resp = bedrock.converse(
        modelId=target,
        messages=[{"role": "user", "content": [{"text": "Summarise:\n" + event["text"]}]}],
    )
    return {"summary": resp["output"]["message"]["content"][0]["text"]}


def configured_handler(event, context):
    """Model comes only from the function configuration (no default)."""
    resp = bedrock.converse(
        modelId=os.environ["BEDROCK_MODEL_ID"],
        messages=[{"role": "user", "content": [{"text": event["question"]}]}],
    )
    return {"answer": resp["output"]["message"]["content"][0]["text"]}


def chat_handler(event, context):
    history = event.get("history", "")
    return {"answer": llm.invoke(prompt.format(history=history, input=event["input"]))}
