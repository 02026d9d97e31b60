"""Benchmark harness for issue 6: pre-commit latency, whole-repository scans, scaling, cache,
grammar start-up and audit throughput, against the I/O floor and the peers (semgrep, cfn-lint,
checkov), all in the same run.

    uv run python benchmarks/run.py            # the full run (about 15 minutes on 2 cores)
    uv run python benchmarks/run.py --quick    # smaller inputs, fewer repeats (a smoke run)
    uv run python benchmarks/run.py --only 1,5 # some targets only

See benchmarks/README.md for what each target measures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen
import measure
import peers

ROOT = HERE.parent
PARSER_MODULES = ("libcst", "hcl2", "lark", "cfnlint")
CACHE_DIR = ".bedrock-lint-cache"
#: cold whole-tree runs per size (the median counts): the scaling target compares differences
#: of these runs (0.3 s between 10k and 20k files), which 3 runs left to the noise of one
_COLD_REPEATS = 5


@dataclass
class Result:
    target: str
    what: str
    measured: str
    reference: str
    ratio: str
    goal: str
    status: str  # PASS FAIL SKIP INFO
    note: str = ""


def load(run: measure.Run) -> str:
    """What else the machine did meanwhile, when it matters."""
    return f" [other processes used {run.foreign_cores:.1f} cores meanwhile]" if run.foreign_cores >= 0.3 else ""


def faster(ratio: float) -> str:
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.quick = args.quick
        self.work = Path(args.work).resolve()
        self.inputs = self.work / "inputs"
        self.out = self.work / "out"
        for d in (self.inputs, self.out, self.work / "xdg-cache", self.work / "empty"):
            d.mkdir(parents=True, exist_ok=True)
        self.py = Path(sys.executable)
        self.bin = self._find_bin()
        self.env = dict(os.environ)
        self.env["XDG_CACHE_HOME"] = str(self.work / "xdg-cache")  # never the user's cache
        self.env.pop("BEDROCK_LINT_CACHE_DIR", None)
        #: as installed: what this machine gives (uv installs without bytecode and
        #: PYTHONDONTWRITEBYTECODE=1 may be set, so every run compiles every module it imports)
        self.env_as_installed = dict(self.env)
        if not args.as_installed:
            # as pip (and pre-commit, which uses pip) installs it: with compiled bytecode. The
            # .pyc files go to .work/pycache, so nothing outside benchmarks/ is written.
            self.env.pop("PYTHONDONTWRITEBYTECODE", None)
            self.env["PYTHONPYCACHEPREFIX"] = str(self.work / "pycache")
        self.results: list[Result] = []
        self.start = time.perf_counter()
        self.n = 3 if self.quick else 7  # repeats of the short runs
        self.sizes = [1000, 2000, 4000] if self.quick else [10_000, 20_000, 40_000]
        self.check_size = 1000 if self.quick else 2000
        self.budget = args.budget if args.budget is not None else (0 if self.quick else 900)
        self.help = self._run_ours(["--help"], cwd=self.work / "empty").stdout
        self.has_no_cache = "--no-cache" in self.help
        self.t_clean: float | None = None
        self.repo_run: dict[int, measure.Run] = {}  # cold runs by tree size
        self.peer_exe: dict[str, Path | None] = {}
        self.peer_note: dict[str, str] = {}

    # -- helpers -------------------------------------------------------------------------------
    def _find_bin(self) -> Path:
        cand = [self.py.parent / "bedrock-lint", ROOT / ".venv" / "bin" / "bedrock-lint"]
        for c in cand:
            if c.exists():
                return c
        sys.exit("bedrock-lint console script not found: run `uv sync` and "
                 "`uv run python benchmarks/run.py`")

    def log(self, msg: str = "") -> None:
        print(msg, flush=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def quiet(self) -> None:
        """With --wait-quiet: let other work on the machine finish before a measurement."""
        if not self.args.wait_quiet:
            return
        waited, busy = measure.wait_quiet(self.args.wait_quiet)
        if waited > 3 or busy >= 0.5:
            self.log(f"  (waited {waited:.0f}s for the machine to quieten; other load now {busy:.1f} cores)")

    def warm_page_cache(self, tree: Path) -> None:
        """Read the whole tree once (``floor.py``) right before a measured run. The floor is
        measured on a tree in the page cache; so are we. (Memory reclaim on this kind of
        machine, DAMON, evicts pages unused for a while: a tree generated minutes earlier is
        partly on disk again, and a run on it measures the disk.)"""
        measure.run([str(self.py), str(HERE / "floor.py"), "."], cwd=tree, env=self.env)

    def fits(self, projected: float) -> bool:
        return not self.budget or self.elapsed() + projected <= self.budget

    def add(self, *a: str, **kw: str) -> Result:
        r = Result(*a, **kw)
        self.results.append(r)
        mark = {"PASS": "PASS", "FAIL": "FAIL", "SKIP": "SKIP", "INFO": "info"}[r.status]
        self.log(f"  -> [{r.target}] {mark}: {r.measured} vs {r.reference} = {r.ratio} "
                 f"(goal {r.goal}){'  ' + r.note if r.note else ''}")
        return r

    def ours(self, args: list[str]) -> list[str]:
        return [str(self.bin), *args]

    def _run_ours(self, args: list[str], cwd: Path, **kw) -> measure.Run:
        return measure.run(self.ours(args), cwd=cwd, env=self.env, **kw)

    def peer(self, name: str) -> Path | None:
        if name not in self.peer_exe:
            exe, note = peers.ensure(name, self.work / "venvs", install=not self.args.no_install,
                                     log=self.log)
            self.peer_exe[name], self.peer_note[name] = exe, note
            self.log(f"  peer {name}: {note if exe else 'SKIPPED: ' + note}")
        return self.peer_exe[name]

    def clear_cache(self, tree: Path) -> None:
        shutil.rmtree(tree / CACHE_DIR, ignore_errors=True)
        for p in (self.work / "xdg-cache").glob("bedrock-lint*"):
            if p.is_dir():
                for f in p.iterdir():
                    if not f.name.startswith("hcl2-"):  # the grammar cache is target 5's
                        shutil.rmtree(f, ignore_errors=True) if f.is_dir() else f.unlink()

    def cache_present(self, tree: Path) -> bool:
        if (tree / CACHE_DIR).exists():
            return True
        xdg = self.work / "xdg-cache"
        return any(not f.name.startswith("hcl2-") for p in xdg.glob("bedrock-lint*") if p.is_dir()
                   for f in p.iterdir())

    @staticmethod
    def touch(path: Path):
        def _touch() -> None:
            os.utime(path, None)  # an edited file, as pre-commit sees it: never a cache hit
        return _touch

    @staticmethod
    def findings(run: measure.Run, keep_url: bool = False) -> list[tuple]:
        """The findings of a ``--format json`` run, comparable (the rule URL names the version)."""
        try:
            doc = json.loads(run.stdout)
        except ValueError:
            return []
        return sorted(tuple(sorted((k, v) for k, v in f.items() if keep_url or k != "url"))
                      for f in doc.get("findings", []))

    def prime(self) -> None:
        """One unmeasured run per kind of file: fills the bytecode cache (and python-hcl2's
        grammar cache) as an installed tool would have them."""
        files = gen.single_inputs(self.inputs)
        for f in files.values():
            self._run_ours(["--force-exclude", f.name], cwd=f.parent)

    # -- target 1 ------------------------------------------------------------------------------
    def pair(self, ours: list[str], ours_before, theirs: list[str] | None, theirs_env=None,
             cwd: Path | None = None) -> tuple[measure.Series, measure.Series | None]:
        """Ours and a peer's command run in turn (A B A B ...): load from elsewhere on the
        machine falls on both alike."""
        self.quiet()
        if theirs is None:
            return measure.repeat(ours, self.n, cwd=cwd, env=self.env, before=ours_before), None
        a, b = measure.interleave([ours, theirs], self.n, befores=[ours_before, None],
                                  kws=[{"cwd": cwd, "env": self.env},
                                       {"cwd": cwd, "env": theirs_env or peers.peer_env()}])
        return a, b

    def target1(self) -> None:
        self.log("\n== 1. pre-commit latency (median wall time of repeated runs of the console "
                 "script; ours and the reference alternate)")
        files = gen.single_inputs(self.inputs)
        cwd = files["finding.py"].parent
        hook = ["--force-exclude"]  # what .pre-commit-hooks.yaml passes, then the file names

        # 1a: one Python file with a finding vs semgrep with one regex rule
        f = files["finding.py"]
        sg = self.peer("semgrep")
        sg_cmd = None if sg is None else [
            str(sg), "scan", "--config", str(HERE / "rules" / "semgrep-single.yaml"),
            *peers.SEMGREP_FLAGS, "--quiet", "--json", f.name]
        ours, theirs = self.pair(self.ours(hook + [f.name]), self.touch(f), sg_cmd, cwd=cwd)
        got = ours.last
        self.log(f"  bedrock-lint finding.py ({len(f.read_text().splitlines())} lines): "
                 f"{ours.spread()}, exit {got.rc}")
        if got.rc != 1 or "finding.py" not in got.stdout:
            self.log(f"  !! expected a finding (exit 1): stdout={got.stdout[:300]!r} "
                     f"stderr={got.stderr[:300]!r}")
        if theirs is not None:
            try:
                hits = len(json.loads(theirs.last.stdout)["results"])
            except (ValueError, KeyError):
                hits = -1
            self.log(f"  semgrep (1 regex rule): {theirs.spread()}, {hits} result(s)")
            ratio = theirs.median / ours.median
            self.add("1a", "1 Python file with a finding vs semgrep", f"{ours.median:.3f}s",
                     f"semgrep {theirs.median:.3f}s", faster(ratio), ">= 5x",
                     "PASS" if ratio >= 5 else "FAIL")
        else:
            self.add("1a", "1 Python file with a finding vs semgrep", f"{ours.median:.3f}s",
                     "semgrep: not installed", "-", ">= 5x", "SKIP", self.peer_note["semgrep"])

        # 1b: one clean file vs python -c pass + a console script that does nothing
        c = files["clean.py"]
        stub = self.work / "noop-console-script"
        stub.write_text(f"#!{self.py}\n# -*- coding: utf-8 -*-\nimport sys\n\n\ndef main():\n"
                        "    return 0\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())\n")
        stub.chmod(0o755)
        self.quiet()
        clean, noop, bare = measure.interleave(
            [self.ours(hook + [c.name]), [str(stub), c.name], [str(self.py), "-c", "pass"]], self.n,
            befores=[self.touch(c), None, None], kws=[{"cwd": cwd, "env": self.env}] * 3)
        self.t_clean = clean.median
        self.log(f"  bedrock-lint clean.py ({len(c.read_text().splitlines())} lines, no needle): "
                 f"{clean.spread()}, exit {clean.last.rc}")
        self.log(f"  python -c pass: {bare.spread()}")
        self.log(f"  no-op console script (same interpreter and wrapper): {noop.spread()}")
        loaded = self.parsers_imported(c, cwd)
        imports = self.import_profile(c, cwd)
        self.log(f"  parser modules imported on the clean file: {loaded or 'none'}")
        self.log(f"  -X importtime: {imports}")
        ver = measure.repeat(self.ours(["--version"]), self.n, cwd=cwd, env=self.env)
        self.log(f"  bedrock-lint --version (console script + CLI module, no lint): {ver.spread()}")
        if not self.args.as_installed:
            raw = measure.repeat(self.ours(hook + [c.name]), self.n, cwd=cwd,
                                 env=self.env_as_installed, before=self.touch(c))
            self.log(f"  (for comparison, without compiled bytecode as this venv is installed, "
                     f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}: "
                     f"{raw.spread()})")
        ratio = clean.median / noop.median
        ok = ratio <= 2 and not loaded
        self.add("1b", "1 clean file vs python start + console script", f"{clean.median:.3f}s",
                 f"no-op script {noop.median:.3f}s (python -c pass {bare.median:.3f}s)",
                 f"{ratio:.1f}x slower", "<= 2x, no parser imported", "PASS" if ok else "FAIL",
                 f"parsers imported: {', '.join(loaded) if loaded else 'none'}")

        # 1c: one CloudFormation template vs cfn-lint
        t = files["template.yaml"]
        cl = self.peer("cfn-lint")
        ours_t, theirs = self.pair(self.ours(hook + [t.name]), self.touch(t),
                                   None if cl is None else [str(cl), t.name], cwd=cwd)
        self.log(f"  bedrock-lint template.yaml: {ours_t.spread()}, exit {ours_t.last.rc}")
        if theirs is not None:
            self.log(f"  cfn-lint template.yaml: {theirs.spread()}, exit {theirs.last.rc}")
            ratio = theirs.median / ours_t.median
            self.add("1c", "1 CloudFormation template vs cfn-lint", f"{ours_t.median:.3f}s",
                     f"cfn-lint {theirs.median:.3f}s", faster(ratio), ">= 3x",
                     "PASS" if ratio >= 3 else "FAIL")
        else:
            self.add("1c", "1 CloudFormation template vs cfn-lint", f"{ours_t.median:.3f}s",
                     "cfn-lint: not installed", "-", ">= 3x", "SKIP", self.peer_note["cfn-lint"])

    def parsers_imported(self, file: Path, cwd: Path) -> list[str]:
        code = (
            "import runpy, sys\n"
            f"sys.argv = [{str(self.bin)!r}, '--force-exclude', {file.name!r}]\n"
            "try:\n"
            f"    runpy.run_path({str(self.bin)!r}, run_name='__main__')\n"
            "except SystemExit:\n"
            "    pass\n"
            f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({PARSER_MODULES!r}))\n"
            "print('BENCH-MODULES:' + ','.join(heavy), file=sys.stderr)\n")
        r = measure.run([str(self.py), "-c", code], cwd=cwd, env=self.env)
        for line in r.stderr.splitlines():
            if line.startswith("BENCH-MODULES:"):
                return [m for m in line.split(":", 1)[1].split(",") if m]
        return ["(check failed: " + r.stderr.strip()[-200:] + ")"]

    def import_profile(self, file: Path, cwd: Path) -> str:
        r = measure.run([str(self.py), "-X", "importtime", str(self.bin), "--force-exclude", file.name],
                        cwd=cwd, env=self.env)
        total = 0
        top: list[tuple[int, str]] = []
        for line in r.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            parts = line[len("import time:"):].split("|")
            if len(parts) != 3:
                continue
            own, cum, name = int(parts[0]), int(parts[1]), parts[2]
            total += own
            if not name.startswith("  "):  # imported by the script itself (top level)
                top.append((cum, name.strip()))
        top.sort(reverse=True)
        biggest = ", ".join(f"{n} {c / 1000:.0f} ms" for c, n in top[:5])
        return f"{total / 1000:.0f} ms of imports in a {r.wall:.3f}s run; largest: {biggest}"

    # -- target 2 ------------------------------------------------------------------------------
    def cold_once(self, tree: Path) -> measure.Run:
        """One cold whole-tree run (no cache, page cache warm), memory sampled."""
        self.clear_cache(tree)
        self.quiet()
        self.warm_page_cache(tree)
        return self._run_ours(["--format", "json", "."], cwd=tree, memory=True,
                              timeout=self.args.timeout)

    def repo_cold(self, tree: Path, n_files: int, repeats: int = 1) -> measure.Run:
        """Cold whole-tree run (no cache), memory sampled; the median of ``repeats``."""
        runs = []
        for _ in range(repeats):
            runs.append(self.cold_once(tree))
            if runs[-1].wall > 20:
                break  # slow: one run is measurement enough
        run = _median_run(runs)
        self.repo_run[n_files] = run
        return run

    def target2(self) -> None:
        size = self.sizes[0]
        self.log(f"\n== 2. whole repository: generated monorepo of {size:,} files")
        tree = gen.ensure_tree(self.inputs, size, log=self.log)
        st = gen.tree_stats(tree)
        mix = ", ".join(f"{k} {v}" for k, v in list(st["by_ext"].items())[:8])
        self.log(f"  {tree}: {st['files']:,} files, {st['bytes'] / 1e6:.1f} MB ({mix})")
        self.log(f"  {self.needle_share(tree)}")
        floor_cmd = [str(self.py), str(HERE / "floor.py"), "."]
        self.quiet()
        floor = measure.repeat(floor_cmd, 3 if self.quick else 5, cwd=tree, env=self.env)
        self.log(f"  floor (walk + read + 5 literal needles, 1 process): {floor.spread()}")
        run = self.repo_cold(tree, size, repeats=1 if self.quick else _COLD_REPEATS)
        found = self.findings(run)
        codes = Counter(dict(f)["code"] for f in found)
        self.log(f"  bedrock-lint . (cold, no cache): {run.wall:.2f}s wall, {run.cpu:.2f}s CPU "
                 f"({run.cores:.2f} cores), peak RSS tree {run.tree_rss_mb:.0f} MB "
                 f"(PSS {run.tree_pss_mb:.0f} MB), exit {run.rc}, {len(found)} findings "
                 f"{dict(sorted(codes.items()))}{load(run)}")
        if run.rc not in (0, 1) or run.timed_out:
            self.log(f"  !! bedrock-lint failed: {run.stderr[-500:]}")
        ratio = run.wall / floor.median
        self.add("2a", f"{size // 1000}k-file repo vs I/O floor", f"{run.wall:.2f}s",
                 f"floor {floor.median:.2f}s", f"{ratio:.1f}x the floor", "<= 2x",
                 "PASS" if ratio <= 2 else "FAIL", load(run).strip())

        peer_total = 0.0
        notes = []
        missing = []
        sg = self.peer("semgrep")
        if sg:
            out = self.out / "semgrep-repo.json"
            self.quiet()
            r = measure.run([str(sg), "scan", "--config", str(HERE / "rules" / "semgrep-repo.yaml"),
                             *peers.SEMGREP_FLAGS, "--quiet", "--json", "--output", str(out), "."],
                            cwd=tree, env=peers.peer_env(), timeout=self.args.timeout)
            try:
                doc = json.loads(out.read_text())
                detail = f"{len(doc['results'])} results in {len(doc['paths']['scanned']):,} files"
            except (OSError, ValueError, KeyError):
                detail = f"no JSON output, exit {r.rc}: {r.stderr[-300:]!r}"
            self.log(f"  semgrep (4 custom rules): {r.wall:.2f}s wall, {r.cpu:.2f}s CPU, exit {r.rc}, "
                     f"{detail}{load(r)}")
            peer_total += r.wall
            notes.append(f"semgrep {r.wall:.1f}s")
        else:
            missing.append("semgrep")
        ck = self.peer("checkov")
        if ck:
            outdir = self.out / "checkov"
            shutil.rmtree(outdir, ignore_errors=True)
            self.quiet()
            r = measure.run([str(ck), "-d", ".", "--framework", "terraform", "cloudformation",
                             "--external-checks-dir", str(HERE / "rules" / "checkov"),
                             "--check", "CKV2_BRL_1,CKV2_BRL_2", "--compact", "--quiet",
                             "-o", "json", "--output-file-path", str(outdir)],
                            cwd=tree, env=peers.peer_env(), timeout=self.args.timeout)
            detail = f"exit {r.rc}"
            try:
                doc = json.loads((outdir / "results_json.json").read_text())
                doc = doc if isinstance(doc, list) else [doc]
                detail += ", " + "; ".join(
                    f"{d['check_type']}: {d['summary']['failed']} failed, "
                    f"{d['summary']['resource_count']} resources" for d in doc)
            except (OSError, ValueError, KeyError):
                detail += f", no JSON output: {r.stderr[-300:]!r}"
            self.log(f"  checkov (2 custom policies, terraform + cloudformation): {r.wall:.2f}s wall, "
                     f"{r.cpu:.2f}s CPU, {detail}{load(r)}")
            peer_total += r.wall
            notes.append(f"checkov {r.wall:.1f}s")
        else:
            missing.append("checkov")
        ratio = peer_total / run.wall if run.wall else 0
        if missing:
            self.add("2b", f"{size // 1000}k-file repo vs checkov + semgrep", f"{run.wall:.2f}s",
                     " + ".join(notes) or "-", faster(ratio) if notes else "-", ">= 20x",
                     "SKIP", f"not installed: {', '.join(missing)}")
        else:
            self.add("2b", f"{size // 1000}k-file repo vs checkov + semgrep", f"{run.wall:.2f}s",
                     f"{peer_total:.1f}s ({' + '.join(notes)})", faster(ratio), ">= 20x",
                     "PASS" if ratio >= 20 else "FAIL")

    def needle_share(self, tree: Path) -> str:
        """How many files pass each stage of bedrock-lint's pre-filter (diagnostic): stage 1
        on the bytes, stage 2 on the text (what passes both is parsed, apart from Terraform
        files judged with their module); and the broad needle of the caller inventory."""
        code = (
            "import os, sys, json\n"
            "from bedrock_lint.config import DEFAULT_PACK\n"
            "from bedrock_lint.policy import load_policy\n"
            "g = load_policy(DEFAULT_PACK).grammar\n"
            "needle = g.needle()\n"
            "counts, n = {'broad': {}, 'stage1': {}, 'stage2': {}}, 0\n"
            "for dp, dns, fns in os.walk('.'):\n"
            "    dns[:] = [d for d in dns if d not in ('.git', '.bedrock-lint-cache')]\n"
            "    for f in fns:\n"
            "        ext = os.path.splitext(f)[1]\n"
            "        if ext not in ('.py', '.tf', '.yaml', '.yml', '.json'):\n"
            "            continue\n"
            "        n += 1\n"
            "        with open(os.path.join(dp, f), 'rb') as fh:\n"
            "            data = fh.read()\n"
            "        for stage, hit in (('broad', needle.search(data)),\n"
            "                           ('stage1', g.may_hold_finding(data))):\n"
            "            if hit:\n"
            "                counts[stage][ext] = counts[stage].get(ext, 0) + 1\n"
            "        if g.may_hold_finding(data) and g.holds_candidate(data.decode('utf-8', 'replace')):\n"
            "            counts['stage2'][ext] = counts['stage2'].get(ext, 0) + 1\n"
            "print(json.dumps([n, counts]))\n")
        r = measure.run([str(self.py), "-c", code], cwd=tree, env=self.env)
        try:
            n, counts = json.loads(r.stdout)
        except ValueError:
            return f"(needle share unavailable: {r.stderr.strip()[-200:]})"

        def share(hits: dict[str, int]) -> str:
            total = sum(hits.values())
            return (f"{total:,} ({100 * total / max(1, n):.1f}%: "
                    f"{', '.join(f'{k} {v}' for k, v in sorted(hits.items())) or 'none'})")

        return (f"of {n:,} lintable files, the pre-filter's stage 1 (bytes) passes "
                f"{share(counts['stage1'])}, stage 2 (text) {share(counts['stage2'])}: these are "
                f"parsed; any provider or Bedrock word (the inventory's needle): {share(counts['broad'])}")

    # -- target 3 ------------------------------------------------------------------------------
    def target3(self) -> None:
        self.log(f"\n== 3. scaling: {', '.join(f'{s // 1000}k' for s in self.sizes)} files "
                 "(cold, no cache; peak memory of the whole process tree)")
        # the sizes in rounds (10k, 20k, 40k, 10k, ...): the marginal costs compared below are
        # differences of runs, which a machine that gets busier or quieter between sizes skews
        trees: dict[int, Path] = {}
        for size in self.sizes:
            if trees:
                base_n = self.sizes[0]
                base_wall = self.repo_run[base_n].wall if base_n in self.repo_run else 0.5
                repeats = 1 if self.quick else _COLD_REPEATS
                projected = sum(base_wall * n / base_n * 1.1 * repeats for n in (*trees, size)) + 10
                if not self.fits(projected):
                    self.log(f"  {size // 1000}k: SKIPPED, projected {projected:.0f}s would exceed "
                             f"--budget {self.budget}s (elapsed {self.elapsed():.0f}s)")
                    continue
            trees[size] = gen.ensure_tree(self.inputs, size, log=self.log)
        samples: dict[int, list[measure.Run]] = {size: [] for size in trees}
        for _ in range(1 if self.quick else _COLD_REPEATS):
            for size, tree in trees.items():
                samples[size].append(self.cold_once(tree))
        runs = {size: _median_run(rs) for size, rs in samples.items()}
        for size, r in runs.items():
            self.log(f"  {size // 1000:>3}k files: {r.wall:7.2f}s wall, {r.cpu:7.2f}s CPU "
                     f"({r.cores:.2f} cores), {1000 * r.wall / size:.2f} ms/file, peak RSS tree "
                     f"{r.tree_rss_mb:.0f} MB (PSS {r.tree_pss_mb:.0f} MB; main process "
                     f"{r.root_rss_mb:.0f} MB, largest process {r.maxrss_mb:.0f} MB), exit {r.rc}{load(r)}")
        base_n = self.sizes[0]
        if base_n not in runs:
            return
        base = runs[base_n]
        devs = {n: (r.wall / n) / (base.wall / base_n) - 1 for n, r in runs.items() if n != base_n}
        big_n = max(runs)
        big = runs[big_n]
        cpu_devs = {n: (r.cpu / n) / (base.cpu / base_n) - 1 for n, r in runs.items() if n != base_n}
        if devs:
            self.log("  per-file CPU time against the smallest size (less sensitive to other load): "
                     + ", ".join(f"{n // 1000}k {d:+.0%}" for n, d in sorted(cpu_devs.items())))
            # Linear growth is t = fixed + per_file * n: a fixed start-up cost (interpreter,
            # parser imports) makes the per-file time of a small tree look high without any
            # growth being superlinear. Judged: the marginal cost per file of each doubling
            # (20k -> 40k against 10k -> 20k) within 15%, and no size more than 15% above
            # proportional to the smallest.
            sizes = sorted(runs)
            margins = [(runs[b].wall - runs[a].wall) / (b - a) for a, b in zip(sizes, sizes[1:])]
            marginal_dev = margins[-1] / margins[0] - 1 if len(margins) > 1 else None
            fixed = runs[sizes[0]].wall - margins[0] * sizes[0]
            self.log(f"  marginal time per 1,000 files: "
                     + ", ".join(f"{a // 1000}k->{b // 1000}k {1000 * m:.3f}s"
                                 for (a, b), m in zip(zip(sizes, sizes[1:]), margins))
                     + f"; fixed cost of a run (intercept) {fixed:.2f}s")
            worst_up = max(devs.values())
            ok = worst_up <= 0.15 and (marginal_dev is None or abs(marginal_dev) <= 0.15)
            measured = (f"marginal {marginal_dev:+.0%}, " if marginal_dev is not None else "") + \
                ", ".join(f"{n // 1000}k {d:+.0%}" for n, d in sorted(devs.items()))
            self.add("3a", "time linear in repo size", ", ".join(
                f"{n // 1000}k {runs[n].wall:.1f}s" for n in sorted(runs)),
                f"fixed {fixed:.2f}s + per file", measured,
                "marginal within 15%, none >15% above proportional",
                "PASS" if ok else "FAIL",
                ("" if len(runs) == len(self.sizes) else "largest size skipped (budget): marginal not compared; ")
                + "per-file time against the smallest size: "
                + ", ".join(f"{n // 1000}k {d:+.0%}" for n, d in sorted(devs.items()))
                + "; per-file CPU: " + ", ".join(f"{n // 1000}k {d:+.0%}" for n, d in sorted(cpu_devs.items()))
                + "".join(load(runs[n]) for n in sorted(runs) if n == big_n))
        else:
            self.add("3a", "time linear in repo size", "-", "-", "-", "within 15%", "SKIP",
                     "only one size measured (budget)")
        limit = 200
        self.add("3b", f"peak memory at {big_n // 1000}k files", f"{big.tree_rss_mb:.0f} MB RSS",
                 f"PSS {big.tree_pss_mb:.0f} MB", f"{big.tree_rss_mb / limit:.2f} of limit",
                 f"< {limit} MB" + ("" if big_n == self.sizes[-1] else f" (at {self.sizes[-1] // 1000}k)"),
                 "PASS" if big.tree_rss_mb < limit and big_n == self.sizes[-1] else
                 ("FAIL" if big.tree_rss_mb >= limit else "SKIP"))
        cores = os.cpu_count() or 1
        self.add("3c", f"cores used at {big_n // 1000}k files", f"{big.cpu:.1f}s CPU",
                 f"{big.wall:.1f}s wall", f"{big.cores:.2f} cores of {cores}", "> 1.3",
                 "PASS" if big.cores > 1.3 else "FAIL", load(big).strip())

    # -- target 4 ------------------------------------------------------------------------------
    def target4(self) -> None:
        size = self.sizes[0]
        self.log(f"\n== 4. re-runs: result cache ({CACHE_DIR}/), identical findings")
        tree = gen.ensure_tree(self.inputs, size, log=self.log)
        cold = self.repo_run.get(size)
        if cold is None or not self.cache_present(tree):
            cold = self.repo_cold(tree, size)
        implemented = self.cache_present(tree)
        self.quiet()
        self.warm_page_cache(tree)
        warm = measure.repeat(self.ours(["--format", "json", "."]), 1 if self.quick else 3,
                              warmup=0, cwd=tree, env=self.env)
        same = self.findings(cold) == self.findings(warm.last)
        self.log(f"  cold {cold.wall:.2f}s{load(cold)}; warm re-run {warm.spread()}; cache written: "
                 f"{'yes' if implemented else 'no'}; findings identical: {same}")
        ratio = cold.wall / warm.median
        if implemented:
            self.add("4a", f"warm re-run, {size // 1000}k files", f"{warm.median:.2f}s",
                     f"cold {cold.wall:.2f}s", faster(ratio), ">= 5x",
                     "PASS" if ratio >= 5 and same else "FAIL",
                     "" if same else "findings differ from the cold run")
        else:
            self.add("4a", f"warm re-run, {size // 1000}k files", f"{warm.median:.2f}s",
                     f"cold {cold.wall:.2f}s", faster(ratio), ">= 5x", "FAIL",
                     f"not implemented: no {CACHE_DIR}/ written")
        # a pre-commit run in a big repository with a warm cache loads the cache too
        f = next(p for p in sorted((tree / "services").rglob("*.py")) if "tests" not in p.parts)
        # the whole tree again after one file was saved: no replay, the result cache for the
        # other files (the touched file is too new to be vouched for, so every run is this one)
        edited = measure.repeat(self.ours(["--format", "json", "."]), 1 if self.quick else 3,
                                warmup=0, cwd=tree, env=self.env, before=self.touch(f))
        self.log(f"  whole tree after one file was saved (result cache, no replay): {edited.spread()}; "
                 f"findings identical: {self.findings(edited.last) == self.findings(cold)}")
        one = measure.repeat(self.ours(["--force-exclude", str(f.relative_to(tree))]), self.n,
                             cwd=tree, env=self.env, before=self.touch(f))
        self.log(f"  one edited file inside the {size // 1000}k repo with its cache present: {one.spread()}"
                 + (f" (vs {self.t_clean:.3f}s in a small project)" if self.t_clean else ""))
        self.identity_and_staleness()

    def identity_and_staleness(self) -> None:
        size = self.check_size
        tree = gen.ensure_tree(self.inputs, size, log=self.log)
        self.log(f"  identity and staleness checks on a {size // 1000}k-file tree ({tree.name})")
        no_cache = ["--no-cache"] if self.has_no_cache else []
        runs: dict[str, measure.Run] = {}
        self.clear_cache(tree)
        runs["cold (cache written)"] = self._run_ours(["--format", "json", "."], cwd=tree)
        runs["warm (cache read)"] = self._run_ours(["--format", "json", "."], cwd=tree)
        self.clear_cache(tree)
        runs["no cache, -j1"] = self._run_ours([*no_cache, "-j1", "--format", "json", "."], cwd=tree)
        self.clear_cache(tree)
        runs["no cache, default jobs"] = self._run_ours([*no_cache, "--format", "json", "."], cwd=tree)
        ref = self.findings(runs["cold (cache written)"])
        diffs = []
        for name, r in runs.items():
            got = self.findings(r)
            self.log(f"    {name:24} {r.wall:6.2f}s  {len(got)} findings, exit {r.rc}"
                     + ("" if got == ref else "  DIFFERENT"))
            if got != ref:
                diffs.append(name)
        self.add("4b", "identical findings: cache/no cache, -j1/-jN",
                 f"{len(ref)} findings", f"{len(runs)} runs", "identical" if not diffs else "differ",
                 "identical", "PASS" if not diffs and ref else "FAIL",
                 (f"differ: {', '.join(diffs)}" if diffs else "") + ("" if ref else " no findings parsed"))

        # staleness: warm the cache, then change a file, the config, the tool version
        self.clear_cache(tree)
        self._run_ours(["--format", "json", "."], cwd=tree)
        checks: list[tuple[str, bool, str]] = []
        # (a) a file changes: it gains a hard-coded model ID
        victim = next(p for p in sorted((tree / "services").rglob("*.py"))
                      if "tests" not in p.parts and "assistant" not in p.name and "summarize" not in p.name)
        rel = victim.relative_to(tree).as_posix()
        original = victim.read_text(encoding="utf-8")
        victim.unlink()  # break the hard link: the pool stays intact
        victim.write_text(original + "\n\n" + gen.PY_BEDROCK_BAD.format(
            noun="stale", model="anthropic.claude-3-haiku-20240307-v1:0"), encoding="utf-8")
        try:
            r = self._run_ours(["--format", "json", "."], cwd=tree)
            hit = any(dict(f)["path"] == rel for f in self.findings(r))
            checks.append(("changed file re-linted", hit, f"{r.wall:.2f}s"))
        finally:
            victim.unlink()
            victim.write_text(original, encoding="utf-8")
        r = self._run_ours(["--format", "json", "."], cwd=tree)
        back = not any(dict(f)["path"] == rel for f in self.findings(r))
        checks.append(("reverted file re-linted", back, f"{r.wall:.2f}s"))
        # (b) the configuration changes: ignore the most frequent code
        codes = Counter(dict(f)["code"] for f in ref)
        if codes:
            code = codes.most_common(1)[0][0]
            cfg = tree / ".bedrock-lint.toml"
            cfg.write_text(f'ignore = ["{code}"]\n', encoding="utf-8")
            try:
                r = self._run_ours(["--format", "json", "."], cwd=tree)
                gone = r.rc in (0, 1) and not any(dict(f)["code"] == code for f in self.findings(r))
                checks.append((f"config change (ignore {code}) honoured", gone, f"{r.wall:.2f}s"))
            finally:
                cfg.unlink()
            r = self._run_ours(["--format", "json", "."], cwd=tree)
            checks.append(("config reverted: findings as before", self.findings(r) == ref, f"{r.wall:.2f}s"))
        # (c) the tool version changes (patched in-process): the cache must not be reused
        warm = self._run_ours(["--format", "json", "."], cwd=tree)
        code = ("import sys, bedrock_lint\nbedrock_lint.__version__ += '+bench'\n"
                "from bedrock_lint.cli import main\nsys.exit(main())\n")
        r = measure.run([str(self.py), "-c", code, "--format", "json", "."], cwd=tree, env=self.env)
        urls = [dict(f).get("url", "") for f in self.findings(r, keep_url=True)]
        if any("0." in u or "v" in u for u in urls):  # the rule URLs carry the version
            relinted = all("+bench" in u for u in urls)
        else:
            relinted = r.wall > 2 * warm.wall
        checks.append(("new tool version re-lints (not served from cache)",
                       relinted and self.findings(r) == ref,
                       f"{r.wall:.2f}s vs warm {warm.wall:.2f}s"))
        for name, ok, detail in checks:
            self.log(f"    {'ok  ' if ok else 'FAIL'} {name} ({detail})")
        bad = [n for n, ok, _ in checks if not ok]
        self.add("4c", "cache never stale (file, config, version)", f"{len(checks) - len(bad)}/{len(checks)} ok",
                 f"{len(checks)} checks", "-", "all", "PASS" if not bad else "FAIL", "; ".join(bad))

    # -- target 5 ------------------------------------------------------------------------------
    def target5(self) -> None:
        self.log("\n== 5. no per-run grammar build (python-hcl2)")
        files = gen.single_inputs(self.inputs)
        tf = files["main.tf"]
        cwd = tf.parent
        self.quiet()
        os.utime(tf, None)
        first = self._run_ours(["--force-exclude", tf.name], cwd=cwd)
        os.utime(tf, None)
        second = self._run_ours(["--force-exclude", tf.name], cwd=cwd)
        more = measure.repeat(self.ours(["--force-exclude", tf.name]), max(3, self.n // 2), warmup=0,
                              cwd=cwd, env=self.env, before=self.touch(tf))
        if self.t_clean is None:
            c = files["clean.py"]
            self.t_clean = measure.repeat(self.ours(["--force-exclude", c.name]), self.n, cwd=cwd,
                                          env=self.env, before=self.touch(c)).median
        build = self.grammar_build_cost()
        self.log(f"  bedrock-lint main.tf: first run {first.wall:.3f}s, second {second.wall:.3f}s, "
                 f"then {more.spread()}; exit {second.rc}")
        self.log(f"  building the hcl2 grammar from scratch costs {build:.3f}s; a clean-file run "
                 f"costs {self.t_clean:.3f}s")
        overhead = second.wall - self.t_clean
        ok = build > 0 and overhead < 0.5 * build
        self.add("5", "2nd run on a .tf: no grammar rebuild", f"{second.wall:.3f}s",
                 f"clean run {self.t_clean:.3f}s + build {build:.2f}s",
                 f"+{overhead:.3f}s over a clean run", "< half the build",
                 "PASS" if ok else "FAIL", f"median of later runs {more.median:.3f}s")

    def grammar_build_cost(self) -> float:
        code = ("import time\nimport hcl2.parser as p\nfrom hcl2.postlexer import PostLexer\n"
                "from lark import Lark\nt = time.process_time()\n"
                "Lark.open('hcl2.lark', parser='lalr', rel_to=p.__file__, propagate_positions=True,"
                " postlex=PostLexer())\nprint(time.process_time() - t)\n")
        r = measure.run([str(self.py), "-c", code], env=self.env)
        try:
            return float(r.stdout.strip())
        except ValueError:
            return 0.0

    # -- target 6 ------------------------------------------------------------------------------
    def target6(self) -> None:
        self.log("\n== 6. bedrock-lint audit: CloudTrail events per second per core, flat memory")
        probe = self._run_ours(["audit", "--help"], cwd=self.work / "empty")
        # before the subcommand exists, "audit" is taken for a path and --help shows check's help
        cli = probe.rc == 0 and "bedrock-lint audit" in probe.stdout
        if cli:
            prefix = self.ours(["audit"])
        else:
            why = (probe.stderr.strip().splitlines() or [f"exit {probe.rc}, no audit usage"])[-1]
            self.log(f"  `bedrock-lint audit --help` failed: {why}")
            # the module may exist before the command is wired: measure it, but as info only
            code = ("import sys\nfrom bedrock_lint import audit\nsys.exit(audit.main(sys.argv[1:]))\n")
            mod = measure.run([str(self.py), "-c", code, "--help"], cwd=self.work / "empty", env=self.env)
            if mod.rc != 0:
                self.add("6", "audit throughput", "-", "-", "-", ">= 50k events/s/core, flat memory",
                         "SKIP", "not implemented: `bedrock-lint audit --help` fails")
                return
            self.log("  bedrock_lint.audit.main exists: measuring it through `python -c` (info only)")
            prefix = [str(self.py), "-c", code]
            probe = mod
        # per core and flat memory: one process (-j1) on N and 4N events; default jobs for info
        one = ["--jobs", "1"] if "--jobs" in probe.stdout else []
        sizes = [10_000, 40_000] if self.quick else [200_000, 1_000_000]
        runs = {}
        for n in sizes:
            folder = gen.cloudtrail(self.inputs, n)
            self.quiet()
            r = measure.run([*prefix, *one, str(folder)], cwd=self.work / "empty", env=self.env,
                            memory=True, timeout=self.args.timeout)
            runs[n] = r
            self.log(f"  {n:,} events ({folder.name}, gzip{', -j1' if one else ''}): {r.wall:.2f}s wall, {r.cpu:.2f}s CPU "
                     f"({r.cores:.2f} cores), {n / max(r.cpu, 1e-9):,.0f} events/CPU-s, peak RSS tree "
                     f"{r.tree_rss_mb:.0f} MB (main process {r.root_rss_mb:.0f} MB), exit {r.rc}{load(r)}"
                     + (f"; stderr: {r.stderr.strip()[-200:]}" if r.rc not in (0, 1) else ""))
        if one:
            self.quiet()
            r = measure.run([*prefix, str(gen.cloudtrail(self.inputs, sizes[-1]))],
                            cwd=self.work / "empty", env=self.env, memory=True, timeout=self.args.timeout)
            self.log(f"  {sizes[-1]:,} events with default jobs: {r.wall:.2f}s wall, {r.cpu:.2f}s CPU "
                     f"({r.cores:.2f} cores), {sizes[-1] / max(r.wall, 1e-9):,.0f} events/s wall, "
                     f"peak RSS tree {r.tree_rss_mb:.0f} MB{load(r)}")
        small, big = runs[sizes[0]], runs[sizes[-1]]
        if any(r.rc not in (0, 1) for r in runs.values()):
            self.add("6", "audit throughput", "-", "-", "-", ">= 50k events/s/core", "FAIL",
                     "audit exited with an error (see above)")
            return
        rate = sizes[-1] / max(big.cpu, 1e-9)
        growth = big.tree_rss_mb / max(small.tree_rss_mb, 1e-9)
        ok = rate >= 50_000 and growth <= 1.25
        self.add("6", "audit throughput", f"{rate:,.0f} events/CPU-s",
                 f"RSS {small.tree_rss_mb:.0f} MB at {sizes[0] // 1000}k, {big.tree_rss_mb:.0f} MB at "
                 f"{sizes[-1] // 1000}k", f"memory x{growth:.2f} for x{sizes[-1] // sizes[0]} events",
                 ">= 50k/s/core, memory x<=1.25",
                 ("PASS" if ok else "FAIL") if cli else "INFO",
                 "" if cli else "measured through bedrock_lint.audit.main: the CLI has no audit command yet")

    # -- report --------------------------------------------------------------------------------
    def summary(self) -> None:
        self.log(f"\n== summary ({self.elapsed():.0f}s, {'quick' if self.quick else 'full'} run, "
                 f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, Python "
                 f"{platform.python_version()}, {self.help_version()}, "
                 f"{'as installed' if self.args.as_installed else 'with compiled bytecode'})")
        rows = [("#", "target", "bedrock-lint", "reference", "ratio", "goal", "result")]
        rows += [(r.target, r.what, r.measured, r.reference, r.ratio, r.goal, r.status)
                 for r in sorted(self.results, key=lambda r: r.target)]
        widths = [min(46, max(len(row[i]) for row in rows)) for i in range(len(rows[0]))]
        for i, row in enumerate(rows):
            cells = [c if len(c) <= widths[j] else c[: widths[j] - 1] + "~" for j, c in enumerate(row)]
            self.log("  ".join(c.ljust(widths[j]) for j, c in enumerate(cells)).rstrip())
            if i == 0:
                self.log("  ".join("-" * w for w in widths))
        for r in sorted(self.results, key=lambda r: r.target):
            if r.note:
                self.log(f"  [{r.target}] {r.note}")
        counts = Counter(r.status for r in self.results)
        self.log("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if self.peer_note:
            self.log("  peers: " + "; ".join(f"{k}: {v if self.peer_exe.get(k) else 'skipped (' + v + ')'}"
                                            for k, v in self.peer_note.items()))
        path = self.work / "last-results.json"
        path.write_text(json.dumps({"quick": self.quick, "seconds": round(self.elapsed(), 1),
                                    "results": [asdict(r) for r in self.results]}, indent=2))
        self.log(f"  (also written to {path})")

    def help_version(self) -> str:
        r = self._run_ours(["--version"], cwd=self.work / "empty")
        return r.stdout.strip() or "bedrock-lint ?"


def _median_run(runs: list[measure.Run]) -> measure.Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def _only(text: str) -> set[int]:
    out = set()
    for part in text.replace(" ", "").split(","):
        if part:
            n = int(part)
            if not 1 <= n <= 6:
                raise argparse.ArgumentTypeError(f"no target {n} (1-6)")
            out.add(n)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small inputs, few repeats (a smoke run)")
    p.add_argument("--only", type=_only, action="append",
                   help="run only these targets (e.g. --only 1,5 or --only 2 --only 4)")
    p.add_argument("--work", default=str(HERE / ".work"), help="where inputs, venvs and outputs go")
    p.add_argument("--no-install", action="store_true", help="do not install missing peers (skip them)")
    p.add_argument("--budget", type=float,
                   help="seconds: skip the larger scaling sizes when they would overrun this "
                        "(default 900 for the full run, unlimited with --quick; 0 = unlimited)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds any one process may run")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                   help="before each measurement, wait up to this long for other processes on the "
                        "machine to use less than half a core (default 0: do not wait)")
    p.add_argument("--as-installed", action="store_true",
                   help="run bedrock-lint exactly as this venv has it (without compiled bytecode "
                        "when PYTHONDONTWRITEBYTECODE is set); default: with a bytecode cache in .work/")
    args = p.parse_args(argv)
    only = set().union(*args.only) if args.only else {1, 2, 3, 4, 5, 6}
    h = Harness(args)
    h.log(f"bedrock-lint benchmarks: {h.bin} ({h.help_version()}); work dir {h.work}; "
          f"{'quick' if h.quick else 'full'} run, targets {sorted(only)}; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work on the machine skews figures)")
    h.prime()
    # cheap targets first, the scaling sizes last (they are cut first when time runs out)
    for n, fn in ((1, h.target1), (5, h.target5), (6, h.target6), (2, h.target2),
                  (4, h.target4), (3, h.target3)):
        if n in only:
            try:
                fn()
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # noqa: BLE001 (a broken target must not hide the others)
                import traceback

                traceback.print_exc()
                h.add(str(n), f"target {n}", "-", "-", "-", "-", "FAIL",
                      f"harness error: {type(exc).__name__}: {exc}")
    h.summary()
    return 0


if __name__ == "__main__":
    sys.exit(main())
