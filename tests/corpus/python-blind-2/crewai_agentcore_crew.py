"""Market-research crew deployed on Bedrock AgentCore Runtime."""

import os

import boto3
from bedrock_agentcore.runtime import BedrockAgentCoreApp
from crewai import LLM, Agent, Crew, Process, Task
from crewai_tools import SerperDevTool

app = BedrockAgentCoreApp()

serper_dev_tool = SerperDevTool(api_key=os.environ.get("SERPER_API_KEY"))

llm = LLM(model="bedrock/us.amazon.nova-pro-v1:0")  # expect: BRL102

# Tenant-specific profile for the writer (pinned by the platform team).
writer_llm = LLM(
    model="bedrock/arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/k3v9q2x7m1ab",  # expect: BRL103
    temperature=0.3,
)

# Local development only: no Bedrock involved.
local_llm = LLM(model="ollama/llama3.1:8b", base_url="http://localhost:11434")

memory_client = boto3.client("bedrock-agentcore", region_name=os.environ.get("AWS_REGION", "us-east-1"))

researcher = Agent(
    role="Market Researcher",
    goal="Find recent facts about {topic}",
    backstory="You dig through news and filings.",
    tools=[serper_dev_tool],
    llm=llm,
)

writer = Agent(
    role="Report Writer",
    goal="Write a crisp one-page brief about {topic}",
    backstory="You write for busy executives.",
    llm=writer_llm,
)


def build_crew(model_override: str | None = None) -> Crew:
    if model_override:
        researcher.llm = LLM(model=f"bedrock/{model_override}")
    research = Task(description="Research {topic}", expected_output="Bullet list of facts", agent=researcher)
    brief = Task(description="Write the brief", expected_output="Markdown brief", agent=writer)
    return Crew(agents=[researcher, writer], tasks=[research, brief], process=Process.sequential)


@app.entrypoint
def invoke(payload, context):
    """Handler for agent invocations.

    Expected payload:
    {
        "topic": "...",
        "model_override": "us.anthropic.claude-opus-4-6-v1" (optional)
    }
    """
    topic = payload.get("topic", "Amazon Bedrock pricing")
    crew = build_crew(payload.get("model_override"))
    result = crew.kickoff(inputs={"topic": topic})
    return {"result": result.raw, "session": context.session_id}


if __name__ == "__main__":
    app.run()
