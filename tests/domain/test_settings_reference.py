"""docs/deploy.md's settings table names every setting the service reads, and no
setting that is gone."""

from __future__ import annotations

import re

from server.settings import Settings
from tests.support.live_server import ROOT


def environment_names() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add(alias if isinstance(alias, str) else f"LSR_{name.upper()}")
    return names


def documented_names() -> set[str]:
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    table = re.split(r"^## \d+\. Settings$", guide, flags=re.M)[1].split("\n## ")[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", table, re.M))


def test_every_setting_of_the_service_is_in_the_deployment_guide():
    assert environment_names() - documented_names() == set()


def test_the_guide_names_no_setting_the_service_does_not_read():
    assert documented_names() - environment_names() == set()
