"""The benchmark's load generator: every job sent once, statuses and body framing read right."""

import asyncio
import threading

import pytest

from fake_portal.bench import load

RESPONSES = {
    b"/plain": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    b"/chunked": b"HTTP/1.1 302 Found\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    b"/empty": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
}


@pytest.fixture
def server():
    """A keep-alive HTTP/1.1 server on loopback that records each request line it gets."""
    seen, ready = [], threading.Event()
    loop = asyncio.new_event_loop()

    async def answer(reader, writer):
        while head := await _head(reader):
            length = _length(head)
            if length:
                await reader.readexactly(length)
            path = head.split(b" ")[1]
            seen.append(path)
            writer.write(RESPONSES[path])
            await writer.drain()
        writer.close()

    def serve():
        srv = loop.run_until_complete(asyncio.start_server(answer, "127.0.0.1", 0))
        box["port"] = srv.sockets[0].getsockname()[1]
        ready.set()
        loop.run_forever()
        srv.close()
        loop.run_until_complete(srv.wait_closed())
        loop.close()

    box = {}
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(5)
    yield box["port"], seen
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


async def _head(reader):
    try:
        return await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None


def _length(head):
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def test_every_job_is_sent_once_and_judged_by_its_status(server):
    port, seen = server
    jobs = (
        [load.get("/plain", host="x")] * 30
        + [load.post("/chunked", {"a": i}, host="x") for i in range(30)]
        + [load.get("/empty", host="x")] * 5
    )
    result = load.run_load("127.0.0.1", port, jobs, concurrency=4, seconds=10)
    assert len(result.results) == len(jobs) == len(seen)
    assert sorted(seen) == sorted(
        [b"/plain"] * 30 + [b"/chunked"] * 30 + [b"/empty"] * 5
    )
    assert result.ok == 60  # the 404s expected 200 and failed
    assert result.client_cpu >= 0 and result.rate > 0
