"""Question answering service; every tunable comes from config_constants."""

import json

import boto3

import config_constants as cfg
from config_constants import EMBED_MODEL_ID, LLM_MODEL_ID, RERANK_MODEL_ARN

runtime = boto3.client("bedrock-runtime", region_name=cfg.AWS_REGION)
agent_runtime = boto3.client("bedrock-agent-runtime", region_name=cfg.AWS_REGION)


def classify(question: str) -> str:
    resp = runtime.converse(
        modelId=cfg.ROUTER_MODEL_ID,
        messages=[{"role": "user", "content": [{"text": f"Label as billing, tech or other: {question}"}]}],
        inferenceConfig={"maxTokens": 5, "temperature": 0},
    )
    return resp["output"]["message"]["content"][0]["text"].strip().lower()


def embed(text: str) -> list[float]:
    resp = runtime.invoke_model(modelId=EMBED_MODEL_ID, body=json.dumps({"inputText": text}))
    return json.loads(resp["body"].read())["embedding"]


def retrieve(question: str) -> list[str]:
    resp = agent_runtime.retrieve(
        knowledgeBaseId=cfg.KNOWLEDGE_BASE_ID,
        retrievalQuery={"text": question},
        retrievalConfiguration={
            "vectorSearchConfiguration": {
                "numberOfResults": cfg.TOP_K * 3,
                "rerankingConfiguration": {
                    "type": "BEDROCK_RERANKING_MODEL",
                    "bedrockRerankingConfiguration": {
                        "modelConfiguration": {"modelArn": RERANK_MODEL_ARN},
                        "numberOfRerankedResults": cfg.TOP_K,
                    },
                },
            }
        },
    )
    return [r["content"]["text"] for r in resp["retrievalResults"]]


def answer(question: str) -> str:
    context = "\n\n".join(retrieve(question))
    resp = runtime.converse(
        modelId=LLM_MODEL_ID,
        system=[{"text": "Answer only from the context. Say 'I don't know' otherwise."}],
        messages=[{"role": "user", "content": [{"text": f"<context>{context}</context>\n{question}"}]}],
        inferenceConfig={"maxTokens": cfg.MAX_TOKENS, "temperature": cfg.TEMPERATURE},
        guardrailConfig={"guardrailIdentifier": cfg.GUARDRAIL_ID, "guardrailVersion": cfg.GUARDRAIL_VERSION},
    )
    return resp["output"]["message"]["content"][0]["text"]
