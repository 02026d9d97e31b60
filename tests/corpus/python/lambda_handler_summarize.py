"""Summarize uploaded documents (S3 put -> Lambda).

The application inference profile ARN is read from SSM once per cold start, so a model
upgrade (new profile from Terraform, SSM updated) needs no redeploy. The profile wraps
eu.anthropic.claude-sonnet-4-6; see .infra/bedrock.tf.
"""

import json
import logging
import os
import urllib.parse

import boto3

logger = logging.getLogger()
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

ssm = boto3.client("ssm")
s3 = boto3.client("s3")
runtime = boto3.client("bedrock-runtime")

PROFILE_ARN = ssm.get_parameter(Name=os.environ["PROFILE_ARN_PARAM"])["Parameter"]["Value"]

# Models whose output we post-process differently (Claude emits <summary> tags).
XML_TAGGED = {"anthropic.claude-sonnet-4-6", "anthropic.claude-3-5-sonnet-20240620-v1:0"}
BASE_MODEL = os.environ.get("BASE_MODEL_ID", "")


def _extract(text: str) -> str:
    if BASE_MODEL in XML_TAGGED and "<summary>" in text:
        return text.split("<summary>", 1)[1].split("</summary>", 1)[0].strip()
    return text.strip()


def handler(event, context):
    record = event["Records"][0]["s3"]
    bucket = record["bucket"]["name"]
    key = urllib.parse.unquote_plus(record["object"]["key"])
    document = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8", errors="replace")

    logger.info("summarizing s3://%s/%s via %s", bucket, key, PROFILE_ARN)
    response = runtime.converse(
        modelId=PROFILE_ARN,
        system=[{"text": "Write the summary inside <summary></summary> tags."}],
        messages=[{"role": "user", "content": [{"text": document[:200_000]}]}],
        inferenceConfig={"maxTokens": 1200, "temperature": 0.1},
    )
    summary = _extract(response["output"]["message"]["content"][0]["text"])
    out_key = key.rsplit(".", 1)[0] + ".summary.json"
    s3.put_object(
        Bucket=bucket,
        Key=out_key,
        Body=json.dumps({"source": key, "summary": summary, "usage": response["usage"]}).encode(),
        ContentType="application/json",
    )
    return {"summary_key": out_key}
