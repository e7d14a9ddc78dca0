"""Every GitHub action a workflow uses is pinned to a commit, not to a tag or a
branch that its owner (or whoever takes over their account) can move."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.support.live_server import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$")


def uses_of(workflow: Path) -> list[str]:
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    found = []
    for job in document["jobs"].values():
        if "uses" in job:  # a reusable workflow
            found.append(job["uses"])
        found += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    return found


def test_there_are_workflows_to_check():
    assert WORKFLOWS and all(uses_of(workflow) for workflow in WORKFLOWS)


def test_every_action_is_pinned_to_a_commit():
    unpinned = [(workflow.name, used) for workflow in WORKFLOWS for used in uses_of(workflow)
                if not PINNED.match(used)]
    assert unpinned == []


def test_every_pin_names_its_release_in_a_comment():
    """The reader (and a dependency bot) sees which release a commit is."""
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            match = USES_LINE.match(line)
            if match:
                assert re.fullmatch(r"\s+# v\d+(\.\d+)*", match.group(2)), line
