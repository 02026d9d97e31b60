"""Submit overnight Bedrock batch-inference jobs for the document-enrichment backlog.

Usage:
    python batch_jobs_submit.py --job-name enrich-2025-06-01 --role-arn arn:aws:iam::111122223333:role/BedrockBatch
"""

import argparse
import json
import os
import time
from datetime import datetime, timezone

import boto3

BEDROCK_REGION = os.environ.get("AWS_REGION", "us-east-1")
S3_BUCKET = os.environ["BATCH_BUCKET"]

_BEDROCK_MODEL_ID = os.environ.get("BATCH_MODEL_ID", "anthropic.claude-opus-4-1-20250805-v1:0")  # expect: BRL101

TERMINAL_STATES = ("Completed", "Failed", "Stopped", "Expired", "PartiallyCompleted")


def bedrock_client():
    return boto3.client("bedrock", region_name=BEDROCK_REGION)


def s3_client():
    return boto3.client("s3", region_name=BEDROCK_REGION)


def put_json_to_s3(s3, key: str, data: dict) -> None:
    s3.put_object(Bucket=S3_BUCKET, Key=key, Body=json.dumps(data, ensure_ascii=False).encode())


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job-name", required=True)
    parser.add_argument("--role-arn", required=True)
    parser.add_argument(
        "--llm-model",
        default="us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL102
        help="Bedrock model or inference profile, e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0",
    )
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args()


def submit(args: argparse.Namespace) -> None:
    input_uri = f"s3://{S3_BUCKET}/batch/{args.job_name}/input.jsonl"
    output_uri = f"s3://{S3_BUCKET}/batch/{args.job_name}/output/"
    request = {
        "jobName": args.job_name,
        "roleArn": args.role_arn,
        "modelId": args.llm_model,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": input_uri, "s3InputFormat": "JSONL"}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": output_uri}},
        "modelInvocationType": "Converse",
    }
    print("\n[batch job request]")
    print(json.dumps({"region": BEDROCK_REGION, **request}, ensure_ascii=False, indent=2))
    if args.dry_run:
        print("dry-run: job not created")
        return
    response = bedrock_client().create_model_invocation_job(**request)
    metadata = {
        "job_arn": response["jobArn"],
        "model_id": args.llm_model,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "request": request,
    }
    put_json_to_s3(s3_client(), f"batch/{args.job_name}/metadata.json", metadata)


def submit_judge_batch(input_key: str, role_arn: str) -> str:
    """Second pass: the Opus judge re-scores the enriched records."""
    timestamp = time.strftime("%Y%m%d-%H%M%S")
    job_name = f"enrichment-judge-opus-{timestamp}"
    print(f"  Submitting batch job (model={_BEDROCK_MODEL_ID}, name={job_name})...")
    response = bedrock_client().create_model_invocation_job(
        modelId=_BEDROCK_MODEL_ID,
        jobName=job_name,
        roleArn=role_arn,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": f"s3://{S3_BUCKET}/{input_key}", "s3InputFormat": "JSONL"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{S3_BUCKET}/judge/{timestamp}/"}},
    )
    return response["jobArn"]


def submit_embedding_backfill(role_arn: str) -> str:
    response = bedrock_client().create_model_invocation_job(
        jobName=f"embed-backfill-{int(time.time())}",
        roleArn=role_arn,
        modelId="amazon.titan-embed-text-v2:0",
        inputDataConfig={"s3InputDataConfig": {"s3Uri": f"s3://{S3_BUCKET}/embed/input.jsonl"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{S3_BUCKET}/embed/output/"}},
    )
    return response["jobArn"]


def submit_summaries(role_arn: str) -> str:
    response = bedrock_client().create_model_invocation_job(
        jobName="overnight-doc-enrichment",
        roleArn=role_arn,
        modelId="anthropic.claude-haiku-4-5-20251001-v1:0",  # expect: BRL101
        inputDataConfig={"s3InputDataConfig": {"s3Uri": f"s3://{S3_BUCKET}/prompts.jsonl"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{S3_BUCKET}/summaries/"}},
    )
    return response["jobArn"]


def wait(job_arn: str) -> str:
    while True:
        status = bedrock_client().get_model_invocation_job(jobIdentifier=job_arn)["status"]
        if status in TERMINAL_STATES:
            return status
        time.sleep(60)


if __name__ == "__main__":
    submit(parse_args())
