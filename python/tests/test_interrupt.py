"""Ctrl-C and the GIL: a running exploration or screen stops within a second of a SIGINT sent
by another thread, and other Python threads run while basin explores."""

import os
import signal
import threading
import time

import pytest

import basin
from conftest import PHENOTYPES, SHOWCASE


def ring(n: int) -> str:
    """The hard ring of tests/bad_input.rs: n = 24 takes the explicit asynchronous engine more
    than 30 s (release build)."""
    lines = ["targets, factors"]
    lines += [f"x{i}, x{(i * 7 + 1) % n} & !x{(i * 13 + 5) % n}" for i in range(n)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def sigint_raises():
    """Python's own Ctrl-C handler, whatever the test process inherited: a shell that starts
    the tests as a background job hands them SIGINT ignored, and Python then never installs
    the handler that raises KeyboardInterrupt (the tests would wait for the whole workload)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def interrupt_after(seconds: float, sent: list) -> threading.Thread:
    def send():
        time.sleep(seconds)
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=send)
    thread.start()
    return thread


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT with os.kill")
def test_ctrl_c_stops_an_exploration_within_a_second(sigint_raises):
    model = basin.load(ring(24))
    sent: list = []
    thread = interrupt_after(1.0, sent)
    with pytest.raises(KeyboardInterrupt):
        model.attractors(engine="explicit")
    stopped = time.monotonic()
    thread.join()
    assert sent, "the exploration finished before the interrupt"
    assert stopped - sent[0] < 1.0, f"stopped {stopped - sent[0]:.2f} s after Ctrl-C"
    # Nothing is left broken: the next call works.
    assert len(basin.load(ring(6)).attractors()) >= 1


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT with os.kill")
def test_ctrl_c_stops_a_screen_within_a_second(sigint_raises):
    model = basin.load(SHOWCASE)
    labels = basin.Phenotypes.load(PHENOTYPES)
    sent: list = []
    thread = interrupt_after(1.0, sent)
    with pytest.raises(KeyboardInterrupt):
        model.screen(labels, order=2, update="both", jobs=2)
    stopped = time.monotonic()
    thread.join()
    assert sent, "the screen finished before the interrupt"
    assert stopped - sent[0] < 1.0, f"stopped {stopped - sent[0]:.2f} s after Ctrl-C"


def test_a_timeout_cancels_and_says_so():
    started = time.monotonic()
    with pytest.raises(basin.CancelledError):
        basin.load(ring(24)).attractors(engine="explicit", timeout=0.5)
    assert time.monotonic() - started < 2.0


def test_the_gil_is_released_while_exploring():
    model = basin.load(ring(24))
    finished = threading.Event()
    errors: list = []

    def explore():
        try:
            model.attractors(engine="explicit", timeout=3.0)
        except basin.CancelledError:
            pass
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finished.set()

    worker = threading.Thread(target=explore)
    worker.start()
    time.sleep(0.3)
    count, start = 0, time.monotonic()
    while time.monotonic() - start < 0.5:
        count += 1
    # With the GIL held by the exploration this thread could not have run until it ended.
    assert not finished.is_set() and count > 1000
    worker.join()
    assert not errors
