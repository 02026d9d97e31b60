"""Weekly Bedrock usage report from CloudWatch metrics and invocation logs."""

import datetime as dt
import re

import boto3

cloudwatch = boto3.client("cloudwatch", region_name="us-east-1")
logs = boto3.client("logs", region_name="us-east-1")

TRACKED_MODELS = [
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "us.anthropic.claude-3-5-haiku-20241022-v1:0",
    "amazon.titan-embed-text-v2:0",
]

DISPLAY_NAMES = {
    "anthropic.claude-3-5-sonnet-20240620-v1:0": "Claude 3.5 Sonnet",
    "us.anthropic.claude-3-5-haiku-20241022-v1:0": "Claude 3.5 Haiku (US)",
}

CLAUDE_ID = re.compile(r"^(?:(?:us|eu|apac|global)\.)?anthropic\.claude-[a-z0-9.-]+(?::\d+)*$")

INSIGHTS_QUERY = """
fields @timestamp, modelId, input.inputTokenCount, output.outputTokenCount
| filter modelId = "anthropic.claude-3-5-sonnet-20240620-v1:0"
| stats sum(input.inputTokenCount) as tokens_in, sum(output.outputTokenCount) as tokens_out by bin(1d)
"""


def weekly_invocations(model_id: str) -> float:
    end = dt.datetime.now(dt.timezone.utc)
    resp = cloudwatch.get_metric_statistics(
        Namespace="AWS/Bedrock",
        MetricName="Invocations",
        Dimensions=[{"Name": "ModelId", "Value": model_id}],
        StartTime=end - dt.timedelta(days=7),
        EndTime=end,
        Period=86400,
        Statistics=["Sum"],
    )
    return sum(p["Sum"] for p in resp["Datapoints"])


def haiku_latency_p90() -> float:
    end = dt.datetime.now(dt.timezone.utc)
    resp = cloudwatch.get_metric_statistics(
        Namespace="AWS/Bedrock",
        MetricName="InvocationLatency",
        Dimensions=[{"Name": "ModelId", "Value": "us.anthropic.claude-3-5-haiku-20241022-v1:0"}],
        StartTime=end - dt.timedelta(days=1),
        EndTime=end,
        Period=3600,
        ExtendedStatistics=["p90"],
    )
    points = resp["Datapoints"]
    return max((p["ExtendedStatistics"]["p90"] for p in points), default=0.0)


def sonnet_token_query(log_group: str = "/aws/bedrock/modelinvocations") -> str:
    end = int(dt.datetime.now().timestamp())
    return logs.start_query(logGroupName=log_group, startTime=end - 7 * 86400, endTime=end, queryString=INSIGHTS_QUERY)["queryId"]


def report() -> str:
    lines = ["model,invocations"]
    for model_id in TRACKED_MODELS:
        name = DISPLAY_NAMES.get(model_id, model_id)
        kind = "claude" if CLAUDE_ID.match(model_id) else "other"
        lines.append(f"{name} ({kind}),{weekly_invocations(model_id):.0f}")
    lines.append(f"haiku p90 latency ms,{haiku_latency_p90():.0f}")
    return "\n".join(lines)
