import asyncio
import importlib

import pytest
from channels.testing import HttpCommunicator

from sandbox.asgi_limits import ConcurrencyLimit, limited


class Counting:
    """An ASGI app that records how many calls are inside it at once."""

    def __init__(self):
        self.inside = self.most = self.done = 0
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.inside += 1
        self.most = max(self.most, self.inside)
        if scope["type"] == "http":
            await self.release.wait()
        self.inside -= 1
        self.done += 1


async def _noop(*args):
    return None


def test_requests_past_the_limit_wait_their_turn_and_all_complete():
    async def scenario():
        app = Counting()
        guarded = ConcurrencyLimit(app, 2)
        calls = [
            asyncio.ensure_future(guarded({"type": "http"}, _noop, _noop))
            for _ in range(6)
        ]
        await asyncio.sleep(0.05)
        inside_while_held = app.inside
        app.release.set()
        await asyncio.gather(*calls)
        return inside_while_held, app.most, app.done

    assert asyncio.run(scenario()) == (2, 2, 6)


def test_websockets_pass_a_full_limit():
    async def scenario():
        app = Counting()
        guarded = ConcurrencyLimit(app, 1)
        held = asyncio.ensure_future(guarded({"type": "http"}, _noop, _noop))
        await asyncio.sleep(0.01)
        await asyncio.wait_for(guarded({"type": "websocket"}, _noop, _noop), 1)
        app.release.set()
        await held
        return app.done

    assert asyncio.run(scenario()) == 2


def test_no_limit_leaves_the_app_alone_and_zero_is_refused():
    app = Counting()
    assert limited(app, None) is app and limited(app, "") is app
    assert limited(app, "3").limit == 3
    with pytest.raises(ValueError):
        limited(app, "0")


@pytest.fixture
def asgi_module(monkeypatch):
    import sandbox.asgi

    yield sandbox.asgi
    monkeypatch.delenv("HTTP_CONCURRENCY", raising=False)
    importlib.reload(sandbox.asgi)


def test_the_project_serves_http_behind_the_limit_when_the_environment_asks(
    asgi_module, monkeypatch
):
    assert not isinstance(
        asgi_module.application.application_mapping["http"], ConcurrencyLimit
    )
    monkeypatch.setenv("HTTP_CONCURRENCY", "3")
    module = importlib.reload(asgi_module)
    http = module.application.application_mapping["http"]
    assert isinstance(http, ConcurrencyLimit) and http.limit == 3

    async def get():
        comm = HttpCommunicator(
            module.application, "GET", "/healthz", headers=[(b"host", b"testserver")]
        )
        return await comm.get_response(timeout=10)

    assert asyncio.run(get())["status"] == 200
