"""Command line: ``bedrock-lint [check] PATH ...``, ``rules``, ``rule CODE``, ``docs``, ``config``.

Exit codes: 0 = no findings at or above ``--fail-on``; 1 = such findings; 2 = usage or
internal error. Only this module and ``reporters/`` write to stdout.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import LOG_FORMAT, __version__

if TYPE_CHECKING:
    from .early import EarlyLane
    from .replay import StderrWatch

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("check", "rules", "rule", "docs", "config", "inventory", "audit", "scaffold")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _Usage(message)


class _Usage(Exception):
    pass


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def _check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="bedrock-lint", description=(
        "Flag AWS Bedrock calls that bypass application inference profiles, and check the "
        "profiles' tags, names, sources and lifecycle in Terraform and CloudFormation."),
        epilog="Other commands: bedrock-lint rules | rule CODE | docs [--check] | config --show PATH"
               " | inventory [PATH] | audit CLOUDTRAIL... | scaffold [PATH]")
    p.add_argument("paths", nargs="*", default=None, help="files or directories (default: .)")
    p.add_argument("--format", "-f", default="text", help="text (default), json, sarif or github")
    p.add_argument("--output", "-o", type=Path, help="write the report to a file instead of stdout")
    p.add_argument("--select", type=_codes, help="comma-separated codes or prefixes to enable")
    p.add_argument("--extend-select", type=_codes, help="codes to enable on top of the config")
    p.add_argument("--ignore", type=_codes, help="comma-separated codes or prefixes to disable")
    p.add_argument("--fail-on", choices=("error", "warning", "info"),
                   help="lowest severity that makes the exit code 1 (default: warning)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    p.add_argument("--config", type=Path, help="use this config file")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--policy", help="policy pack name or path (default: adr-0007)")
    p.add_argument("--show-config", action="store_true", help="print the effective settings and exit")
    p.add_argument("--exclude", type=lambda s: [x for x in s.split(",") if x],
                   help="extra comma-separated exclude patterns (gitignore syntax)")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply excludes to files named on the command line too (pre-commit)")
    p.add_argument("--no-gitignore", action="store_true", help="do not read .gitignore files")
    p.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores)")
    p.add_argument("--timeout", type=float, help="seconds one file may take to parse (default 10)")
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the result cache (.bedrock-lint-cache/)")
    p.add_argument("--cache-dir", type=Path, help="where to keep the result cache")
    p.add_argument("--baseline", type=Path, metavar="FILE",
                   help="report only findings not recorded in this baseline file")
    p.add_argument("--update-baseline", action="store_true",
                   help="with --baseline: record the current findings in FILE and exit 0")
    p.add_argument("--debug", action="store_true", help="debug logging and tracebacks")
    p.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    p.add_argument("--version", action="version", version=f"bedrock-lint {__version__}")
    p.add_argument("--fix", action="store_true",
                   help="apply automatic fixes (all are unsafe: also pass --unsafe-fixes)")
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="include fixes that change what a deployment needs (see docs/fix.md)")
    p.add_argument("--diff", action="store_true",
                   help="print the fixes as unified diffs instead of writing them")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            command, rest = args[0], args[1:]
            if command == "check":
                return _check(rest)
            if command == "inventory":  # imported here: `check` never pays for them
                from .inventory import main as inventory_main

                return inventory_main(rest)
            if command == "audit":
                from .audit import main as audit_main

                return audit_main(rest)
            if command == "scaffold":
                from .scaffold import main as scaffold_main

                return scaffold_main(rest)
            return {"rules": _rules, "rule": _rule, "docs": _docs, "config": _config}[command](rest)
        return _check(args)
    except _Usage as exc:
        print(f"bedrock-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("bedrock-lint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `bedrock-lint . | head`: the reader left; not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS


def _settings(ns: argparse.Namespace, start: Path):  # type: ignore[no-untyped-def]
    from .config import ConfigError, load_settings

    overrides = {
        "select": ns.select,
        "extend-select": getattr(ns, "extend_select", None),
        "ignore": ns.ignore,
        "fail-on": ns.fail_on,
        "policy": ns.policy,
        "timeout": ns.timeout,
        "respect-gitignore": False if getattr(ns, "no_gitignore", False) else None,
    }
    if getattr(ns, "exclude", None):
        overrides["extend-exclude"] = ns.exclude
    try:
        return load_settings(start=start, config=ns.config, isolated=ns.isolated, overrides=overrides)
    except ConfigError as exc:
        raise _Usage(str(exc)) from None


def _settings_as_configured(ns: argparse.Namespace) -> bool:
    """No option changes the settings the config files give."""
    return not (ns.select or ns.extend_select or ns.ignore or ns.fail_on or ns.policy
                or ns.timeout is not None or ns.no_gitignore or ns.exclude or ns.config
                or ns.isolated)


def _recordable(argv: list[str]) -> bool:
    """Only options that choose how the findings are printed (``replay.FLAGS``)."""
    from .replay import FLAGS

    return all(a.split("=", 1)[0] in FLAGS for a in argv if a.startswith("-"))


def _check(argv: list[str]) -> int:
    import time

    started_ns = time.time_ns()
    ns = _check_parser().parse_args(argv)
    if not _recordable(argv) or ns.no_cache:
        return _run_check(ns, None, started_ns)
    from .replay import StderrWatch

    watch = StderrWatch(sys.stderr)
    sys.stderr = watch  # type: ignore[assignment]
    try:
        return _run_check(ns, (argv, watch), started_ns)
    finally:
        sys.stderr = watch.stream


def _run_check(ns: argparse.Namespace, recording: tuple[list[str], StderrWatch] | None,
               started_ns: int) -> int:
    """The check command. ``recording``: (arguments, stderr watch) of a run whose output
    ``replay`` may record. A run over a folder starts a lane now (``early``), to load
    parsers while this process reads the settings; it is closed at the end, used or not."""
    from . import early

    lane = early.claim()  # started by the console entry
    if lane is None and not ns.show_config and any(os.path.isdir(p) for p in ns.paths or ["."]):
        lane = early.start(ns.jobs)
    try:
        return _check_paths(ns, recording, started_ns, lane)
    finally:
        if lane is not None:
            lane.close()


def _check_paths(ns: argparse.Namespace, recording: tuple[list[str], StderrWatch] | None,
                 started_ns: int, lane: EarlyLane | None) -> int:
    logging.basicConfig(level=logging.DEBUG if ns.debug else logging.WARNING, format=LOG_FORMAT)
    from . import reporters

    if ns.format not in reporters.names():
        raise _Usage(f"unknown --format {ns.format!r} (choose from {', '.join(reporters.names())})")
    paths = ns.paths or ["."]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise _Usage(f"path not found: {missing[0]}")
    first = Path(os.path.abspath(paths[0]))  # not resolve(): a symlink loop raises there
    start = first if first.is_dir() else first.parent
    settings = _settings(ns, start)
    if settings.cache and not ns.no_cache and _settings_as_configured(ns):
        from .quick import record

        record(settings, str(start))  # lets the next run on clean files answer without this
    if ns.show_config:
        _print_settings(settings, sys.stdout)
        return EXIT_CLEAN
    if ns.update_baseline and ns.baseline is None:
        raise _Usage("--update-baseline needs --baseline FILE")
    from . import baseline

    recorded = None
    if ns.baseline is not None and not ns.update_baseline:
        try:
            recorded = baseline.load(ns.baseline)
        except baseline.BaselineError as exc:
            raise _Usage(str(exc)) from None
    from .cache import DIRNAME
    from .engine import at_or_above, lint_jobs, repeatable
    from .walk import Walker

    cache_dir = ns.cache_dir or settings.cache_dir or settings.root / DIRNAME
    if not settings.cache:
        recording = None
    walker = Walker(settings, force_exclude=ns.force_exclude,
                    keep_listings=frozenset({os.path.realpath(Path(cache_dir).parent)}))
    inputs: dict | None = {} if recording else None
    jobs: list = []

    def walked():  # type: ignore[no-untyped-def]
        """The walk, recorded as it goes: linting starts before it ends."""
        for job in walker.jobs(paths):
            jobs.append(job)
            yield job

    try:
        findings = lint_jobs(walked(), settings, jobs_n=ns.jobs, debug=ns.debug,
                             use_cache=settings.cache and not ns.no_cache,
                             cache_dir=ns.cache_dir or settings.cache_dir, inputs=inputs,
                             early=lane)
    except Exception as exc:  # an internal bug: exit 2 with one line, traceback under --debug
        if ns.debug:
            raise
        print(f"bedrock-lint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        for err in walker.errors:
            print(f"bedrock-lint: warning: cannot read {err}", file=sys.stderr)
    if ns.fix or ns.diff:
        from .fix import fix_paths

        report = fix_paths(findings, settings, unsafe=ns.unsafe_fixes, diff_only=ns.diff,
                           out=sys.stdout, notes=sys.stderr)
        if ns.diff:  # stdout stays a clean patch
            return EXIT_FINDINGS if report.changed else EXIT_CLEAN
        if report.changed:  # report what remains
            findings = lint_jobs(jobs, settings, jobs_n=ns.jobs, debug=ns.debug, use_cache=False)
    if ns.update_baseline:
        count = baseline.save(ns.baseline, findings)
        print(f"recorded {count} finding{'s' if count != 1 else ''} in {ns.baseline}")
        return EXIT_CLEAN
    if recorded is not None:
        findings = baseline.new_findings(findings, recorded)
    out: TextIO
    if ns.output:
        # file names that are not UTF-8 (surrogate escapes) are written back as their bytes
        out = open(ns.output, "w", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
    elif recording:
        out = io.StringIO()  # printed below, and kept for the replay
    else:
        out = _stdout()
    try:
        if ns.quiet and ns.format == "text":
            for f in findings:
                out.write(f"{f.path}:{f.line}:{f.col}: {f.code} {f.message} [{f.name}]\n")
        else:
            reporters.render(ns.format, findings, out, files=len(jobs))
    finally:
        if ns.output:
            out.close()
    code = EXIT_CLEAN
    if not ns.exit_zero and at_or_above(findings, settings.fail_on):
        code = EXIT_FINDINGS
    if recording:
        text = out.getvalue()  # type: ignore[attr-defined]
        stdout = _stdout()
        stdout.write(text)
        stdout.flush()
        argv, watch = recording
        if not watch.written and repeatable(findings):
            from .replay import record as record_replay

            record_replay(argv, settings=settings, walker=walker, inputs=inputs or {},
                          cache_dir=str(cache_dir), paths=paths, start=str(start), out=text,
                          code=code, started_ns=started_ns)
    return code


def _stdout() -> TextIO:
    """``sys.stdout``, writing file names that are not UTF-8 (surrogate escapes) as their bytes."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and out.errors == "strict":
        out.reconfigure(errors="surrogateescape")
    return out


