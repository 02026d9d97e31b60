import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

bedrock = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "us-east-1"))

# Claude 3 Haiku is cheap enough for the support widget; override per stage in serverless.yml
MODEL_ID = os.environ.get("MODEL_ID", "anthropic.claude-3-haiku-20240307-v1:0")  # expect: BRL101
ANTHROPIC_VERSION = "bedrock-2023-05-31"


def build_body(question: str, context: str) -> str:
    return json.dumps(
        {
            "anthropic_version": ANTHROPIC_VERSION,
            "max_tokens": 1024,
            "temperature": 0,
            "system": "You answer questions about ACME orders. If unsure, tell the user to e-mail support@acme.io.",
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "text", "text": f"<context>{context}</context>\n\n{question}"}],
                }
            ],
        }
    )


def handler(event, context):
    body = json.loads(event.get("body") or "{}")
    question = body.get("question", "").strip()
    if not question:
        return {"statusCode": 400, "body": json.dumps({"error": "question is required"})}

    logger.info("invoking %s for request %s", MODEL_ID, context.aws_request_id)
    response = bedrock.invoke_model(
        modelId=MODEL_ID,
        contentType="application/json",
        accept="application/json",
        body=build_body(question, body.get("context", "")),
    )
    payload = json.loads(response["body"].read())
    answer = "".join(block["text"] for block in payload["content"] if block["type"] == "text")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"answer": answer, "stop_reason": payload.get("stop_reason")}),
    }
