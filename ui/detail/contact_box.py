"""The Contact section: emails, phones, address, consent per channel, do-not-contact."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGridLayout, QGroupBox, QLabel, QWidget

from app.domain.contact_points import display_phone
from app.services.contacts import set_consent
from app.services.detail import LeadDetail
from ui.background import CONTACTS
from ui.detail.header import badge_style
from ui.detail.ops import DetailOps
from ui.detail.text import STATUS_NAMES, money, tone, when

CHANNELS = (("email", "Email"), ("phone", "Phone"), ("sms", "Text"), ("mail", "Mail"))
SHOWN_STATUSES = ("on_hold", "nurture")  # won and lost already show in the stage name
LEVELS = (("express", "Express"), ("implied", "Implied"), ("none", "None"))


def _lines(values: list[str]) -> str:
    return "<br>".join(values) if values else "<i>none</i>"


class ContactBox(QGroupBox):
    """Read-mostly facts about the person; consent levels change in place (undoable)."""

    open_contact = Signal(int)
    open_inquiry = Signal(int)

    def __init__(self, ops: DetailOps, parent: QWidget | None = None) -> None:
        super().__init__("Contact", parent)
        self._ops = ops
        self._contact_id: int | None = None
        self._levels: dict[str, str] = {}
        self._loading = False
        self.dnc_label = QLabel("Do not contact")
        self.emails_label = self._rich_label()
        self.phones_label = self._rich_label()
        self.address_label = self._rich_label()
        self.others_label = self._rich_label()
        self.others_label.linkActivated.connect(self._link)
        self.open_label = QLabel("<a href='contact'>Open the contact</a>")
        self.open_label.linkActivated.connect(self._link)
        self.consent_boxes: dict[str, QComboBox] = {}
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(12)
        form.addRow("", self.dnc_label)
        form.addRow("Email", self.emails_label)
        form.addRow("Phone", self.phones_label)
        form.addRow("Address", self.address_label)
        consent = QGridLayout()
        consent.setHorizontalSpacing(8)
        consent.setVerticalSpacing(6)
        for number, (channel, label) in enumerate(CHANNELS):
            box = QComboBox()
            for key, name in LEVELS:
                box.addItem(name, key)
            box.currentIndexChanged.connect(lambda _i, c=channel: self._consent_changed(c))
            self.consent_boxes[channel] = box
            row, col = divmod(number, 2)
            consent.addWidget(QLabel(label), row, 2 * col)
            consent.addWidget(box, row, 2 * col + 1)
        consent.setColumnStretch(1, 1)
        consent.setColumnStretch(3, 1)
        form.addRow("Consent", consent)
        form.addRow("Other inquiries", self.others_label)
        form.addRow("", self.open_label)

    @staticmethod
    def _rich_label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.setOpenExternalLinks(False)
        return label

    def show_detail(self, detail: LeadDetail, tz: tzinfo) -> None:
        contact = detail.contact
        self._contact_id = contact.id
        self.dnc_label.setStyleSheet(badge_style(tone("bad").name()))
        self.dnc_label.setVisible(contact.do_not_contact)
        self.emails_label.setText(_lines([escape(e) for e in contact.emails]))
        self.phones_label.setText(_lines([escape(display_phone(p)) for p in contact.phones]))
        place = ", ".join(
            p for p in (contact.address_line1, contact.city, contact.region, contact.postal_code)
            if p
        )  # fmt: skip
        self.address_label.setText(escape(place) if place else "<i>none</i>")
        recorded = {c.channel: c for c in contact.consents}
        self._loading = True
        for channel, box in self.consent_boxes.items():
            consent = recorded.get(channel)
            level = consent.level if consent else "none"
            self._levels[channel] = level
            box.setCurrentIndex(max(box.findData(level), 0))
            box.setToolTip(
                f"Recorded {when(consent.recorded_at, tz)}"
                + (f" ({consent.method})" if consent.method else "")
                if consent
                else "Nothing recorded for this channel"
            )
        self._loading = False
        others = [
            f"<a href='inquiry:{o.id}'>{escape(o.type_name)}</a> · {escape(o.stage_name)}"
            + (f" ({STATUS_NAMES[o.status].lower()})" if o.status in SHOWN_STATUSES else "")
            + (f" · {money(o.amount)}" if o.amount is not None else "")
            + f" · {o.created_at.astimezone(tz):%b %Y}"
            for o in detail.other_inquiries
        ]
        self.others_label.setText(_lines(others))

    def _link(self, target: str) -> None:
        if target == "contact" and self._contact_id is not None:
            self.open_contact.emit(self._contact_id)
        elif target.startswith("inquiry:"):
            self.open_inquiry.emit(int(target.split(":", 1)[1]))

    def _consent_changed(self, channel: str) -> None:
        if self._loading or self._contact_id is None:
            return
        box = self.consent_boxes[channel]
        new, old = str(box.currentData()), self._levels.get(channel, "none")
        if new == old:
            return
        self._levels[channel] = new
        ctx, contact_id = self._ops.ctx, self._contact_id
        name = dict(CHANNELS)[channel].lower()
        self._ops.undoable(
            f"Consent for {name}: {new}",
            do=lambda: set_consent(ctx, contact_id, channel, new, "set by the broker"),
            undo_call=lambda: set_consent(ctx, contact_id, channel, old, "undone"),
            flags=(CONTACTS,),
        )
