"""Build the web app's static files: versioned, precompressed.

    python -m server.web_build --out build/web [--brotli-quality 11] [--gzip-level 9]

flet-web's own files, as it serves them, are uncompressed and without cache
lifetimes: 14 MB on a cold load and 8.5 MB again on every reload (docs/benchmarks.md).
This step writes what nginx serves instead (deploy/nginx/layanan-sehat-rembang.conf),
and what the service serves itself when it serves the web app (`ensure_built`, below,
and server/web_files.py):

    index.html, manifest.json,    the page and what a browser asks for by name at the
    favicon.png, icons/           root: revalidated on every load (`no-cache` + ETag)
    <our assets>                  assets/ (voice clips, fonts) at the root, as the
                                  service serves them: short lifetime + revalidation
    static/<build id>/            flet-web's runtime (main.dart.js, canvaskit, …):
                                  immutable, cached for a year

The build id is a hash of the runtime's files, so a new flet-web release gets a new
folder and a browser never mixes an old runtime with a new page. index.html is
patched as flet-web patches it (server.web_page.patch_index, as the service serves it), then
pointed at the versioned folder (`entrypointBaseUrl`, `assetBase`,
`canvasKitBaseUrl`). Its inline scripts move to files of their own,
`static/inline-<hash of the script>.js` (immutable like the runtime), so the
Content-Security-Policy nginx sends allows scripts from our origin only, without a
hash per build (server/security.py). Every compressible file ≥ 1 KB gets a `.gz` and
a `.br` beside it, for nginx's `gzip_static` and `brotli_static`. Python in the browser (pyodide)
and source maps are left out: this app runs its Python on the server.

What the app never shows is left out of the first load (docs/benchmarks.md, issue 16):

- the fonts Flutter packages declare for their own widgets (`packages/<package>/…`
  families of FontManifest.json: flutter_math_fork's KaTeX fonts for formulas,
  cupertino_icons for Cupertino controls; the app uses neither). Flutter's engine
  downloads every font of that manifest before the first frame, so they leave the
  manifest and the build. MaterialIcons and Roboto stay; our own fonts are loaded
  by the app (assets/fonts, session/theme.py);
- flet-web's loading screen (its logo animation) gives way to ours, and the Rive
  runtime the client would fetch from a CDN is never asked for (server/web_loading.py).

What the first frame waits for is asked for at once: the page preloads FontManifest.json
and its fonts (`preload_fonts`), which the engine would ask for only after the runtime.

The icons (favicon, the manifest's and Apple's) are assets/icon.png at flet-web's sizes,
and the manifest carries the service's name and colours.
"""

from __future__ import annotations

import argparse
import fcntl
import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path

import brotli
from flet_web import get_package_web_dir, patch_font_manifest_json, patch_manifest_json
from PIL import Image

from server.security import INLINE_SCRIPT
from server.web_loading import brand_page, loading_screen, script
from server.web_page import APP_DESCRIPTION, APP_NAME, APP_SHORT_NAME, ASSETS, patch_index
from session.theme import BRAND, LIGHT

STATIC = "static"
LEFT_OUT = {"pyodide", "python-worker.js"}
LEFT_OUT_SUFFIXES = {".map"}
AT_THE_ROOT = ("index.html", "manifest.json", "favicon.png", "icons")
COMPRESSIBLE = {".html", ".js", ".mjs", ".json", ".wasm", ".css", ".svg", ".ttf", ".otf", ".txt", ".wav"}
SMALLEST_COMPRESSED = 1024
FONT_MANIFEST = Path("assets/FontManifest.json")
PACKAGE_FONT = "packages/"  # how Flutter names a family a package declares
ICON = ASSETS / "icon.png"
KEPT_UNUSED_SECONDS = 24 * 3600  # another key's build, unused this long, is removed
log = logging.getLogger("server.web_build")


def runtime_files(web_dir: Path) -> Iterator[Path]:
    unused = package_font_files(web_dir)
    for path in sorted(web_dir.rglob("*")):
        relative = path.relative_to(web_dir)
        if (path.is_file() and relative.parts[0] not in LEFT_OUT
                and path.suffix not in LEFT_OUT_SUFFIXES and relative not in unused):
            yield relative


def package_font_files(web_dir: Path) -> set[Path]:
    """The files of the fonts Flutter packages declare (KaTeX, CupertinoIcons)."""
    manifest = web_dir / FONT_MANIFEST
    if not manifest.is_file():
        return set()
    return {
        FONT_MANIFEST.parent / font["asset"]
        for family in json.loads(manifest.read_text(encoding="utf-8"))
        if family["family"].startswith(PACKAGE_FONT)
        for font in family["fonts"]
    }


