"""Knowledge base setup (bedrock-agent) and querying (bedrock-agent-runtime)."""

import boto3

REGION_NAME = "us-west-2"
ACCOUNT = "123456789012"

agent = boto3.client("bedrock-agent", region_name=REGION_NAME)
agent_runtime = boto3.client("bedrock-agent-runtime", region_name=REGION_NAME)

model_id = "anthropic.claude-instant-v1"  # expect: BRL101
model_arn = f"arn:aws:bedrock:{REGION_NAME}::foundation-model/{model_id}"


def create_kb(role_arn: str, collection_arn: str) -> str:
    kb = agent.create_knowledge_base(
        name="product-docs",
        roleArn=role_arn,
        knowledgeBaseConfiguration={
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {
                "embeddingModelArn": f"arn:aws:bedrock:{REGION_NAME}::foundation-model/amazon.titan-embed-text-v2:0",
                "embeddingModelConfiguration": {"bedrockEmbeddingModelConfiguration": {"dimensions": 1024}},
            },
        },
        storageConfiguration={
            "type": "OPENSEARCH_SERVERLESS",
            "opensearchServerlessConfiguration": {
                "collectionArn": collection_arn,
                "vectorIndexName": "bedrock-knowledge-base-default-index",
                "fieldMapping": {
                    "vectorField": "bedrock-knowledge-base-default-vector",
                    "textField": "AMAZON_BEDROCK_TEXT_CHUNK",
                    "metadataField": "AMAZON_BEDROCK_METADATA",
                },
            },
        },
    )
    return kb["knowledgeBase"]["knowledgeBaseId"]


def add_source(kb_id: str, bucket_arn: str) -> str:
    ds = agent.create_data_source(
        knowledgeBaseId=kb_id,
        name="docs-bucket",
        dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": bucket_arn}},
        vectorIngestionConfiguration={
            "parsingConfiguration": {
                "parsingStrategy": "BEDROCK_FOUNDATION_MODEL",
                "bedrockFoundationModelConfiguration": {
                    "modelArn": f"arn:aws:bedrock:{REGION_NAME}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
                    "parsingModality": "MULTIMODAL",
                },
            },
            "chunkingConfiguration": {"chunkingStrategy": "SEMANTIC"},
        },
    )
    return ds["dataSource"]["dataSourceId"]


def ask(question: str, kb_id: str) -> str:
    response = agent_runtime.retrieve_and_generate(
        input={"text": question},
        retrieveAndGenerateConfiguration={
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": model_arn},
        },
    )
    return response["output"]["text"]


def retrieve_and_generate(
    text: str,
    kb_id: str,
    region: str = "us-east-1",
    session_id: str | None = None,
    model: str = "anthropic.claude-v2",  # changed from "anthropic.claude-v2:1"  # expect: BRL101
):
    config = {
        "type": "KNOWLEDGE_BASE",
        "knowledgeBaseConfiguration": {
            "knowledgeBaseId": kb_id,
            "modelArn": f"arn:aws:bedrock:{region}::foundation-model/{model}",
        },
    }
    kwargs = {"input": {"text": text}, "retrieveAndGenerateConfiguration": config}
    if session_id:
        kwargs["sessionId"] = session_id
    return agent_runtime.retrieve_and_generate(**kwargs)


def ask_reranked(question: str, kb_id: str) -> str:
    response = agent_runtime.retrieve_and_generate(
        input={"text": question},
        retrieveAndGenerateConfiguration={
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseConfiguration": {
                "knowledgeBaseId": kb_id,
                "modelArn": "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",  # expect: BRL101
                "retrievalConfiguration": {
                    "vectorSearchConfiguration": {
                        "numberOfResults": 20,
                        "rerankingConfiguration": {
                            "type": "BEDROCK_RERANKING_MODEL",
                            "bedrockRerankingConfiguration": {
                                "modelConfiguration": {
                                    "modelArn": "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0"
                                },
                                "numberOfRerankedResults": 5,
                            },
                        },
                    }
                },
            },
        },
    )
    return response["output"]["text"]


def search_only(question: str, kb_id: str) -> list[dict]:
    return agent_runtime.retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": question})["retrievalResults"]
