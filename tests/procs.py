"""Ending a child started with `start_new_session=True` (an app, nginx, a simulator): its whole
process group, since Flet and others start helpers of their own. Used by tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess


def stop_group(proc: subprocess.Popen, *, grace: float = 10.0) -> None:
    """SIGTERM to the child's process group, SIGKILL after `grace` seconds; quiet if already gone.
    The group is signalled even when the child itself has ended: helpers it started may not have."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
