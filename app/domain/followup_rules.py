"""The follow-up engine: given one inquiry's snapshot, the rules and `now`, plan task changes.

Pure: no I/O, no clock. Every task a rule makes carries a `rule_key` that is unique per
inquiry, and a key already used by any task (open, done or cancelled) is never created
again; that is what makes planning idempotent. Broker tasks (rule_key None) are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from app.domain.enums import ChecklistStatus, InquiryStatus, StageKind, TaskKind, TaskState
from app.domain.followup_config import load_rules
from app.domain.followup_model import (
    AnniversaryRule,
    ChecklistSnapshot,
    DocumentNagRule,
    FollowupPlan,
    FollowupRules,
    InquirySnapshot,
    NewLeadRule,
    RenewalRule,
    StageNextRule,
    StaleRule,
    TaskSnapshot,
    TaskToCreate,
)

__all__ = ["FollowupPlan", "FollowupRules", "load_rules", "plan_followups"]

# The service may stamp created_at, stage_entered_at and the first inbound message with
# separate clock reads; a gap this small is the same moment, not a reply or stage change.
_SAME_MOMENT = timedelta(minutes=1)

PREFIX_NEW_LEAD = "new_lead:"
PREFIX_DOC = "doc:"
PREFIX_RENEWAL = "renewal:"
PREFIX_STALE = "stale:"
PREFIX_ANNIVERSARY = "anniversary:"
PREFIX_NEXT = "next:"


@dataclass
class _Draft:
    """The plan being built by the rule passes, in order."""

    create: list[TaskToCreate] = field(default_factory=list)
    cancel: list[int] = field(default_factory=list)
    stop_reason: str | None = None


def plan_followups(inquiry: InquirySnapshot, rules: FollowupRules, now: datetime) -> FollowupPlan:
    """Work out which rule tasks to create and cancel for `inquiry` at `now` (aware datetime).

    The service applies the plan: insert `create` as open rule tasks, cancel the `cancel` ids,
    and when `stop_cadence_reason` is set, record `cadence_stopped_at = now` on the inquiry.
    """
    if now.tzinfo is None:
        raise ValueError("plan_followups needs a timezone-aware `now`")
    now = now.astimezone(UTC)
    draft = _Draft()
    _plan_new_lead(inquiry, rules.new_lead, now, draft)
    _plan_document_nags(inquiry, rules.document_nag, now, draft)
    _plan_renewals(inquiry, rules.renewal, now, draft)
    _plan_stale(inquiry, rules.stale, now, draft)
    _plan_anniversary(inquiry, rules.anniversary, now, draft)
    _plan_next_step(inquiry, rules.stage_next, now, draft)

    used = {task.rule_key for task in inquiry.tasks if task.rule_key is not None}
    create: list[TaskToCreate] = []
    for task in draft.create:
        if task.rule_key not in used:  # the idempotency guard: a key is used once, ever
            used.add(task.rule_key)
            create.append(task)
    return FollowupPlan(
        create=tuple(create),
        cancel=tuple(sorted(set(draft.cancel))),
        stop_cadence_reason=draft.stop_reason,
    )


# --- helpers --------------------------------------------------------------------------------


def _rule_tasks(inquiry: InquirySnapshot, prefix: str) -> list[tuple[str, TaskSnapshot]]:
    """Tasks whose rule_key starts with `prefix`, paired with the rest of the key."""
    return [
        (task.rule_key[len(prefix) :], task)
        for task in inquiry.tasks
        if task.rule_key is not None and task.rule_key.startswith(prefix)
    ]


def _open_ids(tasks: list[tuple[str, TaskSnapshot]]) -> list[int]:
    return [task.id for _, task in tasks if task.state is TaskState.OPEN]


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a non-leap year
        return moment.replace(year=moment.year + years, day=28)


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- 1. speed to lead -----------------------------------------------------------------------


def _cadence_stop_reason(inquiry: InquirySnapshot, rule: NewLeadRule) -> str | None:
    if inquiry.status is not InquiryStatus.ACTIVE:
        return "closed"
    replied = inquiry.last_inbound_at is not None and (
        inquiry.last_inbound_at > inquiry.created_at + _SAME_MOMENT
    )
    if "reply" in rule.stop_on and replied:
        return "reply"
    moved = inquiry.stage_key != rule.first_stage or (
        inquiry.stage_entered_at > inquiry.created_at + _SAME_MOMENT
    )
    if "stage_change" in rule.stop_on and moved:
        return "stage_change"
    return None


def _plan_new_lead(
    inquiry: InquirySnapshot, rule: NewLeadRule | None, now: datetime, draft: _Draft
) -> None:
    tasks = _rule_tasks(inquiry, PREFIX_NEW_LEAD)
    open_ids = _open_ids(tasks)
    if rule is None or inquiry.cadence_stopped_at is not None:
        draft.cancel.extend(open_ids)  # already stopped: only sweep leftovers
        return
    last_step = max((n for n in (_int_or_none(s) for s, _ in tasks) if n is not None), default=0)
    finished = last_step >= len(rule.steps) and not open_ids
    reason = _cadence_stop_reason(inquiry, rule)
    if reason is not None:
        draft.cancel.extend(open_ids)
        if not finished:  # a finished cadence has nothing left to stop
            draft.stop_reason = reason
        return
    if open_ids or finished:
        return  # one touch at a time
    number = last_step + 1
    step = rule.steps[number - 1]
    draft.create.append(
        TaskToCreate(
            rule_key=f"{PREFIX_NEW_LEAD}{number}",
            kind=step.kind,
            title=step.title.format(n=number, total=len(rule.steps)),
            due_at=max(inquiry.created_at + step.offset, now),
        )
    )


# --- 2. document nags -----------------------------------------------------------------------


def _plan_document_nags(
    inquiry: InquirySnapshot, rule: DocumentNagRule | None, now: datetime, draft: _Draft
) -> None:
    by_item: dict[int, list[tuple[int, TaskSnapshot]]] = {}
    for rest, task in _rule_tasks(inquiry, PREFIX_DOC):
        item_text, _, number_text = rest.partition(":")
        item_id, number = _int_or_none(item_text), _int_or_none(number_text)
        if item_id is not None and number is not None:
            by_item.setdefault(item_id, []).append((number, task))
    nagging = rule is not None and inquiry.status is InquiryStatus.ACTIVE
    requested = {
        item.id: item for item in inquiry.checklist if item.status is ChecklistStatus.REQUESTED
    }
    for item_id, nags in by_item.items():
        if not nagging or item_id not in requested:  # arrived, waived, or nagging is off
            draft.cancel.extend(t.id for _, t in nags if t.state is TaskState.OPEN)
    if rule is None or not nagging:
        return
    for item in requested.values():
        nags = sorted(by_item.get(item.id, []), key=lambda pair: pair[0])
        if any(task.state is TaskState.OPEN for _, task in nags):
            continue  # one open nag per item
        nag = _next_nag(item, nags, rule, now)
        if nag is not None:
            draft.create.append(nag)


def _next_nag(
    item: ChecklistSnapshot,
    nags: list[tuple[int, TaskSnapshot]],
    rule: DocumentNagRule,
    now: datetime,
) -> TaskToCreate | None:
    # A request with no recorded time counts as made now, so its first nag is not overdue.
    requested_at = item.requested_at if item.requested_at is not None else now
    due = requested_at + timedelta(days=rule.after_days)
    number = 1
    if nags:
        last_number, last = nags[-1]
        number = last_number + 1
        if rule.repeat_days is None:
            return None
        last_at = last.done_at if last.done_at is not None else last.due_at
        # max(): a re-request after the last nag restarts the first-nag delay
        due = max(due, last_at + timedelta(days=rule.repeat_days))
    if rule.max_nags is not None and number > rule.max_nags:
        return None
    due = max(due, now)
    return TaskToCreate(
        rule_key=f"{PREFIX_DOC}{item.id}:{number}",
        kind=TaskKind.DOCUMENT_REQUEST,
        title=rule.title.format(item=item.name, ago=_ago((due - requested_at).days)),
        due_at=due,
        checklist_item_id=item.id,
    )


# --- 3. renewals ----------------------------------------------------------------------------


def _plan_renewals(
    inquiry: InquirySnapshot, rule: RenewalRule | None, now: datetime, draft: _Draft
) -> None:
    tasks = _rule_tasks(inquiry, PREFIX_RENEWAL)
    maturity = inquiry.term_maturity_date
    if rule is None or maturity is None or inquiry.status is InquiryStatus.LOST:
        draft.cancel.extend(_open_ids(tasks))
        return
    # Keys carry the maturity date, so correcting the date re-plans the checks.
    draft.cancel.extend(
        task.id
        for suffix, task in tasks
        if task.state is TaskState.OPEN and not suffix.endswith(f":{maturity.isoformat()}")
    )
    at_hour = time(rule.hour_utc, tzinfo=UTC)
    dues = [
        (days, datetime.combine(maturity - timedelta(days=days), at_hour))
        for days in rule.days_before  # largest first, so dues are in time order
    ]
    past = [days for days, due in dues if due <= now]
    # Seen late: skip the checks that are long gone, but do the most recent one now.
    if past and maturity >= now.date():
        draft.create.append(_renewal_task(rule, past[-1], maturity, now))
    for days, due in dues:
        if due > now:
            draft.create.append(_renewal_task(rule, days, maturity, due))


def _renewal_task(rule: RenewalRule, days: int, maturity: date, due: datetime) -> TaskToCreate:
    return TaskToCreate(
        rule_key=f"{PREFIX_RENEWAL}{days}:{maturity.isoformat()}",
        kind=TaskKind.RENEWAL_CHECK,
        title=rule.title.format(days=days, maturity=maturity.isoformat()),
        due_at=due,
    )


# --- 4. stale warm inquiries ----------------------------------------------------------------


def _plan_stale(
    inquiry: InquirySnapshot, rule: StaleRule | None, now: datetime, draft: _Draft
) -> None:
    open_ids = _open_ids(_rule_tasks(inquiry, PREFIX_STALE))
    last = inquiry.last_contact_at or inquiry.created_at
    stale = (
        rule is not None
        and inquiry.status is InquiryStatus.ACTIVE
        and inquiry.stage_is_warm
        and now - last >= timedelta(days=rule.after_days)
    )
    if rule is None or not stale:
        draft.cancel.extend(open_ids)  # contact resumed or the inquiry cooled: moot
        return
    if open_ids:
        return
    draft.create.append(
        TaskToCreate(
            # keyed by the last contact's date: one reconnect per silence
            rule_key=f"{PREFIX_STALE}{last.astimezone(UTC).date().isoformat()}",
            kind=TaskKind.CALL,
            title=rule.title.format(days=(now - last).days),
            due_at=now,
        )
    )


# --- 5. anniversaries -----------------------------------------------------------------------


def _plan_anniversary(
    inquiry: InquirySnapshot, rule: AnniversaryRule | None, now: datetime, draft: _Draft
) -> None:
    tasks = _rule_tasks(inquiry, PREFIX_ANNIVERSARY)
    open_ids = _open_ids(tasks)
    funded = inquiry.funded_at
    if rule is None or funded is None or inquiry.status is not InquiryStatus.WON:
        draft.cancel.extend(open_ids)
        return
    if open_ids:
        return
    last_year = max((n for n in (_int_or_none(s) for s, _ in tasks) if n is not None), default=0)
    for years in rule.years:
        due = _add_years(funded, years)
        if years > last_year and due >= now:  # anniversaries already past are skipped
            draft.create.append(
                TaskToCreate(
                    rule_key=f"{PREFIX_ANNIVERSARY}{years}",
                    kind=TaskKind.CALL,
                    title=rule.title.format(n=years, ordinal=_ordinal(years)),
                    due_at=due,
                )
            )
            return


# --- 6. never without a next step -----------------------------------------------------------


def _plan_next_step(
    inquiry: InquirySnapshot, rule: StageNextRule | None, now: datetime, draft: _Draft
) -> None:
    current = f"{PREFIX_NEXT}{inquiry.stage_key}:"
    for _, task in _rule_tasks(inquiry, PREFIX_NEXT):
        outdated = (
            rule is None
            or inquiry.status is not InquiryStatus.ACTIVE
            or not (task.rule_key or "").startswith(current)  # made for an earlier stage
        )
        if task.state is TaskState.OPEN and outdated:
            draft.cancel.append(task.id)
    if rule is None or inquiry.status is not InquiryStatus.ACTIVE:
        return
    cancelled = set(draft.cancel)
    still_open = any(
        task.state is TaskState.OPEN and task.id not in cancelled for task in inquiry.tasks
    )
    used = {task.rule_key for task in inquiry.tasks}
    will_create = any(task.rule_key not in used for task in draft.create)
    if still_open or will_create:
        return
    template = rule.waiting_title if inquiry.stage_kind is StageKind.WAITING else rule.title
    draft.create.append(
        TaskToCreate(
            rule_key=f"{current}{now.strftime('%Y-%m-%dT%H:%M')}",
            kind=TaskKind.FOLLOW_UP,
            title=template.format(stage=inquiry.stage_name or inquiry.stage_key.replace("_", " ")),
            due_at=now + timedelta(days=max(inquiry.stage_followup_days, 0)),
        )
    )
