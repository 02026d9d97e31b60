"""Research crew (CrewAI) plus a few direct LiteLLM calls for the report writer."""

import os

import instructor
import litellm
from crewai import LLM, Agent, Crew, Task
from litellm import completion, embedding
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    aws_region: str = "us-east-1"
    bedrock_model_id: str = "anthropic.claude-3-5-sonnet-20240620-v1:0"  # expect: BRL101
    bedrock_fast_model_id: str = Field(default="us.amazon.nova-micro-v1:0", alias="FAST_MODEL_ID")  # expect: BRL102
    embedding_model_id: str = "cohere.embed-multilingual-v3"
    serper_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"


settings = Settings()

os.environ["AWS_REGION_NAME"] = settings.aws_region

MODEL_ID = "bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0"  # expect: BRL102

researcher_llm = LLM(model="bedrock/anthropic.claude-3-haiku-20240307-v1:0", temperature=0.2)  # expect: BRL101
writer_llm = LLM(model=f"bedrock/{settings.bedrock_model_id}", temperature=0.7, max_tokens=4096)

researcher = Agent(
    role="Senior Research Analyst",
    goal="Uncover developments in AI and data science",
    backstory="You work at a leading tech think tank.",
    llm=researcher_llm,
    allow_delegation=False,
)
writer = Agent(role="Writer", goal="Write a crisp report", backstory="Former journalist.", llm=writer_llm)


class Outline(BaseModel):
    title: str
    sections: list[str]


def outline(topic: str) -> Outline:
    client = instructor.from_provider("bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0")  # expect: BRL101
    return client.chat.completions.create(
        messages=[{"role": "user", "content": f"Outline a report on {topic}"}],
        response_model=Outline,
    )


def polish(text: str) -> str:
    response = completion(model=MODEL_ID, messages=[{"role": "user", "content": f"Polish:\n{text}"}])
    return response.choices[0].message.content


def polish_with_profile(text: str) -> str:
    """Cost-allocated path: the profile ARN is the real target, `model` only picks the prompt format."""
    response = completion(
        model="bedrock/converse/anthropic.claude-3-5-sonnet-20240620-v1:0",
        model_id=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"],
        messages=[{"role": "user", "content": f"Polish:\n{text}"}],
    )
    return response.choices[0].message.content


def quick_label(text: str) -> str:
    response = completion(
        model=f"bedrock/{settings.bedrock_fast_model_id}",
        messages=[{"role": "user", "content": f"One-word topic label for: {text}"}],
    )
    return response.choices[0].message.content.strip()


def translate(text: str, lang: str) -> str:
    response = litellm.completion(
        model="bedrock/converse/eu.amazon.nova-pro-v1:0",  # expect: BRL102
        messages=[{"role": "user", "content": f"Translate to {lang}: {text}"}],
        aws_region_name="eu-west-1",
    )
    return response.choices[0].message.content


def vectors(chunks: list[str]) -> list[list[float]]:
    return [d["embedding"] for d in embedding(model="bedrock/amazon.titan-embed-text-v2:0", input=chunks).data]


def fallback_openai(text: str) -> str:
    # used when Bedrock is throttling; not a Bedrock model
    return completion(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content


def run(topic: str):
    crew = Crew(
        agents=[researcher, writer],
        tasks=[
            Task(description=f"Research {topic}", expected_output="bullet points", agent=researcher),
            Task(description="Write the report", expected_output="markdown", agent=writer),
        ],
    )
    return crew.kickoff(inputs={"topic": topic})
