"""vl-convert in a worker process of its own, so that nothing it does can take the caller down.

vl-convert is Rust with a JavaScript engine inside: some texts make it panic and abort the whole
process (a control character in a name did), and a huge spec can run out of JavaScript stack or
hang. Drawn in the caller's process, that ended the Streamlit server for every workshop at once.
Here each image is drawn by one long-lived worker process (started with "spawn": forking a threaded
server is unsafe). When the worker dies, the caller gets a :class:`~journeymap.errors.JourneyMapError`
with a plain message and the next image starts a fresh worker; a drawing that takes longer than
:data:`RENDER_TIMEOUT` seconds is stopped the same way. Waiting for the worker releases the GIL, so
the app's other sessions carry on while one map is drawn.
"""

from __future__ import annotations

import atexit
import multiprocessing.context
import multiprocessing.spawn
import os
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from journeymap.errors import JourneyMapError

__all__ = ["RENDER_TIMEOUT", "RenderError", "convert", "stop_renderer"]

#: Seconds one image may take before its drawing is stopped (the largest drawable map takes far less).
RENDER_TIMEOUT = 300.0
#: Images one worker draws before it is replaced: vl-convert's JavaScript engine keeps memory.
_IMAGES_PER_WORKER = 200
_STOPPED = "the image could not be drawn: the renderer stopped"


#: The worker process's name, which also tells the patched preparation below to leave out ``__main__``.
_PROCESS_NAME = "journeymap-renderer"


class _RendererProcess(multiprocessing.context.SpawnProcess):
    """A spawned process that does not run the caller's main script again.

    A spawned child normally imports the parent's ``__main__`` first: a user's script without an
    ``if __name__ == "__main__":`` guard would run again inside the worker, drawing, printing and
    finally failing there. The worker needs nothing of it: only this module and vl-convert.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name = _PROCESS_NAME


class _RendererContext(multiprocessing.context.SpawnContext):
    Process = _RendererProcess


def _preparation_without_main(name: str, _original: Any = multiprocessing.spawn.get_preparation_data) -> dict[str, Any]:
    data: dict[str, Any] = _original(name)
    if name == _PROCESS_NAME:
        data.pop("init_main_from_name", None)
        data.pop("init_main_from_path", None)
    return data


# Every other process keeps the standard preparation: only the renderer's name changes it.
multiprocessing.spawn.get_preparation_data = _preparation_without_main


class RenderError(JourneyMapError):
    """An image that vl-convert could not draw (it refused the chart, stopped, or took too long)."""


class _Worker:
    """The one worker process, started on first use and replaced after it dies or hangs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._log_path = ""

    def pool(self) -> tuple[ProcessPoolExecutor, str]:
        with self._lock:
            if self._pool is None:
                # The worker's error output goes to a file of its own: a panic's backtrace would
                # otherwise fill the caller's terminal, and its first line says what went wrong.
                handle, self._log_path = tempfile.mkstemp(prefix="journeymap-renderer-", suffix=".log")
                os.close(handle)
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=_RendererContext(),
                    initializer=_start_worker,
                    initargs=(self._log_path,),
                    max_tasks_per_child=_IMAGES_PER_WORKER,
                )
            return self._pool, self._log_path

    def discard(self, pool: ProcessPoolExecutor, *, kill: bool) -> None:
        """Forget ``pool`` (if it is still the current one), killing its process when it hangs."""
        with self._lock:
            if self._pool is not pool:
                return
            self._pool = None
            log_path = self._log_path
        if kill:
            # A hung JavaScript engine never returns to Python: only killing the process stops it.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        _remove(log_path)

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            log_path = self._log_path
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            _remove(log_path)


_WORKER = _Worker()
atexit.register(_WORKER.stop)


def convert(spec: dict[str, Any], image: str, scale: float, vl_version: str, *, timeout: float | None = None) -> bytes:
    """Draw a Vega-Lite spec (of Vega-Lite ``vl_version``) as PNG, SVG or PDF bytes in the worker process.

    Raises
    ------
    RenderError
        When vl-convert refuses the chart, when the worker stops (a panic, a crash, no memory left),
        or when the drawing takes longer than ``timeout`` seconds (default :data:`RENDER_TIMEOUT`).
    """
    limit = RENDER_TIMEOUT if timeout is None else timeout
    for attempt in range(2):
        pool, log_path = _WORKER.pool()
        try:
            future = pool.submit(_draw, spec, image, scale, vl_version)
        except (BrokenProcessPool, RuntimeError):  # the worker died since: one fresh start
            _WORKER.discard(pool, kill=False)
            if attempt:
                raise RenderError(f"{_STOPPED} (it could not be started)") from None
            continue
        try:
            return future.result(timeout=limit)  # waits on a lock: other threads run meanwhile
        except FutureTimeout:
            _WORKER.discard(pool, kill=True)
            raise RenderError(f"the image could not be drawn: it took longer than {limit:g} seconds; "
                              "draw a part of the journey, or split it into smaller journeys") from None
        except BrokenProcessPool:
            reason = _last_panic(log_path)
            _WORKER.discard(pool, kill=False)
            raise RenderError(f"{_STOPPED} ({reason}). A name or text may hold a character it cannot draw, "
                              "such as a control character") from None
        except Exception as error:  # noqa: BLE001 - vl-convert's own refusal (a ValueError), sent back
            raise RenderError(f"the image could not be drawn: {_first_line(str(error))}") from None
    raise AssertionError("unreachable")  # pragma: no cover


def stop_renderer() -> None:
    """Stop the worker process (it starts again on the next image); for tests and shutdown."""
    _WORKER.stop()


def _start_worker(log_path: str) -> None:
    """In the worker: send its error output (a panic's message and backtrace) to ``log_path``."""
    descriptor = os.open(log_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(descriptor, 2)
    os.close(descriptor)


def _draw(spec: dict[str, Any], image: str, scale: float, version: str) -> bytes:
    """In the worker: the image's bytes from vl-convert."""
    import vl_convert  # only the worker loads the renderer

    if image == "png":
        return bytes(vl_convert.vegalite_to_png(spec, vl_version=version, scale=scale))
    if image == "svg":
        return vl_convert.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    return bytes(vl_convert.vegalite_to_pdf(spec, vl_version=version))


def _last_panic(log_path: str) -> str:
    """What the worker's first panic said, in one short line; a plain phrase when it said nothing.

    (A panic in Rust code called from C is followed by a second one, "panic in a function that
    cannot unwind", which says nothing about the cause.)

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
    ...     _ = log.write("thread '<unnamed>' panicked at src/text.rs:370:50:\\nFailed to parse text SVG\\n")
    >>> _last_panic(log.name)
    'Failed to parse text SVG'
    >>> os.remove(log.name); _last_panic(log.name)
    'it exited unexpectedly'
    """
    try:
        with open(log_path, encoding="utf-8", errors="replace") as log:
            lines = log.read().splitlines()
    except OSError:
        lines = []
    for line, following in zip(lines, lines[1:]):
        if "panicked at" in line and following.strip():
            return following.strip()[:160]
    return "it exited unexpectedly"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] if lines else "the renderer gave no reason"


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
