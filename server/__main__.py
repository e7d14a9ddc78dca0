"""Run the central service: `python -m server [--host 127.0.0.1] [--port 8000] [--no-web]
[--workers N]`.

One uvicorn worker per process by default: web sessions live in the process's
memory, so the web app needs sticky routing of `/ws` across processes (several
instances behind nginx, see docs/). `--workers N` (API only, `--no-web`) runs N
processes on one port for a busy API: they share the database (SQLite queues its
writers with a file lock, `server.db`) and live events reach every worker's
subscribers (PostgreSQL: LISTEN/NOTIFY; SQLite: Unix datagrams between the
workers, `server.events.local_relay`). `LSR_WORKERS` sets the default.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from server.app import create_app, open_state
from server.events.relay import RELAY_ENV
from server.ratelimit import TRUSTED_PROXIES
from server.settings import Settings


def worker_app() -> FastAPI:
    """The app of one worker process (`--workers`): settings from the environment."""
    return settled(create_app(Settings(), web=False))


def settled(app: FastAPI) -> FastAPI:
    """Move everything built at startup out of the garbage collector's sight.

    A full (generation 2) collection walks every tracked object; with the whole app
    loaded (FastAPI, SQLAlchemy, pydantic, flet) that took 120–130 ms here, a few
    times a minute under load: the slowest bookings were the ones caught in it
    (p99 266 ms at 700 bookings/s). Frozen startup objects are never collected
    (they live as long as the process anyway); the same collections then take
    ~10 ms (p99 18 ms). See docs/benchmarks.md.
    """
    gc.collect()
    gc.freeze()
    return app


def environment_name(field: str) -> str:
    """`token_minutes` → `LSR_TOKEN_MINUTES`; an alias (`DATABASE_URL`) as it is."""
    return field if field.isupper() else f"LSR_{field.upper()}"


def settings_or_exit(parser: argparse.ArgumentParser, **overrides: object) -> Settings:
    """The settings, or a start refused with what is wrong in them (never the values:
    the secret is one of them)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = [
            (f"{environment_name(str(e['loc'][0]))}: " if e["loc"] else "")
            + e["msg"].removeprefix("Value error, ")
            for e in error.errors()
        ]
        parser.exit(2, "".join(f"python -m server: {p}\n" for p in problems))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-web", action="store_true", help="serve the API only")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LSR_WORKERS", "1")),
                        help="API worker processes (needs --no-web)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # The client address of a request through nginx on this host (or of the web app's
    # own calls over loopback) is the one its X-Forwarded-For names; from anywhere else
    # the header is ignored (server.ratelimit.client_address reads only this).
    # uvicorn's own access line is off: it writes the query string, and a download link's
    # token or a booking code would sit in the log. `lsr.access` logs every request by its
    # route template (server/observability.py).
    common = {"host": args.host, "port": args.port, "access_log": False,
              "log_level": "info", "timeout_graceful_shutdown": 5,
              "proxy_headers": True, "forwarded_allow_ips": ",".join(sorted(TRUSTED_PROXIES))}
    if args.workers > 1:
        if not args.no_web:
            parser.error("--workers needs --no-web: web sessions live in one process's memory")
        # Migrate and seed once, before the workers start (they would race to).
        open_state(settings_or_exit(parser)).db.dispose()
        os.environ[RELAY_ENV] = "socket"
        uvicorn.run("server.__main__:worker_app", factory=True, workers=args.workers, **common)
        return
    settings = settings_or_exit(parser, loopback_api_url=f"http://127.0.0.1:{args.port}/api")
    app = settled(create_app(settings, web=not args.no_web))
    uvicorn.run(app, workers=1, **common)


if __name__ == "__main__":
    main()
