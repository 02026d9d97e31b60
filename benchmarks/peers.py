"""The competitors, each in its own virtual environment under ``.work/venvs/`` (checkov's
``bc-python-hcl2`` and python-hcl2 both install a package named ``hcl2``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Peer:
    name: str
    package: str
    exe: str


PEERS = {
    "semgrep": Peer("semgrep", os.environ.get("BENCH_SEMGREP_SPEC", "semgrep"), "semgrep"),
    "cfn-lint": Peer("cfn-lint", os.environ.get("BENCH_CFNLINT_SPEC", "cfn-lint"), "cfn-lint"),
    "checkov": Peer("checkov", os.environ.get("BENCH_CHECKOV_SPEC", "checkov"), "checkov"),
}

#: semgrep otherwise waits on the network (version check, metrics) for over a minute here
SEMGREP_FLAGS = ["--metrics=off", "--disable-version-check"]


def peer_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0",
                "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false", "BC_SKIP_MAPPING": "TRUE",
                "PYTHONWARNINGS": "ignore"})
    env.pop("VIRTUAL_ENV", None)
    return env


def ensure(name: str, venvs: Path, *, install: bool = True, log=print) -> tuple[Path | None, str]:
    """(executable, note): the peer's console script, installing it on first use; or
    (None, why) when it cannot be had."""
    peer = PEERS[name]
    folder = venvs / name
    exe = folder / "bin" / peer.exe
    marker = folder / ".bench-installed"
    if exe.exists() and marker.exists():
        return exe, _version(folder, peer)
    if not install:
        return None, "not installed (--no-install)"
    log(f"  installing {peer.package} into {folder} (one-time) ...")
    if folder.exists():
        shutil.rmtree(folder)
    logfile = venvs / f"{name}.install.log"
    venvs.mkdir(parents=True, exist_ok=True)
    with open(logfile, "w") as out:
        try:
            subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, stdout=out,
                           stderr=subprocess.STDOUT, timeout=300)
            pip = folder / "bin" / "pip"
            if pip.exists():
                cmd = [str(pip), "install", "--disable-pip-version-check", "-q", peer.package]
            elif shutil.which("uv"):
                cmd = ["uv", "pip", "install", "--python", str(folder / "bin" / "python"), peer.package]
            else:
                return None, "no pip in the new venv and no uv"
            subprocess.run(cmd, check=True, stdout=out, stderr=subprocess.STDOUT, timeout=900)
        except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            return None, f"install failed ({type(exc).__name__}; see {logfile})"
    if not exe.exists():
        return None, f"installed but {exe} is missing (see {logfile})"
    marker.write_text(peer.package + "\n")
    return exe, _version(folder, peer)


def _version(folder: Path, peer: Peer) -> str:
    dist = {"semgrep": "semgrep", "cfn-lint": "cfn-lint", "checkov": "checkov"}[peer.name]
    try:
        out = subprocess.run([str(folder / "bin" / "python"), "-c",
                              f"import importlib.metadata as m; print(m.version({dist!r}))"],
                             capture_output=True, text=True, timeout=60, check=False)
        return f"{peer.name} {out.stdout.strip()}" if out.returncode == 0 else peer.name
    except (OSError, subprocess.TimeoutExpired):
        return peer.name
