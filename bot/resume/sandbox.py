"""Run untrusted parsing in long-lived worker processes, with a time limit and a memory limit.

A hostile file can hang a parser (even inside C code, where no signal handler runs) or make it allocate
without bound. So parsing happens in worker processes the parent can kill: `ParserPool.run()` sends the call
down a pipe, waits at most `timeout` seconds, and SIGKILLs and replaces a worker that overruns or dies.

What `run()` gives its caller: the target's result (pickled across); a ResumeRejected from the target,
unchanged; `errors.timeout(timeout)` when the wait runs out; `errors.too_complex()` on a MemoryError *or when
the worker dies* (OOM killer, segfault or abort in C code, os._exit, SIGXCPU), because such a death is almost
always memory exhaustion or a parser choking on a crafted file, which is what too_complex() tells the sender,
while `corrupt` would promise that re-exporting fixes it; `WorkerError` (type name and message, never a
traceback) for any other exception; RuntimeError once the pool is closed.

As with any forkserver/spawn start, workers import the program's main module: keep it import-safe
(`if __name__ == "__main__":`). The forkserver and its preload list are shared by the whole process.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import importlib
import math
import multiprocessing
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, Self

from bot.resume import errors
from bot.resume.errors import ResumeRejected

_READY_SECONDS = 60.0  # a new worker imports its target before it answers; a deploy error, not a file's fault


class WorkerError(Exception):
    """The target raised something other than ResumeRejected; only its type name and message cross over."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(f"{type_name}: {message}")
        self.type_name = type_name
        self.message = message


