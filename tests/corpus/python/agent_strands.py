"""Customer-support agent built with Strands Agents on Bedrock.

The orchestrator runs on the EU cross-region profile for Sonnet 4.5; the "researcher"
sub-agent is a cheaper model. See https://strandsagents.com/latest/user-guide/ for the API.
"""

import logging
import os

import boto3
from strands import Agent, tool
from strands.models import BedrockModel

logging.getLogger("strands").setLevel(logging.INFO)

session = boto3.Session(region_name=os.getenv("AWS_REGION", "eu-central-1"))

orchestrator_model = BedrockModel(
    model_id="eu.anthropic.claude-sonnet-4-5-20250929-v1:0",  # expect: BRL102
    boto_session=session,
    temperature=0.3,
    max_tokens=4000,
    cache_prompt="default",
)


@tool
def lookup_order(order_id: str) -> dict:
    """Return the status of an order from the orders table."""
    table = session.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
    item = table.get_item(Key={"pk": f"ORDER#{order_id}"}).get("Item")
    return item or {"error": f"order {order_id} not found"}


@tool
def research(question: str) -> str:
    """Research a product question in depth and return a short summary."""
    researcher = Agent(
        model="anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL101
        system_prompt="You are a meticulous product researcher. Be brief and cite sources.",
        callback_handler=None,
    )
    return str(researcher(question))


support_agent = Agent(
    model=orchestrator_model,
    tools=[lookup_order, research],
    system_prompt=(
        "You are ACME's support assistant. Use lookup_order for order questions and "
        "research for product questions. Never promise refunds."
    ),
)


def handle(message: str) -> str:
    result = support_agent(message)
    usage = result.metrics.accumulated_usage
    logging.info("tokens in=%s out=%s", usage["inputTokens"], usage["outputTokens"])
    return str(result)


if __name__ == "__main__":
    print(handle("Where is order 1234?"))
