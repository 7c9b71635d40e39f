"""Tell listeners that a sandbox changed. The database is the truth; messages only notify."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def sandbox_group(sandbox_id: int) -> str:
    return f"sandbox-{sandbox_id}"


def notify_sandbox(sandbox_id: int, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        sandbox_group(sandbox_id), {"type": "sandbox.event", **payload}
    )
