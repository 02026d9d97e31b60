"""Async Bedrock client for the FastAPI backend (aioboto3)."""

from __future__ import annotations

import asyncio
import logging
from typing import AsyncIterator

import aioboto3

logger = logging.getLogger(__name__)


class AsyncBedrockClient:
    DEFAULT_MODEL = "mistral.mistral-large-2407-v1:0"  # expect: BRL101
    REGION = "us-east-1"

    def __init__(self, region: str | None = None, max_concurrency: int = 8):
        self._session = aioboto3.Session()
        self._region = region or self.REGION
        self._semaphore = asyncio.Semaphore(max_concurrency)

    async def converse(self, messages: list[dict], model_id: str | None = None, **inference) -> str:
        async with self._semaphore, self._session.client("bedrock-runtime", region_name=self._region) as client:
            response = await client.converse(
                modelId=model_id or self.DEFAULT_MODEL,
                messages=messages,
                inferenceConfig=inference or {"maxTokens": 1024},
            )
        return response["output"]["message"]["content"][0]["text"]

    async def stream(
        self,
        prompt: str,
        model_id: str = "us.meta.llama3-3-70b-instruct-v1:0",  # expect: BRL102
    ) -> AsyncIterator[str]:
        async with self._session.client("bedrock-runtime", region_name=self._region) as client:
            response = await client.converse_stream(
                modelId=model_id,
                messages=[{"role": "user", "content": [{"text": prompt}]}],
            )
            async for event in response["stream"]:
                delta = event.get("contentBlockDelta", {}).get("delta", {})
                if "text" in delta:
                    yield delta["text"]

    async def fan_out(self, prompts: list[str]) -> list[str]:
        tasks = [self.converse([{"role": "user", "content": [{"text": p}]}]) for p in prompts]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for prompt, result in zip(prompts, results):
            if isinstance(result, Exception):
                logger.warning("prompt %.40r failed: %s", prompt, result)
        return [r if isinstance(r, str) else "" for r in results]
