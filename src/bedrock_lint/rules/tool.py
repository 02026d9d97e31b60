"""BRL0xx: problems the tool itself meets. The engine raises these; the classes carry docs."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import Document
from ..findings import Finding, Severity
from ._base import Context, Example, Rule


class _EngineRule(Rule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        return iter(())


class ParseError(_EngineRule):
    code, name = "BRL001", "parse-error"
    summary = "A file of a scanned format could not be read or parsed."
    why = ("A file the linter cannot read is a file it cannot vouch for; a silent skip would let "
           "a hardcoded model ID through unnoticed.")
    instead = "Fix the syntax error or encoding, or exclude the file in configuration."
    valid = [Example("python", 'MODEL_ARN = os.environ["BEDROCK_INFERENCE_PROFILE_ARN"]\n')]
    invalid = [Example("python", 'import boto3\n\nclient = boto3.client("bedrock-runtime")\n'
                       "def ask(prompt:\n"
                       '    return client.converse(modelId="anthropic.claude-sonnet-4-6")\n',
                       at=((4, 8),),
                       note="files in which no model identifier, profile or suppression is "
                            "written are skipped before parsing, syntax errors and all")]


class RuleError(_EngineRule):
    code, name = "BRL002", "rule-error"
    summary = "A rule raised an exception on a file; the other rules still ran."
    why = "A crashing rule must not hide the findings of the others, and must not pass silently."
    instead = "Report the bug with the file that triggers it; run with --debug for the traceback."
    valid = [Example("python", "x = 1\n")]
    invalid = []


class UnknownSuppression(_EngineRule):
    code, name = "BRL003", "unknown-suppression"
    severity = Severity.WARNING
    summary = "An inline suppression names no rule code, or a code that does not exist."
    why = "A suppression that names nothing real silences nothing, or silences too much."
    instead = "Name the rule codes: `# bedrock-lint: ignore[BRL101] -- reason`."
    valid = [Example("python", 'region = "eu-central-1"  # bedrock-lint: ignore[BRL101] -- doc\n')]
    invalid = [Example("python", 'x = 1  # bedrock-lint: ignore[BRL999]\n', at=((1, 8),))]


class UnusedSuppression(_EngineRule):
    code, name = "BRL004", "unused-suppression"
    severity = Severity.WARNING
    summary = "An inline suppression silences no finding on its line."
    why = "Stale suppressions pile up and later hide real findings that move onto their line."
    instead = "Delete the suppression comment."
    valid = [Example(
        "python",
        'client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0")'
        "  # bedrock-lint: ignore[BRL101] -- load test\n",
    )]
    invalid = [Example("python", 'x = 1  # bedrock-lint: ignore[BRL101] -- old\n', at=((1, 8),))]


RULES = (ParseError, RuleError, UnknownSuppression, UnusedSuppression)
