"""Request builders shared by the Bedrock workers (and one unrelated REST client)."""

import json
import os
import time
from typing import Any, Optional

import boto3
import requests
from botocore.config import Config


class TitanOrProfileInvoker:
    """Calls InvokeModel with either an explicit model ID or an inference profile from config."""

    def __init__(self, model_id: Optional[str] = None, inference_profile_id: Optional[str] = None):
        self.model_id = model_id
        self.inference_profile_id = inference_profile_id or os.environ.get("BEDROCK_AIP_ARN")
        self.bedrock_client = boto3.client("bedrock-runtime")

    def invoke(self, body: str) -> dict:
        invoke_params = {
            "contentType": "application/json",
            "accept": "application/json",
            "body": body,
        }
        if self.model_id:
            invoke_params["modelId"] = self.model_id
        elif self.inference_profile_id:
            invoke_params["modelId"] = self.inference_profile_id
        return self.bedrock_client.invoke_model(**invoke_params)


def llama_invoke(prompt: str) -> str:
    params: dict[str, Any] = {"body": json.dumps({"prompt": prompt, "max_gen_len": 512})}
    params["modelId"] = "meta.llama3-1-70b-instruct-v1:0"  # expect: BRL101
    response = boto3.client("bedrock-runtime").invoke_model(**params)
    return json.loads(response["body"].read())["generation"]


class ConverseAgent:
    def __init__(self, model_id: str, params: dict, call_log: Optional[list] = None):
        self.model_id = model_id
        self.params = params
        self.call_log = call_log
        self._client = boto3.client(
            "bedrock-runtime",
            config=Config(connect_timeout=10, read_timeout=180, retries={"mode": "adaptive", "total_max_attempts": 6}),
        )

    def run(self, system: str, messages: list, tool_config: Optional[dict] = None) -> dict:
        request = dict(modelId=self.model_id, system=[{"text": system}], messages=messages, inferenceConfig=self.params)
        if tool_config is not None:
            request["toolConfig"] = tool_config
        start = time.monotonic()
        response = self._client.converse(**request)
        if self.call_log is not None:
            self.call_log.append(dict(model=self.model_id, seconds=time.monotonic() - start))
        return response


def mistral_classify(text: str) -> str:
    request = dict(
        modelId="mistral.mistral-large-2407-v1:0",  # expect: BRL101
        messages=[{"role": "user", "content": [{"text": f"Classify the sentiment: {text}"}]}],
        inferenceConfig={"maxTokens": 10},
    )
    out = boto3.client("bedrock-runtime").converse(**request)
    return out["output"]["message"]["content"][0]["text"].strip()


def unified_chat(client, model: str, messages: list) -> str:
    converse_msgs = [{"role": m["role"], "content": [{"text": m["content"]}]} for m in messages if m["role"] != "system"]
    kwargs_boto = dict(modelId=model, messages=converse_msgs)
    system = [{"text": m["content"]} for m in messages if m["role"] == "system"]
    if system:
        kwargs_boto["system"] = system
    resp = client.converse(**kwargs_boto)
    return "".join(b.get("text", "") for b in resp["output"]["message"]["content"])


def civitai_images(limit: int = 20, **filters) -> dict:
    """Unrelated image-gallery API that also has a 'modelId' query parameter."""
    params = {"limit": limit, "sort": "Most Reactions", "period": "AllTime"}
    if filters.get("modelId"):
        params["modelId"] = filters["modelId"]
    params.setdefault("modelVersionId", "128713")
    return requests.get("https://civitai.com/api/v1/images", params=params, timeout=30).json()
