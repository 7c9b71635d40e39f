"""Tell listeners that a sandbox changed. The database is the truth; messages only notify.

With a networked channel layer (Redis) the notice is handed to one sender thread per process,
which keeps its own event loop and its layer connections: the request that made the change
does not wait for the round trips to Redis, nor pay for an event loop per call. The
in-process layer (development, tests) is sent to at once, in the caller's thread.
"""

import asyncio
import logging
import queue
import threading

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger("saban.broadcast")


def sandbox_group(sandbox_id: int) -> str:
    return f"sandbox-{sandbox_id}"


def notify_sandbox(sandbox_id: int, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "sandbox.event", **payload}
    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(layer.group_send)(sandbox_group(sandbox_id), message)
    else:
        _sender.send(layer, sandbox_group(sandbox_id), message)


class _Sender:
    """One daemon thread per process that sends queued notices in order."""

    def __init__(self):
        self._queue = queue.SimpleQueue()
        self._thread = None
        self._lock = threading.Lock()

    def send(self, layer, group: str, message: dict) -> None:
        if self._thread is None or not self._thread.is_alive():
            with self._lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(
                        target=self._run, name="sandbox-notices", daemon=True
                    )
                    self._thread.start()
        self._queue.put((layer, group, message))

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        while True:
            layer, group, message = self._queue.get()
            try:
                loop.run_until_complete(layer.group_send(group, message))
            except Exception:  # a lost notice must not stop the ones after it
                logger.exception("sandbox notice to %s not sent", group)


_sender = _Sender()
