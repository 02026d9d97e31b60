"""FastAPI SQL helper: fixes and standardises SQL with Claude on Bedrock."""

import functools
import json
import os

import boto3
from fastapi import FastAPI, HTTPException

app = FastAPI()
bedrock_runtime = boto3.client("bedrock-runtime", region_name=os.getenv("AWS_REGION", "us-east-1"))

PROMPTS = {
    "fix_syntax": "Fix the syntax errors in this SQL. Return only SQL.",
    "standardize": "Rewrite this SQL in our house style (upper-case keywords, CTEs).",
}


def call_claude_api(sql_code: str, task: str) -> dict:
    kwargs = {
        "modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
        "contentType": "application/json",
        "accept": "application/json",
        "body": json.dumps(
            {
                "anthropic_version": "bedrock-2023-05-31",
                "max_tokens": 2000,
                "system": PROMPTS[task],
                "messages": [{"role": "user", "content": [{"type": "text", "text": sql_code}]}],
            }
        ),
    }
    try:
        response = bedrock_runtime.invoke_model(**kwargs)
        body = json.loads(response["body"].read())
        return {"output": body["content"][0]["text"]}
    except Exception as exc:  # noqa: BLE001
        return {"output": f"Error: {exc}"}


# Same prompt, different model, pre-bound for the explain endpoint.
explain_sql = functools.partial(
    bedrock_runtime.converse,
    modelId="us.amazon.nova-pro-v1:0",  # expect: BRL102
    inferenceConfig={"maxTokens": 800, "temperature": 0.1},
)

TITAN_REQUEST_TEMPLATE = {
    "modelId": "amazon.titan-text-premier-v1:0",  # expect: BRL101
    "contentType": "application/json",
    "accept": "*/*",
}


def titan_complete(prompt: str) -> str:
    request = dict(TITAN_REQUEST_TEMPLATE)
    request["body"] = json.dumps({"inputText": prompt, "textGenerationConfig": {"maxTokenCount": 512}})
    response = bedrock_runtime.invoke_model(**request)
    return json.loads(response["body"].read())["results"][0]["outputText"]


def guarded_call(model_id: str, text: str) -> str:
    kwargs = {"modelId": model_id, "body": json.dumps({"inputText": text})}
    guardrail_id = os.environ.get("BEDROCK_GUARDRAIL_ID")
    if guardrail_id:
        kwargs["guardrailIdentifier"] = guardrail_id
        kwargs["guardrailVersion"] = "DRAFT"
    return json.loads(bedrock_runtime.invoke_model(**kwargs)["body"].read())["results"][0]["outputText"]


@app.post("/fix_syntax/")
async def fix_syntax(data: dict):
    if not data.get("sql_code"):
        raise HTTPException(status_code=400, detail="SQL code is required")
    return call_claude_api(data["sql_code"], "fix_syntax")


@app.post("/explain/")
async def explain(data: dict):
    resp = explain_sql(messages=[{"role": "user", "content": [{"text": f"Explain: {data['sql_code']}"}]}])
    return {"output": resp["output"]["message"]["content"][0]["text"]}


@app.get("/health")
async def health():
    return {"status": "ok", "model_family": "anthropic", "region": bedrock_runtime.meta.region_name}
