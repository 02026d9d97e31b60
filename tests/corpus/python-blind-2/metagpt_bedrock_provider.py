"""Amazon Bedrock provider for the multi-agent framework.

The model comes from ``config2.yaml`` (``llm.model``), never from this module;
the tables below only tell the provider how many tokens it may ask for and
whether it may stream.
"""

import asyncio
import json
from functools import partial
from typing import Optional

import boto3
from botocore.eventstream import EventStream

from metagpt.configs.llm_config import LLMConfig, LLMType
from metagpt.logs import logger
from metagpt.provider.base_llm import BaseLLM
from metagpt.provider.llm_provider_registry import register_provider
from metagpt.utils.cost_manager import CostManager

# max_tokens for each model
NOT_SUPPORT_STREAM_MODELS = {
    # Jurassic-2 Mid-v1 and Ultra-v1 (legacy 2024-04-30, EOL 2024-08-31)
    "ai21.j2-mid-v1": 8191,
    "ai21.j2-ultra-v1": 8191,
}

SUPPORT_STREAM_MODELS = {
    "ai21.jamba-instruct-v1:0": 4096,
    "amazon.titan-text-lite-v1:0:4k": 4096,
    "amazon.titan-text-lite-v1": 4096,
    "amazon.titan-text-express-v1:0:8k": 8192,
    "amazon.titan-text-express-v1": 8192,
    "anthropic.claude-instant-v1": 4096,
    "anthropic.claude-v2:1:200k": 4096,
    "anthropic.claude-v2:1": 4096,
    "anthropic.claude-3-sonnet-20240229-v1:0:28k": 4096,
    "anthropic.claude-3-haiku-20240307-v1:0": 4096,
    "anthropic.claude-3-5-sonnet-20240620-v1:0": 8192,
    "us.anthropic.claude-3-5-sonnet-20241022-v2:0": 8192,
    "cohere.command-text-v14": 4096,
    "meta.llama3-8b-instruct-v1:0": 2048,
    "meta.llama3-1-405b-instruct-v1:0": 2048,
    "mistral.mistral-7b-instruct-v0:2": 8192,
    "mistral.mixtral-8x7b-instruct-v0:1": 4096,
}

# Price per 1K tokens, read by the cost manager.
BEDROCK_TOKEN_COSTS = {
    "anthropic.claude-3-haiku-20240307-v1:0": {"prompt": 0.00025, "completion": 0.00125},
    "anthropic.claude-3-5-sonnet-20240620-v1:0": {"prompt": 0.003, "completion": 0.015},
    "meta.llama3-1-405b-instruct-v1:0": {"prompt": 0.00532, "completion": 0.016},
}


def get_max_tokens(model_id: str) -> int:
    try:
        return (NOT_SUPPORT_STREAM_MODELS | SUPPORT_STREAM_MODELS)[model_id]
    except KeyError:
        logger.warning(f"Couldn't find model:{model_id} , max tokens has been set to 2048")
        return 2048


def get_provider_name(model_id: str) -> str:
    parts = model_id.split(".")
    # "us.anthropic.claude-..." has three or more parts, "anthropic.claude-..." two
    if len(parts) > 2 and parts[0] in ("us", "eu", "apac", "global"):
        return parts[1]
    return parts[0]


@register_provider([LLMType.BEDROCK])
class BedrockLLM(BaseLLM):
    def __init__(self, config: LLMConfig):
        self.config = config
        self.__client = self.__init_client("bedrock-runtime")
        self.__provider = get_provider_name(self.config.model)
        self.cost_manager = CostManager(token_costs=BEDROCK_TOKEN_COSTS)
        if self.config.model in NOT_SUPPORT_STREAM_MODELS:
            logger.warning(f"model {self.config.model} doesn't support streaming output!")

    def __init_client(self, service_name: str):
        self.__credential_kwargs = {
            "aws_secret_access_key": self.config.secret_key,
            "aws_access_key_id": self.config.access_key,
            "region_name": self.config.region_name,
        }
        session = boto3.Session(**self.__credential_kwargs)
        return session.client(service_name)

    @property
    def client(self):
        return self.__client

    @property
    def _const_kwargs(self) -> dict:
        return {"max_tokens": get_max_tokens(self.config.model), "temperature": self.config.temperature}

    async def invoke_model(self, request_body: str) -> dict:
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(
            None, partial(self.client.invoke_model, modelId=self.config.model, body=request_body)
        )
        usage = self._get_usage(response)
        self._update_costs(usage, self.config.model)
        return json.loads(response["body"].read())

    async def invoke_model_with_response_stream(self, request_body: str) -> EventStream:
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(
            None, partial(self.client.invoke_model_with_response_stream, modelId=self.config.model, body=request_body)
        )
        usage = self._get_usage(response)
        self._update_costs(usage, self.config.model)
        return response["body"]

    def _get_usage(self, response) -> dict:
        headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        return {
            "prompt_tokens": int(headers.get("x-amzn-bedrock-input-token-count", 0)),
            "completion_tokens": int(headers.get("x-amzn-bedrock-output-token-count", 0)),
        }

    def get_choice_text(self, rsp: dict, model: Optional[str] = None) -> str:
        model = model or self.config.model
        if model.startswith(("anthropic.claude-3", "us.anthropic.claude-3")):
            return rsp["content"][0]["text"]
        if self.__provider == "meta":
            return rsp["generation"]
        return rsp.get("outputText") or rsp.get("completion", "")
