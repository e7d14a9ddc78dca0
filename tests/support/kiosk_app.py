"""The kiosk as its own process, as on the lobby PC: `python main.py` with
`LSR_MODE=kiosk`, its key, facility and printer, talking to a central service.

    kiosk = KioskApp(api_url=server.api_url, facility="pkm-lasem", printer=f"file:{path}")
    kiosk.start()          # waits until the local web app answers
    page.goto(kiosk.url)
    kiosk.stop()

Translations not merged yet: the lead merges `locales/pending/*.json` into the
catalogs. Until then `pending_translations()` lays those files over the compiled
catalogs, so tests and screenshots show the Basa Jawa and English the merge will
give (after the merge the files are gone and this changes nothing). The kiosk
process gets the same overlay when started with `translations=True`
(`python -m tests.support.kiosk_app`, which then runs main.py as `__main__`).
"""

from __future__ import annotations

import contextlib
import gettext
import json
import os
import runpy
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.support.live_server import ROOT, free_port

PENDING = ROOT / "locales" / "pending"


def _pending_entries() -> dict[str, dict[str, object]]:
    entries: dict[str, dict[str, object]] = {}
    for path in sorted(PENDING.glob("*.json")):
        entries.update(json.loads(path.read_text(encoding="utf-8")))
    return entries


class _Pending(gettext.NullTranslations):
    """Pending translations first, the compiled catalog for everything else."""

    def __init__(self, language: str, entries: dict[str, dict[str, object]],
                 catalog: gettext.NullTranslations) -> None:
        super().__init__()
        self._language = language
        self._entries = entries
        self.add_fallback(catalog)

    def gettext(self, message: str) -> str:
        found = self._entries.get(message, {}).get(self._language)
        return found if isinstance(found, str) and found else self._fallback.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._entries.get(f"{singular}||{plural}", {}).get(self._language)
        if isinstance(forms, list) and forms:
            return str(forms[0] if n == 1 or len(forms) == 1 else forms[-1])
        return self._fallback.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._fallback.pgettext(context, message)


def install_pending_translations() -> None:
    """Make every new `Translator` read the pending translations too."""
    from views import i18n

    if getattr(i18n._catalog, "_pending", False):
        return
    original = i18n._catalog
    entries = _pending_entries()

    def catalog(language: str, localedir: str) -> gettext.NullTranslations:
        return _Pending(language, entries, original(language, localedir))

    catalog._pending = True  # type: ignore[attr-defined]
    catalog._original = original  # type: ignore[attr-defined]
    i18n._catalog = catalog  # type: ignore[assignment]


def remove_pending_translations() -> None:
    from views import i18n

    original = getattr(i18n._catalog, "_original", None)
    if original is not None:
        i18n._catalog = original


@contextlib.contextmanager
def pending_translations() -> Iterator[None]:
    install_pending_translations()
    try:
        yield
    finally:
        remove_pending_translations()


class KioskApp:
    def __init__(
        self,
        *,
        api_url: str,
        facility: str = "pkm-lasem",
        printer: str = "none",
        language: str = "id",
        idle_seconds: int = 60,
        public_url: str = "http://127.0.0.1:8000",
        log_path: Path | None = None,
        translations: bool = True,
    ) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "LSR_MODE": "kiosk",
            "LSR_API_URL": api_url,
            "LSR_KIOSK_KEY": f"demo-kiosk-{facility}",
            "LSR_KIOSK_FACILITY": facility,
            "LSR_KIOSK_PRINTER": printer,
            "LSR_KIOSK_LANGUAGE": language,
            "LSR_KIOSK_IDLE_SECONDS": str(idle_seconds),
            "LSR_PUBLIC_URL": public_url,
            "LSR_PORT": str(self.port),
        }
        self.translations = translations
        self.log = log_path or Path(os.environ.get("TMPDIR", "/tmp")) / f"kiosk-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        args = ([sys.executable, "-m", "tests.support.kiosk_app"] if self.translations
                else [sys.executable, "main.py"])
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own app
                args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kiosk exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise TimeoutError(f"kiosk did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


if __name__ == "__main__":
    install_pending_translations()
    sys.argv = [str(ROOT / "main.py")]
    runpy.run_path(str(ROOT / "main.py"), run_name="__main__")
