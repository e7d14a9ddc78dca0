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

# Refused on purpose, and harmless to the app: flet-web's stock client loads Rive's
# runtime from a public CDN at start (for the flet-rive extension, which this app does
# not use); the policy keeps a third party's code out of our origin.
REFUSED_ON_PURPOSE = ("https://cdn.jsdelivr.net/npm/@rive-app/",)


def violations(page: Any) -> list[dict[str, str]]:  # a Playwright Page
    """The page's violations, without those refused on purpose."""
    found: list[dict[str, str]] = page.evaluate("window.__cspViolations || []")
    return [v for v in found if not v["blocked"].startswith(REFUSED_ON_PURPOSE)]


def policy_of(header: str) -> dict[str, list[str]]:
    """`default-src 'self'; img-src …` → {"default-src": ["'self'"], …}."""
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}
