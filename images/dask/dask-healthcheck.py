#!/usr/bin/env python3
"""dask-healthcheck URL [TIMEOUT_SECONDS]

Exit 0 if an HTTP GET of URL answers 200 within the timeout (default 5 s, or
$DASK_HEALTHCHECK_TIMEOUT), else 1. Standard library only: no curl in the image.

    dask-healthcheck http://127.0.0.1:8787/health
"""

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 1
    url = argv[1]
    if not url.startswith(("http://", "https://")):
        print(f"dask-healthcheck: {url}: not an http(s) URL", file=sys.stderr)
        return 1
    try:
        timeout = float(argv[2] if len(argv) == 3 else os.environ.get("DASK_HEALTHCHECK_TIMEOUT", "5"))
    except ValueError:
        print(f"dask-healthcheck: bad timeout {argv[2] if len(argv) == 3 else ''!r}", file=sys.stderr)
        return 1
    # Never go through an HTTP proxy from the environment for a local probe.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except Exception as exc:  # connection refused, timeout, DNS, TLS ...
        print(f"dask-healthcheck: {url}: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"dask-healthcheck: {url}: HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
