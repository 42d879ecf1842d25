"""Stops a local server when the process that started it dies, however it dies.

`Process.launch(..., tied=True)` runs this script beside the server it starts, with the read end
of a pipe as its stdin; the starter alone holds the write end. The kernel closes that end when
the starter exits, even by SIGKILL (a test run killed by a CI timeout, a closed terminal), and
this script then asks the server to stop (SIGTERM, so Neo4j closes its store), then kills it.
Without it a killed test run leaves its Neo4j and NATS running, holding memory and ports.

The server is held by a pidfd (Linux 5.3+), not its number: a server gone and its number
reused by another process is never signalled. When the server ends first, for any reason, the
watchdog ends too. It is run by path with `python -I -S` (no site, no project imports) so that
it starts in milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys

GRACE = 30.0  # seconds the server gets to stop by itself before SIGKILL, as Process.stop gives


def watch(server: int, starter: int) -> None:
    """Wait until the server ends (nothing to do) or the starter's pipe closes (stop it)."""
    ready, _, _ = select.select([server, starter], [], [])
    if server in ready:
        return
    signal.pidfd_send_signal(server, signal.SIGTERM)
    ended, _, _ = select.select([server], [], [], GRACE)
    if not ended:
        signal.pidfd_send_signal(server, signal.SIGKILL)


def main() -> None:
    server = os.pidfd_open(int(sys.argv[1]))
    with contextlib.suppress(ProcessLookupError):  # the server ended in between
        watch(server, sys.stdin.fileno())


if __name__ == "__main__":
    main()
