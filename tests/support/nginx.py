"""Debian's nginx in front of live service instances, with the production site
configuration of deploy/nginx/ (only its addresses, certificate, web root and
upstream ports are replaced), under a temporary prefix, with a throwaway
certificate made for 127.0.0.1 by a throwaway authority (`ca_file` trusts it)."""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

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
    access_log {prefix}/debian-default-access.log;  # as Debian's nginx.conf: `combined`
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/site.conf;
}}
"""


def throwaway_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """(authority, certificate, key) for https://127.0.0.1, valid for a day."""
    now = datetime.datetime.now(datetime.UTC)
    since, until = now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lsr test authority")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(since).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(since).not_valid_after(until)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                    x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    paths[2].chmod(0o600)
    return paths


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{SITE.name} no longer has {old!r} once"
    return text.replace(old, new)


def site_for(web_root: Path, ports: tuple[int, int], certificate: tuple[Path, Path],
             instances: list[LiveServer], access_log: Path) -> str:
    """The production site file, pointed at this test's root, ports, certificate,
    instances and access log (its own format kept)."""
    http_port, https_port = ports
    text = SITE.read_text(encoding="utf-8")
    changes = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("return 301 https://$host$request_uri;", f"return 301 https://$host:{https_port}$request_uri;"),
        ("root /srv/layanan-sehat-rembang/web;", f"root {web_root};"),
        ("access_log /var/log/nginx/layanan-sehat-rembang.access.log ", f"access_log {access_log} "),
    ]
    for old, new in changes:
        text = replace_once(text, old, new)
    text = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", text)  # no IPv6 in the sandbox
    text = re.sub(r"ssl_certificate /\S+;", f"ssl_certificate {certificate[0]};", text)
    text = re.sub(r"ssl_certificate_key /\S+;", f"ssl_certificate_key {certificate[1]};", text)
    for upstream in ("lsr_web_sessions", "lsr_api"):
        block = re.search(rf"upstream {upstream} \{{.*?\n\}}", text, re.S)
        assert block is not None
        lines = [line for line in block.group(0).splitlines() if "server 127.0.0.1:800" not in line]
        assert len(lines) == len(block.group(0).splitlines()) - len(PRODUCTION_UPSTREAMS)
        servers = [f"    server 127.0.0.1:{server.port};" for server in instances]
        text = text.replace(block.group(0), "\n".join(lines[:-1] + servers + lines[-1:]))
    return text


def connection_limit(zone: str) -> int:
    """The number of open connections per address the site file allows in a zone."""
    match = re.search(rf"limit_conn {zone} (\d+);", SITE.read_text(encoding="utf-8"))
    assert match is not None, f"{SITE.name} sets no limit_conn for {zone}"
    return int(match.group(1))


class NginxFront:
    def __init__(self, prefix: Path, web_root: Path, instances: list[LiveServer]) -> None:
        self.prefix = prefix
        self.http_port, self.port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        self.ca_file, certificate, key = throwaway_certificate(prefix)
        shutil.copytree(SNIPPETS, prefix / "snippets", dirs_exist_ok=True)
        shutil.copyfile("/etc/nginx/mime.types", prefix / "mime.types")
        site = site_for(web_root, (self.http_port, self.port), (certificate, key), instances,
                        prefix / "access.log")
        (prefix / "site.conf").write_text(site, encoding="utf-8")
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            MAIN_CONF.format(prefix=prefix, brotli=BROTLI_MODULE, user=user), encoding="utf-8"
        )

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts the throwaway certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def start(self, timeout: float = 20) -> None:
        args = [NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-g", "daemon off;"]
        with (self.prefix / "stderr.log").open("ab") as stderr:
            self.process = subprocess.Popen(args, stderr=stderr)  # noqa: S603 - Debian's nginx
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.prefix / 'stderr.log').read_text()}")
            try:
                httpx.get(f"{self.api_url}/health", timeout=1, verify=self.ssl_context())
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError("nginx did not start")

    def access_log(self) -> str:
        """Everything nginx wrote to an access log: the site's own and, for anything
        the site leaves to it, Debian's default (`combined`, full request lines)."""
        paths = (self.prefix / "access.log", self.prefix / "debian-default-access.log")
        return "".join(path.read_text(encoding="utf-8") for path in paths if path.exists())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
