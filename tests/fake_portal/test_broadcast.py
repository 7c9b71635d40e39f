"""Notices sent off the request thread arrive in order, and a failed one does not stop the rest."""

import threading

from fake_portal.broadcast import _Sender


class Layer:
    def __init__(self, fail_first=1):
        self.sent, self.fail_first = [], fail_first
        self.done = threading.Event()

    async def group_send(self, group, message):
        if self.fail_first:
            self.fail_first -= 1
            raise ConnectionError("Redis went away")
        self.sent.append((group, message["n"]))
        if len(self.sent) == 3:
            self.done.set()


def test_notices_go_out_in_order_after_a_failure(caplog):
    sender, layer = _Sender(), Layer()
    for n in range(4):
        sender.send(layer, "sandbox-1", {"n": n})
    assert layer.done.wait(5)
    assert layer.sent == [("sandbox-1", 1), ("sandbox-1", 2), ("sandbox-1", 3)]
    assert "not sent" in caplog.text
