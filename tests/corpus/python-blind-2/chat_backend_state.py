"""Graph state for the document-chat assistant.

Most requests go through the LiteLLM proxy by alias; the summariser talks to
Bedrock directly because it needs Converse document blocks.
"""

import os

import tiktoken
from langchain_aws import ChatBedrockConverse
from langchain_community.chat_models import ChatLiteLLM
from langchain_core.documents import Document
from langchain_core.messages import AnyMessage
from pydantic import BaseModel, Field


def get_tokeniser() -> tiktoken.Encoding:
    return tiktoken.get_encoding("cl100k_base")


class ChatLLMBackend(BaseModel):
    name: str = "anthropic.claude-3-sonnet-20240229-v1:0"  # expect: BRL101
    provider: str = "bedrock"
    description: str | None = None
    context_window_size: int = 200_000


class AssistantState(BaseModel):
    documents: list[Document] = Field(description="List of files to process", default_factory=list)
    messages: list[AnyMessage] = Field(description="All previous messages in chat", default_factory=list)
    chat_backend: ChatLLMBackend = Field(description="User request AI settings", default_factory=ChatLLMBackend)

    def get_model_alias(self) -> str:
        """Translate the stored backend name into the proxy's alias."""
        match self.chat_backend.name:
            case "anthropic.claude-3-sonnet-20240229-v1:0":
                return "bedrock-claude-3-sonnet"
            case "anthropic.claude-3-haiku-20240307-v1:0":
                return "bedrock-claude-3-haiku"
            case "us.anthropic.claude-3-7-sonnet-20250219-v1:0" | "anthropic.claude-3-7-sonnet-20250219-v1:0":
                return "bedrock-claude-3-7-sonnet"
            case "gemini-2.0-flash-001":
                return "gemini-2-flash"
            case _:
                return self.chat_backend.name

    def get_llm(self) -> ChatLiteLLM:
        return ChatLiteLLM(
            model=self.get_model_alias(),
            api_base=os.environ["LITELLM_PROXY_API_BASE"],
            api_key=os.environ["LITELLM_PROXY_API_KEY"],
        )

    def get_summariser(self) -> ChatBedrockConverse:
        # Direct Bedrock: document blocks are not supported through the proxy.
        return ChatBedrockConverse(model=self.chat_backend.name, temperature=0, max_tokens=4096)

    def tokens_in_context(self) -> int:
        enc = get_tokeniser()
        return sum(len(enc.encode(d.page_content)) for d in self.documents)

    def fits(self) -> bool:
        if self.chat_backend.name.startswith("anthropic.claude-3"):
            return self.tokens_in_context() < 180_000
        return self.tokens_in_context() < self.chat_backend.context_window_size
