"""Ops script: fine-tune, buy provisioned throughput, and smoke-test the custom model.

None of these APIs accept an application inference profile: customization needs a base
foundation model, provisioned throughput needs a model (with context-window suffix), and
the custom model is invoked through its provisioned-model ARN.
"""

import json
import os
import sys

import boto3

REGION = "us-east-1"
bedrock = boto3.client("bedrock", region_name=REGION)
runtime = boto3.client("bedrock-runtime", region_name=REGION)

BASE_MODEL = "amazon.titan-text-lite-v1:0:4k"
CUSTOM_MODEL_ARN = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-lite-v1:0:4k/x9m2k4p8q1w7"
PROVISIONED_MODEL_ARN = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/1y5n57gh5y2e"


def start_customization(training_uri: str, output_uri: str, role_arn: str) -> str:
    job = bedrock.create_model_customization_job(
        jobName="support-tone-ft-2026-03",
        customModelName="support-tone-titan-lite",
        roleArn=role_arn,
        baseModelIdentifier=BASE_MODEL,
        customizationType="FINE_TUNING",
        hyperParameters={"epochCount": "2", "batchSize": "1", "learningRate": "0.00001"},
        trainingDataConfig={"s3Uri": training_uri},
        outputDataConfig={"s3Uri": output_uri},
    )
    return job["jobArn"]


def buy_throughput(name: str, units: int = 1) -> str:
    response = bedrock.create_provisioned_model_throughput(
        provisionedModelName=name,
        modelId="anthropic.claude-3-5-sonnet-20241022-v2:0:200k",
        modelUnits=units,
        commitmentDuration="OneMonth",
    )
    return response["provisionedModelArn"]


def smoke_test() -> None:
    body = {"inputText": "Reply to: my parcel is late", "textGenerationConfig": {"maxTokenCount": 200}}
    response = runtime.invoke_model(modelId=PROVISIONED_MODEL_ARN, body=json.dumps(body))
    print(json.loads(response["body"].read())["results"][0]["outputText"])


def describe() -> None:
    info = bedrock.get_foundation_model(modelIdentifier="anthropic.claude-3-5-sonnet-20241022-v2:0")
    print(info["modelDetails"]["inferenceTypesSupported"])
    print(bedrock.get_custom_model(modelIdentifier=CUSTOM_MODEL_ARN)["baseModelArn"])


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "customize":
        print(start_customization(*sys.argv[2:5]))
    elif command == "buy":
        print(buy_throughput(os.environ.get("PT_NAME", "support-pt")))
    elif command == "smoke":
        smoke_test()
    else:
        describe()
