"""Marketing asset generator: images (Titan / Nova Canvas / Stability), video (Nova Reel), search embeddings."""

import base64
import json
import random

import boto3

bedrock_runtime = boto3.client("bedrock-runtime", region_name="us-east-1")

IMAGE_MODEL_ID = "amazon.titan-image-generator-v2:0"  # expect: BRL101
CANVAS_MODEL_ID = "amazon.nova-canvas-v1:0"  # expect: BRL101
VIDEO_MODEL_ID = "amazon.nova-reel-v1:1"  # expect: BRL101
IMAGE_EMBED_MODEL_ID = "amazon.titan-embed-image-v1"
OUTPUT_BUCKET = "s3://acme-marketing-assets/video/"


def titan_image(prompt: str) -> bytes:
    body = {
        "taskType": "TEXT_IMAGE",
        "textToImageParams": {"text": prompt},
        "imageGenerationConfig": {"numberOfImages": 1, "height": 1024, "width": 1024, "seed": random.randint(0, 2**31 - 1)},
    }
    resp = bedrock_runtime.invoke_model(modelId=IMAGE_MODEL_ID, body=json.dumps(body))
    return base64.b64decode(json.loads(resp["body"].read())["images"][0])


def canvas_image(prompt: str) -> bytes:
    body = {"taskType": "TEXT_IMAGE", "textToImageParams": {"text": prompt}, "imageGenerationConfig": {"quality": "premium"}}
    resp = bedrock_runtime.invoke_model(modelId=CANVAS_MODEL_ID, body=json.dumps(body))
    return base64.b64decode(json.loads(resp["body"].read())["images"][0])


def stability_image(prompt: str, aspect_ratio: str = "16:9") -> bytes:
    resp = bedrock_runtime.invoke_model(
        modelId="stability.sd3-5-large-v1:0",  # expect: BRL101
        body=json.dumps({"prompt": prompt, "aspect_ratio": aspect_ratio, "output_format": "png"}),
    )
    return base64.b64decode(json.loads(resp["body"].read())["images"][0])


def start_video(prompt: str) -> str:
    model_input = {
        "taskType": "TEXT_VIDEO",
        "textToVideoParams": {"text": prompt},
        "videoGenerationConfig": {"fps": 24, "durationSeconds": 6, "dimension": "1280x720", "seed": random.randint(0, 2147483646)},
    }
    response = bedrock_runtime.start_async_invoke(
        modelId=VIDEO_MODEL_ID,
        modelInput=model_input,
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": OUTPUT_BUCKET}},
    )
    return response["invocationArn"]


def video_status(invocation_arn: str) -> str:
    return bedrock_runtime.get_async_invoke(invocationArn=invocation_arn)["status"]


def image_embedding(png: bytes) -> list[float]:
    body = json.dumps({"inputImage": base64.b64encode(png).decode(), "embeddingConfig": {"outputEmbeddingLength": 384}})
    resp = bedrock_runtime.invoke_model(modelId=IMAGE_EMBED_MODEL_ID, body=body)
    return json.loads(resp["body"].read())["embedding"]


def describe_image(png: bytes) -> str:
    resp = bedrock_runtime.converse(
        modelId="us.amazon.nova-lite-v1:0",  # expect: BRL102
        messages=[
            {
                "role": "user",
                "content": [{"image": {"format": "png", "source": {"bytes": png}}}, {"text": "Write alt text."}],
            }
        ],
    )
    return resp["output"]["message"]["content"][0]["text"]
