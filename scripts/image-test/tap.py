"""Tiny TAP-style reporter shared by the in-container checks of scripts/test-image.sh.

Each check prints one line, "ok - NAME" or "not ok - NAME (detail)"; the shell
script counts these lines. The process exits 1 if any check failed.
"""

import sys

failed = 0


def check(name: str, condition: bool, detail: object = "") -> bool:
    global failed
    if condition:
        print(f"ok - {name}", flush=True)
    else:
        failed += 1
        suffix = f" ({detail})" if detail != "" else ""
        print(f"not ok - {name}{suffix}", flush=True)
    return condition


def refused(name: str, func, timeout_note: str = "") -> None:
    """Check that func() raises (a connection that must be refused)."""
    try:
        result = func()
    except Exception as exc:  # refused as expected
        check(name, True)
        print(f"#   refused with {type(exc).__name__}: {str(exc)[:160]}", flush=True)
        return
    check(name, False, f"connection was accepted: {result!r} {timeout_note}")


def done() -> None:
    sys.exit(1 if failed else 0)
