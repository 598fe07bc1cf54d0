"""policykg run as a user runs it, in a subprocess under a memory cap and a time bound, so a
regression to unbounded memory or time fails the test instead of taking the machine or
hanging CI."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1536 << 20  # bytes of heap (RLIMIT_DATA): a build of the example needs ~300 MB


@dataclass(frozen=True, slots=True)
class Run:
    """How the command ended and what it said."""

    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        """The ``Error:`` lines on stderr."""
        return [line for line in self.stderr.splitlines() if line.startswith("Error:")]


def run_policykg(
    *args: str | Path,
    seconds: float = 60,
    memory: int = MEMORY_CAP,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
    file_size: int | None = None,
) -> Run:
    """``policykg ARGS…`` within ``memory`` bytes of heap and ``seconds`` of wall time (and
    files of at most ``file_size`` bytes: a disk that fills up)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    done = subprocess.run(
        [sys.executable, "-m", "policykg", *map(str, args)],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=seconds,
        preexec_fn=cap,
        cwd=cwd,
        env=env,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)
