"""Format-neutral facts that scanners extract and rules judge.

Every scanner (Python, Terraform, CloudFormation, LiteLLM/YAML) turns a file into one
``Document``. Rules read only these facts, so one rule body serves every format.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .findings import Location


class Use(str, enum.Enum):
    """How a model reference is used where it stands."""

    #: The value reaches a model parameter of a Bedrock call (directly or through a
    #: constant, setting, default or choice table that flows into one).
    CALL = "call"
    #: The value is a deployed setting that hands a model to a service: an environment
    #: variable, SSM parameter, IaC model attribute, LiteLLM ``model``.
    SETTING = "setting"
    #: The value is the default of an environment lookup of a profile variable
    #: (``os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", "<model>")``).
    FALLBACK = "fallback"
    #: The value names the base model next to an application inference profile that the
    #: same call or setting also passes (LiteLLM ``model`` + ``model_id``, and so on).
    BASE_MODEL = "base-model"
    #: The value is the ``copy_from`` source of an inference profile.
    COPY_FROM = "copy-from"


@dataclass(frozen=True)
class ModelRef:
    """A literal (or literal-built) string that may name a Bedrock model, and where it goes."""

    value: str
    loc: Location
    #: Where it goes, human readable: ``converse(modelId=)``, ``litellm_params.model``,
    #: ``aws_bedrockagent_agent.foundation_model``, ``Environment.Variables.MODEL_ID``.
    context: str
    use: Use = Use.CALL
    #: The API, call or resource type the value reaches (``count_tokens``,
    #: ``aws_bedrock_provisioned_model_throughput``); exempt APIs are policy.
    api: str | None = None
    #: The constant, variable or setting the value flowed through, if any.
    via: str | None = None
    #: For ``Use.FALLBACK``: the environment variable whose default this is.
    env_var: str | None = None


@dataclass(frozen=True)
class TagValue:
    """One effective tag of a profile. ``value is None`` means present, value unresolved."""

    value: str | None
    loc: Location
    source: str
    #: For an unresolved value, the values it is known to take in some configuration (a
    #: variable set differently in ``dev.tfvars`` and ``prod.tfvars``).
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileResource:
    """An application inference profile declared in IaC (or created at runtime)."""

    kind: str
    logical_name: str
    loc: Location
    name: str | None = None
    name_loc: Location | None = None
    #: ``copy_from`` as written, ``None`` when absent or unresolved (see ``copy_from_resolved``).
    copy_from: str | None = None
    copy_from_loc: Location | None = None
    copy_from_resolved: bool = True
    #: Effective tags after merging provider/stack defaults and the resource's own tags.
    tags: dict[str, TagValue] = field(default_factory=dict)
    #: Contributions to the tag set that could not be resolved statically (``var.extra``,
    #: ``!Ref TagsParam``). While non-empty, an absent key is "cannot verify", never "missing".
    unresolved_tag_sources: tuple[str, ...] = ()
    #: Every unresolved source is supplied by the callers of the module that declares the
    #: profile (Terraform inputs without a default, the callers' ``default_tags``): the tags
    #: are judged at each call, and "cannot verify" is not said of the module itself.
    tags_from_callers: bool = False
    #: Where the effective tags came from, in merge order, for messages.
    tag_sources: tuple[str, ...] = ()
    tags_loc: Location | None = None
    #: ``True``/``False`` for formats with a replace lifecycle (Terraform); ``None`` elsewhere.
    create_before_destroy: bool | None = None
    fmt: str = ""

    def tag(self, key: str) -> TagValue | None:
        return self.tags.get(key)


@dataclass(frozen=True)
class CallSite:
    """A call that matters by itself (``create_inference_profile`` in application code)."""

    name: str
    loc: Location
    context: str = ""


@dataclass
class Document:
    """Everything one scanner learned about one file."""

    path: str
    fmt: str
    refs: list[ModelRef] = field(default_factory=list)
    profiles: list[ProfileResource] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    #: True for test code (``tests/``, ``test_*.py``...), decided by the engine from config.
    is_test: bool = False
