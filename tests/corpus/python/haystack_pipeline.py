"""Haystack 2.x indexing + RAG pipeline on Bedrock."""

import json
from pathlib import Path

from haystack import Pipeline
from haystack.components.builders import ChatPromptBuilder
from haystack.components.preprocessors import DocumentSplitter
from haystack.components.retrievers.in_memory import InMemoryEmbeddingRetriever
from haystack.components.writers import DocumentWriter
from haystack.dataclasses import ChatMessage, Document
from haystack.document_stores.in_memory import InMemoryDocumentStore
from haystack_integrations.components.embedders.amazon_bedrock import (
    AmazonBedrockDocumentEmbedder,
    AmazonBedrockTextEmbedder,
)
from haystack_integrations.components.generators.amazon_bedrock import AmazonBedrockChatGenerator
from haystack_integrations.components.rankers.amazon_bedrock import AmazonBedrockRanker

# meta.v2.json holds the document metadata export (title, url, owner) for the FAQ
META_FILE = Path("data/meta.v2.json")
EMBED_MODEL = "cohere.embed-english-v3"

store = InMemoryDocumentStore()


def index_faq() -> None:
    records = json.loads(META_FILE.read_text())
    docs = [Document(content=r["body"], meta={"title": r["title"], "url": r["url"]}) for r in records]
    indexing = Pipeline()
    indexing.add_component("splitter", DocumentSplitter(split_by="sentence", split_length=4))
    indexing.add_component("embedder", AmazonBedrockDocumentEmbedder(model=EMBED_MODEL))
    indexing.add_component("writer", DocumentWriter(document_store=store))
    indexing.connect("splitter", "embedder")
    indexing.connect("embedder", "writer")
    indexing.run({"splitter": {"documents": docs}})


template = [
    ChatMessage.from_system("Answer using only the documents below."),
    ChatMessage.from_user("{% for d in documents %}{{ d.content }}\n{% endfor %}\nQuestion: {{ question }}"),
]

rag = Pipeline()
rag.add_component("text_embedder", AmazonBedrockTextEmbedder(model=EMBED_MODEL))
rag.add_component("retriever", InMemoryEmbeddingRetriever(document_store=store, top_k=20))
rag.add_component("ranker", AmazonBedrockRanker(model="cohere.rerank-v3-5:0", top_k=5))
rag.add_component("prompt", ChatPromptBuilder(template=template, required_variables=["question"]))
rag.add_component(
    "llm",
    AmazonBedrockChatGenerator(
        model="anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
        generation_kwargs={"maxTokens": 800, "temperature": 0.0},
    ),
)
rag.connect("text_embedder.embedding", "retriever.query_embedding")
rag.connect("retriever.documents", "ranker.documents")
rag.connect("ranker.documents", "prompt.documents")
rag.connect("prompt.prompt", "llm.messages")


def answer(question: str) -> str:
    result = rag.run(
        {"text_embedder": {"text": question}, "ranker": {"query": question}, "prompt": {"question": question}}
    )
    return result["llm"]["replies"][0].text
