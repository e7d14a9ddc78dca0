"""What a browser refused under the Content-Security-Policy: every
`securitypolicyviolation` event of a page, collected from before its first script."""

from __future__ import annotations

from typing import Any

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push({
  directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample,
}));
"""

def violations(page: Any) -> list[dict[str, str]]:  # a Playwright Page
    """The page's violations. There are none on purpose: the Rive runtime flet-web's
    client would fetch from a CDN is never asked for (server/web_loading.py)."""
    found: list[dict[str, str]] = page.evaluate("window.__cspViolations || []")
    return found


def policy_of(header: str) -> dict[str, list[str]]:
    """`default-src 'self'; img-src …` → {"default-src": ["'self'"], …}."""
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}
