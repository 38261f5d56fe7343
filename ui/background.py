"""The one way screens run work off the GUI thread, and the "what changed" broadcast.

Work runs on a single worker thread, so writes to the database are serialized in the
order the broker asked for them. The result (or the error) comes back on the GUI thread
through a queued signal. Tests switch to inline mode, where the work runs at once
(Picard's trick).
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import LeadkeeperError

log = logging.getLogger(__name__)

SuccessHandler = Callable[[Any], None]
FailureHandler = Callable[[BaseException], None]

# Flags a screen passes to Changes.announce; listeners refresh only what a flag names.
TASKS = "tasks"
INQUIRIES = "inquiries"
CONTACTS = "contacts"
DAY = "day"  # the local date moved on: "today" means something new


class Changes(QObject):
    """Broadcasts which kinds of data an operation changed (Anki's OpChanges idea)."""

    changed = Signal(object)  # frozenset[str] of the flags above

    def announce(self, *flags: str) -> None:
        self.changed.emit(frozenset(flags))


class _FreshWhenShown(QObject):
    """Refreshes a page when a flag it watches changes; a hidden page waits until shown."""

    def __init__(
        self, page: QWidget, changes: Changes, flags: Collection[str], refresh: Callable[[], None]
    ) -> None:
        super().__init__(page)
        self._page = page
        self._flags = frozenset(flags)
        self._refresh = refresh
        self._stale = True  # nothing loaded yet
        changes.changed.connect(self._on_changed)
        page.installEventFilter(self)

    def _on_changed(self, flags: frozenset[str]) -> None:
        if not flags & self._flags:
            return
        if self._page.isVisible():
            self._refresh()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self._refresh()
        return False


def keep_fresh(
    page: QWidget, changes: Changes, flags: Collection[str], refresh: Callable[[], None]
) -> None:
    """Call `refresh` when the page is first shown and whenever one of `flags` is
    announced (at once if the page is visible, else when it is next shown)."""
    _FreshWhenShown(page, changes, flags, refresh)


def _log_failure(exc: BaseException) -> None:
    # The type and the frames only: messages can carry a borrower's name.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("background operation failed: %s\n%s", type(exc).__name__, frames)


def report_failure(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the broker an operation failed: its own words for a LeadkeeperError, a
    pointer to the log for anything unexpected."""
    if isinstance(exc, LeadkeeperError):
        QMessageBox.warning(parent, "Leadkeeper", str(exc))
        return
    _log_failure(exc)
    QMessageBox.critical(
        parent,
        "Leadkeeper",
        f"Something went wrong ({type(exc).__name__}); the change was not saved. "
        "Details are in the log.",
    )


@dataclass
class _Job:
    fn: Callable[[], Any]
    on_success: SuccessHandler
    on_failure: FailureHandler
    result: Any = None
    error: BaseException | None = None


class _Dispatcher(QObject):
    """Lives on the GUI thread. The worker only emits a job's number; the outcome stays
    in a Python dict, so no Python object crosses threads inside a Qt signal."""

    finished = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[int, _Job] = {}
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(self, job_id: int) -> None:  # on the worker thread
        job = self.jobs[job_id]
        try:
            job.result = job.fn()
        except Exception as exc:  # handed to on_failure, on the GUI thread
            job.error = exc
        self.finished.emit(job_id)

    @Slot(int)
    def _deliver(self, job_id: int) -> None:
        job = self.jobs.pop(job_id)
        if job.error is not None:
            job.on_failure(job.error)
        else:
            job.on_success(job.result)


_inline = False
_executor: ThreadPoolExecutor | None = None
_dispatcher: _Dispatcher | None = None
_job_ids = itertools.count(1)


def set_inline(inline: bool) -> None:
    """Run every operation at once on the calling thread (tests)."""
    global _inline
    _inline = inline


def run_in_background(
    fn: Callable[[], Any],
    on_success: SuccessHandler | None = None,
    on_failure: FailureHandler | None = None,
) -> None:
    """Run `fn()` off the GUI thread; then `on_success(result)` or `on_failure(error)`
    on the GUI thread. Must be called from the GUI thread."""
    global _executor, _dispatcher
    succeed = on_success or (lambda _result: None)
    fail = on_failure or _log_failure
    if _inline:
        try:
            result = fn()
        except Exception as exc:
            fail(exc)
        else:
            succeed(result)
        return
    if _dispatcher is None or _executor is None:
        _dispatcher = _Dispatcher()
        # One worker: writes reach SQLite in the order the broker made them.
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadkeeper-work")
    job_id = next(_job_ids)
    _dispatcher.jobs[job_id] = _Job(fn, succeed, fail)
    _executor.submit(_dispatcher.run, job_id)


def wait_for_background(timeout_s: float = 30.0) -> bool:
    """Wait until the work queued so far has run (on quit, so a write is never cut
    short). Callbacks still arrive through the event loop."""
    if _executor is None:
        return True
    try:
        _executor.submit(lambda: None).result(timeout=timeout_s)  # queued behind the rest
    except TimeoutError:
        return False
    return True
