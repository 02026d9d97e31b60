"""Latency benchmark: time-to-first-token for a few Bedrock models (ConverseStream)."""

import csv
import statistics
import time

import boto3

client = boto3.client("bedrock-runtime", region_name="us-west-2")

MODELS_UNDER_TEST = [
    "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
    "us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL102
    "us.amazon.nova-micro-v1:0",  # expect: BRL102
    "us.meta.llama3-2-3b-instruct-v1:0",  # expect: BRL102
]

# Per-model inference settings (the key is the model ID that gets invoked)
MODEL_CONFIGS = {
    "amazon.titan-text-lite-v1": {"temperature": 0.0, "topP": 0.9},  # expect: BRL101
    "mistral.mistral-7b-instruct-v0:2": {"temperature": 0.0, "topP": 0.9},  # expect: BRL101
}

PROMPTS = {
    "short": "Say hello.",
    "medium": "Explain the difference between TCP and UDP in one paragraph.",
}


def ttft(model_id: str, prompt: str, **inference) -> float:
    start = time.perf_counter()
    stream = client.converse_stream(
        modelId=model_id,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": 256, **inference},
    )["stream"]
    for event in stream:
        if "contentBlockDelta" in event:
            return time.perf_counter() - start
    return float("nan")


def main(runs: int = 5) -> None:
    rows = []
    for model_id in MODELS_UNDER_TEST:
        for name, prompt in PROMPTS.items():
            samples = [ttft(model_id, prompt) for _ in range(runs)]
            rows.append((model_id, name, statistics.median(samples)))
    for model_id, cfg in MODEL_CONFIGS.items():
        samples = [ttft(model_id, PROMPTS["short"], temperature=cfg["temperature"], topP=cfg["topP"]) for _ in range(runs)]
        rows.append((model_id, "short", statistics.median(samples)))
    with open("latency.csv", "w", newline="") as fh:
        csv.writer(fh).writerows([("model", "prompt", "ttft_s"), *rows])
    fastest = min(rows, key=lambda r: r[2])
    print(f"fastest: {fastest[0]} ({fastest[2]:.3f}s)")


if __name__ == "__main__":
    main()
