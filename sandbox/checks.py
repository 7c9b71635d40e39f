"""Readiness probes: each dependency answers, or says why not."""

import asyncio
import threading
import uuid

from channels.layers import get_channel_layer


def _check(fn):
    try:
        fn()
    except Exception as exc:  # a probe reports every failure, whatever its kind
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True}


def _database(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache(cache):
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


async def _layer_round_trip():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "readyz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=3)
    if message.get("type") != "readyz.ping":
        raise RuntimeError("channel layer returned another message")


def _channel_layer():
    # Run in a thread of its own: the caller may already be inside an event loop (ASGI).
    outcome = {}

    def run():
        try:
            asyncio.run(_layer_round_trip())
        except Exception as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():
        raise TimeoutError("channel layer did not answer within 5 s")
    if "error" in outcome:
        raise outcome["error"]


def _task_worker():
    from sandbox.operations.health import check_worker

    check_worker()


def readiness(connection, cache):
    return {
        "database": _check(lambda: _database(connection)),
        "cache": _check(lambda: _cache(cache)),
        "channel_layer": _check(_channel_layer),
        "task_worker": _check(_task_worker),
    }
