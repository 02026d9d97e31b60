"""Run a command as a subprocess and measure it: wall time, CPU time of the whole process tree,
peak memory. Standard library only (Linux /proc for the process-tree memory)."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    cmd: list[str]
    rc: int
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and every descendant it waited for
    maxrss_mb: float  # largest single process of the tree (wait4's ru_maxrss)
    tree_rss_mb: float = 0.0  # peak of the summed RSS of the live tree (sampled), 0 if not sampled
    tree_pss_mb: float = 0.0  # peak of the summed PSS (shared pages split between processes)
    root_rss_mb: float = 0.0  # peak RSS of the process started (without its children)
    samples: int = 0
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    #: CPU used by everything else on the machine meanwhile, in cores (other load skews figures)
    foreign_cores: float = 0.0

    @property
    def cores(self) -> float:
        return self.cpu / self.wall if self.wall > 0 else 0.0


def _machine_busy() -> float:
    """Seconds of CPU the whole machine has been busy since boot (/proc/stat)."""
    try:
        with open("/proc/stat", "rb") as fh:
            fields = fh.readline().split()[1:]
        ticks = [int(x) for x in fields]
        busy = sum(ticks[:3]) + sum(ticks[5:8])  # user nice system (idle iowait) irq softirq steal
        return busy / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def machine_load(window: float = 1.0) -> float:
    """Cores busy on the whole machine over the next ``window`` seconds."""
    b0 = _machine_busy()
    time.sleep(window)
    return (_machine_busy() - b0) / window


def wait_quiet(max_wait: float, threshold: float = 0.5, window: float = 2.0) -> tuple[float, float]:
    """Wait (at most ``max_wait`` s) until other processes use less than ``threshold`` cores;
    returns (seconds waited, last load)."""
    t0 = time.monotonic()
    load = 0.0
    while True:
        load = machine_load(window)
        waited = time.monotonic() - t0
        if load < threshold or waited >= max_wait:
            return waited, load


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        rest = data[data.rfind(b")") + 2:].split()
        if len(rest) > 1:
            kids.setdefault(int(rest[1]), []).append(int(name))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def _mem_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        try:
            with open(f"/proc/{pid}/status", "rb") as fh:
                for line in fh:
                    if line.startswith(b"VmRSS:"):
                        rss = pss = int(line.split()[1])
        except OSError:
            pass
    return rss, pss


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.peak_root = 0
        self.samples = 0
        self.stop = threading.Event()

    def run(self) -> None:
        pids: list[int] = []
        found_at = 0.0
        while not self.stop.is_set():
            now = time.monotonic()
            if now - found_at > 0.5:  # scanning /proc costs more than reading a few processes
                pids, found_at = _tree(self.pid), now
            rss = pss = 0
            for p in pids:
                r, s = _mem_kb(p)
                if p == self.pid:
                    self.peak_root = max(self.peak_root, r)
                rss += r
                pss += s
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.samples += 1
            self.stop.wait(self.interval)


def run(cmd: list[str], *, cwd: Path | str | None = None, env: dict[str, str] | None = None,
        memory: bool = False, interval: float = 0.1, timeout: float | None = None,
        keep_output: bool = True) -> Run:
    """Run ``cmd``; measure it. Output goes to temporary files (no pipe can block it)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy0 = _machine_busy()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, start_new_session=True)
        sampler = _Sampler(proc.pid, interval) if memory else None
        if sampler:
            sampler.start()
        timed_out = False
        timer = None
        if timeout:
            def _kill() -> None:
                nonlocal timed_out
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
            timer = threading.Timer(timeout, _kill)
            timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        busy = _machine_busy() - busy0
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stop.set()
            sampler.join()
        text_out = text_err = ""
        if keep_output:
            out.seek(0)
            err.seek(0)
            text_out = out.read().decode("utf-8", "replace")
            text_err = err.read().decode("utf-8", "replace")
    return Run(cmd=cmd, rc=proc.returncode, wall=wall, cpu=ru.ru_utime + ru.ru_stime,
               maxrss_mb=ru.ru_maxrss / 1024, tree_rss_mb=(sampler.peak_rss / 1024 if sampler else 0.0),
               tree_pss_mb=(sampler.peak_pss / 1024 if sampler else 0.0),
               root_rss_mb=(sampler.peak_root / 1024 if sampler else 0.0),
               samples=sampler.samples if sampler else 0, stdout=text_out, stderr=text_err,
               timed_out=timed_out,
               foreign_cores=max(0.0, busy - (ru.ru_utime + ru.ru_stime)) / wall if wall > 0.05 else 0.0)


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def last(self) -> Run:
        return self.runs[-1]

    def spread(self) -> str:
        walls = sorted(r.wall for r in self.runs)
        busy = statistics.median(r.foreign_cores for r in self.runs)
        other = f" [other processes used {busy:.1f} cores meanwhile]" if busy >= 0.3 else ""
        return (f"median {self.median:.3f}s (min {walls[0]:.3f}, max {walls[-1]:.3f}, "
                f"n={len(walls)}){other}")


def repeat(cmd: list[str], n: int, *, warmup: int = 1, before=None, **kw) -> Series:
    """``n`` measured runs after ``warmup`` unmeasured ones; ``before()`` runs before each."""
    for _ in range(warmup):
        if before:
            before()
        run(cmd, keep_output=False, **kw)
    s = Series()
    for _ in range(n):
        if before:
            before()
        s.runs.append(run(cmd, **kw))
    return s


def interleave(cmds: list[list[str]], n: int, *, warmup: int = 1, befores=None,
               kws=None) -> list[Series]:
    """Run the commands in turn (A B A B ...), so that load from elsewhere on the machine falls
    on all of them alike; one Series per command."""
    befores = befores or [None] * len(cmds)
    kws = kws or [{}] * len(cmds)
    out = [Series() for _ in cmds]
    for i in range(warmup + n):
        for cmd, before, kw, series in zip(cmds, befores, kws, out):
            if before:
                before()
            r = run(cmd, keep_output=i >= warmup, **kw)
            if i >= warmup:
                series.runs.append(r)
    return out
