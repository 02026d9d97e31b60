"""Batch summarisation CLI.

Usage:
    python cli_argparse.py --input docs/ --model-id anthropic.claude-3-haiku-20240307-v1:0
"""

import argparse
import json
import logging
import pathlib

import boto3

logger = logging.getLogger(__name__)

SUPPORTED = (
    "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
    "anthropic.claude-3-5-sonnet-20241022-v2:0",  # expect: BRL101
    "amazon.nova-lite-v1:0",  # expect: BRL101
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Summarise every text file in a folder with Amazon Bedrock.")
    parser.add_argument("--input", type=pathlib.Path, required=True)
    parser.add_argument("--output", type=pathlib.Path, default=pathlib.Path("summaries.jsonl"))
    parser.add_argument(
        "--model-id",
        default="anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
        choices=SUPPORTED,
        help="Bedrock model ID (default: anthropic.claude-3-haiku-20240307-v1:0)",
    )
    parser.add_argument(
        "--embedding-model",
        default="amazon.titan-embed-text-v2:0",
        help="used to deduplicate near-identical documents",
    )
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--max-tokens", type=int, default=400)
    return parser.parse_args()


def summarise(client, model_id: str, text: str, max_tokens: int) -> str:
    response = client.converse(
        modelId=model_id,
        system=[{"text": "Summarise the document in five bullet points."}],
        messages=[{"role": "user", "content": [{"text": text[:20000]}]}],
        inferenceConfig={"maxTokens": max_tokens, "temperature": 0.2},
    )
    return response["output"]["message"]["content"][0]["text"]


def embed(client, model_id: str, text: str) -> list[float]:
    body = json.dumps({"inputText": text[:8000], "dimensions": 256})
    response = client.invoke_model(modelId=model_id, body=body)
    return json.loads(response["body"].read())["embedding"]


def main() -> None:
    args = parse_args()
    client = boto3.client("bedrock-runtime", region_name=args.region)
    if args.model_id == "amazon.nova-lite-v1:0" and args.max_tokens > 5000:
        logger.warning("nova lite output is capped at 5000 tokens")
    with args.output.open("w") as out:
        for path in sorted(args.input.glob("*.txt")):
            text = path.read_text()
            summary = summarise(client, args.model_id, text, args.max_tokens)
            vector = embed(client, args.embedding_model, summary)
            out.write(json.dumps({"file": path.name, "summary": summary, "dim": len(vector)}) + "\n")
            logger.info("summarised %s with %s", path.name, args.model_id)


if __name__ == "__main__":
    main()
