"""Model identifiers used across the agents package."""

from enum import Enum, StrEnum, unique


class BedrockModel(str, Enum):
    CLAUDE_3_7_SONNET = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"  # expect: BRL102
    CLAUDE_3_5_SONNET = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"  # expect: BRL102
    CLAUDE_3_5_HAIKU = "us.anthropic.claude-3-5-haiku-20241022-v1:0"  # expect: BRL102


@unique
class TextModel(Enum):
    """Amazon Bedrock model IDs, see https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html"""

    # Amazon
    NOVA_PRO = "amazon.nova-pro-v1:0"  # expect: BRL101
    NOVA_LITE = "amazon.nova-lite-v1:0"  # expect: BRL101
    TITAN_PREMIER = "amazon.titan-text-premier-v1:0"  # expect: BRL101

    # Meta
    LLAMA_3_3_70B = "us.meta.llama3-3-70b-instruct-v1:0"  # expect: BRL102

    @property
    def provider(self) -> str:
        return self.value.split(".")[-2] if self.value.count(".") > 1 else self.value.split(".")[0]


class EmbeddingModel(StrEnum):
    TITAN_V2 = "amazon.titan-embed-text-v2:0"
    COHERE_MULTILINGUAL = "cohere.embed-multilingual-v3"


class AnthropicApiModel(Enum):
    """Names for the first-party Anthropic API (used when ANTHROPIC_API_KEY is set)."""

    SONNET = "claude-3-7-sonnet-20250219"
    HAIKU = "claude-3-5-haiku-20241022"


class Tier(StrEnum):
    FAST = "fast"
    SMART = "smart"


TIER_TO_MODEL = {
    Tier.FAST: BedrockModel.CLAUDE_3_5_HAIKU,
    Tier.SMART: BedrockModel.CLAUDE_3_7_SONNET,
}
