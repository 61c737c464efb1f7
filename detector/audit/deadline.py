"""A time limit that really stops the work of one record, in the process that does it.

In a process's main thread (a joblib/loky worker, a plain run) the limit is a
``signal.setitimer`` alarm; in any other thread (a Dask worker runs tasks in a thread pool) the
exception is raised asynchronously in that thread. Either way it interrupts Python code between
two bytecodes, so one long call into C (a single regular expression, one lxml parse) finishes
first. :class:`RecordTimeout` derives from BaseException so that the engine's isolation of a
crashing check (``except Exception``) cannot swallow it.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["RecordTimeout", "time_limit"]


class RecordTimeout(BaseException):
    """The work on one record took longer than its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise RecordTimeout in the current thread when the block runs longer than ``seconds``."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        previous = signal.signal(signal.SIGALRM, _alarm)
        # Repeating: an alarm that lands in a finalizer (a weakref callback, a __del__) is
        # swallowed there as "unraisable", so the next one must come.
        signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, 0.5))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    target = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()

    def interrupt() -> None:
        with lock:  # never raise into the thread once it has left the block
            if not done.is_set():
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(RecordTimeout)
                )

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
        timer.cancel()


def _alarm(signum: int, frame: object) -> None:
    raise RecordTimeout