def leave_out_package_fonts(manifest: Path) -> list[str]:
    """FontManifest.json without the packages' families; returns their names."""
    families = json.loads(manifest.read_text(encoding="utf-8"))
    kept = [family for family in families if not family["family"].startswith(PACKAGE_FONT)]
    manifest.write_text(json.dumps(kept), encoding="utf-8")
    return [family["family"] for family in families if family not in kept]


def preload_fonts(index: Path, manifest: Path, prefix: str) -> list[str]:
    """The page asks for FontManifest.json and its fonts as it loads, beside the
    runtime; returns their addresses. Flutter's engine asks for them only once
    main.dart.wasm is in and compiled, then waits for them before its first frame: on
    a slow line that was two more round trips and 0.4 MB after the runtime, with the
    line idle while the wasm compiled (docs/benchmarks.md, issue 19). Both builds
    (wasm and JavaScript) use these fonts. `as="fetch" crossorigin` is how the engine
    asks (fetch(), same origin), so its request takes the preloaded answer."""
    fonts = [font["asset"] for family in json.loads(manifest.read_text(encoding="utf-8"))
             for font in family["fonts"]]
    addresses = [f"{prefix}{FONT_MANIFEST.parent}/{name}" for name in [FONT_MANIFEST.name, *fonts]]
    text = index.read_text(encoding="utf-8")
    if text.count("</body>") != 1:
        raise RuntimeError("flet-web's index.html changed: '</body>' not found once")
    links = "".join(f'  <link rel="preload" href="{address}" as="fetch" crossorigin>\n'
                    for address in addresses)
    index.write_text(text.replace("</body>", links + "</body>"), encoding="utf-8")
    return addresses


def brand_icons(out: Path) -> None:
    """Every PNG icon flet-web ships (favicon, icons/) becomes assets/icon.png at the
    same size; an icon neither the page nor the manifest names goes."""
    named = "".join((out / name).read_text(encoding="utf-8") for name in ("index.html", "manifest.json"))
    with Image.open(ICON) as icon:
        for path in [out / "favicon.png", *sorted((out / "icons").glob("*.png"))]:
            if path.relative_to(out).as_posix() not in named:
                path.unlink()
                continue
            with Image.open(path) as stock:
                size = stock.size
            icon.convert("RGBA").resize(size, Image.Resampling.LANCZOS).save(path, optimize=True)


def build_id(web_dir: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for relative in files:
        digest.update(str(relative).encode())
        digest.update((web_dir / relative).read_bytes())
    return digest.hexdigest()[:12]


def point_at(index: Path, prefix: str) -> None:
    """The page loads the runtime from the versioned folder; routes stay at `/`."""
    text = index.read_text(encoding="utf-8")
    replacements = {
        'flet.entrypointBaseUrl="/";': f'flet.entrypointBaseUrl="{prefix}";',
        'flet.assetBase="/";': f'flet.assetBase="{prefix}";',
        'flet.canvasKitBaseUrl="/canvaskit/";': f'flet.canvasKitBaseUrl="{prefix}canvaskit/";',
        'flet.fontFallbackBaseUrl="assets/fonts/";': f'flet.fontFallbackBaseUrl="{prefix}assets/fonts/";',
        'src="flutter_bootstrap.js"': f'src="{prefix}flutter_bootstrap.js"',
        'src="python.js"': f'src="{prefix}python.js"',
    }
    for old, new in replacements.items():
        if text.count(old) != 1:
            raise RuntimeError(f"flet-web's index.html changed: {old!r} not found once")
        text = text.replace(old, new)
    index.write_text(text, encoding="utf-8")


def move_inline_scripts(index: Path, static: Path) -> list[str]:
    """Each inline `<script>` of the page becomes `<script src="/static/inline-<hash>.js">`,
    in place (same order, same blocking load); returns the files' names."""
    names: list[str] = []

    def to_file(match: re.Match[str]) -> str:
        body = match.group(1)
        name = f"inline-{hashlib.sha256(body.encode()).hexdigest()[:12]}.js"
        (static / name).write_text(body, encoding="utf-8")
        names.append(name)
        return f'<script src="/{STATIC}/{name}"></script>'

    text = INLINE_SCRIPT.sub(to_file, index.read_text(encoding="utf-8"))
    index.write_text(text, encoding="utf-8")
    return names


def precompress(folder: Path, *, brotli_quality: int, gzip_level: int) -> int:
    """`.gz` and `.br` beside every compressible file; returns how many files. Brotli
    holds the GIL, so the files are shared out to one process per core, the largest
    first (the wasm and main.dart.js take most of the two to four minutes)."""
    paths = sorted(
        (p for p in folder.rglob("*")
         if p.is_file() and p.suffix in COMPRESSIBLE and p.stat().st_size >= SMALLEST_COMPRESSED),
        key=lambda p: p.stat().st_size, reverse=True,
    )
    workers = min(len(paths), os.cpu_count() or 1)
    if workers <= 1:
        for path in paths:
            compress_beside(path, brotli_quality, gzip_level)
        return len(paths)
    # spawn: a fresh interpreter, never a fork of a process whose other threads hold locks
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(compress_beside, paths, repeat(brotli_quality), repeat(gzip_level)))
    return len(paths)


