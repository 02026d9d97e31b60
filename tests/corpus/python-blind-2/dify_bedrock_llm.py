"""Bedrock large-language-model runtime for the workflow platform's plugin.

Users pick the model in the UI; the provider only needs a cheap model to check
that the AWS credentials they typed actually work.
"""

import logging
from collections.abc import Generator
from typing import Optional, Union

from botocore.exceptions import ClientError, NoRegionError

from provider.get_bedrock_client import get_bedrock_client

logger = logging.getLogger(__name__)


class CredentialsValidateFailedError(Exception):
    pass


class BedrockLargeLanguageModel:
    # please refer to https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference.html
    # Matched with str.startswith against the model the user picked.
    CONVERSE_API_ENABLED_MODEL_INFO = [
        {"prefix": "qwen.qwen3", "support_system_prompts": True, "support_tool_use": False},
        {"prefix": "openai.gpt", "support_system_prompts": True, "support_tool_use": False},
        {"prefix": "deepseek.v3-v1:0", "support_system_prompts": True, "support_tool_use": False},
        {"prefix": "us.deepseek", "support_system_prompts": True, "support_tool_use": False},
        {"prefix": "global.anthropic.claude", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "us.anthropic.claude", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "eu.anthropic.claude", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "anthropic.claude", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "amazon.nova", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "us.meta.llama3-2", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "meta.llama", "support_system_prompts": True, "support_tool_use": False},
        {"prefix": "mistral.mistral-7b-instruct", "support_system_prompts": False, "support_tool_use": False},
        {"prefix": "mistral.mixtral-8x7b-instruct", "support_system_prompts": False, "support_tool_use": False},
        {"prefix": "mistral.mistral-large", "support_system_prompts": True, "support_tool_use": True},
        {"prefix": "cohere.command-r", "support_system_prompts": True, "support_tool_use": True},
    ]

    CONVERSE_API_ENABLED_MODEL_INFO_WITH_DOCUMENT = ("anthropic.claude-3", "us.anthropic.claude-3", "amazon.nova-pro-v1:0")

    @staticmethod
    def _find_model_info(model_id: str) -> Optional[dict]:
        for model in BedrockLargeLanguageModel.CONVERSE_API_ENABLED_MODEL_INFO:
            if model_id.startswith(model["prefix"]):
                return model
        logger.info(f"current model id: {model_id} did not support by Converse API")
        return None

    def _invoke(
        self, model: str, credentials: dict, prompt_messages: list, model_parameters: dict, stream: bool = True
    ) -> Union[dict, Generator]:
        client = get_bedrock_client("bedrock-runtime", credentials)
        model_id = credentials.get("inference_profile_arn") or model
        model_info = self._find_model_info(model)
        if model_info:
            system = [{"text": m["content"]} for m in prompt_messages if m["role"] == "system"]
            messages = [
                {"role": m["role"], "content": [{"text": m["content"]}]} for m in prompt_messages if m["role"] != "system"
            ]
            parameters = {
                "modelId": model_id,
                "messages": messages,
                "inferenceConfig": {"maxTokens": model_parameters.get("max_tokens", 1024)},
            }
            if system and model_info["support_system_prompts"]:
                parameters["system"] = system
            if not model.startswith(self.CONVERSE_API_ENABLED_MODEL_INFO_WITH_DOCUMENT):
                messages = [m for m in messages if "document" not in m["content"][0]]
            if stream:
                return client.converse_stream(**parameters)
            return client.converse(**parameters)
        raise ValueError(f"model {model} is not supported by the Converse API, use e.g. anthropic.claude-3-haiku")

    def validate_credentials(self, model: str, credentials: dict) -> None:
        try:
            self._invoke(
                model=model,
                credentials=credentials,
                prompt_messages=[{"role": "user", "content": "ping"}],
                model_parameters={"max_tokens": 5},
                stream=False,
            )
        except (ClientError, NoRegionError) as ex:
            raise CredentialsValidateFailedError(str(ex)) from ex


class BedrockProvider:
    def validate_provider_credentials(self, credentials: dict) -> None:
        """Ping a small model with the submitted keys."""
        model_instance = BedrockLargeLanguageModel()
        # The form lets users override the model used for the ping.
        model_for_validation = credentials.get("model_for_validation", "amazon.nova-micro-v1:0")  # expect: BRL101
        model_instance.validate_credentials(model=model_for_validation, credentials=credentials)
