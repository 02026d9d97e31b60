"""Marketing image generation (Nova Canvas / Stable Diffusion 3.5 / Titan v2)."""

import base64
import json
import random
from pathlib import Path

import boto3

runtime = boto3.client("bedrock-runtime", region_name="us-west-2")

IMAGE_MODELS = {
    "nova": "amazon.nova-canvas-v1:0",  # expect: BRL101
    "sd35": "stability.sd3-5-large-v1:0",  # expect: BRL101
}
TITAN_IMAGE_MODEL = "amazon.titan-image-generator-v2:0"  # expect: BRL101


def _nova_body(prompt: str, width: int, height: int) -> dict:
    return {
        "taskType": "TEXT_IMAGE",
        "textToImageParams": {"text": prompt, "negativeText": "blurry, watermark"},
        "imageGenerationConfig": {
            "numberOfImages": 1,
            "width": width,
            "height": height,
            "cfgScale": 7.0,
            "seed": random.randint(0, 858_993_459),
        },
    }


def generate(prompt: str, engine: str = "nova", width: int = 1024, height: int = 1024) -> bytes:
    model_id = IMAGE_MODELS[engine]
    if model_id.startswith("stability."):
        body = {"prompt": prompt, "mode": "text-to-image", "aspect_ratio": "1:1", "output_format": "png"}
    else:
        body = _nova_body(prompt, width, height)
    response = runtime.invoke_model(modelId=model_id, body=json.dumps(body))
    payload = json.loads(response["body"].read())
    return base64.b64decode(payload["images"][0])


def outpaint(image_path: Path, mask_prompt: str, prompt: str) -> bytes:
    body = {
        "taskType": "OUTPAINTING",
        "outPaintingParams": {
            "image": base64.b64encode(image_path.read_bytes()).decode(),
            "maskPrompt": mask_prompt,
            "text": prompt,
            "outPaintingMode": "PRECISE",
        },
        "imageGenerationConfig": {"numberOfImages": 1, "quality": "premium"},
    }
    response = runtime.invoke_model(modelId=TITAN_IMAGE_MODEL, body=json.dumps(body))
    return base64.b64decode(json.loads(response["body"].read())["images"][0])


if __name__ == "__main__":
    Path("hero.png").write_bytes(generate("a lighthouse at dawn, flat illustration"))
