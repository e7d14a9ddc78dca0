"""The kiosk as its own process, as on the lobby PC: `python main.py` with
`LSR_MODE=kiosk`, its key, facility and printer, talking to a central service.

    kiosk = KioskApp(api_url=server.api_url, facility="pkm-lasem", printer=f"file:{path}")
    kiosk.start()          # waits until the local web app answers
    page.goto(kiosk.url)
    kiosk.stop()
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.live_server import ROOT, free_port


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
        self.log = log_path or Path(os.environ.get("TMPDIR", "/tmp")) / f"kiosk-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        args = [sys.executable, "main.py"]
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