def compress_beside(path: Path, brotli_quality: int, gzip_level: int) -> None:
    data = path.read_bytes()
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, gzip_level, mtime=0))
    path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=brotli_quality))


def build(out: Path, *, brotli_quality: int = 11, gzip_level: int = 9) -> dict[str, object]:
    web_dir = Path(get_package_web_dir())
    files = list(runtime_files(web_dir))
    version = build_id(web_dir, files)
    prefix = f"/{STATIC}/{version}/"
    if out.exists():
        shutil.rmtree(out)
    static = out / STATIC / version
    for relative in files:
        target = static / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(web_dir / relative, target)
    for name in AT_THE_ROOT:
        source = web_dir / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, out / name)
    shutil.copytree(ASSETS, out, dirs_exist_ok=True)

    patch_index(out / "index.html")
    brand_page(out / "index.html")
    point_at(out / "index.html", prefix)
    move_inline_scripts(out / "index.html", out / STATIC)
    patch_manifest_json(str(out / "manifest.json"), app_name=APP_NAME, app_short_name=APP_SHORT_NAME,
                        app_description=APP_DESCRIPTION, background_color=LIGHT["surface"],
                        theme_color=BRAND)
    brand_icons(out)
    left_out_fonts = leave_out_package_fonts(static / FONT_MANIFEST)
    patch_font_manifest_json(str(static / FONT_MANIFEST))
    preload_fonts(out / "index.html", static / FONT_MANIFEST, prefix)
    compressed = precompress(out, brotli_quality=brotli_quality, gzip_level=gzip_level)
    summary = {"out": str(out), "build_id": version, "files": len(files), "compressed": compressed,
               "left_out_fonts": left_out_fonts}
    (out / "build.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def build_key(web_dir: Path | None = None) -> str:
    """What a build depends on: flet-web's runtime, our assets, the renderer asked
    for, this code (server/web_build.py, and server/web_page.py and
    server/web_loading.py, which patch the page) and the loading screen as written
    (its translations, the theme's colours)."""
    web_dir = web_dir or Path(get_package_web_dir())
    digest = hashlib.sha256(build_id(web_dir, list(runtime_files(web_dir))).encode())
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(ASSETS)).encode())
            digest.update(path.read_bytes())
    for module in ("web_build.py", "web_page.py", "web_loading.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    digest.update((loading_screen() + script()).encode())  # its translations and colours
    digest.update((os.getenv("FLET_WEB_RENDERER") or "").encode())
    return digest.hexdigest()[:16]


def ensure_built(root: Path, *, brotli_quality: int = 11, gzip_level: int = 9) -> Path:
    """The build for this flet-web, these assets and this code: `root/<key>/`, built
    when missing (brotli 11: two to four minutes of one core, once per key). Processes
    starting at once (the workers of a test run, of a server) build it once: the others
    wait for that build. Builds of other keys unused for a day are removed."""
    key = build_key()
    site = root / key
    root.mkdir(parents=True, exist_ok=True)
    with _one_builder_at_a_time(root):
        if not (site / "build.json").is_file():
            _build_into(site, brotli_quality=brotli_quality, gzip_level=gzip_level)
        (site / "build.json").touch()
        remove_unused(root, keep=key)
    return site


@contextmanager
def _one_builder_at_a_time(root: Path) -> Iterator[None]:
    with (root / ".build.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def _build_into(site: Path, *, brotli_quality: int, gzip_level: int) -> None:
    log.info("building the web app's compressed files into %s: once per flet-web "
             "version, two to four minutes", site)
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix=f".{site.name}-", dir=site.parent))
    try:
        made = scratch / "site"
        summary = build(made, brotli_quality=brotli_quality, gzip_level=gzip_level)
        (made / "build.json").write_text(json.dumps(summary | {"out": str(site)}, indent=2) + "\n")
        made.rename(site)  # whole or not at all: a reader never sees half a build
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log.info("web app's files built in %.0f s", time.monotonic() - started)


def remove_unused(root: Path, *, keep: str) -> None:
    for other in root.iterdir():
        if other.name == keep or not other.is_dir():
            continue
        marker = other / "build.json"
        try:
            used = (marker if marker.exists() else other).stat().st_mtime
        except FileNotFoundError:  # another instance removed it just now
            continue
        if used < time.time() - KEPT_UNUSED_SECONDS:
            shutil.rmtree(other, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m server.web_build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("build/web"))
    parser.add_argument("--brotli-quality", type=int, default=11)
    parser.add_argument("--gzip-level", type=int, default=9)
    args = parser.parse_args()
    summary = build(args.out, brotli_quality=args.brotli_quality, gzip_level=args.gzip_level)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
