"""What every part of the load tool shares: the loopback check, limits, the servers, the
HTTP clients."""

import asyncio
import hashlib
import ipaddress
import resource
import sys
import time
import urllib.parse
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

# A socket that failed to open or dropped: the client moves to another server and retries.
SOCKET_FAILURES = (
    OSError,
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    TimeoutError,
)


def check_loopback(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"refusing {url}: drill_load only targets loopback addresses")


def raise_fd_limit(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(wanted, soft)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError) as error:
        print(
            f"could not raise the file limit ({error}); it stays {soft}",
            file=sys.stderr,
        )
        return soft
    return target


def key_of(code: str) -> int:
    return int(hashlib.sha1(code.encode()).hexdigest()[:8], 16)


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


class Servers:
    """The ASGI processes; a participant keeps one until it fails, then moves on."""

    def __init__(self, bases):
        self.bases = bases
        self.down = {}  # base -> when it failed

    def first(self, index):
        return self.bases[index % len(self.bases)]

    def failed(self, base):
        self.down[base] = time.monotonic()

    def other(self, base, index):
        alive = [b for b in self.bases if time.monotonic() - self.down.get(b, -99) > 5]
        choices = [b for b in alive if b != base] or alive or self.bases
        return choices[index % len(choices)]


class Tool:
    def __init__(self, args, data):
        self.args = args
        self.data = data
        self.drill = data["drill"]
        self.csrf = data["csrf"]
        self.servers = Servers(args.base)
        self.deadline = 0.0
        self.started = asyncio.Event()
        self.actions = []
        self.pushes = []
        self.clients = {}
        self.slots = {}
        self.listen_until = float("inf")  # set once the start is known

    def slot(self, base):
        """At most http_connections requests in flight per server: httpx's pool slows down
        badly with thousands of waiters, so they wait here instead."""
        if base not in self.slots:
            self.slots[base] = asyncio.Semaphore(self.args.http_connections)
        return self.slots[base]

    def client(self, base):
        if base not in self.clients:
            jar = CookieJar(
                policy=DefaultCookiePolicy(allowed_domains=[])
            )  # no shared jar
            self.clients[base] = httpx.AsyncClient(
                base_url=base,
                cookies=httpx.Cookies(jar),
                timeout=httpx.Timeout(30, connect=5),
                limits=httpx.Limits(
                    max_connections=self.args.http_connections,
                    max_keepalive_connections=self.args.http_connections,
                ),
            )
        return self.clients[base]

    def cookie(self, session, extra=""):
        return f"sessionid={session}; csrftoken={self.csrf}" + (
            f"; {extra}" if extra else ""
        )

    def ws_url(self, base, path):
        return "ws" + base.removeprefix("http") + path
