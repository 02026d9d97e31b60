"""Query the HR knowledge base (RetrieveAndGenerate), with Bedrock reranking."""

import os

import boto3

REGION = os.environ.get("AWS_REGION", "us-west-2")
KNOWLEDGE_BASE_ID = os.environ["KNOWLEDGE_BASE_ID"]

GENERATION_MODEL = "anthropic.claude-3-haiku-20240307-v1:0"  # expect: BRL101
GENERATION_MODEL_ARN = f"arn:aws:bedrock:{REGION}::foundation-model/{GENERATION_MODEL}"
RERANK_MODEL_ARN = f"arn:aws:bedrock:{REGION}::foundation-model/amazon.rerank-v1:0"

agent_runtime = boto3.client("bedrock-agent-runtime", region_name=REGION)


def ask(question: str, session_id: str | None = None) -> dict:
    kwargs = {
        "input": {"text": question},
        "retrieveAndGenerateConfiguration": {
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseConfiguration": {
                "knowledgeBaseId": KNOWLEDGE_BASE_ID,
                "modelArn": GENERATION_MODEL_ARN,
                "retrievalConfiguration": {"vectorSearchConfiguration": {"numberOfResults": 8}},
                "generationConfiguration": {"inferenceConfig": {"textInferenceConfig": {"maxTokens": 1024}}},
            },
        },
    }
    if session_id:
        kwargs["sessionId"] = session_id
    response = agent_runtime.retrieve_and_generate(**kwargs)
    return {
        "answer": response["output"]["text"],
        "session_id": response["sessionId"],
        "sources": [
            ref["location"]["s3Location"]["uri"]
            for citation in response.get("citations", [])
            for ref in citation["retrievedReferences"]
        ],
    }


def ask_external(question: str, source_uri: str) -> str:
    response = agent_runtime.retrieve_and_generate(
        input={"text": question},
        retrieveAndGenerateConfiguration={
            "type": "EXTERNAL_SOURCES",
            "externalSourcesConfiguration": {
                "modelArn": "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0",  # expect: BRL101
                "sources": [{"sourceType": "S3", "s3Location": {"uri": source_uri}}],
            },
        },
    )
    return response["output"]["text"]


def rerank(query: str, passages: list[str], top_n: int = 5) -> list[int]:
    response = agent_runtime.rerank(
        queries=[{"type": "TEXT", "textQuery": {"text": query}}],
        sources=[
            {"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": p}}}
            for p in passages
        ],
        rerankingConfiguration={
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {
                "numberOfResults": top_n,
                "modelConfiguration": {"modelArn": RERANK_MODEL_ARN},
            },
        },
    )
    return [result["index"] for result in response["results"]]
