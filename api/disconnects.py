"""Work for a client that has gone away is stopped.

Nobody will read its answer, and meanwhile it holds a pooled connection and perhaps locks: under
load, or while the database struggles, a sender that gave up and retried would otherwise have
two requests working for one answer. Intake is idempotent, so stopping one mid-way is safe: the
sender's retry finds it stored or stores it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from starlette.types import Receive


async def unless_gone(work: Awaitable[None], receive: Receive) -> None:
    """Run `work`, cancelling it if the client disconnects first. `receive` is the server's,
    once the request's body has been read: all it can still say is that the client left."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnected(receive))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
        task.cancel()  # nothing, if it has finished
        # Both unwind (a transaction rolls back) before the caller goes on.
        await asyncio.gather(task, watcher, return_exceptions=True)
    if not task.cancelled():
        task.result()  # the app's own failure, if it failed


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
