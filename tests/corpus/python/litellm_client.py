"""Thin wrapper around LiteLLM so the app can switch between Bedrock and OpenAI."""

import os

import litellm
import openai
from litellm import completion, embedding

litellm.drop_params = True

# Primary path: the Sonnet application inference profile provisioned by the platform team.
# LiteLLM needs the base model in `model` for cost mapping; the request goes to model_id.
PRIMARY = {
    "model": "bedrock/converse/anthropic.claude-3-5-sonnet-20241022-v2:0",
    "model_id": os.environ["CHAT_PROFILE_ARN"],
    "aws_region_name": os.environ.get("AWS_REGION_NAME", "eu-central-1"),
}


def chat(messages: list[dict], **kwargs) -> str:
    response = completion(messages=messages, **PRIMARY, **kwargs)
    return response.choices[0].message.content


def summarize(text: str) -> str:
    # quick-and-dirty summarizer added during the hackathon, never moved to a profile
    response = completion(
        model="bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0",  # expect: BRL102
        messages=[{"role": "user", "content": f"Summarize in 3 bullet points:\n\n{text}"}],
        max_tokens=400,
    )
    return response.choices[0].message.content


def embed(texts: list[str]) -> list[list[float]]:
    response = embedding(model="bedrock/amazon.titan-embed-text-v2:0", input=texts)
    return [item["embedding"] for item in response.data]


def classify_intent(text: str) -> str:
    response = completion(
        model="bedrock/meta.llama3-1-8b-instruct-v1:0",  # expect: BRL101
        messages=[
            {"role": "system", "content": "Reply with one word: billing, tech, sales or other."},
            {"role": "user", "content": text},
        ],
        temperature=0,
    )
    return response.choices[0].message.content.strip().lower()


def openai_fallback(messages: list[dict]) -> str:
    client = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])
    response = client.chat.completions.create(model="gpt-4o", messages=messages)
    return response.choices[0].message.content
