"""Scanning never executes, imports or evaluates what it scans, never opens a connection, never
starts a process and never writes into the scanned tree (with ``--no-cache``)."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MODEL, REPO, run_cli

SRC = REPO / "src" / "bedrock_lint"


def _evil_tree(root: Path, marker: Path) -> None:
    m = str(marker)
    (root / ".git").mkdir()
    touch = f'open({m!r}, "w").write("imported")'
    py = (
        f'import os\n{touch}\nos.system("touch {m}")\n__import__("subprocess").run(["touch", {m!r}])\n'
        f'MODEL_ID = "{MODEL}"\nclient.converse(modelId=MODEL_ID)\n'
    )
    for rel in (
        "app.py",
        "pkg/__init__.py",
        "pkg/evil_module_xyz.py",
        "conftest.py",
        "setup.py",
        "sitecustomize.py",
        "pkg/__main__.py",
        "types.pyi",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(py)
    tag = f'!!python/object/apply:os.system ["touch {m}"]'
    (root / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: [AWS::Serverless-2016-10-31, Evil]\n"
        f"Resources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel: {tag}\n"
        f'      Other: !!python/object/new:os.system ["touch {m}"]\n      Model: {MODEL}\n'
    )
    (root / "sam.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        f"      Environment:\n        Variables:\n          MODEL_ID: {MODEL}\n"
        "  Inc:\n    Type: AWS::CloudFormation::Macro\n    Properties: {FunctionName: evil}\n"
        "  Y:\n    Fn::Transform: {Name: 'AWS::Include', Parameters: {Location: 's3://b/x.yaml'}}\n"
    )
    (root / "template.json").write_text(
        json.dumps(
            {
                "AWSTemplateFormatVersion": "2010-09-09",
                "Transform": ["Evil"],
                "Resources": {
                    "A": {"Type": "AWS::Bedrock::Agent", "Properties": {"FoundationModel": MODEL}}
                },
            }
        )
    )
    (root / "litellm.yaml").write_text(
        f"model_list:\n  - model_name: x\n    litellm_params:\n      model: {tag}\n      m: bedrock/{MODEL}\n"
    )
    (root / "values.yaml").write_text(
        f"env:\n  MODEL_ID: {MODEL}\n  X: {tag}\n  Y: !!python/name:os.system\n"
    )
    (root / "main.tf").write_text(
        f'data "external" "x" {{\n  program = ["sh", "-c", "touch {m}"]\n}}\n'
        f'resource "null_resource" "y" {{\n  provisioner "local-exec" {{\n    command = "touch {m}"\n  }}\n}}\n'
        f'resource "aws_bedrockagent_agent" "a" {{\n  foundation_model = "{MODEL}"\n'
        f'  instruction = file("{m}")\n  agent_name = templatefile("x.tpl", {{}})\n}}\n'
    )
    (root / "samconfig.toml").write_text('[default.deploy.parameters]\ntags = "a=1"\n')
    (root / ".env").write_text(f"MODEL_ID={MODEL}\nX=$(touch {m})\nY=`touch {m}`\n")


def test_scanning_never_executes_or_imports_scanned_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "MARKER"
    root = tmp_path / "repo"
    root.mkdir()
    _evil_tree(root, marker)
    monkeypatch.chdir(root)
    before = set(sys.modules)
    run = run_cli(["--jobs", "1", "--format", "json", "."])
    assert run.code == 1 and "Traceback" not in run.err
    assert not marker.exists()
    new = set(sys.modules) - before
    assert not any(
        "evil_module" in m or m in ("conftest", "setup", "sitecustomize") for m in new
    ), new
    report = json.loads(run.out)
    assert {"app.py", "main.tf", "sam.yaml", "values.yaml"} <= {
        f["path"] for f in report["findings"]
    }


def _no_network(monkeypatch: pytest.MonkeyPatch, attempts: list[str]) -> None:
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        attempts.append(repr(args)[:80])
        raise OSError("network access during a lint")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "posix_spawn", refuse, raising=False)


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        + str(p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_full_lint_of_the_fixtures_without_network_processes_or_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every scanner and rule on every fixture (copied out of ``tests/`` so that none is test
    code) with sockets, subprocesses and os.system refusing to work."""
    root = tmp_path / "fixtures"
    shutil.copytree(REPO / "tests" / "fixtures", root, symlinks=True)
    shutil.copytree(REPO / "examples", root / "examples", symlinks=True)
    (root / ".git").mkdir()
    before = _snapshot(root)
    attempts: list[str] = []
    _no_network(monkeypatch, attempts)
    monkeypatch.chdir(root)
    run = run_cli(["--jobs", "1", "--format", "json", "--exit-zero", "."])
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert attempts == []
    report = json.loads(run.out)
    assert report["files"] > 50 and len(report["findings"]) > 50
    assert not [f for f in report["findings"] if f["code"] == "BRL002"]
    assert _snapshot(root) == before  # nothing written, nothing created (no cache)


