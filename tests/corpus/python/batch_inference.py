"""Submit the monthly review-classification batch (Bedrock batch inference).

Records are JSONL in s3://acme-reviews/batch/<yyyy-mm>/input/.
"""

import datetime as dt
import json
import os

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")
BUCKET = "acme-reviews"
ROLE_ARN = os.environ["BATCH_ROLE_ARN"]
# Until the platform team sets the variable in the scheduler, use the analytics profile.
PROFILE_ARN = os.environ.get(
    "BEDROCK_INFERENCE_PROFILE_ARN",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/b4tch7r3v13w",  # expect: BRL103
)

bedrock = boto3.client("bedrock", region_name=REGION)
s3 = boto3.client("s3", region_name=REGION)


def write_input(month: str, reviews: list[dict]) -> str:
    lines = []
    for review in reviews:
        record = {
            "recordId": review["id"],
            "modelInput": {
                "messages": [{"role": "user", "content": [{"text": f"Classify sentiment: {review['text']}"}]}],
                "inferenceConfig": {"maxTokens": 5},
            },
        }
        lines.append(json.dumps(record))
    key = f"batch/{month}/input/records.jsonl"
    s3.put_object(Bucket=BUCKET, Key=key, Body="\n".join(lines).encode())
    return f"s3://{BUCKET}/batch/{month}/input/"


def submit(month: str, input_uri: str, use_profile: bool = True) -> str:
    job = bedrock.create_model_invocation_job(
        jobName=f"reviews-{month}-{dt.datetime.now():%H%M%S}",
        roleArn=ROLE_ARN,
        modelId=PROFILE_ARN if use_profile else "us.amazon.nova-2-lite-v1:0",  # expect: BRL102
        inputDataConfig={"s3InputDataConfig": {"s3Uri": input_uri, "s3InputFormat": "JSONL"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{BUCKET}/batch/{month}/output/"}},
        timeoutDurationInHours=24,
    )
    return job["jobArn"]


if __name__ == "__main__":
    month = dt.date.today().strftime("%Y-%m")
    reviews = json.loads(s3.get_object(Bucket=BUCKET, Key=f"raw/{month}.json")["Body"].read())
    print(submit(month, write_input(month, reviews)))
