"""A lean HTTP/1.1 load generator: raw keep-alive sockets, requests built before the clock starts.

It shares the machine's cores with the server it measures, so it does as little as possible per
request (no client library, no cookie jar, no header parsing beyond the length) and reports the
CPU it used, so a reader can tell whether the generator or the server was the limit.
"""

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Job:
    request: bytes
    expect: int  # the status code that counts as success


def get(path: str, *, host: str, expect: int = 200, headers=None) -> Job:
    return Job(_request("GET", path, host, headers or {}, b""), expect)


def post(path: str, data: dict, *, host: str, expect: int = 302, headers=None) -> Job:
    body = urlencode(data).encode()
    headers = {
        **(headers or {}),
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
    }
    return Job(_request("POST", path, host, headers, body), expect)


def _request(method, path, host, headers, body) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _response_status(reader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        await _skip_chunks(reader)
    elif length:
        await reader.readexactly(length)
    return status


async def _skip_chunks(reader):
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return


async def _connection(host, port, jobs, results, deadline):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for job in jobs:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            writer.write(job.request)
            status = await _response_status(reader)
            results.append((time.perf_counter() - started, status == job.expect))
    finally:
        writer.close()


async def _run(host, ports, jobs, concurrency, seconds):
    iterator = iter(jobs)  # shared: each job is sent exactly once, by whichever is free
    results = []
    deadline = time.monotonic() + seconds
    cpu, started = time.process_time(), time.perf_counter()
    await asyncio.gather(
        *(
            _connection(host, ports[n % len(ports)], iterator, results, deadline)
            for n in range(concurrency)
        )
    )
    elapsed = time.perf_counter() - started
    return LoadResult(results, elapsed, time.process_time() - cpu)


@dataclass
class LoadResult:
    results: list  # (latency in seconds, success)
    elapsed: float
    client_cpu: float  # CPU seconds the generator itself used

    @property
    def rate(self) -> float:
        return len(self.results) / self.elapsed

    @property
    def ok(self) -> int:
        return sum(1 for _, success in self.results if success)


def run_load(host, ports, jobs, *, concurrency=16, seconds=20) -> LoadResult:
    """Send `jobs` over `concurrency` keep-alive connections until done or `seconds` pass;
    the connections are spread evenly over `ports` (a port or a list: one per replica)."""
    if isinstance(ports, int):
        ports = [ports]
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    return runner(_run(host, ports, jobs, concurrency, seconds))