#: Modules on the path from a file to its findings.
SCANNING_PATH = [
    "engine.py",
    "walk.py",
    "config.py",
    "policy.py",
    "suppress.py",
    "facts.py",
    "findings.py",
    "modelids.py",
    "globs.py",
    "_toml.py",
    "scanners",
    "rules",
]
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input", "breakpoint"}
FORBIDDEN_ATTRS = {
    ("yaml", "load"),
    ("yaml", "unsafe_load"),
    ("yaml", "full_load"),
    ("yaml", "load_all"),
    ("yaml", "unsafe_load_all"),
    ("pickle", "load"),
    ("pickle", "loads"),
    ("marshal", "loads"),
    ("os", "system"),
    ("os", "popen"),
    ("os", "execv"),
    ("os", "execvp"),
    ("subprocess", "run"),
    ("subprocess", "Popen"),
    ("subprocess", "call"),
    ("subprocess", "check_output"),
    ("socket", "socket"),
    ("socket", "create_connection"),
    ("urllib", "urlopen"),
    ("request", "urlopen"),
}
FORBIDDEN_IMPORTS = {
    "subprocess",
    "socket",
    "pickle",
    "marshal",
    "urllib.request",
    "http.client",
    "requests",
    "httpx",
    "ctypes",
}


def _modules() -> list[Path]:
    out: list[Path] = []
    for entry in SCANNING_PATH:
        target = SRC / entry
        out.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return out