class ParserPool:
    """At most `workers` calls of `target` at once, each in a worker process under time and memory limits."""

    def __init__(
        self,
        *,
        workers: int = 2,
        timeout: float = 20.0,
        memory_mb: int = 1024,
        target: str = "bot.resume.reader:read_resume",
        preload: Sequence[str] = ("bot.resume.reader",),
        start_method: str = "forkserver",
    ) -> None:
        if workers < 1 or timeout <= 0 or memory_mb < 1:
            raise ValueError("workers, timeout and memory_mb must be positive")
        self.workers, self.timeout, self.memory_mb, self.target = workers, timeout, memory_mb, target
        # fork() in a process that runs threads (Slack, Discord, asyncio) can copy a held lock into the
        # child; the forkserver forks from a clean single-threaded server that already imported `preload`.
        self._ctx = multiprocessing.get_context(start_method)
        self._preload = list(preload) if start_method == "forkserver" else []
        # Backstop if the parent is gone or stuck: the parent normally kills at `timeout` (wall clock).
        self._cpu_seconds = max(60, math.ceil(timeout * 3))
        # PR_SET_PDEATHSIG fires when the creating *thread* exits: only the forkserver's is long-lived.
        self._die_with_parent = start_method == "forkserver"
        self._cond = threading.Condition()
        self._idle: list[_Worker | None] = [None] * workers  # None: slot whose worker starts on first use
        self._busy: set[_Worker] = set()  # checked out right now; close() kills them
        self._out = 0  # slots checked out, including those still starting a worker
        self._closed = False
        self._executor: ThreadPoolExecutor | None = None

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Call target(*args, **kwargs) in a worker and return its result (see the module doc for errors)."""
        worker = self._checkout()
        healthy = False
        try:
            try:
                worker.conn.send((args, kwargs))
                reply = worker.conn.recv() if worker.conn.poll(self.timeout) else None
            except (EOFError, OSError):  # the worker died during the call, or close() killed it
                self._check_open()
                raise errors.too_complex() from None
            if reply is None:  # still busy: the worker is killed below; never reuse a worker mid-call
                raise errors.timeout(self.timeout)
            # After a MemoryError a C library may be left half-initialised: retire that worker too.
            healthy = reply[0] != "memory"
            return _unwrap(reply)
        finally:
            self._checkin(worker, healthy)

    async def run_async(self, *args: Any, **kwargs: Any) -> Any:
        """`run()` without blocking the event loop."""
        # Own threads, one per slot: calls waiting for a slot never starve asyncio's default executor,
        # which the chat handlers use for their own work.
        with self._cond:
            self._check_open()
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="sift-parse")
            executor = self._executor
        call = functools.partial(self.run, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(executor, call)

    def close(self) -> None:
        """Kill every worker, reap it, and fail calls in flight or waiting with RuntimeError. Idempotent."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            busy, executor = list(self._busy), self._executor
            self._cond.notify_all()
        for running in busy:
            running.kill()  # its caller sees EOF, reaps the worker and gives the slot back
        for waiting in idle:
            if waiting is not None:
                waiting.stop()
        with self._cond:
            self._cond.wait_for(lambda: self._out == 0, timeout=10)
        if executor is not None:
            executor.shutdown(wait=False)  # queued calls still run, and fail fast with RuntimeError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the parser pool is closed")

    def _checkout(self) -> _Worker:
        """Take a free slot (waiting for one) and return its worker, started if the slot has none."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or bool(self._idle))
            self._check_open()
            worker = self._idle.pop()
            self._out += 1
            if worker is not None:
                self._busy.add(worker)
        if worker is not None:
            if worker.process.is_alive():
                return worker
            # Died while idle (killed from outside, CPU backstop): not the next file's fault; start afresh.
            with self._cond:
                self._busy.discard(worker)
            worker.stop()
        new = None
        try:
            if self._preload:  # process-wide, read once when the forkserver starts; "__main__" as by default
                self._ctx.set_forkserver_preload(["__main__", *self._preload])
            new = _Worker(self._ctx, (self.target, self.memory_mb, self._cpu_seconds, self._die_with_parent))
            with self._cond:
                self._busy.add(new)
                self._check_open()
            if not new.conn.poll(_READY_SECONDS):
                raise WorkerError("TimeoutError", "the parser worker did not start in time")
            if (reply := new.conn.recv())[0] != "ready":
                _unwrap(reply)
            return new
        except (EOFError, OSError):
            self._checkin(new, healthy=False)
            self._check_open()
            raise WorkerError("WorkerDied", "the parser worker exited while starting") from None
        except BaseException:
            self._checkin(new, healthy=False)
            raise

    def _checkin(self, worker: _Worker | None, healthy: bool) -> None:
        """Give the slot back; a worker that is not healthy is killed and reaped, its slot restarts lazily."""
        with self._cond:
            if worker is not None:
                self._busy.discard(worker)
            keep = healthy and not self._closed
            if keep:
                self._idle.append(worker)
        if not keep and worker is not None:
            worker.stop()
        with self._cond:
            if not keep and not self._closed:
                self._idle.append(None)
            self._out -= 1
            self._cond.notify_all()


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, args: tuple[str, int, int, bool]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, *args), name="sift-parser", daemon=True)
        self.process.start()
        child.close()  # keep only our end, so a dead worker reads as EOF rather than a hang

    def kill(self) -> None:
        try:
            self.process.kill()
        except ValueError:  # already stopped and closed by its caller
            pass

    def stop(self) -> None:
        self.process.kill()
        self.process.join()  # reap: no zombie left behind
        self.process.close()
        self.conn.close()


def _unwrap(reply: tuple[Any, ...]) -> Any:
    if reply[0] == "ok":
        return reply[1]
    if reply[0] == "rejected":
        raise reply[1]
    if reply[0] == "memory":
        raise errors.too_complex()
    raise WorkerError(reply[1], reply[2])


def _serve(conn: Connection, target: str, memory_mb: int, cpu_seconds: int, die_with_parent: bool) -> None:
    """Worker main loop: limit itself, then answer (args, kwargs) messages until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the process group; the parent decides
    if die_with_parent:
        _die_with_parent()
    _set_soft_limit(resource.RLIMIT_AS, memory_mb * 2**20)  # big allocations fail as MemoryError
    try:
        module, _, name = target.partition(":")
        fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises WorkerError
        conn.send(("error", type(exc).__name__, f"cannot load {target}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            args, kwargs = conn.recv()
        except EOFError:  # the parent closed the pipe or died
            return
        # Workers live long: the CPU backstop counts from this call, not from the worker's start.
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _set_soft_limit(resource.RLIMIT_CPU, math.ceil(usage.ru_utime + usage.ru_stime) + cpu_seconds)
        try:
            reply: tuple[Any, ...] = ("ok", fn(*args, **kwargs))
        except ResumeRejected as exc:
            reply = ("rejected", exc)
        except MemoryError:
            reply = ("memory",)
        except BaseException as exc:  # noqa: BLE001 - SystemExit too: a target must not end the worker
            reply = ("error", type(exc).__name__, str(exc))
        try:
            conn.send(reply)  # pickles before writing, so a failure here leaves the pipe clean
        except MemoryError:
            conn.send(("memory",))
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
            conn.send(("error", type(exc).__name__, f"the result cannot be sent back: {exc}"))


def _set_soft_limit(kind: int, value: int) -> None:
    _, hard = resource.getrlimit(kind)  # the hard limit stays, so the CPU limit can move on per call
    resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def _die_with_parent() -> None:
    # If Sift is killed, the forkserver exits; the kernel then SIGKILLs a worker stuck in a hostile file
    # instead of leaving it orphaned. Linux only; elsewhere the CPU backstop remains.
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
