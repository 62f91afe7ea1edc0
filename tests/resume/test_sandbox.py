"""ParserPool: untrusted parsing in worker processes that the parent can time out, limit and replace."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.resume import errors
from bot.resume.errors import ResumeRejected
from bot.resume.model import Resume
from bot.resume.sandbox import ParserPool, WorkerError

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs Linux (/proc, RLIMIT_AS)")

TARGET = "tests.resume.sandbox_targets:call"
PRELOAD = ("tests.resume.sandbox_targets",)


@pytest.fixture
def make_pool() -> Iterator[Callable[..., ParserPool]]:
    pools: list[ParserPool] = []

    def make(**options: Any) -> ParserPool:
        defaults: dict[str, Any] = {"workers": 2, "timeout": 5.0, "memory_mb": 512}
        pools.append(ParserPool(**(defaults | {"target": TARGET, "preload": PRELOAD} | options)))
        return pools[-1]

    yield make
    for pool in pools:
        pool.close()


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state letter) for every process, read from /proc (psutil is not a dependency)."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path("/proc", entry, "stat").read_text()
            except OSError:  # exited while we looked
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            found[int(entry)] = (int(ppid), state)
    return found


def _descendants(root: int) -> dict[int, tuple[int, str]]:
    processes, found, todo = _processes(), {}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, state) in processes.items():
            if ppid == parent and pid not in found:
                found[pid] = (ppid, state)
                todo.append(pid)
    return found


def _wait_gone(pid: int, within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while Path("/proc", str(pid)).exists():  # a zombie keeps its /proc entry too
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_run_returns_the_targets_result(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool()
    assert pool.run("echo", {"skills": ["python", "sql"], "years": 3.5}) == {
        "skills": ["python", "sql"],
        "years": 3.5,
    }
    assert pool.run("resume", "Ada Lovelace") == Resume(name="Ada Lovelace", skills=["python"])


def test_ten_megabyte_payload_round_trips_intact(make_pool: Callable[..., ParserPool]) -> None:
    payload = os.urandom(10 * 2**20)
    assert make_pool().run("echo", payload) == payload


def test_call_runs_in_another_process(make_pool: Callable[..., ParserPool]) -> None:
    assert make_pool().run("pid") != os.getpid()


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_other_start_methods_answer_and_cut_hangs(
    make_pool: Callable[..., ParserPool], start_method: str
) -> None:
    pool = make_pool(workers=1, timeout=0.5, start_method=start_method)
    assert pool.run("echo", start_method) == start_method
    with pytest.raises(ResumeRejected, match="longer than 0.5 seconds"):
        pool.run("sleep_forever")
    assert pool.run("echo", "again") == "again"


def test_workers_start_only_when_first_needed(make_pool: Callable[..., ParserPool]) -> None:
    make_pool().run("pid")  # the shared forkserver is up from here on
    before = set(_descendants(os.getpid()))
    pool = make_pool()
    assert set(_descendants(os.getpid())) == before
    pool.run("pid")
    assert set(_descendants(os.getpid())) > before


@pytest.mark.parametrize("hang", ["sleep_forever", "busy_loop", "catastrophic_regex"])
def test_hang_is_cut_at_the_timeout_and_the_pool_keeps_working(
    make_pool: Callable[..., ParserPool], hang: str
) -> None:
    pool = make_pool(workers=1, timeout=1.0)
    stuck_pid = pool.run("pid")
    started = time.monotonic()
    with pytest.raises(ResumeRejected) as caught:
        pool.run(hang)
    elapsed = time.monotonic() - started
    assert caught.value.reason == "timeout"
    assert caught.value.message == errors.timeout(1.0).message
    assert 1.0 <= elapsed < 5.0  # cut at the timeout (a loaded machine may take a while to kill and reap)
    assert _wait_gone(stuck_pid), "the worker that overran must be killed and reaped"
    assert pool.run("echo", "next file") == "next file"
    assert pool.run("pid") != stuck_pid


def test_worker_runs_under_the_address_space_limit(make_pool: Callable[..., ParserPool]) -> None:
    assert make_pool(memory_mb=300).run("address_space_limit") == 300 * 2**20


def test_worker_has_a_cpu_time_backstop_counted_from_each_call(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=1, timeout=1.0)
    pool.run("allocate", 64)  # spends a little CPU
    limit, used = pool.run("cpu_limit")
    assert limit != resource.RLIM_INFINITY
    assert used + 59 <= limit <= used + 61  # generous (60 s floor) next to the 1 s wall-clock timeout


def test_ctrl_c_in_the_terminal_does_not_kill_workers(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=1)
    worker = pool.run("pid")
    os.kill(worker, signal.SIGINT)  # a terminal sends SIGINT to the whole process group
    time.sleep(0.1)
    assert pool.run("pid") == worker


def test_memory_over_the_limit_is_too_complex_and_the_pool_keeps_working(
    make_pool: Callable[..., ParserPool],
) -> None:
    pool = make_pool(workers=1, memory_mb=256)
    assert pool.run("allocate", 32) == 32 * 2**20  # the limit leaves room for ordinary work
    hungry_pid = pool.run("pid")
    with pytest.raises(ResumeRejected) as caught:
        pool.run("allocate", 1024)
    assert caught.value.reason == "too_complex"
    assert caught.value.message == errors.too_complex().message
    assert pool.run("echo", "next file") == "next file"
    assert pool.run("pid") != hungry_pid, "a worker that ran out of memory is retired"


@pytest.mark.parametrize("death", ["crash", "segfault"])
def test_worker_that_dies_gives_too_complex_and_is_replaced(
    make_pool: Callable[..., ParserPool], death: str
) -> None:
    pool = make_pool(workers=1)
    dead_pid = pool.run("pid")
    with pytest.raises(ResumeRejected) as caught:
        pool.run(death)
    assert caught.value.reason == "too_complex"
    assert _wait_gone(dead_pid)
    assert pool.run("pid") not in (dead_pid, None)


def test_idle_worker_killed_from_outside_does_not_fail_the_next_file(
    make_pool: Callable[..., ParserPool],
) -> None:
    pool = make_pool(workers=1)
    victim = pool.run("pid")
    os.kill(victim, 9)
    assert _wait_gone(victim)
    assert pool.run("echo", "innocent file") == "innocent file"


def test_resume_rejected_from_the_target_arrives_intact(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=1)
    worker = pool.run("pid")
    with pytest.raises(ResumeRejected) as caught:
        pool.run("raise_rejected")
    expected = errors.corrupt("PDF")
    assert (type(caught.value), caught.value.reason, caught.value.message) == (
        ResumeRejected,
        expected.reason,
        expected.message,
    )
    assert pool.run("pid") == worker, "a rejection is an ordinary answer: the worker stays"


def test_other_exceptions_arrive_as_worker_error_with_type_name_and_message(
    make_pool: Callable[..., ParserPool],
) -> None:
    pool = make_pool(workers=1)
    with pytest.raises(WorkerError) as caught:
        pool.run("raise_value_error")
    assert (caught.value.type_name, caught.value.message) == ("ValueError", "bad xref table at offset 1234")
    assert str(caught.value) == "ValueError: bad xref table at offset 1234"
    assert "Traceback" not in str(caught.value)


def test_target_calling_sys_exit_does_not_end_the_worker(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=1)
    worker = pool.run("pid")
    with pytest.raises(WorkerError, match="SystemExit"):
        pool.run("exit_worker")
    assert pool.run("pid") == worker


def test_result_that_cannot_be_pickled_is_a_worker_error(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=1)
    with pytest.raises(WorkerError, match="cannot be sent back"):
        pool.run("unpicklable_result")
    assert pool.run("echo", 7) == 7


def test_target_that_cannot_be_imported_is_a_worker_error(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(target="tests.resume.sandbox_targets:no_such_function")
    with pytest.raises(WorkerError) as caught:
        pool.run()
    assert caught.value.type_name == "AttributeError"
    assert "no_such_function" in caught.value.message


def test_concurrent_calls_from_eight_threads_get_their_own_answers(
    make_pool: Callable[..., ParserPool],
) -> None:
    pool = make_pool(workers=2)
    answers: dict[int, list[tuple[int, int]]] = {}

    def client(thread: int) -> None:
        answers[thread] = [pool.run("tagged", thread * 1000 + i) for i in range(25)]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(answers) == list(range(8))
    for number, replies in answers.items():
        assert [tag for tag, _ in replies] == [number * 1000 + i for i in range(25)]
    assert len({pid for replies in answers.values() for _, pid in replies}) <= 2


def test_at_most_workers_calls_run_at_once(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=2)
    spans: list[tuple[float, float]] = []
    threads = [threading.Thread(target=lambda: spans.append(pool.run("interval", 0.15))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(spans) == 6
    overlaps = [sum(start <= moment < end for start, end in spans) for moment, _ in spans]
    assert max(overlaps) == 2


def test_close_reaps_every_worker_and_leaves_no_child_processes(make_pool: Callable[..., ParserPool]) -> None:
    before = set(_descendants(os.getpid()))  # other pools of this test session (e.g. the store tests') stay
    pool = make_pool(workers=2)
    pids: list[int] = []
    threads = [threading.Thread(target=lambda: pids.append(pool.run("pid_after", 0.2))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(set(pids)) == 2
    pool.close()
    left = _descendants(os.getpid())
    assert not set(pids) & set(_processes()), "closed workers must be gone, not even zombies"
    # What may remain are multiprocessing's shared helpers (forkserver, resource tracker), which are our
    # direct children; workers are forked by the forkserver, so any grandchild would be a leak.
    assert {pid: ppid for pid, (ppid, _) in left.items() if ppid != os.getpid() and pid not in before} == {}
    assert [pid for pid, (_, state) in left.items() if state == "Z"] == []


def test_close_stops_a_call_in_flight(make_pool: Callable[..., ParserPool]) -> None:
    pool = make_pool(workers=1, timeout=30.0)
    worker = pool.run("pid")
    outcome: list[BaseException] = []

    def hang() -> None:
        try:
            pool.run("sleep_forever")
        except Exception as exc:  # noqa: BLE001 - the test inspects whatever arrives
            outcome.append(exc)

    thread = threading.Thread(target=hang)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    pool.close()
    thread.join(timeout=5)
    assert time.monotonic() - started < 5.0  # close() does not wait for the hanging call
    assert len(outcome) == 1 and isinstance(outcome[0], RuntimeError)
    assert worker not in _processes()


def test_closed_pool_refuses_work_and_close_is_idempotent(make_pool: Callable[..., ParserPool]) -> None:
    with make_pool() as pool:
        assert pool.run("echo", 1) == 1
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        pool.run("echo", 2)


def test_run_async_returns_answers_without_blocking_the_event_loop(
    make_pool: Callable[..., ParserPool],
) -> None:
    pool = make_pool(workers=2)

    async def scenario() -> tuple[int, list[tuple[int, int]]]:
        done = asyncio.Event()
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        async def slow_call() -> None:
            await pool.run_async("interval", 0.3)
            done.set()

        await asyncio.gather(slow_call(), ticker())
        replies = await asyncio.gather(*(pool.run_async("tagged", n) for n in range(6)))
        return ticks, replies

    ticks, replies = asyncio.run(scenario())
    assert ticks >= 10, "the loop must keep running while a worker parses"
    assert [tag for tag, _ in replies] == list(range(6))


