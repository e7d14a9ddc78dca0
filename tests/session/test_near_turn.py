"""The near-turn memory and threshold: told once per crossing, again after falling back;
the app's threshold from the environment, the person's choice over it."""

from __future__ import annotations

from pathlib import Path

from session.near_turn import NearTurnMemory, near_turn_threshold
from session.settings import AppSettings
from session.state import Preferences


def test_a_ticket_is_told_once_while_near_and_again_after_falling_back() -> None:
    memory = NearTurnMemory()
    seen = [memory.crossed("K7QD", 5, near=near) for near in (False, True, True, True, False, True)]
    assert seen == [False, True, False, False, False, True]
    assert memory.crossed("OTHER", 5, near=True)  # each ticket on its own
    assert memory.crossed("K7QD", 3, near=True)  # a new threshold is a new crossing


def test_the_threshold_is_the_persons_choice_else_the_apps(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LSR_NEAR_TURN", "7")
    settings = AppSettings.from_env(build_file=tmp_path / "none.json")
    assert near_turn_threshold(settings, Preferences()) == 7
    assert near_turn_threshold(settings, Preferences(near_turn=0)) == 0
    monkeypatch.delenv("LSR_NEAR_TURN")
    assert AppSettings.from_env(build_file=tmp_path / "none.json").near_turn == 5
