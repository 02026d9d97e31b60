"""Generate docs/models.md: the table of Bedrock models the platform team has approved.

Run: python docs_generator.py > docs/models.md
Nothing here calls Bedrock; the entries only describe models for humans.
"""

from dataclasses import dataclass
from textwrap import dedent


@dataclass(frozen=True)
class ModelDoc:
    model_id: str
    name: str
    context: str
    notes: str = ""


APPROVED = [
    ModelDoc("anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", "200k", "default for chat"),
    ModelDoc("us.anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4 (US profile)", "200k", "code review"),
    ModelDoc("amazon.nova-pro-v1:0", "Amazon Nova Pro", "300k"),
    ModelDoc("meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B", "128k", "on-prem parity tests"),
    ModelDoc("amazon.titan-embed-text-v2:0", "Titan Text Embeddings v2", "8k", "embeddings"),
]

EXAMPLE_SNIPPET = dedent(
    """\
    ```python
    import os, boto3
    rt = boto3.client("bedrock-runtime")
    rt.converse(modelId=os.environ["BEDROCK_AIP_ARN"], messages=[...])
    # NOT: rt.converse(modelId="amazon.nova-pro-v1:0", ...)
    ```
    """
)

PROFILE_ARN_EXAMPLE = "arn:aws:bedrock:eu-central-1:<account>:application-inference-profile/<id>"

HEADER = "| Model ID | Name | Context | Notes |\n|---|---|---|---|"


def render() -> str:
    rows = [f"| `{m.model_id}` | {m.name} | {m.context} | {m.notes} |" for m in APPROVED]
    return "\n".join(
        [
            "# Approved Bedrock models",
            "",
            "Call models through your team's application inference profile ARN, e.g.",
            f"`{PROFILE_ARN_EXAMPLE}`, read from `BEDROCK_AIP_ARN`.",
            "",
            HEADER,
            *rows,
            "",
            "## Example",
            "",
            EXAMPLE_SNIPPET,
        ]
    )


if __name__ == "__main__":
    print(render())
