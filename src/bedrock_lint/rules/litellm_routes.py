"""BRL1xx, LiteLLM proxy routes: model routes that bypass application inference profiles."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import Document
from ..findings import Finding
from ._base import Context, Example, Rule

#: The context the LiteLLM scanner gives ``litellm_params.model`` values, wildcards included.
MODEL_CONTEXT = "litellm_params.model"


class WildcardModelRoute(Rule):
    code, name = "BRL106", "wildcard-model-route"
    # "config": LiteLLM configs embedded in a ConfigMap or Helm values are read by the
    # deployment-config scanner, and their wildcard routes must not slip through there.
    formats = ("litellm", "config")
    in_tests = False
    summary = ("Flags LiteLLM `model_list` entries whose `litellm_params.model` is a Bedrock "
               "wildcard route such as `bedrock/*`.")
    why = ("A wildcard route passes whatever model the client asks for straight to Bedrock: any "
           "client can call any foundation model or system profile directly, around every "
           "application inference profile, so none of that spend carries product, team or "
           "client tags (ADR-0007).")
    instead = ("List one `model_list` entry per model the proxy offers, each sending its calls "
               "through an application inference profile: `model_id: os.environ/<PROFILE_VAR>` "
               "next to the base model, or `model: bedrock/<application-profile ARN>`.")
    valid = [
        Example("litellm",
                "model_list:\n"
                "  - model_name: claude-sonnet\n"
                "    litellm_params:\n"
                "      model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0\n"
                "      model_id: os.environ/CHAT_PROFILE_ARN\n"
                "      aws_region_name: eu-central-1\n"),
        Example("litellm",
                "model_list:\n"
                "  - model_name: openai/*\n"
                "    litellm_params:\n"
                "      model: openai/*\n"
                "      api_key: os.environ/OPENAI_API_KEY\n"
                "  - model_name: nova-pro\n"
                "    litellm_params:\n"
                "      model: bedrock/arn:aws:bedrock:eu-central-1:123456789012:"
                "application-inference-profile/a1b2c3d4e5f6\n",
                note="wildcards of other providers are out of scope"),
    ]
    invalid = [
        Example("litellm",
                "model_list:\n"
                "  - model_name: bedrock/*\n"
                "    litellm_params:\n"
                "      model: bedrock/*\n"
                "      aws_region_name: eu-central-1\n",
                at=((4, 14),)),
        Example("litellm",
                "model_list:\n"
                "  - model_name: \"claude-*\"\n"
                "    litellm_params:\n"
                "      model: \"bedrock/converse/anthropic.*\"\n"
                "      aws_role_name: os.environ/BEDROCK_ROLE_ARN\n",
                at=((4, 14),)),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for ref in doc.refs:
            if ref.context == MODEL_CONTEXT and "*" in ref.value:
                yield self.finding(ref.loc, f"route {ref.value!r} sends any requested model "
                                   "straight to Bedrock", ctx)


RULES = (WildcardModelRoute,)
