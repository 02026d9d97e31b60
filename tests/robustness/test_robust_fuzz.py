"""Bounded, deterministic fuzzing of every scanner through ``Linter.lint_file``.

Inputs are realistic files from the fixtures and corpora, mutated: truncated, bytes flipped,
slices duplicated, deep nesting spliced in, random unicode and format-specific tokens (YAML
anchors and tags, HCL templates and heredocs, Python string prefixes...) inserted. Every
input is routed to the scanner under test whatever it looks like, and must give findings
with 1-based positions, at most a one-line ``parse-error`` (BRL001), never an internal error
(BRL002), within the per-file time limit.

``derandomize=True``: the same inputs on every run. The default budget keeps the whole pass
well under a minute; ``BEDROCK_LINT_FUZZ_EXAMPLES=5000`` runs a longer one (same seeds).
Crashers found here live on in ``corpus/`` (see ``test_robust_corpus.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CORPUS, ForcedScanner, assert_sane, fixture_seeds

EXAMPLES = int(os.environ.get("BEDROCK_LINT_FUZZ_EXAMPLES", "0"))
MAX_INPUT = 48 * 1024

#: Tokens that matter to each format's grammar, spliced into the inputs.
TOKENS: dict[str, list[bytes]] = {
    "python": [
        b'"""',
        b"'''",
        b'f"{',
        b"}",
        b"\\",
        b"lambda:",
        b"\n    ",
        b"\t",
        b"(",
        b")",
        b"[",
        b"]",
        b"async ",
        b"await ",
        b"rb'",
        b"#",
        b":=",
        b"*",
        b"**",
        b"@",
        b"\r",
        b"\x0c",
        b"\\N{",
        b"\x00",
        b"\xef\xbb\xbf",
        b" if x else ",
        b" and ",
    ],
    "terraform": [
        b"${",
        b"%{",
        b"}",
        b"<<EOF\n",
        b"\nEOF\n",
        b"<<-X\n",
        b"local.",
        b"var.",
        b"module.",
        b"data.",
        b"merge(",
        b"jsonencode(",
        b"jsondecode(",
        b"concat(",
        b"coalesce(",
        b"try(",
        b"lookup(",
        b"format(",
        b"replace(",
        b'"',
        b"\\u",
        b"[",
        b"]",
        b"{",
        b"}",
        b"...",
        b"?",
        b":",
        b"//",
        b"/*",
        b"*/",
        b"#",
        b"\r\n",
    ],
    "yaml": [
        b"&a ",
        b"*a",
        b"<<: *a",
        b"!Ref ",
        b"!Sub ",
        b"!If ",
        b"!GetAtt ",
        b"!vault ",
        b"!!python/object/apply:os.system ",
        b"!!binary ",
        b"? ",
        b"- ",
        b": ",
        b"|\n",
        b">-\n",
        b"---\n",
        b"...\n",
        b"%YAML 1.1\n",
        b"{",
        b"}",
        b"[",
        b"]",
        b"'",
        b'"',
        b"\t",
        b"#",
        b"Fn::Sub",
        b"Ref",
        b"Resources",
        b"Type: AWS::Bedrock::Agent",
        b"model_list:",
        b"litellm_params:",
        b"os.environ/X",
        b"{{ .Values.x }}",
    ],
    "json": [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b",",
        b":",
        b"\\u",
        b"\\",
        b"1e999",
        b"-0",
        b"NaN",
        b"null",
        b'"Ref"',
        b'"Fn::Sub"',
        b'"Fn::If"',
        b'"Resources"',
    ],
    "dotenv": [
        b"=",
        b"export ",
        b"'",
        b'"',
        b"\\",
        b"#",
        b"${",
        b"}",
        b"\n",
        b"\r",
        b"MODEL_ID=",
        b"=bedrock/",
    ],
}
NEST: dict[str, list[tuple[bytes, bytes]]] = {
    "python": [(b"[", b"]"), (b"(", b")"), (b"{", b"}"), (b"not ", b""), (b"-", b"")],
    "terraform": [(b"[", b"]"), (b"{a=", b"}"), (b"(", b")"), (b"!", b"")],
    "yaml": [(b"[", b"]"), (b"{a: ", b"}"), (b"- ", b"")],
    "json": [(b"[", b"]"), (b'{"a":', b"}")],
    "dotenv": [(b"${", b"}")],
}

