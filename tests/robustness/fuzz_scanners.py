"""Coverage-guided fuzzing of one scanner with atheris (libFuzzer). Not part of the test run:
the bounded, deterministic pass is ``test_robust_fuzz.py``; this one is for long sessions.

    uv run --with atheris python tests/robustness/fuzz_scanners.py terraform -atheris_runs=200000
    uv run --with atheris python tests/robustness/fuzz_scanners.py cloudformation -max_total_time=600 DIR

FORMAT is one of python, terraform, cloudformation, litellm, config. Without a corpus
directory, one is made from the repository's fixtures (and ``tests/robustness/corpus``) for
that format. Every input goes to that scanner through ``Linter.lint_file``; a crash is an
exception escaping it, an internal-error finding (BRL002), or a malformed finding. Hangs are
libFuzzer's ``-timeout`` (default here 20 s; the engine's own SIGALRM limit is off, since
libFuzzer uses that signal). Crash inputs land in ``crash-*`` files: add them to ``corpus/``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["bedrock_lint"]):
    from bedrock_lint import engine, registry, scanners, suppress  # noqa: F401
    from bedrock_lint.config import load_settings
    from bedrock_lint.engine import FileJob, Linter
    from bedrock_lint.scanners import (  # noqa: F401 - loaded lazily otherwise: not instrumented
        cloudformation,
        deployconfig,
        litellm,
        python,
        terraform,
    )

    registry.all_rules()  # the rule modules, instrumented too

REPO = Path(__file__).resolve().parents[2]
FORMATS = {
    "python": ("app.py", ["tests/corpus/python/*.py"]),
    "terraform": ("main.tf", ["tests/fixtures/terraform/**/*.tf", "tests/robustness/corpus/*.tf"]),
    "cloudformation": (
        "template.yaml",
        [
            "tests/fixtures/cloudformation/**/*.yaml",
            "tests/fixtures/cloudformation/**/*.json",
            "tests/robustness/corpus/cfn-*",
        ],
    ),
    "litellm": (
        "config.yaml",
        ["tests/fixtures/litellm/**/*.yaml", "tests/robustness/corpus/litellm-*"],
    ),
    "config": (
        "deploy.yaml",
        [
            "tests/fixtures/deploy/**/*.y*ml",
            "tests/fixtures/deploy/.env",
            "tests/robustness/corpus/deploy-*",
            "tests/robustness/corpus/*.env",
        ],
    ),
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in FORMATS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(FORMATS)}}} [libFuzzer options] [corpus dirs]")
    fmt = sys.argv.pop(1)
    name, seeds = FORMATS[fmt]
    work = Path(tempfile.mkdtemp(prefix=f"bedrock-lint-fuzz-{fmt}-"))
    (work / ".git").mkdir()
    target = work / name
    if not any(not a.startswith("-") for a in sys.argv[1:]):
        corpus = work / "corpus"
        corpus.mkdir()
        for i, path in enumerate(p for g in seeds for p in sorted(REPO.glob(g)) if p.is_file()):
            (corpus / f"seed-{i:03d}").write_bytes(path.read_bytes())
        sys.argv.append(str(corpus))
    if not any(a.startswith("-timeout=") for a in sys.argv):
        sys.argv.append("-timeout=20")

    linter = Linter(load_settings(start=work, isolated=True, overrides={"timeout": 0}))
    linter.needle = re.compile(rb"")  # every input reaches the parser
    linter._module_needle = lambda real: True  # type: ignore[method-assign]
    scanners.format_for = lambda path, head: fmt  # whatever the input looks like
    job = FileJob(name, str(target))

    def one_input(data: bytes) -> None:
        target.write_bytes(data)
        linter._text_cache.clear()
        for f in linter.lint_file(job):
            if f.code == "BRL002" or f.line < 1 or f.col < 1:
                raise RuntimeError(f"{f.code} {f.line}:{f.col} {f.message}")
            if f.code == "BRL001" and (not f.message.strip() or "\n" in f.message):
                raise RuntimeError(f"malformed parse error {f.message!r}")

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
