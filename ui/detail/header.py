"""The top of the lead detail: who, what, where in the pipeline, and the score's why."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.domain.scoring import Score, score_from_json
from app.services.detail import LeadDetail, format_duration
from ui.detail.text import STATUS_NAMES, is_dark, money, tone, when


def badge_text_color() -> str:
    """Dark text on the light badge colours of a dark theme, white on a light theme's."""
    return "#10141a" if is_dark() else "white"


def badge_style(color: str) -> str:
    return (
        f"QLabel {{ background: {color}; color: {badge_text_color()}; border-radius: 8px;"
        " padding: 2px 8px; font-weight: 600; }"
    )


def breakdown_html(score: Score) -> str:
    """The score's parts as a small table: label, points out of max, reason."""
    rows = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(part.label)}</b></td>"
        f"<td align='right' style='padding-right:12px'>{part.points} / {part.max_points}</td>"
        f"<td>{escape(part.reason)}</td></tr>"
        for part in score.parts
    )
    return f"<table cellspacing='2'>{rows}</table>"


SEPARATOR = "  ·  "


def whole(text: str) -> str:
    """Text that wraps as a unit ("Source: Past client" never splits after the colon)."""
    return text.replace(" ", "\u00a0")


def joined(parts: list[str]) -> str:
    """Parts on one line, wrapping only between parts."""
    return SEPARATOR.join(whole(part) for part in parts)


def score_tone(score: int) -> str:
    """Green for a hot lead, amber for a warm one, grey for the rest."""
    return "good" if score >= 70 else "warn" if score >= 40 else "muted"


def read_score(detail: LeadDetail) -> Score | None:
    if not detail.score_breakdown:
        return None
    try:
        return score_from_json(detail.score_breakdown)
    except ValueError:
        return None  # an old or hand-edited breakdown: show the number without parts


class DetailHeader(QWidget):
    """Name, badges, the inquiry in one line, key dates, and the score with its parts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_label = QLabel()
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dnc_badge = QLabel("Do not contact")
        self.dnc_badge.setToolTip(
            "This person asked not to be contacted: no calls, emails or texts"
        )
        self.status_badge = QLabel()
        self.summary_label = QLabel()
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dates_label = QLabel()
        # Wrapped, a long line takes two lines in a narrow pane rather than widening it.
        self.summary_label.setWordWrap(True)
        self.dates_label.setWordWrap(True)
        self.score_button = QToolButton()
        self.score_button.setCheckable(True)
        self.score_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.score_button.toggled.connect(self._toggle_breakdown)
        score_font = self.score_button.font()
        score_font.setPointSizeF(score_font.pointSizeF() * 1.15)
        score_font.setBold(True)
        self.score_button.setFont(score_font)
        self.breakdown = QLabel()
        self.breakdown.setTextFormat(Qt.TextFormat.RichText)
        self.breakdown.setFrameShape(QFrame.Shape.StyledPanel)
        self.breakdown.setContentsMargins(8, 6, 8, 6)
        self.breakdown.setVisible(False)
        self.breakdown.setWordWrap(True)
        self._score = 0

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name_label)
        top.addWidget(self.status_badge)
        top.addWidget(self.dnc_badge)
        top.addStretch(1)
        top.addWidget(self.score_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.dates_label)
        layout.addWidget(self.breakdown)

    def _toggle_breakdown(self, shown: bool) -> None:
        self.breakdown.setVisible(shown and bool(self.breakdown.text()))
        self.score_button.setText(f"Score {self._score}  {'▾' if shown else '▸'}")

    def show_detail(self, detail: LeadDetail, tz: tzinfo, now: datetime) -> None:
        inquiry, contact = detail.inquiry, detail.contact
        today = now.astimezone(tz).date()
        self.name_label.setText(contact.full_name or "(no name)")
        self.dnc_badge.setStyleSheet(badge_style(tone("bad").name()))
        self.dnc_badge.setVisible(contact.do_not_contact)
        status_tone = {"won": "good", "lost": "bad", "on_hold": "warn"}.get(inquiry.status, "info")
        self.status_badge.setText(STATUS_NAMES.get(inquiry.status, inquiry.status))
        self.status_badge.setStyleSheet(badge_style(tone(status_tone).name()))
        parts = [inquiry.type_name, inquiry.stage_name]
        if inquiry.amount is not None:
            parts.append(money(inquiry.amount))
        parts.append(f"Owner: {inquiry.owner_name or 'unassigned'}")
        parts.append(f"Source: {inquiry.source_name or 'not set'}")
        self.summary_label.setText(joined(parts))
        self.dates_label.setText(self._dates(detail, tz, now, today))
        score = read_score(detail)
        self._score = inquiry.score
        color = tone(score_tone(inquiry.score)).name()
        self.score_button.setStyleSheet(
            f"QToolButton {{ background: {color}; color: {badge_text_color()}; border: none;"
            " border-radius: 10px; padding: 4px 12px; font-weight: 600; }"
        )
        if score is not None:
            table = breakdown_html(score)
            self.breakdown.setText(table)
            self.score_button.setToolTip(f"<b>Why {inquiry.score}?</b>{table}")
        else:
            self.breakdown.setText("")
            self.score_button.setToolTip("No breakdown recorded yet")
        self._toggle_breakdown(self.score_button.isChecked())

    def _dates(self, detail: LeadDetail, tz: tzinfo, now: datetime, today: date) -> str:
        inquiry = detail.inquiry
        first = inquiry.first_response_at
        if first is None:
            response = "<b>No response yet</b>"
        else:
            took = format_duration(first - inquiry.created_at)
            response = whole(f"First response {when(first, tz, today)} ({took})")
        follow = inquiry.next_followup_at
        follow_text = whole(f"Next follow-up {when(follow, tz, today)}")
        if follow is not None and follow < now:
            follow_text = f"<span style='color:{tone('bad').name()}'>{follow_text}</span>"
        items = [
            whole(f"Arrived {when(inquiry.created_at, tz, today)}"),
            response,
            whole(f"Last contact {when(inquiry.last_contact_at, tz, today)}"),
            follow_text if follow is not None else "No follow-up planned",
        ]
        return SEPARATOR.join(items)
