"""Hostile and harmless targets for the ParserPool tests; they run inside worker processes."""

from __future__ import annotations

import ctypes
import os
import re
import resource
import sys
import time
from typing import Any

from bot.resume import errors
from bot.resume.model import Resume


def call(name: str, *args: Any) -> Any:
    """The pools' target: one pool can then be asked to hang, crash and echo in turn."""
    return globals()[name](*args)


def echo(value: Any) -> Any:
    return value


def pid() -> int:
    return os.getpid()


def tagged(tag: int) -> tuple[int, int]:
    """Answers with the caller's tag and the worker's pid, so tests can match answers to questions."""
    return tag, os.getpid()


def pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def resume(name: str) -> Resume:
    return Resume(name=name, skills=["python"])


def interval(seconds: float) -> tuple[float, float]:
    """Sleeps and reports when it ran (wall clock), to count how many calls overlap."""
    start = time.time()
    time.sleep(seconds)
    return start, time.time()


def address_space_limit() -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def sleep_forever() -> None:
    time.sleep(3600)


def busy_loop() -> None:
    while True:
        pass


def catastrophic_regex() -> None:
    """Stuck inside C (the re engine) holding the GIL: no signal handler in the worker could run."""
    re.match(r"(a+)+$", "a" * 64 + "b")


def allocate(mb: int) -> int:
    return len(bytearray(mb * 2**20))


def crash() -> None:
    os._exit(3)


def segfault() -> None:
    ctypes.string_at(0)


def exit_worker() -> None:
    sys.exit(2)


def raise_rejected() -> None:
    raise errors.corrupt("PDF")


def raise_value_error() -> None:
    raise ValueError("bad xref table at offset 1234")


def unpicklable_result() -> Any:
    return lambda: None


def cpu_limit() -> tuple[int, float]:
    """The worker's soft CPU-time limit and the CPU seconds it has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return resource.getrlimit(resource.RLIMIT_CPU)[0], usage.ru_utime + usage.ru_stime
