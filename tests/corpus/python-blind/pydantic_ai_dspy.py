"""Ticket triage with pydantic-ai, and a DSPy program for answer grading."""

import os
from enum import Enum

import dspy
from pydantic import BaseModel
from pydantic_ai import Agent
from pydantic_ai.models.bedrock import BedrockConverseModel, BedrockModelSettings


class ModelName(Enum):
    CLAUDE_3_HAIKU = ("CLAUDE_3_HAIKU", "bedrock:anthropic.claude-3-haiku-20240307-v1:0")  # expect: BRL101
    CLAUDE_3_5_SONNET = ("CLAUDE_3_5_SONNET", "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0")  # expect: BRL101

    def __init__(self, label: str, bedrock_id: str) -> None:
        self.label = label
        self.bedrock_id = bedrock_id


class Triage(BaseModel):
    queue: str
    priority: int


def triage_agent(model: ModelName = ModelName.CLAUDE_3_HAIKU) -> Agent:
    return Agent(model.bedrock_id, output_type=Triage, system_prompt="Route the support ticket.")


summary_agent = Agent("bedrock:us.anthropic.claude-sonnet-4-20250514-v1:0", system_prompt="Summarise tickets.")  # expect: BRL102

# Production agent: base model name for capabilities, the application profile is what gets invoked.
profiled_agent = Agent(
    BedrockConverseModel(
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        settings=BedrockModelSettings(bedrock_inference_profile=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"]),
    ),
    output_type=Triage,
)

reasoning_model = BedrockConverseModel("deepseek.r1-v1:0")  # expect: BRL101
reasoning_agent = Agent(reasoning_model, system_prompt="Think step by step about escalations.")


class GradeAnswer(dspy.Signature):
    """Grade an answer against the reference."""

    question: str = dspy.InputField()
    answer: str = dspy.InputField()
    reference: str = dspy.InputField()
    score: float = dspy.OutputField()


def configure_dspy(model: str = "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0") -> None:  # expect: BRL101
    dspy.configure(lm=dspy.LM(model, temperature=0.0, max_tokens=1000))


def configure_dspy_profiled() -> None:
    lm = dspy.LM(
        "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
        model_id=os.environ["BEDROCK_AIP_ARN"],
        temperature=0.0,
    )
    dspy.configure(lm=lm)


grader = dspy.ChainOfThought(GradeAnswer)
