"""Bad files: each gives at most one clear ``parse-error`` (BRL001), with the parser's position
where there is one, or is skipped as not ours; nothing escapes; the rest of the run goes on."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from .conftest import MODEL, assert_sane, lint_bytes, run_cli

CALL = f'client.converse(modelId="{MODEL}")\n'.encode()
TEMPLATE = (
    "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Agent:\n"
    f"    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel: {MODEL}\n"
)
LITELLM = f"model_list:\n  - model_name: chat\n    litellm_params:\n      model: bedrock/{MODEL}\n"


def one_parse_error(findings, line: int | None = None, col: int | None = None) -> None:  # type: ignore[no-untyped-def]
    assert_sane(findings)
    errors = [f for f in findings if f.code == "BRL001"]
    assert len(errors) == 1, findings
    if line is not None:
        assert errors[0].line == line, errors[0]
    if col is not None:
        assert errors[0].col == col, errors[0]


# --- syntax errors, with positions ---------------------------------------------------------

SYNTAX = {
    "python": ("app.py", CALL + b"def broken(:\n    pass\n", 2, 12),
    "hcl": (
        "main.tf",
        f'resource "aws_bedrockagent_agent" "a" {{\n  foundation_model = "{MODEL}"\n  x = [1, 2\n}}\n'.encode(),
        4,
        1,
    ),
    "hcl-unterminated": ("main.tf", f'locals {{\n  m = "{MODEL}\n'.encode(), 2, 7),
    "cfn-yaml": ("template.yaml", TEMPLATE.encode() + b"      Bad: [unclosed\n", 8, 1),
    "cfn-json": (
        "template.json",
        b'{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {\n  "A": {"Type": "AWS::Bedrock::Agent", "Properties": {"FoundationModel": "'
        + MODEL.encode()
        + b'"}}\n  "B": {}\n}}\n',
        3,
        3,
    ),
    "litellm-yaml": ("config.yaml", LITELLM.encode() + b"    - bad: indentation\n", 5, 5),
    "deploy-yaml": ("values.yaml", f"env:\n  MODEL_ID: {MODEL}\n  other: [\n".encode(), 4, 1),
    "yaml-tab": ("values.yaml", f"env:\n\tMODEL_ID: {MODEL}\n".encode(), 2, 1),
}


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_syntax_error_is_one_finding_at_the_parsers_position(case: str, tmp_path: Path) -> None:
    name, data, line, col = SYNTAX[case]
    one_parse_error(lint_bytes(tmp_path, name, data), line, col)


def test_yaml_that_is_not_a_template_is_not_an_error(tmp_path: Path) -> None:
    data = (
        b"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - Type: AWS::Bedrock::Agent\n"
        b"    Properties: {FoundationModel: " + MODEL.encode() + b"}\n"
    )
    findings = lint_bytes(tmp_path, "template.yaml", data)
    assert_sane(findings)
    assert not [f for f in findings if f.code == "BRL001"]


@pytest.mark.parametrize("name", ["template.yaml", "config.yaml", "values.yaml", "t.json"])
def test_scalar_or_list_documents(name: str, tmp_path: Path) -> None:
    for data in (
        b'"AWSTemplateFormatVersion ' + MODEL.encode() + b'"\n',
        b"- model_list\n- " + MODEL.encode() + b"\n",
        b"---\n---\n" + MODEL.encode() + b"\n...\n",
        b"null # " + MODEL.encode() + b"\n",
    ):
        assert_sane(lint_bytes(tmp_path, name, data))


# --- encodings, binary and empty files -----------------------------------------------------


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    assert lint_bytes(tmp_path, "app.py", b"\x00\x01\x02" + CALL + b"\xff\xfe\x00") == []
    assert lint_bytes(tmp_path, "model.json", b"\x89PNG\r\n\x1a\n\x00\x00" + MODEL.encode()) == []


@pytest.mark.parametrize(
    "name", ["app.py", "main.tf", "template.yaml", "config.yaml", "t.json", ".env"]
)
def test_empty_and_whitespace_files(name: str, tmp_path: Path) -> None:
    for data in (b"", b"\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\r\n\r\n"):
        assert lint_bytes(tmp_path, name, data) == []


def test_not_utf8_is_one_parse_error(tmp_path: Path) -> None:
    findings = lint_bytes(tmp_path, "app.py", b"# caf\xe9\n" + CALL)
    one_parse_error(findings)
    assert "UTF-8" in findings[0].message


def test_not_utf8_error_points_at_the_bad_byte(tmp_path: Path) -> None:
    one_parse_error(lint_bytes(tmp_path, "app.py", CALL + b"x = 1\n# caf\xe9\n"), 3, 6)


def test_utf8_bom_is_decoded(tmp_path: Path) -> None:
    findings = lint_bytes(tmp_path, "app.py", b"\xef\xbb\xbf" + CALL)
    assert [(f.code, f.line, f.col) for f in findings] == [("BRL101", 1, 25)]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec: str, tmp_path: Path) -> None:
    bom = "\ufeff".encode(codec)
    findings = lint_bytes(tmp_path, "app.py", bom + CALL.decode().encode(codec))
    assert [(f.code, f.line, f.col) for f in findings] == [("BRL101", 1, 25)]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_never_crash(codec: str, tmp_path: Path) -> None:
    bom = "\ufeff".encode(codec)
    for name, text in (
        ("app.py", CALL.decode()),
        ("template.yaml", TEMPLATE),
        ("config.yaml", LITELLM),
    ):
        data = bom + text.encode(codec)
        assert_sane(lint_bytes(tmp_path, name, data))
        assert_sane(lint_bytes(tmp_path, name, data[:-1]))  # odd length: a broken code unit


# --- size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["app.py", "main.tf", "template.yaml", "config.json"])
def test_50mb_single_line_file_is_refused_with_bounded_memory(name: str, tmp_path: Path) -> None:
    """Generated at test time (never committed): one 50 MB line that mentions a model."""
    target = tmp_path / name
    head = (
        f"x = '{MODEL}" if name.endswith(".py") else f'AWSTemplateFormatVersion {MODEL} "'
    ).encode()
    with open(target, "wb") as fh:
        fh.write(head)
        chunk = b"a" * (1 << 20)
        fh.writelines(chunk for _ in range(50))
        fh.write(b"'\n")
    assert target.stat().st_size > 50 * 10**6
    from .conftest import lint_path

    tracemalloc.start()
    try:
        start = time.monotonic()
        findings = lint_path(tmp_path, name)
        elapsed = time.monotonic() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if name.endswith((".py", ".tf")) or name.startswith("template"):
        one_parse_error(findings, 1, 1)
        assert "larger than" in findings[0].message
    else:
        assert_sane(findings)  # JSON without a template or LiteLLM hint: not ours
    assert elapsed < 10
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.1f} MiB"  # the file is read up to 8 MiB + 1


def test_50mb_file_without_bedrock_is_skipped_quickly(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    with open(target, "wb") as fh:
        fh.writelines(b"[" + b"1," * (1 << 19) + b"1]" for _ in range(50))
    from .conftest import lint_path

    start = time.monotonic()
    assert lint_path(tmp_path, "data.json") == []
    assert time.monotonic() - start < 5


# --- nesting and aliases ---------------------------------------------------------------------


def _nested(opening: str, closing: str, depth: int) -> str:
    return opening * depth + closing * depth


NESTED = {
    "python-200": ("app.py", CALL.decode() + "x = " + _nested("[", "]", 200) + "\n"),
    "json-10k": (
        "template.json",
        '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": '
        f'"AWS::Bedrock::Agent", "Properties": {{"FoundationModel": "{MODEL}", "X": '
        + _nested("[", "]", 10000)
        + "}}}}",
    ),
    "json-objects-10k": (
        "template.json",
        '{"AWSTemplateFormatVersion": "x", "Resources": '
        + '{"a":' * 10000
        + "1"
        + "}" * 10000
        + "}",
    ),
    "cfn-yaml-flow-10k": (
        "template.yaml",
        TEMPLATE + "      X: " + _nested("[", "]", 10000) + "\n",
    ),
    "cfn-yaml-block-3k": (
        "template.yaml",
        TEMPLATE + "".join(" " * (6 + i) + "k:\n" for i in range(3000)),
    ),
    "litellm-flow-10k": ("config.yaml", LITELLM + "      x: " + _nested("{a: ", "}", 10000) + "\n"),
    "deploy-flow-10k": (
        "values.yaml",
        f"env:\n  MODEL_ID: {MODEL}\nx: " + _nested("[", "]", 10000) + "\n",
    ),
    "deploy-block-3k": (
        "values.yaml",
        f"env:\n  MODEL_ID: {MODEL}\n" + "".join(" " * i + "- k:\n" for i in range(0, 6000, 2)),
    ),
    "hcl-10k": (
        "main.tf",
        f'locals {{\n  m = "{MODEL}"\n  x = ' + _nested("[", "]", 10000) + "\n}\n",
    ),
    "hcl-objects-5k": (
        "main.tf",
        f'locals {{\n  m = "{MODEL}"\n  x = ' + _nested("{a = ", "}", 5000) + "\n}\n",
    ),
    "hcl-parens-5k": (
        "main.tf",
        'resource "aws_ssm_parameter" "p" {\n  value = '
        + _nested("(", ")", 5000).replace("()", f'("{MODEL}")')
        + "\n}\n",
    ),
    "hcl-template-5k": (
        "main.tf",
        'locals {\n  m = "' + "${" * 2000 + "1" + "}" * 2000 + f'{MODEL}"\n}}\n',
    ),
    "dotenv-long": (".env", f"MODEL_ID={MODEL}\n" + "X=" + "${" * 10000 + "\n"),
}


@pytest.mark.parametrize("case", sorted(NESTED))
def test_deep_nesting_is_at_most_one_parse_error(case: str, tmp_path: Path) -> None:
    name, text = NESTED[case]
    start = time.monotonic()
    findings = lint_bytes(tmp_path, name, text.encode())
    assert_sane(findings)
    assert len([f for f in findings if f.code == "BRL001"]) <= 1
    assert time.monotonic() - start < 15


def _bomb(indent: str = "") -> str:
    lines = [f'{indent}a0: &a0 ["{MODEL}", x, x, x, x, x, x, x, x, x]']
    lines += [f"{indent}a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", ["template", "litellm", "deploy"])
def test_billion_laughs_is_linear(case: str, tmp_path: Path) -> None:
    """10^10 nodes once expanded: refused (template) or walked once per node (the others)."""
    if case == "template":
        name, text = (
            "template.yaml",
            "Metadata:\n" + _bomb("  ") + TEMPLATE + "      Description: *a9\n",
        )
    elif case == "litellm":
        name, text = "config.yaml", "x:\n" + _bomb("  ") + LITELLM + "      extra: *a9\n  - *a9\n"
    else:
        name, text = "values.yaml", _bomb() + f"env:\n  MODEL_ID: {MODEL}\n  ALL: *a9\n"
    tracemalloc.start()
    try:
        start = time.monotonic()
        findings = lint_bytes(tmp_path, name, text.encode())
        elapsed = time.monotonic() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_sane(findings)
    if case == "template":
        one_parse_error(findings)
        assert "alias" in findings[0].message
    else:
        assert [f.code for f in findings] == ["BRL101"], findings
    assert elapsed < 10
    assert peak < 128 * 2**20, f"peak {peak / 2**20:.1f} MiB"


@pytest.mark.parametrize("name", ["config.yaml", "values.yaml"])
def test_unknown_yaml_tags_outside_templates(name: str, tmp_path: Path) -> None:
    text = (LITELLM if name == "config.yaml" else f"env:\n  MODEL_ID: {MODEL}\n") + (
        "extra:\n  a: !vault |\n    $ANSIBLE_VAULT;1.1;AES256\n  b: !Ref Param\n  c: !GetAtt X.Arn\n"
        "  d: !!python/object/apply:os.system ['true']\n  e: !!binary aGk=\n  f: !ENV ${X}\n"
        "  g: !!set {a, b}\n  h: !custom:tag {x: 1}\n"
    )
    findings = lint_bytes(tmp_path, name, text.encode())
    assert [f.code for f in findings] == ["BRL101"], findings


def test_short_form_intrinsics_in_a_template(tmp_path: Path) -> None:
    text = TEMPLATE.replace(f"FoundationModel: {MODEL}", "FoundationModel: !Sub '${Model}'") + (
        "      Other: !Ref\n      More: !GetAtt [a, b, c, d]\n      Odd: !If\n      X: !vault y\n"
    )
    assert_sane(lint_bytes(tmp_path, "template.yaml", text.encode()))


# --- the run goes on ---------------------------------------------------------------------------


def test_a_tree_of_bad_files_still_lints_the_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    bad = {name: data for name, data, *_ in SYNTAX.values()}
    for i, (name, data) in enumerate(sorted(bad.items())):
        (tmp_path / f"bad{i}").mkdir()
        (tmp_path / f"bad{i}" / name).write_bytes(data)
    (tmp_path / "binary.py").write_bytes(b"\x00" + CALL)
    (tmp_path / "latin1.py").write_bytes(b"# \xe9\n" + CALL)
    (tmp_path / "empty.tf").write_bytes(b"")
    (tmp_path / "good.py").write_bytes(CALL)
    monkeypatch.chdir(tmp_path)
    run = run_cli(["--format", "json", "."])
    assert run.code == 1 and "Traceback" not in run.err
    report = json.loads(run.out)
    by_code = [(f["path"], f["code"]) for f in report["findings"]]
    assert ("good.py", "BRL101") in by_code
    assert "BRL002" not in {c for _, c in by_code}
    parse_errors = [p for p, c in by_code if c == "BRL001"]
    assert len(parse_errors) == len(set(parse_errors)) == len(bad) + 1  # one each, latin1.py too
