"""A complaint's response deadline: 5 working days (Mon–Fri, national holidays
excepted), not counting the day it arrives."""

from __future__ import annotations

import datetime as dt

from server.complaints.deadline import overdue, respond_by


def test_a_monday_complaint_is_due_the_next_monday():
    assert respond_by(dt.date(2026, 11, 30)) == dt.date(2026, 12, 7)


def test_a_weekend_complaint_counts_from_monday():
    assert respond_by(dt.date(2026, 12, 5)) == dt.date(2026, 12, 11)  # Saturday → Friday
    assert respond_by(dt.date(2026, 12, 6)) == dt.date(2026, 12, 11)  # Sunday → Friday


def test_christmas_does_not_count():
    # 22, 23, 24, (25 Hari Raya Natal), 28, 29
    assert respond_by(dt.date(2026, 12, 21)) == dt.date(2026, 12, 29)


def test_overdue_only_after_the_last_day_and_while_not_finished():
    due = dt.date(2026, 12, 7)
    assert not overdue(due, today=dt.date(2026, 12, 7), finished=False)
    assert overdue(due, today=dt.date(2026, 12, 8), finished=False)
    assert not overdue(due, today=dt.date(2026, 12, 8), finished=True)
