"""Run the ASGI server as a subprocess and drive it with an asynchronous HTTP load, on loopback."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BENCH_SECRET_KEY = "bench-only-secret-key-" + "x" * 40


@contextmanager
def asgi_server(workers: int = 2, extra_env: dict | None = None):
    """uvicorn serving sandbox.asgi on 127.0.0.1 with production-like settings.

    Sessions for the load are signed with BENCH_SECRET_KEY, the server's key.
    """
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "sandbox.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        _wait_ready(f"http://127.0.0.1:{port}/healthz", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the ASGI server exited during start-up")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the ASGI server did not become ready")


async def _worker(client, jobs, results, deadline):
    while time.monotonic() < deadline:
        try:
            job = jobs.get_nowait()
        except asyncio.QueueEmpty:
            return
        started = time.perf_counter()
        ok = await job(client)
        results.append((time.perf_counter() - started, ok))


async def _run(base, cookies, headers, jobs, concurrency, seconds):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results = []
    limits = httpx.Limits(
        max_connections=concurrency, max_keepalive_connections=concurrency
    )
    # No cookie jar: every job sends the cookies of the official it plays.
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30, cookies=None
    ) as client:
        client.cookies = httpx.Cookies()
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(_worker(client, queue, results, deadline) for _ in range(concurrency))
        )
        elapsed = time.perf_counter() - started
    return results, elapsed


def run_load(base, jobs, *, cookies=None, headers=None, concurrency=16, seconds=30):
    """Run `jobs` (async callables taking a client, returning success) for at most `seconds`."""
    return asyncio.run(
        _run(base, cookies or {}, headers or {}, jobs, concurrency, seconds)
    )
