"""Support-bot chains, written across three LangChain generations."""

import os

import boto3
from langchain.chains import ConversationChain, RetrievalQA
from langchain.chat_models import init_chat_model
from langchain.memory import ConversationBufferMemory
from langchain_aws import BedrockEmbeddings, ChatBedrock, ChatBedrockConverse
from langchain_aws.document_compressors import BedrockRerank
from langchain_community.chat_models import BedrockChat
from langchain_community.llms import Bedrock
from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI

bedrock_runtime = boto3.client("bedrock-runtime", region_name="us-east-1")

# --- 2023: langchain_community ---------------------------------------------------------
legacy_chat = BedrockChat(
    client=bedrock_runtime,
    model_id="anthropic.claude-v2",  # expect: BRL101
    model_kwargs={"temperature": 0, "max_tokens_to_sample": 1000},
)
conversation = ConversationChain(llm=legacy_chat, memory=ConversationBufferMemory())

jurassic = Bedrock(model_id="ai21.j2-ultra-v1", client=bedrock_runtime, model_kwargs={"maxTokens": 300})  # expect: BRL101

# --- 2024: langchain_aws -----------------------------------------------------------------
embeddings = BedrockEmbeddings(model_id="cohere.embed-multilingual-v3", client=bedrock_runtime)
store = FAISS.load_local("faiss_index", embeddings, allow_dangerous_deserialization=True)

llama = ChatBedrock(
    model_id="us.meta.llama3-2-90b-instruct-v1:0",  # expect: BRL102
    model_kwargs={"temperature": 0.2, "max_gen_len": 1024},
    region_name="us-east-1",
)
qa = RetrievalQA.from_chain_type(llm=llama, retriever=store.as_retriever(search_kwargs={"k": 4}))

reranker = BedrockRerank(model_arn="arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", top_n=3)

# --- 2025: profile-based -----------------------------------------------------------------
profiled = ChatBedrockConverse(
    model="arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/p8r2t6y1u4io",  # expect: BRL103
    base_model="anthropic.claude-3-5-sonnet-20240620-v1:0",
    provider="anthropic",
)

from_env = ChatBedrockConverse(
    model=os.environ["BEDROCK_AIP_ARN"],
    base_model="anthropic.claude-3-5-haiku-20241022-v1:0",
    provider="anthropic",
)


def build_agent_model(use_bedrock: bool):
    if use_bedrock:
        # Keep data in Japan: jp. system profile.
        return init_chat_model(
            "jp.anthropic.claude-sonnet-4-6",  # expect: BRL102
            model_provider="bedrock_converse",
            region_name=os.getenv("AWS_REGION", "ap-northeast-1"),
        )
    return init_chat_model("claude-sonnet-4-6", model_provider="anthropic")


openai_fallback = ChatOpenAI(model="gpt-4o", temperature=0)
