"""One demo inquiry, lived through event by event with the real follow-up engine.

Each action mirrors what the matching service does (add_inquiry, move_stage, set_status,
assign_owner, add_interaction, the checklist and task verbs), including its audit entries,
but on plain objects, so months of history cost microseconds. Between events the broker
works the open tasks: each task gets a planned completion time when it is created (a
realistic delay after it falls due, in office hours), or none when the inquiry has been
left alone; whatever is not done by `now` stays open, overdue or due today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from app.db.models import ChecklistItem, StageChange, Task
from app.domain.enums import ChecklistStatus, InquiryStatus, StageKind, TaskKind, TaskState
from app.domain.followup_model import ChecklistSnapshot, InquirySnapshot, TaskSnapshot
from app.domain.followup_rules import plan_followups
from app.services import demo_data as data
from app.services.demo_state import (
    Desk,
    SimInquiry,
    SimItem,
    SimTask,
    log_interaction_row,
    save_inquiry,
)
from app.services.interactions import CONVERSATION_KINDS

_TASK_TOUCH = {"call": "call", "email": "email", "text": "text", "meeting": "meeting",
               "document_request": "email", "renewal_check": "call", "review": "note"}  # fmt: skip


Action = Callable[..., object]
_RECENT = timedelta(hours=1)


def _still_counts(task: SimTask, requested: set[int]) -> bool:
    """Whether a closed task can still shape a plan (see Story._task_snapshots)."""
    key = task.rule_key
    if key is None or key.startswith("next:"):
        return False
    return not key.startswith("doc:") or task.checklist_item_id in requested


class Story:
    """Plays one inquiry's events in time order, working its tasks in between."""

    def __init__(
        self,
        desk: Desk,
        inquiry: SimInquiry,
        *,
        first_touch: datetime | None = None,
        abandon_at: datetime | None = None,
        answered_at: datetime | None = None,
    ) -> None:
        self.desk, self.inq = desk, inquiry
        self.first_touch, self.abandon_at, self.answered_at = first_touch, abandon_at, answered_at
        self.events: list[tuple[datetime, int, Action, tuple[Any, ...]]] = []
        self._stale_seen: datetime | None = None
        self._dirty = False
        # Snapshots for the engine, rebuilt only after a task or checklist item changed.
        self._tasks: tuple[TaskSnapshot, ...] | None = None
        self._tasks_at: datetime | None = None
        self._items: tuple[ChecklistSnapshot, ...] | None = None
        self._open(inquiry)

    # --- running -----------------------------------------------------------------------------

    def at(self, when: datetime, action: Action, *args: Any) -> None:
        """Schedule `action(when, *args)`; events at or after `now` never happen."""
        if when < self.desk.now:
            self.events.append((when, len(self.events), action, args))

    def run(self) -> None:
        events = sorted(self.events, key=lambda e: (e[0], e[1]))
        for index, (when, _, action, args) in enumerate(events):
            self.work(when)
            action(when, *args)
            # One re-plan per moment (several calls at the same instant plan as one), and
            # like the services, a note or an owner change re-plans nothing.
            quiet = action == self.unassign or (
                action == self.interact and args[0] not in CONVERSATION_KINDS
            )
            self._dirty = self._dirty or not quiet
            last_at_moment = index + 1 == len(events) or events[index + 1][0] != when
            if self._dirty and last_at_moment:
                self.replan(when)
                self._dirty = False
        self.work(self.desk.now)
        self.replan(self.desk.now)  # what the app's start-up re-plan would do
        self.events = []

    def work(self, until: datetime) -> None:
        """Complete the tasks the broker gets to before `until`; notice stale silences."""
        for _ in range(1000):
            task = min(
                (t for t in self.inq.tasks if t.state == TaskState.OPEN and t.planned),
                key=lambda t: (t.planned, t.id),
                default=None,
            )
            tick = self._stale_tick()
            done_at = task.planned if task is not None else None
            if tick is not None and tick < until and (done_at is None or tick <= done_at):
                self._stale_seen = self.inq.last_contact_at or self.inq.created_at
                self.replan(tick)  # the app's periodic re-plan runs while nothing happens
            elif task is not None and done_at is not None and done_at < until:
                self._complete(task, done_at)
                self.replan(done_at)
            else:
                return

    def _stale_tick(self) -> datetime | None:
        rule, inq = self.desk.rules.stale, self.inq
        if rule is None or inq.status != InquiryStatus.ACTIVE or not inq.stage.is_warm:
            return None
        last = inq.last_contact_at or inq.created_at
        if last == self._stale_seen:
            return None
        return last + timedelta(days=rule.after_days, hours=1)

    # --- the engine --------------------------------------------------------------------------

    def replan(self, at: datetime) -> None:
        """What followups.replan does, minus the score (save_inquiry scores at `now`)."""
        inq, rows = self.inq, self.desk.rows
        snapshot = InquirySnapshot(
            id=inq.id, type_key=inq.type.key, status=InquiryStatus(inq.status),
            stage_key=inq.stage.key, stage_kind=StageKind(inq.stage.kind),
            stage_is_warm=inq.stage.is_warm, stage_followup_days=inq.stage.followup_days,
            created_at=inq.created_at, stage_entered_at=inq.stage_entered_at,
            last_contact_at=inq.last_contact_at, last_inbound_at=inq.last_inbound_at,
            term_maturity_date=inq.term_maturity_date, funded_at=inq.funded_at,
            cadence_stopped_at=inq.cadence_stopped_at,
            tasks=self._task_snapshots(at), checklist=self._item_snapshots(),
        )  # fmt: skip
        plan = plan_followups(snapshot, self.desk.rules, at)
        if plan.is_empty:
            return
        self._tasks = None
        cancel = set(plan.cancel)
        for task in inq.tasks:
            if task.id in cancel:
                task.state, task.cancelled_at, task._snap = TaskState.CANCELLED, at, None
                rows.audit(at, "task", task.id, "cancel", actor="rules")
        for spec in plan.create:
            task = SimTask(
                id=rows.new_id(Task), rule_key=spec.rule_key, kind=str(spec.kind),
                title=spec.title, due_at=spec.due_at, created_at=at, owner_id=inq.owner_id,
                origin="rule", checklist_item_id=spec.checklist_item_id,
            )  # fmt: skip
            task.planned = self._planned(task)
            inq.tasks.append(task)
            rows.audit(at, "task", task.id, "create", new=task.title, actor="rules")
        if plan.stop_cadence_reason and inq.cadence_stopped_at is None:
            inq.cadence_stopped_at, inq.cadence_stop_reason = at, plan.stop_cadence_reason
            rows.audit(
                at, "inquiry", inq.id, "cadence_stopped", new=plan.stop_cadence_reason,
                actor="rules",
            )  # fmt: skip

    def _task_snapshots(self, at: datetime) -> tuple[TaskSnapshot, ...]:
        """The tasks the engine needs to see at `at`.

        Some closed tasks can no longer change a plan: broker tasks and "next step" tasks
        (only open ones count, and a next-step key, stamped with the minute it was made,
        could only repeat within that minute), and the nags of a document that is no longer
        requested (the demo never asks for a document twice). Leaving them out keeps each
        planning pass short, however long the inquiry's history.
        """
        if self._tasks is None or self._tasks_at is None or at - self._tasks_at > _RECENT:
            recent = at - _RECENT
            requested = {i.id for i in self.inq.items if i.status == ChecklistStatus.REQUESTED}
            self._tasks = tuple(
                t.snapshot()
                for t in self.inq.tasks
                if t.state == TaskState.OPEN
                or t.created_at >= recent
                or _still_counts(t, requested)
            )
            self._tasks_at = at
        return self._tasks

    def _item_snapshots(self) -> tuple[ChecklistSnapshot, ...]:
        if self._items is None:
            self._items = tuple(
                ChecklistSnapshot(i.id, i.name, ChecklistStatus(i.status), i.requested_at)
                for i in self.inq.items
            )
        return self._items

    def _planned(self, task: SimTask) -> datetime | None:
        """When the broker completes `task`, or None when it will still be open at `now`."""
        abandon, rng = self.abandon_at, self.desk.rng
        if abandon is not None and task.due_at >= abandon:
            return None
        if task.rule_key == "new_lead:1" and self.first_touch is not None:
            when = self.first_touch
        else:
            draw = rng.random()
            hours = (
                rng.uniform(0, 4) if draw < 0.55
                else rng.uniform(4, 24) if draw < 0.8
                else rng.uniform(24, 72) if draw < 0.95
                else rng.uniform(72, 200)
            )  # fmt: skip
            when = self.desk.office(max(task.due_at, task.created_at) + timedelta(hours=hours))
        if abandon is not None and when >= abandon:
            return None
        return when

    # --- actions (each mirrors one service verb) --------------------------------------------

    def _open(self, inq: SimInquiry) -> None:
        """add_inquiry: the row, its checklist, the first stage change, then a plan."""
        rows, at = self.desk.rows, inq.created_at
        inq.owner_id = self.desk.owner_id
        inq.items = [
            SimItem(rows.new_id(ChecklistItem), key, name, pos, required)
            for key, name, pos, required in inq.type.checklist
        ]
        rows.add(StageChange, inquiry_id=inq.id, from_stage_id=None, to_stage_id=inq.stage.id,
                 changed_at=at, note="")  # fmt: skip
        rows.audit(at, "inquiry", inq.id, "create", new=inq.type.key)
        self.replan(at)

    def interact(
        self, at: datetime, kind: str, direction: str, summary: str, other: int | None = None
    ) -> None:
        """add_interaction: the row, and for a conversation the inquiry's contact times.

        `other` logs it on another contact (a referral partner), outside the inquiry.
        """
        inq = self.inq
        log_interaction_row(self.desk.rows, at, other or inq.contact_id,
                            None if other else inq.id, kind, direction, summary)  # fmt: skip
        if other is not None or kind not in CONVERSATION_KINDS:
            return
        if inq.last_contact_at is None or at > inq.last_contact_at:
            inq.last_contact_at = at
        if direction == "outbound" and inq.first_response_at is None:
            inq.first_response_at = at
        if direction == "inbound" and (inq.last_inbound_at is None or at > inq.last_inbound_at):
            inq.last_inbound_at = at

    def _complete(self, task: SimTask, at: datetime) -> None:
        """The broker does the task (logging the touch), then complete_task.

        Document nags that are due go out together, as one reminder listing them all.
        """
        batch = [task]
        if task.kind == TaskKind.DOCUMENT_REQUEST:
            batch += [
                t for t in self.inq.tasks
                if t is not task and t.state == TaskState.OPEN
                and t.kind == TaskKind.DOCUMENT_REQUEST and t.due_at <= at
            ]  # fmt: skip
        kind, summary = self._touch(task, at, len(batch))
        self.interact(at, kind, "internal" if kind == "note" else "outbound", summary)
        for done in batch:
            done.state, done.done_at, done._snap = TaskState.DONE, at, None
            self.desk.rows.audit(at, "task", done.id, "complete")
        self._tasks = None

    def _talked(self) -> bool:
        inq = self.inq
        replied = inq.last_inbound_at is not None and (
            inq.last_inbound_at > inq.created_at + timedelta(minutes=1)
        )
        return replied or inq.stage.key != "new"

    def _touch(self, task: SimTask, at: datetime, count: int = 1) -> tuple[str, str]:
        rng, key, inq = self.desk.rng, task.rule_key or "", self.inq
        kind = _TASK_TOUCH.get(task.kind, "call")
        if at == self.answered_at:
            return "call", f"Call: first conversation about the {inq.type.name.lower()}"
        if key.startswith("new_lead:"):
            if kind == "email":
                return kind, rng.choice(data.EMAILS)
            return kind, rng.choice(data.TALKED if self._talked() else data.NO_ANSWER)
        if key.startswith("next:"):
            return rng.choice(("call", "email")), data.STAGE_FOLLOWUPS.get(
                inq.stage.key, "Checked in with the client"
            )
        if key.startswith("doc:"):
            if count > 1:
                return "email", f"Reminder sent: {count} documents still outstanding"
            item = next((i for i in inq.items if i.id == task.checklist_item_id), None)
            return "email", f"Reminder sent: {item.name if item else 'documents'}"
        if key.startswith("renewal:"):
            return "call", f"Renewal check-in: term matures {inq.term_maturity_date}"
        if key.startswith("stale:"):
            return "call", "Reconnect call: no answer, left voicemail"
        if key.startswith("anniversary:"):
            return "call", "Anniversary check-in: happy with the mortgage"
        return kind, f"Done: {task.title}"

    def move(self, at: datetime, key: str, outcome: str = "", lost_reason: str = "") -> None:
        """move_stage, with its stage history and audit entries."""
        inq, rows = self.inq, self.desk.rows
        target = self.desk.stages[key]
        if target.id == inq.stage.id:
            return
        old_stage, old_status = inq.stage, inq.status
        rows.add(StageChange, inquiry_id=inq.id, from_stage_id=old_stage.id,
                 to_stage_id=target.id, changed_at=at, note="")  # fmt: skip
        inq.stage, inq.stage_entered_at, inq.updated_at = target, at, at
        if target.kind == StageKind.WON:
            inq.status, inq.outcome = InquiryStatus.WON, outcome
            inq.funded_at = inq.closed_at = at
        elif target.kind == StageKind.LOST:
            inq.status, inq.lost_reason, inq.closed_at = InquiryStatus.LOST, lost_reason, at
        rows.audit(at, "inquiry", inq.id, "move_stage", field="stage", old=old_stage.key,
                   new=target.key)  # fmt: skip
        if inq.status != old_status:
            rows.audit(at, "inquiry", inq.id, "update", field="status", old=old_status,
                       new=inq.status)  # fmt: skip

    def set_status(self, at: datetime, status: str, reason: str) -> None:
        """set_status (on hold / nurture), after a call that explains why."""
        inq = self.inq
        self.interact(at, "call", "outbound", f"Call: client wants to wait ({reason.lower()})")
        self.desk.rows.audit(at, "inquiry", inq.id, "update", field="status", old=inq.status,
                             new=status)  # fmt: skip
        inq.status, inq.updated_at = status, at

    def update(self, at: datetime, name: str, value: Any) -> None:
        """update_inquiry for one field."""
        old = getattr(self.inq, name)
        if old != value:
            self.desk.rows.audit(at, "inquiry", self.inq.id, "update", field=name, old=old,
                                 new=value)  # fmt: skip
            setattr(self.inq, name, value)
            self.inq.updated_at = at

    def unassign(self, at: datetime) -> None:
        """assign_owner(None): the inquiry and its open tasks lose their owner."""
        inq = self.inq
        inq.owner_id, inq.updated_at = None, at
        for task in inq.tasks:
            if task.state == TaskState.OPEN:
                task.owner_id = None
        self.desk.rows.audit(at, "inquiry", inq.id, "assign", field="owner",
                             old=self.desk.owner_name, new=None)  # fmt: skip

    def checklist(self, at: datetime, item: SimItem, status: str, note: str = "") -> None:
        """set_item_status: request, receive, verify or waive one document."""
        old = item.status
        item.status = status
        self._items = self._tasks = None
        if status == ChecklistStatus.REQUESTED:
            item.requested_at = at
        elif status == ChecklistStatus.RECEIVED:
            item.received_at = at
        elif status == ChecklistStatus.VERIFIED:
            item.verified_at = at
            item.received_at = item.received_at or at
        elif status == ChecklistStatus.WAIVED:
            item.waived_at = at
        if note:
            item.note = note
        self.desk.rows.audit(at, "checklist_item", item.id, "update", field="status", old=old,
                             new=status)  # fmt: skip

    def broker_task(self, at: datetime, kind: str, title: str, due: datetime) -> SimTask:
        """add_task: a task the broker makes by hand."""
        inq = self.inq
        task = SimTask(
            id=self.desk.rows.new_id(Task), rule_key=None, kind=kind, title=title, due_at=due,
            created_at=at, owner_id=inq.owner_id, origin="broker",
        )  # fmt: skip
        task.planned = self._planned(task)
        inq.tasks.append(task)
        self._tasks = None
        self.desk.rows.audit(at, "task", task.id, "create", new=title)
        return task

    def save(self) -> None:
        """Queue the inquiry, its checklist and its tasks for the bulk insert."""
        save_inquiry(self.desk, self.inq)
