"""Book-club helpers written with Mirascope decorators (Bedrock, OpenAI and Anthropic calls)."""

import os

import boto3
from mirascope.core import BaseMessageParam, anthropic, bedrock, openai, prompt_template
from mirascope import llm
from pydantic import BaseModel

RECOMMENDER_MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0"  # expect: BRL101


class Book(BaseModel):
    title: str
    author: str


@bedrock.call(
    "anthropic.claude-3-haiku-20240307-v1:0", client=boto3.client("bedrock-runtime")  # expect: BRL101
)
@prompt_template("Recommend a {genre} book")
def recommend_book(genre: str): ...


@bedrock.call(
    "us.amazon.nova-lite-v1:0",  # expect: BRL102
    call_params={"inferenceConfig": {"maxTokens": 512}},
)
def recommend_book_messages(genre: str) -> list[BaseMessageParam]:
    return [BaseMessageParam(role="user", content=f"Recommend a {genre} book")]


@bedrock.call(RECOMMENDER_MODEL, response_model=Book)
@prompt_template("Extract the book from: {text}")
def extract_book(text: str): ...


# Production path: the application inference profile comes from the environment.
@bedrock.call(os.environ.get("BEDROCK_AIP_ARN", ""), response_model=Book)
@prompt_template("Extract the book from: {text}")
def extract_book_prod(text: str): ...


@llm.call(provider="bedrock", model="meta.llama3-1-70b-instruct-v1:0")  # expect: BRL101
@prompt_template("Summarise this review in one sentence: {review}")
def summarise_review(review: str): ...


@openai.call("gpt-4o-mini")
@prompt_template("Recommend a {genre} book")
def recommend_book_openai(genre: str): ...


@anthropic.call("claude-3-5-sonnet-20240620")
@prompt_template("Recommend a {genre} book")
def recommend_book_anthropic(genre: str): ...


if __name__ == "__main__":
    print(recommend_book("fantasy").content)
    # e.g. bedrock.call("anthropic.claude-3-haiku-20240307-v1:0") also accepts stream=True
    print(summarise_review("Long, but worth it.").content)
