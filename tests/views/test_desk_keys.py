"""The desk's keys told apart (`views.staff.desk_keys`), and what the check-in field
reads in what was typed (`views.staff.checkin_model.read_query`): no page needed, times
given."""

from __future__ import annotations

import datetime as dt

from views.staff.checkin_model import Query, read_query
from views.staff.desk_keys import BURST_SECONDS, DeskKeys, Scanned, Shortcut

SHORTCUTS = {"C", "D", "R", "S", "T", "F", "W", "ENTER", "ESCAPE"}


def test_a_shortcut_pressed_alone_acts_after_the_wait():
    keys = DeskKeys(SHORTCUTS)
    heard = keys.key("c", 10.0)
    assert heard == Shortcut("C", heard.generation) and keys.still_alone(heard)


def test_a_scanners_code_fires_no_shortcut_and_arrives_whole():
    keys = DeskKeys(SHORTCUTS)
    heard = [keys.key(k, 10.0 + i * 0.01) for i, k in enumerate([*"CDRSTWF0XN2QP", "Enter"])]
    first = heard[0]
    assert isinstance(first, Shortcut) and not keys.still_alone(first)  # the next key came at once
    assert heard[1:-1] == [None] * 12
    assert heard[-1] == Scanned("CDRSTWF0XN2QP")


def test_a_code_whose_keys_arrive_unevenly_still_arrives_whole_and_fires_nothing_after_its_start():
    """The service hears the keys after the network: some come late."""
    keys = DeskKeys(SHORTCUTS)
    gaps = [0.0, 0.01, 0.4, 0.02, 0.3, 0.6, 0.01, 0.25, 0.02]
    at, heard = 10.0, []
    for gap, key in zip(gaps, [*"K7DQCSX2", "Enter"], strict=True):
        at += gap
        heard.append(keys.key(key, at))
    assert not any(isinstance(h, Shortcut) for h in heard[2:])  # D, C, S came late: still the code
    assert heard[-1] == Scanned("K7DQCSX2")


def test_a_persons_keys_a_moment_apart_stay_shortcuts_enter_included():
    keys = DeskKeys({*SHORTCUTS, "2"})
    heard = [keys.key(k, 10.0 + i * 0.3) for i, k in enumerate(["W", "2", "Enter"])]
    assert [h.key if isinstance(h, Shortcut) else h for h in heard] == ["W", "2", "ENTER"]


def test_two_shortcuts_a_moment_apart_both_act():
    keys = DeskKeys(SHORTCUTS)
    call = keys.key("C", 10.0)
    assert isinstance(call, Shortcut) and keys.still_alone(call)
    done = keys.key("D", 10.0 + 2 * BURST_SECONDS)
    assert isinstance(done, Shortcut) and keys.still_alone(done)


def test_nothing_typed_into_a_focused_field_is_a_shortcut():
    keys = DeskKeys(SHORTCUTS)
    keys.field_focused = True
    assert [keys.key(k, 10.0 + i) for i, k in enumerate("CDS")] == [None, None, None]
    keys.field_focused = False
    assert isinstance(keys.key("C", 20.0), Shortcut)


def test_two_keys_pressed_together_are_no_code():
    keys = DeskKeys(SHORTCUTS)
    keys.key("C", 10.0)
    assert keys.key("Enter", 10.01) is None


def test_the_field_reads_a_code_digits_or_a_name_with_its_birth_date():
    assert read_query("k7qd-2m9f-xh3ta") == Query(code="K7QD2M9FXH3TA")
    assert read_query("https://layanan.example/tiket/K7QD2M9FXH3TA") == Query(code="K7QD2M9FXH3TA")
    assert read_query("0001") == Query(digits="0001")
    assert read_query("+62 812-3456-7890") == Query(digits="6281234567890")
    assert read_query("Siti Aminah 15-06-1990") == Query(name="Siti Aminah", birth_date=dt.date(1990, 6, 15))
    assert read_query("15/6/1990 siti") == Query(name="siti", birth_date=dt.date(1990, 6, 15))
    assert read_query("Siti Aminah").problem == "need_birth_date"
    assert read_query("Siti 31-02-1990").problem == "bad_date"
    assert read_query("15-06-1990").problem == "need_name"
    assert read_query("").problem == "empty"
