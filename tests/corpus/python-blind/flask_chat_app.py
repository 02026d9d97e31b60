"""Small Flask front-end for the support chatbot."""

import os

import boto3
from flask import Flask, render_template, request, session

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]

bedrock = boto3.client("bedrock", region_name="us-east-1")
runtime = boto3.client("bedrock-runtime", region_name="us-east-1")

MODEL_CHOICES = [
    ("Claude 3 Haiku (fast)", "anthropic.claude-3-haiku-20240307-v1:0"),  # expect: BRL101
    ("Claude Sonnet 4.6", "anthropic.claude-sonnet-4-6"),  # expect: BRL101
    ("Nova 2 Lite (global)", "global.amazon.nova-2-lite-v1:0"),  # expect: BRL102
]


def ensure_guardrail() -> str:
    resp = bedrock.create_guardrail(
        name="support-bot",
        blockedInputMessaging="Sorry, I can't help with that.",
        blockedOutputsMessaging="Sorry, I can't help with that.",
        contentPolicyConfig={"filtersConfig": [{"type": "HATE", "inputStrength": "HIGH", "outputStrength": "HIGH"}]},
        crossRegionConfig={"guardrailProfileIdentifier": "us.guardrail.v1:0"},
    )
    return resp["guardrailId"]


@app.route("/", methods=["GET", "POST"])
def index():
    answer = None
    if request.method == "POST":
        model_id = request.form.get("model", MODEL_CHOICES[0][1])
        session["model"] = model_id
        resp = runtime.converse(
            modelId=model_id,
            messages=[{"role": "user", "content": [{"text": request.form["question"]}]}],
            guardrailConfig={"guardrailIdentifier": os.environ["GUARDRAIL_ID"], "guardrailVersion": "1"},
        )
        answer = resp["output"]["message"]["content"][0]["text"]
    return render_template("index.html", choices=MODEL_CHOICES, answer=answer, selected=session.get("model"))


@app.route("/about")
def about():
    return {"powered_by": "Amazon Bedrock", "docs": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html"}
