"""Single-cell analysis assistant: Strands agent hosted on Bedrock AgentCore Runtime."""

import logging
import os
from typing import Optional

from bedrock_agentcore.runtime import BedrockAgentCoreApp
from strands import Agent, tool
from strands.models import BedrockModel

logger = logging.getLogger(__name__)

app = BedrockAgentCoreApp()
DEFAULT_BEDROCK_MODEL_ID = "us.anthropic.claude-haiku-4-5-20251001-v1:0"  # expect: BRL102

SYSTEM_PROMPT = """You are an expert assistant for single-cell RNA-seq analysis.
You run on us.anthropic.claude-haiku-4-5-20251001-v1:0 unless the operator overrides it.
"""

_bedrock_model: Optional[BedrockModel] = None


@tool
def get_active_dataset_info() -> str:
    """Describe the loaded AnnData object."""
    return "pbmc3k: 2,700 cells x 32,738 genes"


def get_or_create_bedrock_model() -> BedrockModel:
    global _bedrock_model
    if _bedrock_model is None:
        model_id = os.getenv("BEDROCK_MODEL_ID", DEFAULT_BEDROCK_MODEL_ID)
        _bedrock_model = BedrockModel(
            model_id=model_id,
            temperature=0.3,
            top_p=0.8,
            additional_request_fields={"anthropic_beta": ["interleaved-thinking-2025-05-14"]},
        )
    return _bedrock_model


def upgrade_for_long_context(model: BedrockModel) -> None:
    # Large datasets blow the Haiku context; switch the same model object to Sonnet.
    model.update_config(model_id="us.anthropic.claude-sonnet-4-5-20250929-v1:0")  # expect: BRL102


def profile_backed_agent() -> Agent:
    """Agent for the shared account: the profile ARN is injected at deploy time."""
    profile = os.getenv("BEDROCK_INFERENCE_PROFILE_ARN", "global.anthropic.claude-sonnet-4-6")  # expect: BRL105
    return Agent(model=BedrockModel(model_id=profile), system_prompt=SYSTEM_PROMPT, tools=[get_active_dataset_info])


def default_agent() -> Agent:
    # No model argument: Strands falls back to its own default system profile.
    return Agent(system_prompt=SYSTEM_PROMPT, tools=[get_active_dataset_info])


@app.entrypoint
async def invoke(payload, context):
    prompt = payload.get("prompt", "What dataset is loaded?")
    if payload.get("profile_backed"):
        agent = profile_backed_agent()
    else:
        agent = Agent(model=get_or_create_bedrock_model(), system_prompt=SYSTEM_PROMPT, tools=[get_active_dataset_info])
    if payload.get("long_context"):
        upgrade_for_long_context(agent.model)
    logger.info("model in use: %s", agent.model.config.get("model_id"))
    async for event in agent.stream_async(prompt):
        if "data" in event and isinstance(event["data"], str):
            yield event["data"]


if __name__ == "__main__":
    app.run()
