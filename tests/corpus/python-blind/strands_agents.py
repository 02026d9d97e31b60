"""Strands agents for the recipe assistant."""

import os

from botocore.config import Config
from strands import Agent
from strands.models import BedrockModel
from strands_tools import calculator, current_time, http_request

# original from the quickstart is Claude Sonnet 4.5 via the global profile
# MODEL_ID = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
MODEL_ID = "anthropic.claude-3-5-haiku-20241022-v1:0"  # expect: BRL101

boto_config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=600, read_timeout=900)

GEO = os.environ.get("BEDROCK_GEO", "us")


def load_model() -> BedrockModel:
    """Bedrock model client; IAM auth via the execution role."""
    return BedrockModel(model_id=MODEL_ID)


def get_default_model() -> BedrockModel:
    return BedrockModel(
        model_id="global.anthropic.claude-sonnet-4-5-20250929-v1:0",  # expect: BRL102
        boto_client_config=boto_config,
        additional_request_fields={
            "anthropic_beta": ["interleaved-thinking-2025-05-14"],
            "thinking": {"type": "enabled", "budget_tokens": 8000},
        },
    )


chef_model = BedrockModel(
    model="us.anthropic.claude-haiku-4-5-20251001-v1:0",  # expect: BRL102
    region_name="us-east-1",
    temperature=0.5,
)

chef_agent = Agent(
    model=chef_model,
    system_prompt="You are a helpful chef. Suggest recipes from the ingredients the user has.",
    tools=[],
)

pantry_agent = Agent(model="us.amazon.nova-premier-v1:0", tools=[calculator, current_time])  # expect: BRL102

regional_model = BedrockModel(model_id=f"{GEO}.anthropic.claude-sonnet-4-20250514-v1:0", temperature=0.3)  # expect: BRL102

# No model given: strands picks its own default (documented behaviour, nothing hardcoded here)
helper_agent = Agent(tools=[http_request], system_prompt="Fetch nutrition facts when asked.")

profiled_model = BedrockModel(model_id=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"], temperature=0.2)
profiled_agent = Agent(model=profiled_model, tools=[calculator])


def build_agent(system_prompt: str, tools: list, model: BedrockModel | str | None = None) -> Agent:
    return Agent(system_prompt=system_prompt, tools=tools, model=model or load_model())


if __name__ == "__main__":
    print(chef_agent("I have eggs, spinach and feta."))
