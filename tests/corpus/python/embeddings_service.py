"""Embedding service for search and the multimodal catalogue.

Text search uses Titan / Cohere embeddings (exempt from the profile rule: they cannot go
through an application inference profile yet). The image catalogue uses Nova multimodal
embeddings, which *can* be wrapped in a profile.
"""

from __future__ import annotations

import base64
import json
import os

import boto3
from langchain_aws import BedrockEmbeddings

REGION = os.environ.get("AWS_REGION", "us-east-1")
runtime = boto3.client("bedrock-runtime", region_name=REGION)

TEXT_EMBEDDINGS = BedrockEmbeddings(model_id="amazon.titan-embed-text-v2:0", region_name=REGION)
MULTILINGUAL = BedrockEmbeddings(model_id="cohere.embed-multilingual-v3", region_name=REGION)

# Cohere v4 through the US cross-region profile for throughput
COHERE_V4 = "us.cohere.embed-v4:0"

MULTIMODAL_MODEL_ARN = (
    "arn:aws:bedrock:us-east-1::foundation-model/"  # expect: BRL101
    "amazon.nova-2-multimodal-embeddings-v1:0"
)

DIMENSIONS = {
    "amazon.titan-embed-text-v2:0": 1024,
    "cohere.embed-multilingual-v3": 1024,
    "cohere.embed-v4:0": 1536,
    "amazon.nova-2-multimodal-embeddings-v1:0": 3072,
}


def embed_texts(texts: list[str], multilingual: bool = False) -> list[list[float]]:
    model = MULTILINGUAL if multilingual else TEXT_EMBEDDINGS
    return model.embed_documents(texts)


def embed_cohere_v4(texts: list[str]) -> list[list[float]]:
    body = {"texts": texts, "input_type": "search_document", "embedding_types": ["float"]}
    response = runtime.invoke_model(modelId=COHERE_V4, body=json.dumps(body))
    return json.loads(response["body"].read())["embeddings"]["float"]


def embed_image(png: bytes) -> list[float]:
    body = {
        "taskType": "SINGLE_EMBEDDING",
        "singleEmbeddingParams": {
            "embeddingPurpose": "GENERIC_INDEX",
            "embeddingDimension": DIMENSIONS["amazon.nova-2-multimodal-embeddings-v1:0"],
            "image": {"format": "png", "source": {"bytes": base64.b64encode(png).decode()}},
        },
    }
    response = runtime.invoke_model(modelId=MULTIMODAL_MODEL_ARN, body=json.dumps(body))
    return json.loads(response["body"].read())["embeddings"][0]["embedding"]


def titan_dims(model_id: str) -> int:
    if model_id.startswith("amazon.titan-embed"):
        return DIMENSIONS.get(model_id, 1536)
    raise ValueError(model_id)
