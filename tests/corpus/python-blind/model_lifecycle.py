"""Model lifecycle helpers: token budgets, fine-tuning, provisioned throughput, evaluation, batch,
and the one-off tenant-profile admin commands (tag-based cost tracking).
"""

import argparse
import json
import os
import time

import boto3

bedrock = boto3.client("bedrock", region_name="us-west-2")
runtime = boto3.client("bedrock-runtime", region_name="us-west-2")
agent_runtime = boto3.client("bedrock-agent-runtime", region_name="us-west-2")

ROLE_ARN = "arn:aws:iam::111122223333:role/BedrockJobsRole"
BUCKET = "s3://acme-bedrock-jobs"


def prompt_tokens(text: str) -> int:
    resp = runtime.count_tokens(
        modelId="anthropic.claude-sonnet-4-20250514-v1:0",
        input={"converse": {"messages": [{"role": "user", "content": [{"text": text}]}]}},
    )
    return resp["inputTokens"]


def model_info() -> dict:
    details = bedrock.get_foundation_model(modelIdentifier="anthropic.claude-3-haiku-20240307-v1:0")["modelDetails"]
    return {"streaming": details["responseStreamingSupported"], "modalities": details["inputModalities"]}


def fine_tune(train_uri: str) -> str:
    job = bedrock.create_model_customization_job(
        jobName=f"haiku-ft-{int(time.time())}",
        customModelName="support-haiku",
        roleArn=ROLE_ARN,
        baseModelIdentifier="arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k",
        trainingDataConfig={"s3Uri": train_uri},
        outputDataConfig={"s3Uri": f"{BUCKET}/ft-output/"},
        hyperParameters={"epochCount": "2"},
    )
    return job["jobArn"]


def buy_throughput(custom_model_arn: str) -> str:
    resp = bedrock.create_provisioned_model_throughput(
        modelUnits=1,
        provisionedModelName="support-haiku-pt",
        modelId=custom_model_arn,
    )
    return resp["provisionedModelArn"]


def buy_base_throughput() -> str:
    resp = bedrock.create_provisioned_model_throughput(
        modelUnits=1,
        provisionedModelName="titan-premier-pt",
        modelId="amazon.titan-text-premier-v1:0",
    )
    return resp["provisionedModelArn"]


def call_provisioned(prompt: str) -> str:
    resp = runtime.converse(
        modelId="arn:aws:bedrock:us-west-2:111122223333:provisioned-model/abcd1234efgh",
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    return resp["output"]["message"]["content"][0]["text"]


def optimise(prompt: str) -> str:
    resp = agent_runtime.optimize_prompt(
        input={"textPrompt": {"text": prompt}},
        targetModelId="anthropic.claude-3-5-sonnet-20240620-v1:0",
    )
    return "".join(e["optimizedPromptEvent"]["optimizedPrompt"]["textPrompt"]["text"] for e in resp["optimizedPrompt"] if "optimizedPromptEvent" in e)


def rerank(query: str, docs: list[str]) -> list[int]:
    resp = agent_runtime.rerank(
        queries=[{"type": "TEXT", "textQuery": {"text": query}}],
        sources=[{"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": d}}} for d in docs],
        rerankingConfiguration={
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {
                "modelConfiguration": {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"},
                "numberOfResults": 5,
            },
        },
    )
    return [r["index"] for r in resp["results"]]


def evaluate(dataset_uri: str) -> str:
    job = bedrock.create_evaluation_job(
        jobName=f"eval-{int(time.time())}",
        roleArn=ROLE_ARN,
        applicationType="ModelEvaluation",
        evaluationConfig={
            "automated": {
                "datasetMetricConfigs": [
                    {
                        "taskType": "General",
                        "dataset": {"name": "support", "datasetLocation": {"s3Uri": dataset_uri}},
                        "metricNames": ["Builtin.Correctness", "Builtin.Helpfulness"],
                    }
                ],
                "evaluatorModelConfig": {
                    "bedrockEvaluatorModels": [{"modelIdentifier": "anthropic.claude-3-5-sonnet-20240620-v1:0"}]
                },
            }
        },
        inferenceConfig={
            "models": [
                {
                    "bedrockModel": {
                        "modelIdentifier": "amazon.nova-lite-v1:0",  # expect: BRL101
                        "inferenceParams": json.dumps({"inferenceConfig": {"maxTokens": 512}}),
                    }
                }
            ]
        },
        outputDataConfig={"s3Uri": f"{BUCKET}/eval-output/"},
    )
    return job["jobArn"]


def batch(input_uri: str) -> str:
    job = bedrock.create_model_invocation_job(
        jobName=f"batch-{int(time.time())}",
        roleArn=ROLE_ARN,
        modelId="anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
        inputDataConfig={"s3InputDataConfig": {"s3Uri": input_uri}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"{BUCKET}/batch-output/"}},
    )
    return job["jobArn"]


def claude_models() -> list[str]:
    summaries = bedrock.list_foundation_models(byProvider="Anthropic", byOutputModality="TEXT")["modelSummaries"]
    return [s["modelId"] for s in summaries if "anthropic.claude" in s["modelId"] and "claude-instant" not in s["modelId"]]


# ---- tenant application inference profiles ----

SOURCE_PROFILE_ARN = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"

# Profile created by hand during the pilot; kept so the smoke test has a known target.
PILOT_PROFILE_ARN = "arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/p1l0t2x9z8y7"  # expect: BRL103


def create_tenant_profile(tenant: str) -> str:
    response = bedrock.create_inference_profile(  # expect: BRL104
        inferenceProfileName=f"tenant-{tenant}",
        description=f"Claude 3.5 Haiku for tenant {tenant}",
        modelSource={"copyFrom": SOURCE_PROFILE_ARN},
        tags=[{"key": "tenant", "value": tenant}, {"key": "CostCenter", "value": "genai"}],
    )
    return response["inferenceProfileArn"]


def list_application_profiles() -> list[dict]:
    paginator = bedrock.get_paginator("list_inference_profiles")
    profiles = []
    for page in paginator.paginate(typeEquals="APPLICATION"):
        profiles.extend(page["inferenceProfileSummaries"])
    return profiles


def smoke_test(profile_arn: str) -> str:
    info = bedrock.get_inference_profile(inferenceProfileIdentifier=profile_arn)
    models = [m["modelArn"].split("/")[-1] for m in info["models"]]
    resp = runtime.converse(modelId=profile_arn, messages=[{"role": "user", "content": [{"text": "ping"}]}])
    return f"{profile_arn} -> {models}: {resp['output']['message']['content'][0]['text']}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tenants", nargs="*")
    parser.add_argument("--smoke-only", action="store_true")
    args = parser.parse_args()
    if args.smoke_only:
        print(smoke_test(os.environ.get("PROFILE_ARN") or PILOT_PROFILE_ARN))
        return
    for tenant in args.tenants:
        arn = create_tenant_profile(tenant)
        print(smoke_test(arn))
    for summary in list_application_profiles():
        print(summary["inferenceProfileName"], summary["inferenceProfileArn"])


if __name__ == "__main__":
    main()
