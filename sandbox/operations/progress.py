"""Progress of a running import, readable from any process while its transaction is open.

The import writes inside one transaction, so its own row cannot show progress to other
processes until the end: progress goes through the cache (Redis in production, shared by
every web and worker process). With the in-process cache of development, the bar moves
only when the import finishes.
"""

from django.core.cache import cache

STEP = 100  # rows between two progress writes


def _key(import_id: int) -> str:
    return f"operations:import-progress:{import_id}"


def publish(import_id: int, done: int, total: int) -> None:
    cache.set(_key(import_id), {"done": done, "total": total}, 6 * 3600)


def read(import_id: int) -> dict | None:
    return cache.get(_key(import_id))


def clear(import_id: int) -> None:
    cache.delete(_key(import_id))
