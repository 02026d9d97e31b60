"""Weekly Bedrock cost report from CloudWatch invocation metrics.

Usage: python cost_report.py --model anthropic.claude-sonnet-4-6 --days 7
Send questions to finops@acme.io.
"""

import argparse
import datetime as dt

import boto3

# Public on-demand prices (USD / 1M tokens), eu-central-1, checked 2026-02.
PRICES = {
    "anthropic.claude-sonnet-4-6": (3.00, 15.00),
    "anthropic.claude-haiku-4-5-20251001-v1:0": (1.00, 5.00),
    "anthropic.claude-opus-4-6-v1": (5.00, 25.00),
    "amazon.nova-pro-v1:0": (0.80, 3.20),
    "amazon.nova-lite-v1:0": (0.06, 0.24),
    "mistral.pixtral-large-2502-v1:0": (2.00, 6.00),
}


def metric_sum(cw, metric: str, model_id: str, start: dt.datetime, end: dt.datetime) -> float:
    stats = cw.get_metric_statistics(
        Namespace="AWS/Bedrock",
        MetricName=metric,
        Dimensions=[{"Name": "ModelId", "Value": model_id}],
        StartTime=start,
        EndTime=end,
        Period=86400,
        Statistics=["Sum"],
    )
    return sum(point["Sum"] for point in stats["Datapoints"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--model",
        choices=sorted(PRICES),
        default="anthropic.claude-sonnet-4-6",
        help="model ID as it appears in the AWS/Bedrock ModelId dimension",
    )
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--region", default="eu-central-1")
    args = parser.parse_args()

    cw = boto3.client("cloudwatch", region_name=args.region)
    end = dt.datetime.now(dt.timezone.utc)
    start = end - dt.timedelta(days=args.days)
    tokens_in = metric_sum(cw, "InputTokenCount", args.model, start, end)
    tokens_out = metric_sum(cw, "OutputTokenCount", args.model, start, end)
    price_in, price_out = PRICES[args.model]
    cost = tokens_in / 1e6 * price_in + tokens_out / 1e6 * price_out
    print(f"{args.model}: {tokens_in:,.0f} in / {tokens_out:,.0f} out tokens, ~${cost:,.2f} over {args.days} days")
    if args.model in ("anthropic.claude-opus-4-6-v1",) and cost > 500:
        print("warning: Opus spend above budget; consider anthropic.claude-sonnet-4-6 for batch jobs")


if __name__ == "__main__":
    main()
