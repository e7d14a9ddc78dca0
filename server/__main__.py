"""Run the central service: `python -m server [--host 127.0.0.1] [--port 8000] [--no-web]`.

One uvicorn worker per process (web sessions live in the process's memory); run
several processes behind nginx for more (see docs/).
"""

from __future__ import annotations

import argparse
import logging

import uvicorn

from server.app import create_app
from server.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-web", action="store_true", help="serve the API only")
    parser.add_argument("--access-log", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings(loopback_api_url=f"http://127.0.0.1:{args.port}/api")
    app = create_app(settings, web=not args.no_web)
    uvicorn.run(
        app, host=args.host, port=args.port, workers=1, access_log=args.access_log,
        log_level="info", timeout_graceful_shutdown=5,
    )


if __name__ == "__main__":
    main()
