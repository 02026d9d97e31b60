"""FastAPI streaming chat and an async extraction client, both on aioboto3."""

import json
import os
from typing import Any, AsyncIterator

import aioboto3
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()

_DEFAULT_CHAT_MODEL = "us.amazon.nova-lite-v1:0"  # expect: BRL102


@app.get("/chat/stream")
async def chat_stream(prompt: str):
    async def generate() -> AsyncIterator[str]:
        async with aioboto3.Session().client("bedrock-runtime", region_name="us-west-2") as client:
            response = await client.converse_stream(
                modelId="anthropic.claude-3-5-sonnet-20241022-v2:0",  # expect: BRL101
                messages=[{"role": "user", "content": [{"text": prompt}]}],
                inferenceConfig={"maxTokens": 2048},
            )
            async for event in response["stream"]:
                if "contentBlockDelta" in event:
                    yield f"data: {json.dumps({'text': event['contentBlockDelta']['delta'].get('text', '')})}\n\n"

    return StreamingResponse(generate(), media_type="text/event-stream")


class AsyncExtractor:
    """Tool-calling extractor; tests inject a fake client through ``_client_factory``."""

    def __init__(self, model: str | None = None, region: str | None = None) -> None:
        self.model = model or os.environ.get("BEDROCK_EXTRACT_MODEL", _DEFAULT_CHAT_MODEL)
        self._region = region or os.environ.get("AWS_REGION", "us-east-1")
        self.total_prompt_tokens = 0
        self.total_completion_tokens = 0

    def _client_factory(self):
        return aioboto3.Session().client("bedrock-runtime", region_name=self._region)

    def _record_usage(self, data: dict) -> None:
        usage = data.get("usage") or {}
        self.total_prompt_tokens += usage.get("inputTokens", 0)
        self.total_completion_tokens += usage.get("outputTokens", 0)

    async def complete(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> dict:
        request: dict[str, Any] = {"modelId": self.model, "messages": messages}
        if tools:
            request["toolConfig"] = {"tools": tools}
        async with self._client_factory() as client:
            data = await client.converse(**request)
        self._record_usage(data)
        return data

    async def stream_raw(self, body: dict) -> AsyncIterator[dict]:
        async with self._client_factory() as client:
            response = await client.invoke_model_with_response_stream(modelId=self.model, body=json.dumps(body))
            async for event in response["body"]:
                yield json.loads(event["chunk"]["bytes"])


@app.get("/health")
async def health() -> dict:
    return {"status": "ok", "default_model": "configured-by-env"}
