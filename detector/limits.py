"""Bounds on what one input may cost: size, paragraphs, nesting and time.

detector is pointed at scraped, hence hostile, input. Every bound here turns an input that would
exhaust memory or time into a :class:`LimitError` (a :class:`~detector.errors.LoadError`: one line
on stderr and exit code 2 on the command line, an error row in a batch) that names the limit and
the setting that raises it. The defaults sit far above real articles (a news page is 50 kB to
2 MB and a few hundred blocks) and are set under ``[tool.detector.limits]``::

    [tool.detector.limits]
    max-input-bytes = 10_000_000         # bytes read from a file, standard input or a URL
    max-decompressed-bytes = 50_000_000  # bytes a compressed input or record may expand to
    max-paragraphs = 20_000              # paragraphs (lines, blocks) of one article
    max-paragraph-chars = 100_000        # characters of one paragraph
    max-depth = 500                      # nesting of HTML elements, JSON values, YAML front matter
    time-limit = 30                      # seconds to read one article, and again to analyse it

``0`` switches a bound off. HTML nested deeper than ``max-depth`` is not refused: a browser shows
the text at the bottom, so the elements past that depth are flattened (their text kept, block
elements turned into line breaks) and the page is read again.

:func:`time_limit` really stops work: in the main thread with ``signal.setitimer`` (SIGALRM), in
any other thread by raising asynchronously in it; either way between two Python bytecodes, so a
single long call into C code (one regular expression, one parse) finishes first.
"""

from __future__ import annotations

import ctypes
import dataclasses
import heapq
import itertools
import json
import os
import queue
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, TypeVar

from detector.errors import ConfigError, LoadError, did_you_mean

if TYPE_CHECKING:
    from detector.article import Article

__all__ = [
    "DEFAULT_LIMITS",
    "LimitError",
    "Limits",
    "check_article",
    "check_depth",
    "check_paragraph_count",
    "check_size",
    "load_json",
    "open_regular",
    "read_capped",
    "TimeLimitError",
    "time_limit",
    "timed",
]


T = TypeVar("T")


