"""The ASGI entry point: HTTP on Django's WSGI handler in a fixed thread pool, WebSockets on Channels."""

import asyncio

import pytest
from channels.testing import HttpCommunicator

from sandbox.asgi import application, http_threads


def test_the_thread_pool_size_comes_from_the_environment():
    assert http_threads(None) == http_threads("") == 4
    assert http_threads("3") == 3
    with pytest.raises(ValueError):
        http_threads("0")


def test_http_is_answered_through_the_thread_pool():
    async def get():
        communicator = HttpCommunicator(application, "GET", "/healthz")
        return await communicator.get_response(timeout=10)

    response = asyncio.run(get())
    assert response["status"] == 200
    assert b"ok" in response["body"].lower()
