"""Classify strings as Bedrock model identifiers.

One module, used by every scanner and rule. The grammar follows botocore's patterns for
foundation-model IDs and Bedrock ARNs (``<provider>.<seg>(.<seg>){0,2}(:<seg>){0,2}``,
``[a-z0-9-]{1,63}`` segments), tightened for precision: the provider must be a known Bedrock
model provider and the first model segment must contain a digit or a hyphen, so that
``openai.chat.completions``, ``google.cloud``, ``meta.tables`` or ``amazon.com`` never match.

Only whole values are classified (``classify``); the LiteLLM / pydantic-ai route prefixes
(``bedrock/``, ``bedrock/converse/``, ``bedrock/us-east-1/``, ``bedrock:``) are stripped first.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import unquote

#: Model providers on Bedrock (aws-cdk-lib ``FoundationModelIdentifier`` plus LiteLLM,
#: langchain-aws and pydantic-ai catalogues). Extendable in configuration.
DEFAULT_PROVIDERS: tuple[str, ...] = (
    "ai21", "amazon", "anthropic", "cohere", "deepseek", "google", "luma", "meta", "minimax",
    "mistral", "moonshot", "moonshotai", "nvidia", "openai", "qwen", "stability", "twelvelabs",
    "writer", "xai", "zai",
)  # fmt: skip

#: Geography prefixes of system-defined (cross-Region) inference profiles: the verified ones
#: (CDK ``CrossRegionInferenceProfileRegion``) and the observed ``in`` and ``ca``.
DEFAULT_GEO_PREFIXES: tuple[str, ...] = ("us", "eu", "apac", "us-gov", "global", "jp", "au", "in", "ca")

#: LiteLLM Bedrock route segments that may follow ``bedrock/``.
LITELLM_ROUTES: tuple[str, ...] = (
    "converse", "invoke", "converse_like", "agent", "agentcore", "async_invoke", "openai",
    "chat_completions", "nova", "nova-2", "llama", "deepseek_r1", "claude_platform",
)  # fmt: skip

_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d"


class Kind(str, enum.Enum):
    FOUNDATION_MODEL = "foundation-model"
    FOUNDATION_MODEL_ARN = "foundation-model-arn"
    SYSTEM_PROFILE = "system-profile"
    SYSTEM_PROFILE_ARN = "system-profile-arn"
    APPLICATION_PROFILE_ARN = "application-profile-arn"
    PROVISIONED_MODEL_ARN = "provisioned-model-arn"
    CUSTOM_MODEL_ARN = "custom-model-arn"
    CUSTOM_MODEL_DEPLOYMENT_ARN = "custom-model-deployment-arn"
    IMPORTED_MODEL_ARN = "imported-model-arn"
    PROMPT_ROUTER_ARN = "prompt-router-arn"
    PROMPT_ARN = "prompt-arn"
    MARKETPLACE_ENDPOINT_ARN = "marketplace-endpoint-arn"

    @property
    def is_foundation(self) -> bool:
        return self in (Kind.FOUNDATION_MODEL, Kind.FOUNDATION_MODEL_ARN)

    @property
    def is_system_profile(self) -> bool:
        return self in (Kind.SYSTEM_PROFILE, Kind.SYSTEM_PROFILE_ARN)

    @property
    def is_direct(self) -> bool:
        """A foundation model or system profile: the direct calls the policy forbids."""
        return self.is_foundation or self.is_system_profile

    @property
    def is_arn(self) -> bool:
        return self.value.endswith("-arn")


@dataclass(frozen=True)
class ModelId:
    """The result of classifying one string."""

    kind: Kind
    text: str
    #: The foundation-model ID inside (``anthropic.claude-sonnet-4-6``), without geo prefix.
    model: str | None = None
    provider: str | None = None
    geo: str | None = None
    region: str | None = None
    account: str | None = None
    #: What was stripped in front (``bedrock/converse/``), if anything.
    route: str = ""

    @property
    def slug(self) -> str | None:
        """The model name without provider and ``:version``: ``claude-sonnet-4-5-20250929-v1``."""
        if not self.model:
            return None
        return self.model.split(".", 1)[1].split(":", 1)[0]

    @property
    def short_slug(self) -> str | None:
        """The slug without date stamp and ``-vN`` suffix: ``claude-sonnet-4-5``."""
        slug = self.slug
        if slug is None:
            return None
        short = re.sub(r"-\d{8}(?=-|$)", "", slug)
        stripped = re.sub(r"-v\d+$", "", short)
        return stripped if re.search(r"\d", stripped) else short


@dataclass(frozen=True)
class Grammar:
    """The classifier, compiled for one set of providers and geography prefixes."""

    providers: tuple[str, ...] = DEFAULT_PROVIDERS
    geo_prefixes: tuple[str, ...] = DEFAULT_GEO_PREFIXES

    def classify(self, value: str) -> ModelId | None:
        return _compiled(self.providers, self.geo_prefixes).classify(value)

    def needle(self) -> re.Pattern[bytes]:
        """A broad byte pattern: any mention of a provider or of Bedrock (caller inventory)."""
        return _compiled(self.providers, self.geo_prefixes).needle

    def may_hold_finding(self, data: bytes) -> bool:
        """Stage 1 of the linter's pre-filter, on raw bytes: False when no rule can report
        anything in a file with these bytes. Close to the cost of reading the file."""
        c = _compiled(self.providers, self.geo_prefixes)
        return b"nference" in data or b"bedrock" in data or c.provider_dot.search(data) is not None

    def holds_candidate(self, text: str) -> bool:
        """Stage 2, on the decoded text of a file that passed stage 1: something a scanner
        could turn into a finding is written in it (a model identifier, the start of one that
        is concatenated, a profile resource or ARN, ``create_inference_profile``, a LiteLLM
        route, a suppression comment). Parsing is skipped otherwise."""
        c = _compiled(self.providers, self.geo_prefixes)
        return (("nference" in text and c.profile_word.search(text) is not None)
                or ("bedrock" in text and c.bedrock_word.search(text) is not None)
                or c.provider_candidate.search(text) is not None)


DEFAULT_GRAMMAR = Grammar()


def classify(value: str) -> ModelId | None:
    """Classify ``value`` with the default grammar."""
    return DEFAULT_GRAMMAR.classify(value)


def matches_any(model: str, patterns: tuple[str, ...] | list[str]) -> bool:
    """Glob-match a foundation-model ID (``amazon.titan-embed-*``) against patterns."""
    return any(fnmatchcase(model, p) for p in patterns)


class _Compiled:
    def __init__(self, providers: tuple[str, ...], geos: tuple[str, ...]) -> None:
        prov = "(?:" + "|".join(sorted(map(re.escape, providers), key=len, reverse=True)) + ")"
        geo = "(?:" + "|".join(sorted(map(re.escape, geos), key=len, reverse=True)) + ")"
        seg = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
        ext = r"(?:json|ya?ml|py|txt|md|csv|toml|ini|cfg|js|ts|html|xml|tf|lock|log|zip|gz|com|io|ai|org|net)"
        model = rf"(?=[a-z0-9-]*[0-9-]){seg}(?:\.(?!{ext}$){seg}){{0,2}}"
        ver = r"(?::[a-z0-9-]{1,63}){0,2}"
        fm = rf"(?P<provider>{prov})\.{model}{ver}"
        self.fm = re.compile(fm)
        # ``{x}`` / ``${x}`` stand for values a scanner could not resolve (an f-string field,
        # a Terraform or CloudFormation interpolation): allowed where they cannot change
        # what kind of identifier it is (partition, region, account, geo prefix).
        hole = r"\$?\{[^{}]*\}"
        self.profile = re.compile(rf"(?P<geo>{geo}|{hole})\.(?P<fm>{fm})")
        arn = rf"arn:(?:aws(?:-[a-z]+)*|{hole}):bedrock:(?P<region>[a-z0-9-]{{0,20}}|{hole}):"
        acct = rf"(?P<account>[0-9]{{12}}|{hole}|\*)?:"
        self.arns: tuple[tuple[Kind, re.Pattern[str]], ...] = (
            (Kind.FOUNDATION_MODEL_ARN, re.compile(arn + rf"(?P<account>\*?|{hole}):foundation-model/(?P<fm>{fm})")),
            (Kind.SYSTEM_PROFILE_ARN, re.compile(arn + acct + rf"inference-profile/(?P<geo>{geo}|{hole})\.(?P<fm>{fm})")),
            (Kind.APPLICATION_PROFILE_ARN, re.compile(arn + acct + r"application-inference-profile/[A-Za-z0-9._:-]+")),
            (Kind.PROVISIONED_MODEL_ARN, re.compile(arn + acct + r"provisioned-model/[A-Za-z0-9._-]+")),
            (Kind.CUSTOM_MODEL_DEPLOYMENT_ARN, re.compile(arn + acct + r"custom-model-deployment/[A-Za-z0-9._-]+")),
            (Kind.CUSTOM_MODEL_ARN, re.compile(arn + acct + r"custom-model/[A-Za-z0-9._:/-]+")),
            (Kind.IMPORTED_MODEL_ARN, re.compile(arn + acct + r"imported-model/[A-Za-z0-9._-]+")),
            (Kind.PROMPT_ROUTER_ARN, re.compile(arn + acct + r"(?:default-)?prompt-router/[A-Za-z0-9._:-]+")),
            (Kind.PROMPT_ARN, re.compile(arn + acct + r"prompt/[0-9a-zA-Z]{10}(?::[0-9]{1,5})?")),
            (Kind.MARKETPLACE_ENDPOINT_ARN, re.compile(
                r"arn:aws(?:-[a-z]+)*:sagemaker:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):endpoint/[A-Za-z0-9-]+")),
        )  # fmt: skip
        routes = "|".join(map(re.escape, sorted(LITELLM_ROUTES, key=len, reverse=True)))
        self.prefix = re.compile(rf"(?:bedrock/(?:(?:{routes})/)?(?:{_REGION}/)?|bedrock:)")
        # the pre-filter: "provider." found from each "." (a literal prefix: fast), then the
        # candidates: a model segment as ``fm`` needs it, or a quote ("anthropic." + name)
        by_dot = b"|".join(rb"(?<=" + re.escape(p.encode()) + rb"\.)" for p in providers)
        # most dots follow a character no provider name ends with: one class test first
        last = b"".join(sorted({re.escape(p[-1:].encode()) for p in providers if p}))
        self.provider_dot = re.compile(rb"\.(?<=[" + last + rb"]\.)(?:" + by_dot + rb")")
        # stage 2's candidates, each found from a literal: "provider." from each "." (as
        # above), then a model segment as ``fm`` needs it or a quote ("anthropic." + name)
        dot_text = "|".join(rf"(?<={re.escape(p)}\.)" for p in providers)
        last_text = "".join(sorted({re.escape(p[-1:]) for p in providers if p}))
        self.provider_candidate = re.compile(
            rf"\.(?<=[{last_text}]\.)(?:{dot_text})(?:(?=[a-z0-9-]*[0-9-])[a-z0-9]|[\"'])"
        )
        self.profile_word = re.compile(r"[Ii]nference[-_]?[Pp]rofile")
        self.bedrock_word = re.compile(r"bedrock(?:[/:]|-lint)")
        words = sorted({*providers, "bedrock", "inference-profile", "inference_profile"})
        self.needle = re.compile(
            rb"(?i)(?:" + b"|".join(re.escape(w.encode()) for w in words) + rb")"
        )

    def classify(self, value: str) -> ModelId | None:
        text = value.strip()
        if not text or len(text) > 2048 or " " in text or "\n" in text:
            return None
        if "%3A" in text or "%3a" in text or "%2F" in text:
            text = unquote(text)
        route = ""
        m = self.prefix.match(text)
        if m:
            route, text = m.group(0), text[m.end() :]
        if text.startswith("arn:"):
            for kind, pattern in self.arns:
                am = pattern.fullmatch(text)
                if am:
                    groups = am.groupdict()
                    fm_id = groups.get("fm")
                    return ModelId(
                        kind=kind,
                        text=value,
                        model=fm_id,
                        provider=fm_id.split(".", 1)[0] if fm_id else None,
                        geo=None if "{" in (groups.get("geo") or "{") else groups["geo"],
                        region=groups.get("region") or None,
                        account=groups.get("account") or None,
                        route=route,
                    )
            return None
        pm = self.profile.fullmatch(text)
        if pm:
            fm_id = pm.group("fm")
            geo = pm.group("geo")
            return ModelId(Kind.SYSTEM_PROFILE, value, fm_id, pm.group("provider"),
                           None if "{" in geo else geo, route=route)
        fmm = self.fm.fullmatch(text)
        if fmm:
            return ModelId(Kind.FOUNDATION_MODEL, value, text, fmm.group("provider"), route=route)
        return None


@functools.lru_cache(maxsize=8)
def _compiled(providers: tuple[str, ...], geos: tuple[str, ...]) -> _Compiled:
    return _Compiled(providers, geos)
