"""Multi-agent orchestrator set-up for the travel assistant (agent-squad style)."""

from dataclasses import dataclass
from typing import Optional

import boto3
from agent_squad.agents import (
    AnthropicAgent,
    AnthropicAgentOptions,
    BedrockLLMAgent,
    BedrockLLMAgentOptions,
    OpenAIAgent,
    OpenAIAgentOptions,
)
from agent_squad.classifiers import AnthropicClassifier, AnthropicClassifierOptions, BedrockClassifier, BedrockClassifierOptions
from agent_squad.orchestrator import AgentSquad
from agent_squad.types import BEDROCK_MODEL_ID_CLAUDE_3_HAIKU

# ---- vendored from the library's types module, used as the agents' default model -----
BEDROCK_MODEL_ID_CLAUDE_3_SONNET = "anthropic.claude-3-sonnet-20240229-v1:0"  # expect: BRL101


@dataclass
class InlineAgentOptions:
    name: str
    description: str
    model_id: Optional[str] = None
    region: Optional[str] = None


class InlineRouterAgent:
    def __init__(self, options: InlineAgentOptions):
        self.client = boto3.client("bedrock-runtime", region_name=options.region or "us-east-1")
        self.model_id = options.model_id or BEDROCK_MODEL_ID_CLAUDE_3_SONNET
        self.name = options.name

    def process(self, text: str) -> str:
        out = self.client.converse(modelId=self.model_id, messages=[{"role": "user", "content": [{"text": text}]}])
        return out["output"]["message"]["content"][0]["text"]


# ---- application wiring -----------------------------------------------------------------
classifier = BedrockClassifier(
    BedrockClassifierOptions(model_id="us.anthropic.claude-3-5-sonnet-20241022-v2:0")  # expect: BRL102
)
orchestrator = AgentSquad(classifier=classifier)

orchestrator.add_agent(
    BedrockLLMAgent(
        BedrockLLMAgentOptions(
            name="Flights",
            description="Books and changes flights",
            model_id="anthropic.claude-3-sonnet-20240229-v1:0",  # expect: BRL101
            streaming=True,
        )
    )
)

orchestrator.add_agent(
    BedrockLLMAgent(
        BedrockLLMAgentOptions(
            name="Hotels",
            description="Finds hotels near a venue",
            model_id=BEDROCK_MODEL_ID_CLAUDE_3_HAIKU,
        )
    )
)

orchestrator.add_agent(
    AnthropicAgent(
        AnthropicAgentOptions(name="Visa", description="Visa rules", model_id="claude-3-5-sonnet-20240620", api_key="...")
    )
)

orchestrator.add_agent(OpenAIAgent(OpenAIAgentOptions(name="Weather", description="Forecasts", model="gpt-4o-mini")))

router = InlineRouterAgent(InlineAgentOptions(name="Router", description="Routes chit-chat"))

anthropic_classifier = AnthropicClassifier(AnthropicClassifierOptions(api_key="...", model_id="claude-3-5-sonnet-20240620"))
