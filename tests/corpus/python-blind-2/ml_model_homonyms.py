"""Review-sentiment pipeline: local transformers, SageMaker endpoints, one Bedrock summary.

Lots of things here are called "model" without being Bedrock models.
"""

import json

import boto3
import sagemaker
import torch
from sagemaker.huggingface import HuggingFaceModel
from sagemaker.jumpstart.model import JumpStartModel
from sentence_transformers import SentenceTransformer
from sqlalchemy import Column, DateTime, Integer, MetaData, String, func
from sqlalchemy.orm import declarative_base
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

metadata = MetaData(schema="ml")
Base = declarative_base(metadata=metadata)


class ModelRun(Base):
    __tablename__ = "model_runs"

    id = Column(Integer, primary_key=True)
    model_name = Column(String(200), default="distilbert-base-uncased-finetuned-sst-2-english")
    model_version = Column(String(40), default="v1.0")
    created_at = Column(DateTime, server_default=func.now())


class SentimentHead(torch.nn.Module):
    def __init__(self, hidden: int = 768):
        super().__init__()
        self.linear = torch.nn.Linear(hidden, 2)

    def forward(self, x):
        return self.linear(x)


tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)
model.eval()
head = SentimentHead()
classifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")
embedder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")


def deploy_llama_endpoint(role: str) -> str:
    js_model = JumpStartModel(model_id="meta-textgeneration-llama-3-8b-instruct", role=role)
    predictor = js_model.deploy(initial_instance_count=1, instance_type="ml.g5.2xlarge", accept_eula=True)
    return predictor.endpoint_name


def deploy_mistral_endpoint(role: str) -> str:
    hf_model = HuggingFaceModel(
        env={"HF_MODEL_ID": "mistralai/Mistral-7B-Instruct-v0.2", "SM_NUM_GPUS": "1"},
        role=role,
        image_uri=sagemaker.image_uris.retrieve("huggingface-llm", region="us-east-1", version="2.0.2"),
    )
    return hf_model.deploy(initial_instance_count=1, instance_type="ml.g5.2xlarge").endpoint_name


def classify_on_endpoint(text: str, endpoint_name: str = "llama-3-8b-endpoint") -> dict:
    smr = boto3.client("sagemaker-runtime")
    out = smr.invoke_endpoint(EndpointName=endpoint_name, ContentType="application/json", Body=json.dumps({"inputs": text}))
    return json.loads(out["Body"].read())


def marketplace_rewrite(text: str) -> str:
    # Bedrock Marketplace model deployed to a SageMaker endpoint: addressed by endpoint ARN.
    rt = boto3.client("bedrock-runtime", region_name="us-east-1")
    out = rt.converse(
        modelId="arn:aws:sagemaker:us-east-1:111122223333:endpoint/marketplace-gemma-3-27b",
        messages=[{"role": "user", "content": [{"text": f"Rewrite politely: {text}"}]}],
    )
    return out["output"]["message"]["content"][0]["text"]


def weekly_summary(reviews: list[str]) -> str:
    rt = boto3.client("bedrock-runtime", region_name="us-east-1")
    out = rt.converse(
        modelId="cohere.command-r-plus-v1:0",  # expect: BRL101
        messages=[{"role": "user", "content": [{"text": "Summarise these reviews:\n" + "\n".join(reviews)}]}],
    )
    return out["output"]["message"]["content"][0]["text"]


def table_names() -> list[str]:
    return sorted(metadata.tables)
