"""Tell a drill's sockets that something changed. The database is the truth; messages notify.

Drill groups are served by one subscriber per ASGI process (see hub.py), which writes the
already-encoded text to every local socket of the group: one channel-layer message per process,
not one per connection.
"""

import json
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

FANOUT = "hub.fanout"


def coordinators_group(drill_id: int) -> str:
    return f"drill-{drill_id}"


def participants_group(drill_id: int) -> str:
    return f"drill-{drill_id}-participants"


def encode(payload: dict) -> str:
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)


def fanout_message(group: str, payload: dict) -> dict:
    return {"type": FANOUT, "group": group, "text": encode(payload)}


def send_now(group: str, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, fanout_message(group, payload))


def notify_drill(
    drill_id: int, payload: dict, *, event=None, participants=True
) -> None:
    """After commit: tell the drill's coordinators (and, by default, its participants).
    `event`, the DrillEvent written with the change, numbers the notice: a participant who
    reconnects says the last number it saw and is sent what followed (replay.py)."""
    payload = {**payload, "drill": drill_id}
    if event is not None:
        payload["drill_event"] = event.pk

    def send():
        payload["sent"] = (
            time.time()
        )  # when it left, for the load tool's fan-out figure
        send_now(coordinators_group(drill_id), payload)
        if participants:
            send_now(participants_group(drill_id), payload)

    transaction.on_commit(send)
