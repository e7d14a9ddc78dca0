"""The headers nginx adds to the files it serves alone are the service's own
(server/security.py): the same Content-Security-Policy (without the page's script
hashes, since the built page has none), plus HSTS."""

from __future__ import annotations

import re

from server.security import HEADERS, content_security_policy
from tests.support.live_server import ROOT

SNIPPET = ROOT / "deploy" / "nginx" / "snippets" / "layanan-sehat-rembang-headers.conf"
SITE = ROOT / "deploy" / "nginx" / "layanan-sehat-rembang.conf"


def added_headers(text: str) -> dict[str, str]:
    pairs = re.findall(r'^\s*add_header\s+([\w-]+)\s+(?:"([^"]*)"|(\S+))\s+always;', text, re.M)
    return {name.lower(): quoted or bare for name, quoted, bare in pairs}


def test_nginx_sends_the_services_headers_and_policy():
    sent = added_headers(SNIPPET.read_text(encoding="utf-8"))
    expected = {name.decode(): value.decode() for name, value in HEADERS.items()}
    assert {name: sent[name] for name in expected} == expected
    assert sent["content-security-policy"] == content_security_policy()


def test_https_is_required_for_two_years_wherever_nginx_answers():
    hsts = "max-age=63072000; includeSubDomains"
    assert added_headers(SNIPPET.read_text(encoding="utf-8"))["strict-transport-security"] == hsts
    assert added_headers(SITE.read_text(encoding="utf-8"))["strict-transport-security"] == hsts
