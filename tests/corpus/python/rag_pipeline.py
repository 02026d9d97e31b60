"""Retrieval-augmented QA over the product handbook.

Uses LangChain with Bedrock: Titan embeddings for the FAISS index and Claude 3.5 Sonnet
(anthropic.claude-3-5-sonnet-20240620-v1:0) for answer synthesis.
"""

import os
from pathlib import Path

from langchain_aws import BedrockEmbeddings, ChatBedrock
from langchain_community.document_loaders import DirectoryLoader, TextLoader
from langchain_community.vectorstores import FAISS
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough
from langchain_text_splitters import RecursiveCharacterTextSplitter

DATA_DIR = Path(__file__).parent / "handbook"
INDEX_DIR = Path(os.getenv("INDEX_DIR", ".faiss"))
REGION = os.getenv("AWS_REGION", "us-east-1")

embeddings = BedrockEmbeddings(model_id="amazon.titan-embed-text-v2:0", region_name=REGION)

llm = ChatBedrock(
    model_id="anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
    region_name=REGION,
    model_kwargs={"temperature": 0.0, "max_tokens": 1500},
)

PROMPT = ChatPromptTemplate.from_messages(
    [
        ("system", "Answer only from the context. If the answer is not there, say you don't know.\n\n{context}"),
        ("human", "{question}"),
    ]
)


def build_index() -> FAISS:
    if INDEX_DIR.exists():
        return FAISS.load_local(str(INDEX_DIR), embeddings, allow_dangerous_deserialization=True)
    docs = DirectoryLoader(str(DATA_DIR), glob="**/*.md", loader_cls=TextLoader).load()
    chunks = RecursiveCharacterTextSplitter(chunk_size=1200, chunk_overlap=150).split_documents(docs)
    index = FAISS.from_documents(chunks, embeddings)
    index.save_local(str(INDEX_DIR))
    return index


def format_docs(docs) -> str:
    return "\n\n".join(f"[{d.metadata.get('source')}]\n{d.page_content}" for d in docs)


def make_chain():
    retriever = build_index().as_retriever(search_kwargs={"k": 6})
    return (
        {"context": retriever | format_docs, "question": RunnablePassthrough()}
        | PROMPT
        | llm
        | StrOutputParser()
    )


if __name__ == "__main__":
    chain = make_chain()
    print(chain.invoke("How many vacation days do new hires get?"))
