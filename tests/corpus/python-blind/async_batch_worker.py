"""Async worker that drains an SQS queue and answers with open-weight models on Bedrock.

`bootstrap()` fills in environment defaults for local runs before the worker starts.
"""

import asyncio
import json
import os
import subprocess
import sys
from typing import Dict

import aioboto3

CODE_MODEL = "qwen.qwen3-coder-30b-a3b-v1:0"  # expect: BRL101
CHAT_MODEL = "openai.gpt-oss-120b-1:0"  # expect: BRL101
REASONING_MODEL = "deepseek.v3.2"  # expect: BRL101
GOV_MODEL = "us-gov.openai.gpt-oss-20b-1:0"  # expect: BRL102
AU_MODEL = "au.anthropic.claude-sonnet-4-6"  # expect: BRL102

ROUTES = {"code": CODE_MODEL, "chat": CHAT_MODEL, "reason": REASONING_MODEL}


class ConfigValidator:
    @staticmethod
    def validate_env() -> Dict[str, str]:
        required_vars = ["AWS_REGION", "BEDROCK_MODEL_ID"]
        missing = [var for var in required_vars if not os.environ.get(var)]
        if missing:
            os.environ["AWS_REGION"] = "us-east-1"
            os.environ["BEDROCK_MODEL_ID"] = "anthropic.claude-3-5-sonnet-20240620-v1:0"  # expect: BRL101
        return {"region": os.environ["AWS_REGION"], "model_id": os.environ["BEDROCK_MODEL_ID"]}


def bootstrap() -> None:
    ConfigValidator.validate_env()
    os.environ.setdefault("EMBEDDING_MODEL_ID", "amazon.titan-embed-text-v2:0")
    os.environ.setdefault("EMBEDDING_DIMENSIONS", "256")
    os.environ.setdefault("SUMMARY_MODEL_ID", "us.amazon.nova-lite-v1:0")  # expect: BRL102


async def answer(client, kind: str, text: str) -> str:
    if kind == "summary":
        model = os.environ["SUMMARY_MODEL_ID"]
    elif kind == "default":
        model = os.environ["BEDROCK_MODEL_ID"]
    elif os.environ.get("PARTITION") == "aws-us-gov":
        model = GOV_MODEL
    else:
        model = ROUTES.get(kind, CHAT_MODEL)
    if os.environ.get("AWS_REGION", "").startswith("ap-southeast-2"):
        model = AU_MODEL
    resp = await client.converse(modelId=model, messages=[{"role": "user", "content": [{"text": text}]}])
    return resp["output"]["message"]["content"][0]["text"]


async def main() -> None:
    queue_url = os.environ["QUEUE_URL"]
    session = aioboto3.Session()
    async with session.client("sqs") as sqs, session.client("bedrock-runtime") as runtime:
        while True:
            batch = await sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=20)
            for msg in batch.get("Messages", []):
                job = json.loads(msg["Body"])
                job["answer"] = await answer(runtime, job.get("kind", "chat"), job["text"])
                await sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"])


def run_dry() -> int:
    env = dict(os.environ, BEDROCK_MODEL_ID="dry-run-placeholder", DRY_RUN="1")
    return subprocess.call([sys.executable, "-m", "worker"], env=env)


if __name__ == "__main__":
    if "--dry-run" in sys.argv:
        sys.exit(run_dry())
    bootstrap()
    asyncio.run(main())