#: functions allowed a pickle: the HCL parser saved beside lark's grammar cache, which lark
#: itself unpickles from the same folder (python-hcl2's own, or ours in the user cache)
PICKLE_ALLOWED = {"scanners/terraform.py": {"_load_saved_parser", "_save_parser"}}


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_scanning_code_has_no_way_to_execute_or_connect(module: Path) -> None:
    """A static guard: no eval/exec, no unsafe YAML loader, no process or network API, on the
    scanning path (the CLI and the reporters are not on it)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    allowed = PICKLE_ALLOWED.get(module.relative_to(SRC).as_posix(), set())
    skipped = {id(n) for fn in ast.walk(tree)
               if isinstance(fn, ast.FunctionDef) and fn.name in allowed
               for n in ast.walk(fn) if _pickle_only(n)}
    problems = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Call):
            fn = node.func
            if isinstance(fn, ast.Name) and fn.id in FORBIDDEN_CALLS:
                problems.append(f"{fn.id}() at line {node.lineno}")
            name = (
                (fn.value.id, fn.attr)
                if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name)
                else None
            )
            if name in FORBIDDEN_ATTRS:
                problems.append(f"{name[0]}.{name[1]}() at line {node.lineno}")
            for kw in node.keywords:  # yaml.load(..., Loader=yaml.Loader) and friends
                if (
                    kw.arg == "Loader"
                    and isinstance(kw.value, ast.Attribute)
                    and kw.value.attr
                    in (
                        "Loader",
                        "UnsafeLoader",
                        "FullLoader",
                        "CLoader",
                        "CUnsafeLoader",
                        "CFullLoader",
                    )
                ):
                    problems.append(f"unsafe YAML loader at line {node.lineno}")
        if isinstance(node, ast.Import):
            problems += [f"import {a.name}" for a in node.names if a.name in FORBIDDEN_IMPORTS]
        if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_IMPORTS:
            problems.append(f"from {node.module} import ...")
    assert problems == []


def _pickle_only(node: ast.AST) -> bool:
    """``import pickle`` or ``pickle.loads(...)``: what ``PICKLE_ALLOWED`` lets through."""
    if isinstance(node, ast.Import):
        return all(a.name == "pickle" for a in node.names)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "pickle")


def test_the_saved_parser_is_read_only_beside_larks_cache(tmp_path: Path) -> None:
    """The one pickle on the scanning path is read from the folder lark reads its own from."""
    from bedrock_lint.scanners import terraform

    lark_cache = str(tmp_path / "site" / "hcl2" / "lark_parser.bin")
    assert Path(terraform._saved_parser_path(lark_cache)).parent == Path(lark_cache).parent


def test_yaml_is_composed_not_constructed() -> None:
    """The YAML scanners build nodes, never Python objects (so no tag can run a constructor);
    the template scanner goes through cfn-lint's SafeLoader-based decoder."""
    import yaml

    from bedrock_lint.scanners import litellm

    text = '!!python/object/apply:os.system ["exit 1"]\n'
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load(text)
    _src, docs = litellm.compose_file("x.yaml", text)
    assert isinstance(docs[0], yaml.Node) and docs[0].tag.endswith("os.system")


def test_fix_on_a_hostile_tree_writes_only_fixable_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """``--fix --unsafe-fixes`` over bad files, links out of the tree and unwritable places:
    no traceback; files it cannot or must not fix are byte-for-byte unchanged; no temporary
    file is left behind; nothing outside the tree is touched."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "theirs.py").write_text(f'client.converse(modelId="{MODEL}")\n')
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "fixable.py").write_text(
        f'import boto3\nclient = boto3.client("bedrock-runtime")\n'
        f'client.converse(modelId="{MODEL}", messages=[])\n'
    )
    untouchable = {
        "syntax.py": f'client.converse(modelId="{MODEL}")\ndef f(:\n'.encode(),
        "latin1.py": f'# caf\xe9\nclient.converse(modelId="{MODEL}")\n'.encode("latin-1"),
        "binary.py": b"\x00\x01" + MODEL.encode(),
        "broken.tf": f'resource "aws_bedrockagent_agent" "a" {{\n  foundation_model = "{MODEL}"\n'.encode(),
    }
    for name, data in untouchable.items():
        (root / name).write_bytes(data)
    (root / "bomb.yaml").write_text(  # fixable, and aliased a billion times
        "x:\n  a0: &a0 ["
        + ", ".join([f'"{MODEL}"'] * 10)
        + "]\n"
        + "".join(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))
        + f"model_list:\n  - model_name: m\n    litellm_params:\n      model: bedrock/{MODEL}\n"
        "      x: *a8\n"
    )
    (root / "linked.py").symlink_to(outside / "theirs.py")
    before_outside = _snapshot(outside)
    before = {name: (root / name).read_bytes() for name in untouchable}
    monkeypatch.chdir(root)
    run = run_cli(
        ["--jobs", "1", "--fix", "--unsafe-fixes", "--format", "json", "--exit-zero", "."]
    )
    assert "Traceback" not in run.err and run.code in (0, 1), run.err
    assert {name: (root / name).read_bytes() for name in untouchable} == before
    assert _snapshot(outside) == before_outside
    assert not [
        p for p in root.rglob("*") if "bedrock-lint-fix" in p.name or p.name.endswith(".tmp")
    ]
    assert "model_id" in (root / "bomb.yaml").read_text()  # fixed once, aliases untouched
    assert (root / "bomb.yaml").read_text().count("*a8") == 1
