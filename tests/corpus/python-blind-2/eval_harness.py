"""Offline evaluation harness: candidate models answer a golden set, a judge scores them.

Also submits the same comparison as a managed Bedrock evaluation job.
"""

import csv
import json
import statistics
from pathlib import Path

import boto3
import pandas as pd
from langchain_aws import ChatBedrockConverse
from ragas import evaluate
from ragas.llms import LangchainLLMWrapper
from ragas.metrics import answer_relevancy, faithfulness

runtime = boto3.client("bedrock-runtime")
bedrock = boto3.client("bedrock")

CANDIDATES = [
    "us.amazon.nova-pro-v1:0",  # expect: BRL102
    "us.anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL102
]

BASELINE = "us.amazon.nova-pro-v1:0"  # only used to pick the baseline row in the report

GOLDEN = Path(__file__).with_name("golden.jsonl")


def answer(model_id: str, question: str) -> str:
    out = runtime.converse(
        modelId=model_id,
        messages=[{"role": "user", "content": [{"text": question}]}],
        inferenceConfig={"maxTokens": 512, "temperature": 0},
    )
    return out["output"]["message"]["content"][0]["text"]


def run_candidates() -> pd.DataFrame:
    rows = []
    for line in GOLDEN.read_text().splitlines():
        item = json.loads(line)
        for model_id in CANDIDATES:
            rows.append({"model_id": model_id, "question": item["q"], "answer": answer(model_id, item["q"]), "truth": item["a"]})
    return pd.DataFrame(rows)


judge_llm = LangchainLLMWrapper(ChatBedrockConverse(model="anthropic.claude-3-haiku-20240307-v1:0", temperature=0))  # expect: BRL101


def score(df: pd.DataFrame):
    return evaluate(df, metrics=[faithfulness, answer_relevancy], llm=judge_llm)


def report(df: pd.DataFrame) -> None:
    baseline = df[df["model_id"] == BASELINE]
    for model_id, group in df.groupby("model_id"):
        delta = statistics.mean(group["score"]) - statistics.mean(baseline["score"])
        print(f"{model_id:50s} {delta:+.3f}")
    with open("report.csv", "w", newline="") as fh:
        csv.writer(fh).writerows(df[["model_id", "score"]].itertuples(index=False))


def submit_managed_job(role_arn: str, dataset_uri: str, output_uri: str) -> str:
    response = bedrock.create_evaluation_job(
        jobName="nova-vs-haiku-golden",
        roleArn=role_arn,
        applicationType="ModelEvaluation",
        evaluationConfig={
            "automated": {
                "datasetMetricConfigs": [
                    {
                        "taskType": "General",
                        "dataset": {"name": "golden", "datasetLocation": {"s3Uri": dataset_uri}},
                        "metricNames": ["Builtin.Correctness", "Builtin.Completeness"],
                    }
                ],
                "evaluatorModelConfig": {
                    "bedrockEvaluatorModels": [{"modelIdentifier": "anthropic.claude-3-5-sonnet-20240620-v1:0"}]
                },
            }
        },
        inferenceConfig={
            "models": [
                {"bedrockModel": {"modelIdentifier": "amazon.nova-lite-v1:0", "inferenceParams": "{}"}},  # expect: BRL101
            ]
        },
        outputDataConfig={"s3Uri": output_uri},
    )
    return response["jobArn"]


if __name__ == "__main__":
    frame = run_candidates()
    print(score(frame))
