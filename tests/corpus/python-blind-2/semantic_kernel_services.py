"""Contract-review assistant built on Semantic Kernel with Amazon Bedrock connectors."""

import asyncio
import os

from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.bedrock import (
    BedrockChatCompletion,
    BedrockChatPromptExecutionSettings,
    BedrockTextCompletion,
    BedrockTextEmbedding,
)
from semantic_kernel.connectors.ai.function_choice_behavior import FunctionChoiceBehavior
from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion
from semantic_kernel.contents import ChatHistory

from contract_plugins import ContractPlugin, ContractSearchService

SERVICE_ID = "contract_search"

kernel = Kernel()
kernel.add_plugin(ContractPlugin(contract_search_service=ContractSearchService()), plugin_name="contractsearch")

# Main chat service.
kernel.add_service(BedrockChatCompletion(model_id="anthropic.claude-3-5-sonnet-20240620-v1:0", service_id=SERVICE_ID))  # expect: BRL101

# Embeddings for the clause index (exempt: Titan embeddings).
kernel.add_service(BedrockTextEmbedding(model_id="amazon.titan-embed-text-v2:0", service_id="embeddings"))

# Optional second opinion, model picked by ops through the environment.
if os.getenv("SECOND_OPINION_MODEL_ID"):
    kernel.add_service(BedrockChatCompletion(model_id=os.getenv("SECOND_OPINION_MODEL_ID"), service_id="second"))

# Side-by-side comparison services for the review UI.
COMPARISON_SERVICES = {
    "bedrock_amazon_titan": (
        BedrockTextCompletion(model_id="amazon.titan-text-premier-v1:0"),  # expect: BRL101
        BedrockChatPromptExecutionSettings,
    ),
    "bedrock_ai21labs": (
        BedrockChatCompletion(model_id="ai21.jamba-1-5-mini-v1:0"),  # expect: BRL101
        BedrockChatPromptExecutionSettings,
    ),
    "openai": (
        OpenAIChatCompletion(ai_model_id="gpt-4o-mini"),
        None,
    ),
}

settings: BedrockChatPromptExecutionSettings = kernel.get_prompt_execution_settings_from_service_id(service_id=SERVICE_ID)
settings.function_choice_behavior = FunctionChoiceBehavior.Auto(filters={"included_plugins": ["contractsearch"]})
settings.extension_data = {"topK": 40}


async def ask(question: str) -> str:
    history = ChatHistory()
    history.add_system_message("You answer questions about supplier contracts. Cite the clause.")
    history.add_user_message(question)
    service = kernel.get_service(SERVICE_ID)
    result = await service.get_chat_message_content(chat_history=history, settings=settings, kernel=kernel)
    return str(result)


async def compare(question: str) -> dict[str, str]:
    answers = {}
    for name, (service, settings_cls) in COMPARISON_SERVICES.items():
        if settings_cls is None:
            continue
        history = ChatHistory()
        history.add_user_message(question)
        reply = await service.get_chat_message_content(chat_history=history, settings=settings_cls())
        answers[name] = str(reply)
    return answers


if __name__ == "__main__":
    print(asyncio.run(ask("Which contracts renew automatically in 2025?")))
