"""Undoable changes to several contacts at once: tag, untag, assign their inquiries.

The undo takes back exactly what the change did (the services report it): a contact
that already had the tag keeps it, an inquiry goes back to the owner it really had.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from app.services.bulk import (
    OwnerChange,
    TagChange,
    assign_inquiries_of_contacts,
    restore_owners,
    tag_contacts,
    untag_contacts,
)
from app.services.context import ServiceContext
from ui import undo
from ui.background import CONTACTS, INQUIRIES, TASKS, Changes

Say = Callable[[str], None]


def push_tags(
    stack: QUndoStack, changes: Changes, ctx: ServiceContext, parent: QWidget, say: Say,
    *, ids: list[int], tag: str, add: bool,
) -> None:  # fmt: skip
    """Tag (or untag) the contacts `ids`, undoably."""
    forward, backward = (tag_contacts, untag_contacts) if add else (untag_contacts, tag_contacts)
    text = (
        f"Tag {len(ids)} contact(s) “{tag}”"
        if add
        else f"Remove “{tag}” from {len(ids)} contact(s)"
    )
    done: dict[str, TagChange] = {}

    def do() -> TagChange:
        done["change"] = change = forward(ctx, ids, tag)
        return change

    def undo_call() -> TagChange:  # only the contacts that really changed
        return backward(ctx, done["change"].contact_ids, tag)

    undo.push(
        stack, text, do=do, undo=undo_call, changes=changes, flags=(CONTACTS,),
        parent_widget=parent,
        on_done=lambda change: say(f"{text}: {len(change.contact_ids)} changed"),
    )  # fmt: skip


def push_assign(
    stack: QUndoStack, changes: Changes, ctx: ServiceContext, parent: QWidget, say: Say,
    *, ids: list[int], owner_id: int | None, owner_name: str,
) -> None:  # fmt: skip
    """Give the open inquiries of the contacts `ids` to an owner (None: nobody), undoably."""
    done: dict[str, OwnerChange] = {}

    def do() -> OwnerChange:
        done["change"] = change = assign_inquiries_of_contacts(ctx, ids, owner_id)
        return change

    undo.push(
        stack, f"Assign {len(ids)} contact(s) to {owner_name}", do=do,
        undo=lambda: restore_owners(ctx, done["change"]), changes=changes,
        flags=(CONTACTS, INQUIRIES, TASKS), parent_widget=parent,
        on_done=lambda change: say(f"{len(change.previous)} open inquiries reassigned"),
    )  # fmt: skip
