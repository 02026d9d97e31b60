"""Incident-response agents built with Google ADK, running on AWS through LiteLLM.

Gemini is not available on Bedrock, so the Bedrock-backed agents go through
``LiteLlm``; the triage agent stays on Gemini.
"""

import datetime
import os

from google.adk.agents import Agent, LlmAgent
from google.adk.models.lite_llm import LiteLlm
from google.adk.sessions import InMemorySessionService

from .tools import fetch_commits, query_metrics, build_response_envelope

# Every agent variable must be called root_agent for `adk web`.
deploy_agent = Agent(
    name="deploy_agent",
    model=LiteLlm(model="bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0"),  # expect: BRL102
    description="Analyzes GitHub commit history to identify risky deployments related to an incident.",
    instruction="You are the Deployment Intelligence Agent. Use fetch_commits.",
    tools=[fetch_commits],
)

metrics_agent = Agent(
    name="metrics_agent",
    model=LiteLlm(model=f"bedrock/{os.environ['BEDROCK_AIP_ARN']}"),
    description="Reads CloudWatch metrics around the incident window.",
    instruction="Summarise anomalies; quote metric names exactly.",
    tools=[query_metrics],
)

writer_agent = LlmAgent(
    name="postmortem_writer",
    model=LiteLlm(model="bedrock/global.anthropic.claude-haiku-4-5-20251001-v1:0"),  # expect: BRL102
    instruction="Write a blameless post-mortem draft from the findings.",
)

root_agent = LlmAgent(
    name="incident_triage",
    model="gemini-2.0-flash",
    instruction="Route the incident to the right specialist agent.",
    sub_agents=[deploy_agent, metrics_agent, writer_agent],
)

fallback_openai_agent = LlmAgent(
    name="fallback",
    model=LiteLlm(model="openai/gpt-4o"),
    instruction="Only used when Bedrock is throttled.",
)


def envelope(incident_id: str, findings: list[dict]) -> dict:
    start_time = datetime.datetime.now(datetime.timezone.utc)
    return build_response_envelope(
        agent_name="deploy_agent",
        incident_id=incident_id,
        findings=findings,
        start_time=start_time,
        summary="analysed with bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    )


session_service = InMemorySessionService()