class LimitError(LoadError):
    """An input exceeds one of the configured :class:`Limits`."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input may cost; 0 (or 0.0) switches a bound off."""

    max_input_bytes: int = 10_000_000
    max_decompressed_bytes: int = 50_000_000
    max_paragraphs: int = 20_000
    max_paragraph_chars: int = 100_000
    max_depth: int = 500
    time_limit: float = 30.0

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str) -> Limits:
        """Build limits from a ``[tool.detector.limits]`` table; unknown keys are errors."""
        fields = {f.name.replace("_", "-"): f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for raw_key, value in table.items():
            key = raw_key.replace("_", "-")
            if key not in fields:
                hint = did_you_mean(key, fields)
                raise ConfigError(f"{where}: unknown key {raw_key!r} in limits{hint}")
            number = (int, float) if key == "time-limit" else (int,)
            if isinstance(value, bool) or not isinstance(value, number) or value < 0:
                kind = "a number of seconds" if key == "time-limit" else "a whole number"
                raise ConfigError(f"{where}: limits.{raw_key} must be {kind}, 0 or more")
            values[fields[key].name] = value
        return cls(**values)


DEFAULT_LIMITS = Limits()


def _over(value: int, limit: int) -> bool:
    return bool(limit) and value > limit


def _setting(name: str) -> str:
    return f"limits.{name.replace('_', '-')}"


# -- reading bytes ---------------------------------------------------------------------------


def open_regular(path: str, limits: Limits = DEFAULT_LIMITS) -> IO[bytes]:
    """Open ``path`` for reading after checking, without opening it, that it is a regular file.

    A FIFO would block forever, a device never end, a socket cannot be read: all are refused
    from ``stat`` alone. A file larger than ``max_input_bytes`` is refused before it is read.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except PermissionError:
        raise LoadError(f"{path}: permission denied") from None
    except OSError as err:  # ELOOP (a symbolic link loop), ENAMETOOLONG, ...
        raise LoadError(f"{path}: cannot read ({err.strerror or type(err).__name__})") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise LoadError(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise LoadError(f"{path}: {kind}, not a regular file; refused without reading it")
    check_size(path, info.st_size, limits.max_input_bytes)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after stat, open does not block.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise LoadError(f"{path}: permission denied") from None
    except OSError as err:
        raise LoadError(f"{path}: cannot read ({err.strerror or type(err).__name__})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LoadError(f"{path}: not a regular file; refused without reading it")
    return os.fdopen(fd, "rb")


def read_capped(
    stream: IO[bytes], source: str, limit: int, *, setting: str = "max_input_bytes"
) -> bytes:
    """Read ``stream`` to its end, refusing it once it passes ``limit`` bytes (0: no limit).

    Use it for every stream whose length is not known beforehand: standard input, a file that
    may grow, and decompression (``gzip.open``, a WARC record) with
    ``setting="max_decompressed_bytes"``.
    """
    if not limit:
        return stream.read()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise LimitError(_too_big(source, None, limit, setting))
    return data


def check_size(source: str, size: int, limit: int, setting: str = "max_input_bytes") -> None:
    """Refuse ``size`` bytes when they pass ``limit`` (0: no limit)."""
    if _over(size, limit):
        raise LimitError(_too_big(source, size, limit, setting))


def _too_big(source: str, size: int | None, limit: int, setting: str) -> str:
    what = "decompresses to more than" if setting == "max_decompressed_bytes" else "is larger than"
    got = f" ({size:,} bytes)" if size is not None else ""
    return f"{source}: input {what} {limit:,} bytes{got}; raise {_setting(setting)} to read it"


# -- structure -------------------------------------------------------------------------------


def check_article(article: Article, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an article with more paragraphs, or a longer paragraph, than the limits allow."""
    check_paragraph_count(article.source, len(article.paragraphs), limits)
    if limits.max_paragraph_chars:
        for paragraph in article.paragraphs:
            if len(paragraph.text) > limits.max_paragraph_chars:
                where = (
                    f"line {paragraph.line}"
                    if paragraph.line
                    else f"paragraph {paragraph.index + 1}"
                )
                raise LimitError(
                    f"{article.source}: {where} holds {len(paragraph.text):,} characters, more "
                    f"than {limits.max_paragraph_chars:,}; raise "
                    f"{_setting('max_paragraph_chars')} to read it"
                )


def check_paragraph_count(source: str, count: int, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an article of more than ``max_paragraphs`` paragraphs."""
    if _over(count, limits.max_paragraphs):
        raise LimitError(
            f"{source}: {count:,} paragraphs, more than {limits.max_paragraphs:,}; "
            f"raise {_setting('max_paragraphs')} to read it"
        )


def check_depth(value: object, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a parsed JSON or YAML value nested deeper than ``max_depth`` (walked iteratively)."""
    if not limits.max_depth:
        return
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        if depth > limits.max_depth:
            raise LimitError(_too_deep(source, limits.max_depth))
        stack.extend((child, depth + 1) for child in children)


def _too_deep(source: str, limit: int) -> str:
    setting = _setting("max_depth")
    return f"{source}: nested deeper than {limit:,} levels; raise {setting} to read it"


def load_json(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``json.loads`` that ends in a LoadError, never a RecursionError or ValueError traceback.

    ``json.JSONDecodeError`` is left to the caller, who knows where the line is.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise LimitError(_too_deep(source, limits.max_depth or 1)) from None
    except ValueError as err:  # an integer past sys.get_int_max_str_digits()
        reason = str(err).split(";")[0].split(":")[0]
        raise LoadError(f"{source}: malformed JSON ({reason})") from None
    check_depth(value, source, limits)
    return value


# -- time ------------------------------------------------------------------------------------


def timed(items: Iterable[T], seconds: float, source: str, *, what: str = "reading") -> Iterator[T]:
    """Yield from ``items``, giving each step (the work that makes one item) ``seconds``.

    The consumer's work between items is not counted: the limit is on, say, parsing one record.
    """
    iterator = iter(items)
    while True:
        with time_limit(seconds, source, what=what):
            item = next(iterator, _END)
        if item is _END:
            return
        yield item  # type: ignore[misc]


_END: Any = object()


class TimeLimitError(LimitError):
    """A block ran past its :func:`time_limit`."""


class _TimeUp(BaseException):
    """Raised inside the guarded block; a BaseException, so ``except Exception`` lets it pass."""


#: Once a limit has fired, it fires again this often until the block is left: a SIGALRM or an
#: asynchronous exception that lands in a finalizer (a weakref callback, a ``__del__``) is
#: swallowed there as "unraisable", so one shot alone could be lost. Not shorter: a shot that
#: lands while the block is being left escapes unconverted.
REPEAT_SECONDS = 0.5
#: A limit fires at most this many times: should a shot escape the block's exit, which then
#: never stops its timer, the timer gives up rather than fire on into later work.
MAX_SHOTS = 20


class time_limit:  # noqa: N801 (used as a function: ``with time_limit(...)``)
    """Stop the block after ``seconds`` (0 or None: no limit) with a TimeLimitError.

    The error names ``source`` and ``what`` took too long. Nested limits are honoured: an inner
    one never extends an outer one. It stops the work in the process and thread that do it: in
    a process's main thread (a plain run, a joblib/loky worker) with SIGALRM, in any other
    thread (a Dask worker runs tasks in a thread pool) with an asynchronous exception.
    """

    def __init__(self, seconds: float | None, source: str, *, what: str = "analysis") -> None:
        self.seconds = seconds or 0
        self.source, self.what = source, what
        self.guard: _SignalGuard | _ThreadGuard | None = None

    def __enter__(self) -> None:
        if self.seconds <= 0:
            return
        caller = sys._getframe(1)
        self.where = (id(caller), caller.f_lasti)
        entered = _entered()
        for where, other in list(entered.items()):
            # Entered again from the same statement of the same frame, or stopped by its timer:
            # the block was left without its __exit__ (a shot landed as __exit__ was called).
            if where == self.where or other.guard is None or other.guard.stale:
                entered.pop(where, None)
                if other.guard is not None:
                    _stop(other.guard)
        in_main = threading.current_thread() is threading.main_thread()
        guard = (
            _SignalGuard(self.seconds, caller)
            if in_main and hasattr(signal, "setitimer")
            else _ThreadGuard(self.seconds, caller)
        )
        self.guard = guard
        entered[self.where] = self
        try:
            guard.start()
        except _TimeUp:  # a shot landed before start returned: this limit's, or an outer one's
            _stop(guard)
            if guard.fired and guard.owner:
                raise self._error() from None
            raise

    def __exit__(self, kind: type[BaseException] | None, error: object, trace: object) -> bool:
        guard = self.guard
        if guard is None:
            return False
        try:
            _stop(guard)
        except _TimeUp:
            kind = _TimeUp  # it fired again while the block was left
        entered = _entered()
        if entered.get(self.where) is self:
            del entered[self.where]
        if kind is not None and issubclass(kind, _TimeUp):
            if guard.fired and guard.owner:
                raise self._error() from None
        return False

    def _error(self) -> TimeLimitError:
        return TimeLimitError(
            f"{self.source}: {self.what} took longer than {self.seconds:g} s; raise "
            f"{_setting('time_limit')} to allow more"
        )


_LOCAL = threading.local()


def _entered() -> dict[tuple[int, int], time_limit]:
    """This thread's limits not yet left, by the frame and statement that entered them.

    A shot can land as a block's ``__exit__`` is being called, before its first line runs, and
    the block is then left with its limit still armed. Such a limit must not fire into what the
    thread does next: its timer drops it once its block's frame is off the thread's stack, and
    the next limit entered in the thread stops it.
    """
    try:
        return _LOCAL.entered  # type: ignore[no-any-return]
    except AttributeError:
        _LOCAL.entered = {}
        return _LOCAL.entered  # type: ignore[no-any-return]


def _runs_in(frame: FrameType, top: FrameType | None) -> bool:
    """Whether ``frame`` is on the stack that ``top`` is the top of."""
    while top is not None:
        if top is frame:
            return True
        top = top.f_back
    return False


def _stop(guard: _SignalGuard | _ThreadGuard) -> None:
    """Stop ``guard`` for good, even if its limit fires again while it stops."""
    late: _TimeUp | None = None
    while True:
        try:
            guard.stop()
            break
        except _TimeUp as err:
            late = err
    if late is not None:
        raise late


class _SignalGuard:
    """SIGALRM through ``setitimer``; restores an outer timer and handler on exit."""

    def __init__(self, seconds: float, frame: FrameType) -> None:
        self.seconds = seconds
        self.frame = frame  # the frame the guarded block runs in
        self.fired = False
        self.owner = True  # False when an outer, earlier timer is left to fire
        self.armed = False
        self.installed = False
        self.stale = False
        self.shots = 0

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self.armed and not _runs_in(self.frame, frame):
            self.stale = True  # its block was left without __exit__: it fires no more
            self.stop()
        elif self.armed:  # fires again every REPEAT_SECONDS until the guard stops
            self.fired = True
            self.shots += 1
            if self.shots >= MAX_SHOTS:
                self.armed = False
                signal.setitimer(signal.ITIMER_REAL, 0)
            raise _TimeUp()

    def start(self) -> None:
        self.started = time.monotonic()
        self.outer = signal.getitimer(signal.ITIMER_REAL)
        if self.outer[0] and self.outer[0] <= self.seconds:
            self.owner = False  # the outer limit comes first: it alone may fire
            return
        self.outer_handler = signal.signal(signal.SIGALRM, self._handler)
        self.installed = True
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, REPEAT_SECONDS)

    def stop(self) -> None:
        self.frame = None  # type: ignore[assignment]
        if not self.installed:
            return
        self.armed = False  # from here on the handler raises nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        # getsignal gives None for a handler installed outside Python: put the default back.
        signal.signal(signal.SIGALRM, self.outer_handler or signal.SIG_DFL)
        self.installed = False
        delay, interval = self.outer
        if delay:
            left = delay - (time.monotonic() - self.started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), interval)


class _ThreadGuard:
    """Raise in the guarded thread from the watchdog thread (``PyThreadState_SetAsyncExc``).

    Starting a guard starts no thread: CPython gives a thread that is being started the thread
    id of the one starting it until it runs, so a shot aimed at a guarded thread while it starts
    a timer lands in the new thread too and kills it before it reports that it started; the
    guarded thread would then wait for it for ever. One watchdog, started before any guard is
    armed, serves them all.
    """

    def __init__(self, seconds: float, frame: FrameType) -> None:
        self.seconds = seconds
        self.frame: FrameType | None = frame  # the frame the guarded block runs in
        self.fired = False
        self.owner = True
        self.done = False
        self.stale = False
        self.shots = 0
        self.thread = 0

    def start(self) -> None:
        self.thread = threading.get_ident()
        _WATCHDOG.arm(self, time.monotonic() + self.seconds)

    def stop(self) -> None:
        _WATCHDOG.disarm(self)

    def shoot(self) -> bool:
        """Fire once (the watchdog holds its lock); return whether to fire again later."""
        if self.frame is None or not _runs_in(self.frame, sys._current_frames().get(self.thread)):
            self.done = self.stale = True  # its block was left without __exit__
            self.frame = None
            return False
        self.fired = True
        self.shots += 1
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(self.thread), ctypes.py_object(_TimeUp)
        )
        return self.shots < MAX_SHOTS


