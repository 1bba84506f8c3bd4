"""How every async command runs: `asyncio.run`, with SIGTERM cancelling the command as Ctrl-C does.

The event loop's own signal handler is used for SIGTERM because it wakes the loop through its wakeup
fd whichever thread the kernel hands the signal to: a plain `signal.signal` handler runs only when the
main thread next runs Python code, which never happens while it sleeps in the selector waiting for a
reader thread. Nor may SIGTERM lean on SIGINT: a command started in the background by a shell
(`hmskort nfc &`, then `kill %1`) has SIGINT ignored, and a SIGINT re-delivered would be lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Coroutine
from typing import Any


def run_command(command: Coroutine[Any, Any, int]) -> int:
    """Run `command`; SIGTERM cancels it (its `finally` blocks close the client, stop the embedded
    sandbox and end the reader thread) and ends in KeyboardInterrupt, which `app.cli.main` reports
    as interrupted (exit 130)."""
    terminated = False

    async def guarded() -> int:
        nonlocal terminated
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()

        def on_sigterm() -> None:
            nonlocal terminated
            terminated = True
            task.cancel()

        # not possible off the main thread (a test calling a command in a thread): SIGTERM then ends it
        with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
            loop.add_signal_handler(signal.SIGTERM, on_sigterm)
        try:
            return await command
        finally:
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                loop.remove_signal_handler(signal.SIGTERM)

    try:
        return asyncio.run(guarded())
    except asyncio.CancelledError:
        if terminated:
            raise KeyboardInterrupt from None
        raise