#: Python nests at most 200 brackets deep. Deeper input makes libcst's native parser take
#: quadratic, uninterruptible time and then overflow its stack; the engine parses such files
#: in a child process (``isolate``, tested in test_robust_limits.py), which costs a fork per
#: input, so the fuzzer nests up to 600 only once.
DEPTHS = {"python": (3, 50, 150, 600)}


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], kind: str) -> bytes:
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                ("truncate", "cut", "flip", "duplicate", "nest", "unicode", "token", "token")
            )
        )
        n = len(data)
        i = draw(st.integers(0, n))
        if op == "truncate":
            data = data[:i]
        elif op == "cut":
            data = data[:i] + data[draw(st.integers(i, n)) :]
        elif op == "flip" and n:
            buf = bytearray(data)
            for _ in range(draw(st.integers(1, 8))):
                buf[draw(st.integers(0, n - 1))] = draw(st.integers(0, 255))
            data = bytes(buf)
        elif op == "duplicate":
            j = draw(st.integers(i, min(n, i + 2000)))
            data = data[:j] + data[i:j] * draw(st.integers(1, 40)) + data[j:]
        elif op == "nest":
            opening, closing = draw(st.sampled_from(NEST[kind]))
            depth = draw(st.sampled_from(DEPTHS.get(kind, (3, 50, 200, 1000, 3000))))
            data = data[:i] + opening * depth + closing * depth + data[i:]
        elif op == "unicode":
            text = draw(st.text(min_size=1, max_size=20))
            data = data[:i] + text.encode("utf-8", "surrogatepass") + data[i:]
        else:
            data = data[:i] + draw(st.sampled_from(TOKENS[kind])) + data[i:]
    return data[:MAX_INPUT]


def _fuzz(
    tmp_path: Path,
    fmt: str,
    name: str,
    kind: str,
    seeds: list[bytes],
    examples: int,
    timeout: float = 10.0,
) -> None:
    harness = ForcedScanner(tmp_path, fmt, name, timeout=timeout)
    harness.label = f"{fmt}({kind})" if kind not in (fmt, "hcl") else fmt

    @settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(mutated(seeds, kind))
    def check(data: bytes) -> None:
        findings = harness(data)
        assert_sane(findings)
        assert not any("took longer" in f.message for f in findings), (
            "a small input hung the parser"
        )

    with pytest.MonkeyPatch.context() as mp:
        harness.patch(mp)
        _without_local_constants(mp)
        try:
            check()
        finally:
            _clear_constants_cache()
    assert harness.reached > (EXAMPLES or examples) // 2  # the inputs did reach the parser


def _without_local_constants(mp: pytest.MonkeyPatch) -> None:
    """Hypothesis mixes in string and number literals of every local module loaded so far, so
    the inputs would depend on which tests ran first. Deterministic means: none of those."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without that machinery
        return
    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        mp.setattr(providers, "_get_local_constants", providers.Constants)
        _clear_constants_cache()


def _clear_constants_cache() -> None:
    """Hypothesis caches the constants it may draw (ours, then the real ones): recompute."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        return
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)
    if cache is not None:
        cache.clear()


def _corpus(*names: str) -> list[bytes]:
    return [(CORPUS / n).read_bytes() for n in names]


def test_fuzz_python(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/corpus/python/*.py", limit=14, max_size=3500)
    _fuzz(tmp_path, "python", "app.py", "python", seeds, 150)


def test_fuzz_terraform(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/fixtures/terraform/**/*.tf", limit=16)
    seeds += _corpus("tf-exponential-strings.tf", "tf-conditional-tree.tf")
    _fuzz(tmp_path, "terraform", "main.tf", "terraform", seeds, 200)


def test_fuzz_cloudformation_yaml(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/fixtures/cloudformation/**/*.yaml", max_size=10000)
    seeds += _corpus("cfn-alias-bomb.yaml", "cfn-python-tag.yaml")
    _fuzz(tmp_path, "cloudformation", "template.yaml", "yaml", seeds, 200)


def test_fuzz_cloudformation_json(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/fixtures/cloudformation/**/*.json", max_size=10000)
    _fuzz(tmp_path, "cloudformation", "template.json", "json", seeds, 150)


def test_fuzz_litellm(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/fixtures/litellm/**/*.yaml")
    seeds += _corpus("litellm-alias-bomb.yaml", "litellm-merge-cycle.yaml")
    _fuzz(tmp_path, "litellm", "config.yaml", "yaml", seeds, 200)


def test_fuzz_deployconfig_yaml(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/fixtures/deploy/**/*.yml", "tests/fixtures/deploy/**/*.yaml")
    _fuzz(tmp_path, "config", "deploy.yaml", "yaml", seeds, 200)


def test_fuzz_deployconfig_dotenv(tmp_path: Path) -> None:
    seeds = fixture_seeds("tests/fixtures/deploy/.env")
    _fuzz(tmp_path, "config", ".env", "dotenv", seeds, 100)
