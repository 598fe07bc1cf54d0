"""How the endpoint runs queries under load: in worker processes, a bounded number at a time,
cheap queries never stuck behind slow ones.

Each query runs in a forked process, killed at the time limit (a thread running rdflib or
Oxigraph cannot be stopped; a process can). Processes are few, so that two hundred slow
queries neither take the machine nor make a plain ``ASK {}`` wait behind them:

- every query first runs in the **quick lane** (a few processes; the newest query waiting is
  served first, so one just sent is answered at once however many wait);
- one still running after ``quick_seconds`` moves to the **slow lane** (``workers`` processes;
  first come, first served), keeping its process when a slow place is free and starting
  again when one frees up;
- a query that waits longer than ``queue_wait`` for either is answered 503 (busy, try again),
  as is one that runs past ``timeout``.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

__all__ = ["Lanes", "Reply", "Slots"]

Reply = tuple[HTTPStatus, str, bytes]
_TEXT = "text/plain; charset=utf-8"


class Slots:
    """``count`` places; a caller waits at most a given time for one, the newest caller
    first (``newest_first``) or the oldest."""

    def __init__(self, count: int, *, newest_first: bool) -> None:
        self._free = count
        self._newest_first = newest_first
        self._waiting: list[object] = []
        self._changed = threading.Condition()

    def acquire(self, timeout: float) -> bool:
        """Take a place, waiting at most ``timeout`` seconds; whether one was taken."""
        deadline = time.monotonic() + timeout
        token = object()
        with self._changed:
            self._waiting.append(token)
            try:
                while True:
                    turn = self._waiting[-1 if self._newest_first else 0] is token
                    if turn and self._free > 0:
                        self._free -= 1
                        return True
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._changed.wait(left)
            finally:
                self._waiting.remove(token)
                self._changed.notify_all()

    def try_acquire(self) -> bool:
        """Take a place if one is free and nobody waits for it."""
        with self._changed:
            if self._free > 0 and not self._waiting:
                self._free -= 1
                return True
            return False

    def release(self) -> None:
        """Give a place back."""
        with self._changed:
            self._free += 1
            self._changed.notify_all()


@dataclass(frozen=True, slots=True)
class LaneLimits:
    """How long a query may run, how many run at once and how long one may wait."""

    timeout: float = 10.0
    workers: int = 4
    quick_workers: int = 2
    quick_seconds: float = 0.5
    queue_wait: float = 10.0


Work = Callable[[], Reply]


class Lanes:
    """Runs each query's ``work`` in a worker process within the limits."""

    def __init__(self, limits: LaneLimits) -> None:
        self.limits = limits
        self.quick = Slots(limits.quick_workers, newest_first=True)
        self.slow = Slots(limits.workers, newest_first=False)

    def run(self, work: Work) -> Reply:
        """The reply of ``work``, or 503 when it waited or ran too long."""
        limits = self.limits
        if not self.quick.acquire(limits.queue_wait):
            return self._busy()
        trial = min(limits.quick_seconds, limits.timeout)
        worker = _Worker(work)
        moved = False
        try:
            reply = worker.reply(trial)
            if reply is not None or trial >= limits.timeout:
                return reply or self._too_long()
            moved = self.slow.try_acquire()
            if moved:  # a slow place is free: the query goes on in its process
                self.quick.release()
                try:
                    return worker.reply(limits.timeout - trial) or self._too_long()
                finally:
                    self.slow.release()
        finally:
            if not moved:
                self.quick.release()
            worker.stop()
        if not self.slow.acquire(limits.queue_wait):
            return self._busy()
        worker = _Worker(work)
        try:
            return worker.reply(limits.timeout) or self._too_long()
        finally:
            self.slow.release()
            worker.stop()

    def _too_long(self) -> Reply:
        return (
            HTTPStatus.SERVICE_UNAVAILABLE,
            _TEXT,
            f"the query ran longer than {self.limits.timeout:g} s and was stopped; narrow it "
            "or add a LIMIT\n".encode(),
        )

    def _busy(self) -> Reply:
        return (
            HTTPStatus.SERVICE_UNAVAILABLE,
            _TEXT,
            f"the server is busy: every query worker was taken for {self.limits.queue_wait:g} s; "
            "try again shortly (serve --workers raises how many queries run at once)\n".encode(),
        )


class _Worker:
    """One query in a forked process, answering through a pipe."""

    def __init__(self, work: Work) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(work, sender), daemon=True)
        self._process.start()
        sender.close()

    def reply(self, timeout: float) -> Reply | None:
        """The reply, or None when the worker has not answered within ``timeout``."""
        try:
            if not self._receiver.poll(max(timeout, 0.0)):
                return None
            status, media, body = self._receiver.recv()
        except (EOFError, OSError):
            return HTTPStatus.INTERNAL_SERVER_ERROR, _TEXT, b"the query worker died\n"
        return HTTPStatus(status), media, body

    def stop(self) -> None:
        """End the worker, whether or not it answered."""
        self._receiver.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _answer(work: Work, sender: Any) -> None:
    try:
        sender.send(work())
    finally:
        sender.close()
