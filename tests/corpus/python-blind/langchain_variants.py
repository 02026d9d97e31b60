"""LLM factory used by the RAG and agent modules (langchain, langchain-community, langchain-aws)."""

import os

import boto3
from langchain.chat_models import init_chat_model
from langchain_aws import BedrockEmbeddings, BedrockLLM, ChatBedrock, ChatBedrockConverse
from langchain_community.chat_models import BedrockChat
from langchain_community.embeddings import BedrockEmbeddings as CommunityBedrockEmbeddings

REGION = "us-west-2"
bedrock_client = boto3.client("bedrock-runtime", region_name=REGION)

ANTHROPIC_MODELS = {
    "Claude 3.7 Sonnet": "arn:aws:bedrock:us-west-2::inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL102
    "Claude 3.5 Sonnet v2": "arn:aws:bedrock:us-west-2::inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",  # expect: BRL102
}

mistral_large = "mistral.mistral-large-2402-v1:0"  # expect: BRL101
meta_llama3_70b = "meta.llama3-70b-instruct-v1:0"  # expect: BRL101


def get_legacy_chat():
    # old langchain-community class, still used by the notebook demos
    return BedrockChat(model_id="anthropic.claude-v2", client=bedrock_client, model_kwargs={"temperature": 0})  # expect: BRL101


def get_text_llm():
    return BedrockLLM(
        model_id=meta_llama3_70b,
        region_name="us-east-1",
        credentials_profile_name="default",
        model_kwargs={"temperature": 0.1, "max_gen_len": 2048},
    )


def get_mistral():
    return ChatBedrock(model_id=mistral_large, client=bedrock_client)


def get_claude_profile(name: str = "Claude 3.7 Sonnet"):
    # ARNs need an explicit provider
    return ChatBedrock(region_name=REGION, model_id=ANTHROPIC_MODELS[name], provider="anthropic")


def get_converse_chat():
    return ChatBedrock(model="anthropic.claude-3-5-sonnet-20240620-v1:0", beta_use_converse_api=True)  # expect: BRL101


def get_haiku():
    return ChatBedrockConverse(
        model_id="us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL102
        region_name="us-east-1",
        temperature=0,
        max_tokens=None,
    )


def get_initialised():
    return init_chat_model("anthropic.claude-3-5-sonnet-20240620-v1:0", model_provider="bedrock_converse")  # expect: BRL101


def get_profiled_chat():
    """Production path: application inference profile from the environment."""
    return ChatBedrockConverse(
        model=os.environ["BEDROCK_AIP_ARN"],
        base_model="anthropic.claude-sonnet-4-5-20250929-v1:0",
        provider="anthropic",
        region_name=REGION,
    )


def get_llm(model_id: str | None = None):
    """Default is Llama 3.1 8B when no model is passed."""
    if not model_id:
        model_id = "meta.llama3-1-8b-instruct-v1:0"  # expect: BRL101
    model_kwargs = {"temperature": 0, "top_p": 0.9}
    if "llama" in model_id:
        model_kwargs["max_gen_len"] = 1000
    elif "anthropic" in model_id:
        model_kwargs["max_tokens"] = 1000
    return ChatBedrock(model_id=model_id, client=bedrock_client, model_kwargs=model_kwargs)


def get_embeddings():
    return BedrockEmbeddings(model_id="cohere.embed-english-v3", client=bedrock_client)


def get_legacy_embeddings():
    return CommunityBedrockEmbeddings(model_id="amazon.titan-embed-text-v1", client=bedrock_client)


def get_default_embeddings():
    # langchain-aws default is amazon.titan-embed-text-v1
    return BedrockEmbeddings(client=bedrock_client)
