"""Debian's nginx in front of live service instances, with the production site
configuration of deploy/nginx/ (only its address, web root and upstream ports are
replaced), run unprivileged under a temporary prefix."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from tests.support.live_server import ROOT, LiveServer, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SITE = ROOT / "deploy" / "nginx" / "layanan-sehat-rembang.conf"
SNIPPETS = ROOT / "deploy" / "nginx" / "snippets"
PRODUCTION_UPSTREAMS = ("127.0.0.1:8001", "127.0.0.1:8002")

MAIN_CONF = """\
{user}load_module {brotli};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/site.conf;
}}
"""


def site_for(web_root: Path, port: int, instances: list[LiveServer]) -> str:
    """The production site file, pointed at this test's root, port and instances."""
    text = SITE.read_text(encoding="utf-8")
    changes = [
        (r"listen 80;", f"listen 127.0.0.1:{port};"),
        (r"root /srv/layanan-sehat-rembang/web;", f"root {web_root};"),
    ]
    for old, new in changes:
        assert text.count(old) == 1, f"{SITE.name} no longer has {old!r}"
        text = text.replace(old, new)
    for upstream in ("lsr_web_sessions", "lsr_api"):
        block = re.search(rf"upstream {upstream} \{{.*?\n\}}", text, re.S)
        assert block is not None
        lines = [line for line in block.group(0).splitlines() if "server 127.0.0.1:800" not in line]
        assert len(lines) == len(block.group(0).splitlines()) - len(PRODUCTION_UPSTREAMS)
        servers = [f"    server 127.0.0.1:{server.port};" for server in instances]
        text = text.replace(block.group(0), "\n".join(lines[:-1] + servers + lines[-1:]))
    return text


class NginxFront:
    def __init__(self, prefix: Path, web_root: Path, instances: list[LiveServer]) -> None:
        self.prefix = prefix
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        shutil.copytree(SNIPPETS, prefix / "snippets", dirs_exist_ok=True)
        shutil.copyfile("/etc/nginx/mime.types", prefix / "mime.types")
        (prefix / "site.conf").write_text(site_for(web_root, self.port, instances), encoding="utf-8")
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            MAIN_CONF.format(prefix=prefix, brotli=BROTLI_MODULE, user=user), encoding="utf-8"
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self, timeout: float = 20) -> None:
        args = [NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-g", "daemon off;"]
        with (self.prefix / "stderr.log").open("ab") as stderr:
            self.process = subprocess.Popen(args, stderr=stderr)  # noqa: S603 - Debian's nginx
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.prefix / 'stderr.log').read_text()}")
            try:
                httpx.get(f"{self.api_url}/health", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError("nginx did not start")

    def access_log(self) -> str:
        path = self.prefix / "access.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
