"""The cfn-lint plugin, run under real cfn-lint: same findings, same positions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_append_rules_under_real_cfn_lint(tmp_path: Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text((ROOT / "examples" / "bad-service" / "template.yaml").read_text())
    (tmp_path / ".git").mkdir()
    result = subprocess.run(
        [str(Path(sys.executable).with_name("cfn-lint")), "--format", "parseable", "--append-rules",
         "bedrock_lint.cfnlint_rules", "--", str(template)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    lines = [line.split(":", 1)[1] for line in result.stdout.splitlines() if ":" in line]
    # parseable: path:line:col:endline:endcol:rule:message
    ours = [line for line in lines if ":E9" in line or ":W9" in line or ":I9" in line]
    assert any(line.startswith("5:3:") and ":E9201:" in line and "BRL201" in line for line in ours), result.stdout
    assert any(line.startswith("38:29:") and ":E9102:" in line for line in ours), result.stdout
    assert any(":W9301:" in line for line in ours)
    assert result.returncode != 0


def test_clean_template_has_no_bedrock_matches(tmp_path: Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text((ROOT / "examples" / "clean-service" / "template.yaml").read_text())
    (tmp_path / ".git").mkdir()
    result = subprocess.run(
        [str(Path(sys.executable).with_name("cfn-lint")), "--format", "parseable", "--append-rules",
         "bedrock_lint.cfnlint_rules", "--", str(template)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert not [line for line in result.stdout.splitlines() if ":E9" in line or ":W9" in line]
