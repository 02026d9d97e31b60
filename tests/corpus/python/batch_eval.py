"""Nightly model bake-off: run the golden set through several candidate models and
launch a Bedrock evaluation job with an LLM judge.

Results land in s3://acme-ml-evals/<date>/ and feed the model-selection dashboard.
"""

import datetime as dt
import json
import os

import boto3

REGION = "us-east-1"
BUCKET = "acme-ml-evals"

CANDIDATES = [
    "anthropic.claude-haiku-4-5-20251001-v1:0",  # expect: BRL101
    "amazon.nova-2-lite-v1:0",  # expect: BRL101
    "deepseek.v3.2",  # expect: BRL101
    "us.meta.llama4-maverick-17b-instruct-v1:0",  # expect: BRL102
]

# The judge must be a foundation model or a system profile (no application profiles).
JUDGE_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"

runtime = boto3.client("bedrock-runtime", region_name=REGION)
bedrock = boto3.client("bedrock", region_name=REGION)
s3 = boto3.client("s3")


def run_golden_set(golden: list[dict]) -> dict[str, list[str]]:
    outputs: dict[str, list[str]] = {}
    for model_id in CANDIDATES:
        answers = []
        for case in golden:
            response = runtime.converse(
                modelId=model_id,
                messages=[{"role": "user", "content": [{"text": case["prompt"]}]}],
                inferenceConfig={"maxTokens": 512, "temperature": 0},
            )
            answers.append(response["output"]["message"]["content"][0]["text"])
        outputs[model_id] = answers
        print(f"{model_id}: {len(answers)} answers")
    return outputs


def launch_judge_job(dataset_uri: str, role_arn: str) -> str:
    today = dt.date.today().isoformat()
    response = bedrock.create_evaluation_job(
        jobName=f"bakeoff-{today}",
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
                "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": JUDGE_MODEL}]},
            }
        },
        inferenceConfig={
            "models": [
                {"bedrockModel": {"modelIdentifier": "anthropic.claude-3-5-haiku-20241022-v1:0"}},  # expect: BRL101
            ]
        },
        outputDataConfig={"s3Uri": f"s3://{BUCKET}/{today}/judge/"},
    )
    return response["jobArn"]


if __name__ == "__main__":
    golden = json.loads(open("golden.jsonl").read())
    results = run_golden_set(golden)
    key = f"{dt.date.today().isoformat()}/outputs.json"
    s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(results).encode())
    print(launch_judge_job(f"s3://{BUCKET}/golden/golden.jsonl", os.environ["EVAL_ROLE_ARN"]))
