"""Framework adapters on Amazon Bedrock: AutoGen pair programmer, Haystack greeter, LlamaIndex handbook RAG."""

import asyncio
import os

import autogen
from autogen_agentchat.agents import AssistantAgent
from autogen_ext.models.anthropic import AnthropicBedrockChatCompletionClient
from haystack import Pipeline
from haystack.components.builders import ChatPromptBuilder
from haystack.dataclasses import ChatMessage
from haystack_integrations.components.embedders.amazon_bedrock import (
    AmazonBedrockDocumentEmbedder,
    AmazonBedrockTextEmbedder,
)
from haystack_integrations.components.generators.amazon_bedrock import (
    AmazonBedrockChatGenerator,
    AmazonBedrockGenerator,
)
from haystack_integrations.components.rankers.amazon_bedrock import AmazonBedrockRanker
from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.embeddings.bedrock import BedrockEmbedding
from llama_index.llms.bedrock import Bedrock
from llama_index.llms.bedrock_converse import BedrockConverse

# ---- AutoGen 0.2 style --------------------------------------------------------------------

config_list = [
    {
        "model": "anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
        "api_type": "bedrock",
        "aws_region": "us-east-1",
        "aws_profile_name": "dev",
    }
]

assistant = autogen.AssistantAgent(name="assistant", llm_config={"config_list": config_list})
user_proxy = autogen.UserProxyAgent(name="user_proxy", human_input_mode="NEVER", code_execution_config=False)


# ---- AutoGen 0.4 style --------------------------------------------------------------------

async def pair_program(task: str):
    model_client = AnthropicBedrockChatCompletionClient(
        model="us.anthropic.claude-sonnet-4-20250514-v1:0",  # expect: BRL102
        bedrock_info={"aws_region": "us-east-1"},
    )
    agent = AssistantAgent(name="coder", model_client=model_client)
    return await agent.run(task=task)


# ---- Haystack -----------------------------------------------------------------------------

system_prompt = (
    "Your role is to greet the user by name. If no name is given, politely ask for it. "
    "Tell them you are running on anthropic.claude-3-5-sonnet on Amazon Bedrock."
)
model = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"  # expect: BRL102

greeter = Pipeline()
greeter.add_component("prompt", ChatPromptBuilder(template=[ChatMessage.from_system(system_prompt)]))
greeter.add_component("llm", AmazonBedrockChatGenerator(model=model, generation_kwargs={"maxTokens": 300}))
greeter.connect("prompt.prompt", "llm.messages")

legacy_generator = AmazonBedrockGenerator(model="meta.llama3-8b-instruct-v1:0")  # expect: BRL101

text_embedder = AmazonBedrockTextEmbedder(model="amazon.titan-embed-text-v2:0")
doc_embedder = AmazonBedrockDocumentEmbedder(model="cohere.embed-english-v3")
ranker = AmazonBedrockRanker(model="cohere.rerank-v3-5:0", top_k=5)
default_ranker = AmazonBedrockRanker(top_k=3)


# ---- LlamaIndex -------------------------------------------------------------------------

REGION = "ap-south-1"

llm_indexing = BedrockConverse(
    model="arn:aws:bedrock:ap-south-1:554902127471:inference-profile/apac.amazon.nova-lite-v1:0",  # expect: BRL102
    region_name=REGION,
    aws_access_key_id=os.getenv("AWS_ACCESS_KEY_ID"),
    aws_secret_access_key=os.getenv("AWS_SECRET_ACCESS_KEY"),
    temperature=0,
)

llm_retrieval = BedrockConverse(
    model="anthropic.claude-sonnet-4-20250514-v1:0",
    application_inference_profile_arn=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"],
    region_name=REGION,
)

legacy_llm = Bedrock(model="anthropic.claude-3-haiku-20240307-v1:0", region_name="us-east-1")  # expect: BRL101

Settings.llm = llm_retrieval
Settings.embed_model = BedrockEmbedding(model_name="amazon.titan-embed-text-v2:0", region_name=REGION)

NOVA_EMBED = "amazon.nova-2-multimodal-embeddings-v1:0"  # expect: BRL101
image_embed_model = BedrockEmbedding(model_name=NOVA_EMBED, region_name="us-east-1")


def build_index(path: str = "data/handbook") -> VectorStoreIndex:
    docs = SimpleDirectoryReader(path).load_data()
    return VectorStoreIndex.from_documents(docs, transformations=None, llm=llm_indexing)


def ask(question: str) -> str:
    return str(build_index().as_query_engine(similarity_top_k=4).query(question))


if __name__ == "__main__":
    user_proxy.initiate_chat(assistant, message="What's the capital of France?")
    asyncio.run(pair_program("Write a function that reverses a linked list."))
