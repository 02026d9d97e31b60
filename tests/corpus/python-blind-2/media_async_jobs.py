"""Async media jobs: Nova Reel clips and multimodal video embeddings via StartAsyncInvoke."""

import json
import logging
import os
import random
import time

import boto3

logger = logging.getLogger(__name__)

AWS_REGION = "us-east-1"
S3_DESTINATION_BUCKET = os.environ["MEDIA_BUCKET"]
EMBED_MODEL_ID = "amazon.nova-2-multimodal-embeddings-v1:0"  # expect: BRL101
EMBED_DIM = 1024

bedrock_runtime = boto3.client("bedrock-runtime", region_name=AWS_REGION)


def generate_clips(prompts: list[str]) -> list[str]:
    invocation_arns = []
    for i, prompt in enumerate(prompts):
        model_input = {
            "taskType": "TEXT_VIDEO",
            "textToVideoParams": {"text": prompt},
            "videoGenerationConfig": {
                "durationSeconds": 6,
                "fps": 24,
                "dimension": "1280x720",
                "seed": random.randint(0, 2147483646),
            },
        }
        try:
            response = bedrock_runtime.start_async_invoke(
                modelId="amazon.nova-reel-v1:1",  # expect: BRL101
                modelInput=model_input,
                outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{S3_DESTINATION_BUCKET}/clips/{i}/"}},
            )
            invocation_arns.append(response["invocationArn"])
        except Exception as e:  # noqa: BLE001
            print(f"Bedrock Invocation Error for clip {i + 1}: {e}")
    return invocation_arns


def embed_video(s3_video_uri: str, out_uri: str) -> str:
    model_input = {
        "taskType": "SEGMENTED_EMBEDDING",
        "segmentedEmbeddingParams": {
            "embeddingPurpose": "GENERIC_INDEX",
            "embeddingDimension": EMBED_DIM,
            "video": {
                "format": "mp4",
                "embeddingMode": "AUDIO_VIDEO_COMBINED",
                "source": {"s3Location": {"uri": s3_video_uri}},
            },
        },
    }
    started = bedrock_runtime.start_async_invoke(
        modelId=EMBED_MODEL_ID,
        modelInput=model_input,
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": out_uri}},
    )
    arn = started["invocationArn"]
    logger.info(f"nova-mme: async embedding job started ({arn.rsplit('/', 1)[-1]})")
    return arn


def wait_all(invocation_arns: list[str]) -> dict[str, str]:
    pending = set(invocation_arns)
    statuses: dict[str, str] = {}
    while pending:
        for arn in list(pending):
            job = bedrock_runtime.get_async_invoke(invocationArn=arn)
            if job["status"] in ("Completed", "Failed"):
                statuses[arn] = job["status"]
                pending.discard(arn)
                if job["modelArn"].endswith("amazon.nova-reel-v1:1"):
                    logger.info("reel job %s finished: %s", arn, job["status"])
        time.sleep(15)
    return statuses


def in_progress() -> list[dict]:
    return bedrock_runtime.list_async_invokes(statusEquals="InProgress", maxResults=50)["asyncInvokeSummaries"]


if __name__ == "__main__":
    arns = generate_clips(["A drone shot over a foggy harbour at dawn"])
    print(json.dumps(wait_all(arns), indent=2))