def _print_settings(settings, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    from .registry import all_rules

    pol = settings.policy
    out.write(f"config: {settings.config_path or '(none: defaults)'}\n")
    out.write(f"root: {settings.root}\n")
    out.write(f"select: {', '.join(settings.select)}\nignore: {', '.join(settings.ignore) or '-'}\n")
    out.write(f"fail-on: {settings.fail_on.value}\ntimeout: {settings.timeout:g}s\n")
    out.write(f"exclude: {', '.join((*settings.exclude, *settings.extend_exclude))}\n")
    out.write(f"test-paths: {', '.join(settings.test_paths)}\n")
    for glob, codes in settings.per_file_ignores:
        out.write(f"per-file-ignores: {glob} -> {', '.join(codes)}\n")
    out.write(f"policy: {pol.name} ({pol.source})\n")
    for tier in pol.tiers:
        cond = " when " + ", ".join(f"{k} in {list(v)}" for k, v in tier.when) if tier.when else ""
        out.write(f"  tags {tier.name}: {', '.join(tier.keys)}{cond}\n")
    out.write(f"  exempt models: {', '.join(pol.exempt_models) or '-'}\n")
    out.write(f"  profile env vars: {', '.join(pol.profile_env_vars) or '-'}\n")
    out.write(f"  naming: {pol.naming_template or 'contains product tag and model slug'}\n")
    out.write(f"  preferred copy_from geo: {', '.join(pol.preferred_geo)}\n")
    out.write("rules:\n")
    for rule in all_rules():
        rs = settings.rule_settings(rule.code)
        sev = (rs.severity or rule.severity).value
        state = "on" if settings.enabled(rule.code) else f"off ({settings.why_disabled(rule.code)})"
        opts = f" options={rs.options}" if rs.options else ""
        out.write(f"  {rule.code} {rule.name:32} {sev:8} {state}{opts}\n")


def _rules(argv: list[str]) -> int:
    p = _Parser(prog="bedrock-lint rules", description="List rules with their effective policy.")
    p.add_argument("--config", type=Path)
    p.add_argument("--isolated", action="store_true")
    p.add_argument("--policy")
    p.add_argument("--format", choices=("text", "json"), default="text")
    ns = p.parse_args(argv)
    ns.select = ns.ignore = ns.fail_on = ns.timeout = None
    settings = _settings(ns, Path.cwd())
    from .registry import all_rules

    rows = []
    for rule in all_rules():
        rs = settings.rule_settings(rule.code)
        rows.append({"code": rule.code, "name": rule.name,
                     "severity": (rs.severity or rule.severity).value,
                     "enabled": settings.enabled(rule.code), "formats": list(rule.formats),
                     "summary": rule.summary})
    if ns.format == "json":
        import json

        json.dump({"policy": settings.policy.name, "rules": rows}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    sys.stdout.write(f"policy: {settings.policy.name} — {settings.policy.description}\n\n")
    for r in rows:
        state = "" if r["enabled"] else "  (off)"
        sys.stdout.write(f"{r['code']}  {r['name']:32} {r['severity']:8} {r['summary']}{state}\n")
    return EXIT_CLEAN


def _rule(argv: list[str]) -> int:
    p = _Parser(prog="bedrock-lint rule", description="Show one rule's documentation.")
    p.add_argument("code")
    ns = p.parse_args(argv)
    from .docs import rule_page
    from .registry import by_code

    rule = by_code(ns.code.upper()) or by_code(ns.code)
    if rule is None:
        raise _Usage(f"unknown rule {ns.code!r} (see `bedrock-lint rules`)")
    sys.stdout.write(rule_page(rule))
    return EXIT_CLEAN


def _docs(argv: list[str]) -> int:
    p = _Parser(prog="bedrock-lint docs", description="Generate docs/rules/ from rule metadata.")
    p.add_argument("--out", type=Path, default=Path("docs/rules"))
    p.add_argument("--check", action="store_true", help="exit 1 if any page would change")
    ns = p.parse_args(argv)
    from .docs import write

    stale = write(ns.out, check=ns.check)
    if ns.check:
        if stale:
            print(f"bedrock-lint: stale rule docs in {ns.out}: {', '.join(stale)} "
                  "(run `bedrock-lint docs`)", file=sys.stderr)
            return EXIT_FINDINGS
        print(f"rule docs in {ns.out} are up to date")
        return EXIT_CLEAN
    print(f"wrote {len(stale)} page(s) to {ns.out}" if stale else f"{ns.out} already up to date")
    return EXIT_CLEAN


def _config(argv: list[str]) -> int:
    p = _Parser(prog="bedrock-lint config", description="Show the effective configuration.")
    p.add_argument("--show", metavar="PATH", default=".", help="path whose settings to show")
    p.add_argument("--config", type=Path)
    p.add_argument("--isolated", action="store_true")
    p.add_argument("--policy")
    ns = p.parse_args(argv)
    ns.select = ns.ignore = ns.fail_on = ns.timeout = None
    start = Path(ns.show).resolve()
    _print_settings(_settings(ns, start if start.is_dir() else start.parent), sys.stdout)
    return EXIT_CLEAN
