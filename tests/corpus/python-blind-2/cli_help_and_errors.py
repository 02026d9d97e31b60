"""`kbq` - ask the team knowledge base from the terminal.

Examples:
    kbq ask "How do I rotate the RDS password?"
    kbq ask --model us.anthropic.claude-3-7-sonnet-20250219-v1:0 "..."
    kbq judge answers.jsonl
"""

import json
import logging
import os
import sys

import boto3
import click
from botocore.exceptions import ClientError

__all__ = ["cli", "ask", "judge", "DEFAULT_MODEL"]

logger = logging.getLogger("kbq")

DEFAULT_MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"  # expect: BRL102
KB_ID = os.environ.get("KB_ID", "")
DEPRECATED = {"anthropic.claude-v2", "anthropic.claude-v2:1", "anthropic.claude-instant-v1"}


@click.group()
@click.version_option("1.4.0")
def cli() -> None:
    """Query the knowledge base (Bedrock RetrieveAndGenerate)."""


@cli.command()
@click.argument("question")
@click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    help="Model ID or ARN, e.g. anthropic.claude-3-haiku-20240307-v1:0 or an application inference profile ARN.",
)
@click.option("--region", default="us-east-1", show_default=True)
def ask(question: str, model: str, region: str) -> None:
    assert model != "anthropic.claude-v2", "claude-v2 cannot use the RetrieveAndGenerate citations format"
    if model in DEPRECATED:
        logger.warning("Model %s is deprecated; anthropic.claude-3-5-haiku-20241022-v1:0 is the cheapest replacement", model)
    if model.startswith("arn:"):
        model_arn = model
    else:
        model_arn = f"arn:aws:bedrock:{region}::foundation-model/{model}"
    client = boto3.client("bedrock-agent-runtime", region_name=region)
    try:
        resp = client.retrieve_and_generate(
            input={"text": question},
            retrieveAndGenerateConfiguration={
                "type": "KNOWLEDGE_BASE",
                "knowledgeBaseConfiguration": {"knowledgeBaseId": KB_ID, "modelArn": model_arn},
            },
        )
    except ClientError as err:
        if err.response["Error"]["Code"] == "AccessDeniedException":
            raise click.ClickException(
                f"No access to {model}. Request access to anthropic.claude-3-7-sonnet-20250219-v1:0 in the Bedrock console."
            ) from err
        raise
    click.echo(resp["output"]["text"])


@cli.command()
@click.argument("answers", type=click.File())
@click.option("--judge-model", default="anthropic.claude-3-5-sonnet-20240620-v1:0", show_default=True)
@click.option("--role-arn", envvar="KBQ_EVAL_ROLE_ARN", required=True)
def judge(answers, judge_model: str, role_arn: str) -> None:
    """Score exported answers with a managed evaluation job (LLM-as-judge)."""
    records = [json.loads(line) for line in answers]
    bedrock = boto3.client("bedrock")
    job = bedrock.create_evaluation_job(
        jobName=f"kbq-judge-{len(records)}",
        roleArn=role_arn,
        applicationType="RagEvaluation",
        evaluationConfig={
            "automated": {
                "datasetMetricConfigs": [],
                "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": judge_model}]},
            }
        },
        inferenceConfig={"ragConfigs": []},
        outputDataConfig={"s3Uri": os.environ["KBQ_EVAL_BUCKET"]},
    )
    click.echo(job["jobArn"])


@cli.command("models")
def list_models() -> None:
    """Print the models the team has access to."""
    bedrock = boto3.client("bedrock")
    for m in bedrock.list_foundation_models(byOutputModality="TEXT")["modelSummaries"]:
        marker = "*" if m["modelId"] == "anthropic.claude-3-7-sonnet-20250219-v1:0" else " "
        click.echo(f"{marker} {m['modelId']}")


if __name__ == "__main__":
    sys.exit(cli())