class _Watchdog:
    """One daemon thread that fires every :class:`_ThreadGuard` of the process at its deadline.

    What a guarded thread does here must survive a shot landing anywhere in it, so it only
    calls into C: a ``SimpleQueue.put`` to arm, a C lock (whose ``__enter__`` runs no bytecode,
    unlike ``threading.Condition``'s) to disarm. The heap of deadlines is the watchdog's alone.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()  # a guard is shot, or disarmed, never both at once
        self.inbox: queue.SimpleQueue[tuple[float, _ThreadGuard]] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None

    def arm(self, guard: _ThreadGuard, deadline: float) -> None:
        if self.thread is None:
            with self.lock:
                # Started by the first guard ever armed in the process: no shot can be
                # aimed at the starting thread yet.
                if self.thread is None:
                    thread = threading.Thread(target=self._run, name="detector-time-limit")
                    thread.daemon = True
                    thread.start()
                    self.thread = thread
        self.inbox.put((deadline, guard))

    def disarm(self, guard: _ThreadGuard) -> None:
        with self.lock:  # never raise into the thread once the guard has stopped
            guard.done = True  # its deadline is dropped when it comes due
            guard.frame = None
            # A shot not yet delivered is taken back: the block has ended (or is already
            # unwinding with an earlier shot).
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(guard.thread), None)

    def _run(self) -> None:
        due: list[tuple[float, int, _ThreadGuard]] = []  # a heap of (deadline, n, guard)
        count = itertools.count()
        while True:
            timeout = max(due[0][0] - time.monotonic(), 0) if due else None
            try:
                deadline, guard = self.inbox.get(timeout=timeout)
                heapq.heappush(due, (deadline, next(count), guard))
                continue
            except queue.Empty:
                pass
            deadline, _, guard = heapq.heappop(due)
            with self.lock:
                again = not guard.done and guard.shoot()
            if again:
                heapq.heappush(due, (deadline + REPEAT_SECONDS, next(count), guard))


_WATCHDOG = _Watchdog()


def _new_watchdog() -> None:
    """In a forked child, which has only the forking thread: the next guard starts its own."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_watchdog)
