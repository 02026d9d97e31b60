"""Two small developer CLIs: `ask` (click) and `review` (typer)."""

import json
import os

import boto3
import click
import typer

runtime = boto3.client("bedrock-runtime", region_name=os.getenv("AWS_REGION", "us-west-2"))

# Used only by `estimate` to print a price; never sent to Bedrock.
PRICING_REFERENCE_MODEL = "anthropic.claude-3-5-sonnet-20241022-v2:0"
PRICES = {"anthropic.claude-3-5-sonnet-20241022-v2:0": {"input": 3.0, "output": 15.0}}


@click.group()
def cli() -> None:
    """Ask Bedrock things from the terminal."""


@cli.command()
@click.argument("question")
@click.option(
    "--model-id",
    default="us.anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL102
    show_default=True,
    help="Bedrock model or inference profile to use.",
)
@click.option("--max-tokens", default=1024, show_default=True)
def ask(question: str, model_id: str, max_tokens: int) -> None:
    resp = runtime.converse(
        modelId=model_id,
        messages=[{"role": "user", "content": [{"text": question}]}],
        inferenceConfig={"maxTokens": max_tokens},
    )
    click.echo(resp["output"]["message"]["content"][0]["text"])


@cli.command()
@click.argument("tokens_in", type=int)
@click.argument("tokens_out", type=int)
def estimate(tokens_in: int, tokens_out: int) -> None:
    price = PRICES[PRICING_REFERENCE_MODEL]
    click.echo(f"{(tokens_in * price['input'] + tokens_out * price['output']) / 1e6:.4f} USD")


app = typer.Typer(help="Code review helper backed by Amazon Bedrock")


@app.command()
def review(
    path: str = typer.Argument(..., help="file to review"),
    model: str = typer.Option(
        "anthropic.claude-sonnet-4-20250514-v1:0",  # expect: BRL101
        "--model",
        "-m",
        envvar="REVIEW_MODEL_ID",
        help="Bedrock model id",
    ),
    strict: bool = typer.Option(False, help="fail on any finding"),
) -> None:
    with open(path) as fh:
        source = fh.read()
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 2048,
        "system": "You are a strict code reviewer. Reply with JSON findings.",
        "messages": [{"role": "user", "content": source}],
    }
    response = runtime.invoke_model(modelId=model, body=json.dumps(body))
    findings = json.loads(json.loads(response["body"].read())["content"][0]["text"])
    for finding in findings:
        typer.echo(f"{path}:{finding['line']}: {finding['message']}")
    if strict and findings:
        raise typer.Exit(code=1)


@app.command()
def models(region: str = typer.Option("us-west-2")) -> None:
    """List the Anthropic models this account can see."""
    bedrock = boto3.client("bedrock", region_name=region)
    for summary in bedrock.list_foundation_models(byProvider="Anthropic")["modelSummaries"]:
        typer.echo(summary["modelId"])


if __name__ == "__main__":
    cli()
