"""LlamaIndex query engine over the contracts bucket.

The answer model goes through the team's application inference profile
(BEDROCK_INFERENCE_PROFILE_ARN); `model` must still name the underlying model so that
LlamaIndex can look up context size and tool-calling support.
"""

import os

from llama_index.core import Settings, StorageContext, VectorStoreIndex, load_index_from_storage
from llama_index.core.node_parser import SentenceSplitter
from llama_index.embeddings.bedrock import BedrockEmbedding
from llama_index.llms.bedrock_converse import BedrockConverse
from llama_index.readers.s3 import S3Reader

REGION = os.environ.get("AWS_REGION", "eu-central-1")
PERSIST_DIR = os.environ.get("PERSIST_DIR", "./storage")

Settings.llm = BedrockConverse(
    model="anthropic.claude-3-5-sonnet-20241022-v2:0",
    application_inference_profile_arn=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"],
    region_name=REGION,
    temperature=0.1,
    max_tokens=2048,
)
Settings.embed_model = BedrockEmbedding(model_name="cohere.embed-multilingual-v3", region_name=REGION)
Settings.node_parser = SentenceSplitter(chunk_size=800, chunk_overlap=100)

# Summaries of very long contracts are done by a Llama model with a bigger output budget.
summarizer = BedrockConverse(
    model="meta.llama3-3-70b-instruct-v1:0",  # expect: BRL101
    region_name=REGION,
    max_tokens=4096,
)


def load_index() -> VectorStoreIndex:
    if os.path.isdir(PERSIST_DIR):
        storage = StorageContext.from_defaults(persist_dir=PERSIST_DIR)
        return load_index_from_storage(storage)
    reader = S3Reader(bucket=os.environ["CONTRACTS_BUCKET"], prefix="signed/")
    index = VectorStoreIndex.from_documents(reader.load_data(), show_progress=True)
    index.storage_context.persist(persist_dir=PERSIST_DIR)
    return index


def ask(question: str) -> str:
    engine = load_index().as_query_engine(similarity_top_k=5, response_mode="compact")
    return str(engine.query(question))


def summarize_contract(text: str) -> str:
    return summarizer.complete(f"Summarize the obligations of each party:\n\n{text}").text
