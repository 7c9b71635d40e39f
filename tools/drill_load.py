#!/usr/bin/env python
"""Play N simulated drill participants against a running Sa Bàn server, on loopback only.

Each participant enters the lobby, holds a WebSocket listener (announcements, injects and
its team's dossier events), waits for its admission wave, then works its role's dossiers over
HTTP like a person in the back office: a socket event puts a dossier in its queue; it thinks,
posts the action, and reads the page it is sent back to. Coordinators' dashboard sockets
record every push, so that the latency from an action's commit to the first dashboard push
that includes it can be measured (the push carries the moment its reading began).

Everything is bounded in time and refuses any address outside 127.0.0.0/8 and ::1.
Results (every action with its outcome and time, every push, every socket's events and
connection intervals) go to a JSON file that `manage.py verify_drill_load` checks against the
database: every successful action in the log exactly once.

    python tools/drill_load.py --base http://127.0.0.1:8001,http://127.0.0.1:8002 \\
        --drill 12 --participants 2000 --seconds 120 --cookies var/drill-load/cookies.json

Only the standard library, httpx and websockets.
"""

import argparse
import asyncio
import bisect
import hashlib
import ipaddress
import json
import multiprocessing
import random
import re
import resource
import sys
import time
import urllib.parse
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

ROW = re.compile(r'<tr[^>]*>\s*<td><a href="[^"]*/ho-so/([^/"]+)/">(.*?)</tr>', re.S)
STATUS = re.compile(r'status-(\d+)"')
ASSIGNED = "Đã chuyển chuyên viên"
ACTIONS = {  # what each position does, on which event, at which dossier version
    "receiving_officer": ("dossier.filed", "receive", 1),
    "leader": ("dossier.received", "assign", 2),
    "specialist": ("dossier.assigned", "appraise", 3),
}
BACKLOG = {
    "receiving_officer": ("moi", "1"),
    "leader": ("dang-xu-ly", "2"),
    "specialist": ("dang-xu-ly", "4"),
}


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


class Participant:
    def __init__(self, tool, spec, index):
        self.tool, self.spec, self.index = tool, spec, index
        self.base = tool.servers.first(index)
        self.queue = asyncio.Queue()
        self.seen_work = set()
        self.state = None
        self.state_event = asyncio.Event()
        self.admit_at = None
        self.received = []
        self.intervals = []
        self.reconnects = []
        self.connected = asyncio.Event()
        self.socket_open = False
        self.lost_at = None

    # --- the socket --------------------------------------------------------------------
    async def listen(self):
        """Hold the socket until cancelled; after a failure, reconnect (to another server if
        this one is gone) and re-read the state."""
        backoff = 0.5
        while True:
            url = self.tool.ws_url(self.base, f"/ws/dien-tap/{self.tool.drill}/")
            try:
                async with connect(
                    url,
                    additional_headers={
                        "Cookie": self.tool.cookie(self.spec["session"]),
                        "Origin": self.base,
                    },
                    compression=None,
                    open_timeout=30,
                    ping_interval=None,
                    max_queue=None,
                ) as ws:
                    opened = time.time()
                    self.socket_open = True
                    backoff = 0.5
                    try:
                        await self._read(ws)
                    finally:
                        self.intervals.append((opened, time.time()))
                        self.socket_open = False
            except (
                OSError,
                ConnectionClosed,
                InvalidHandshake,
                InvalidStatus,
                TimeoutError,
            ):
                self.socket_open = False
                self.lost_at = self.lost_at or time.time()
                self.tool.servers.failed(self.base)
                self.base = self.tool.servers.other(self.base, self.index)
                await asyncio.sleep(backoff * (1 + random.random()))
                backoff = min(backoff * 2, 5)

    async def _read(self, ws):
        while True:
            message = json.loads(await ws.recv())
            kind = message.get("type")
            if kind == "state":
                self._on_state(message, self.lost_at)
                self.lost_at = None
            elif kind == "dossier":
                self.received.append(message.get("id"))
                self._on_dossier(message)
            elif kind == "status" and message.get("status") == "running":
                self._on_start(message)

    def _on_state(self, message, lost_at):
        self.state = message
        if message.get("admit_at"):
            self.admit_at = message["admit_at"]
        self.state_event.set()
        self.connected.set()
        if lost_at is not None:  # a reconnection: re-read what we may have missed
            self.reconnects.append(
                {"lost": lost_at, "resynced": time.time(), "base": self.base}
            )
            asyncio.ensure_future(self.scrape())

    def _on_start(self, message):
        """The start is broadcast once; each client works out its own wave's time from it
        (no state request from everyone at the same instant)."""
        wave = (self.state or {}).get("wave")
        if self.admit_at is None and wave is not None and message.get("started"):
            self.admit_at = message["started"] + wave * message.get("interval", 0)
            self.state_event.set()

    def _on_dossier(self, message):
        trigger, action, version = ACTIONS[self.spec["position"]]
        if message.get("event") == trigger and self._mine(message.get("dossier", "")):
            self._enqueue(message["dossier"], action, version)

    def _mine(self, code):
        key = key_of(code)
        if self.spec["position"] == "specialist":
            specialists = self.spec["specialists"]
            return (
                bool(specialists)
                and specialists[key % len(specialists)] == self.spec["user"]
            )
        return key % self.spec["peers"] == self.spec["index"]

    def _enqueue(self, code, action, version):
        if (code, action) not in self.seen_work:
            self.seen_work.add((code, action))
            self.queue.put_nowait((code, action, version))

    # --- HTTP ------------------------------------------------------------------------------
    async def request(self, method, path, *, data=None, extra_cookie=""):
        headers = {
            "Cookie": self.tool.cookie(self.spec["session"], extra_cookie),
            "X-CSRFToken": self.tool.csrf,
        }
        for _attempt in range(3):
            base = self.base
            try:
                async with self.tool.slot(base):
                    return await self.tool.client(base).request(
                        method, path, data=data, headers=headers
                    )
            except httpx.TransportError:
                self.tool.servers.failed(self.base)
                self.base = self.tool.servers.other(self.base, self.index)
                if method == "POST":
                    raise  # the outcome is unknown: never post twice
                await asyncio.sleep(0.5)
        raise httpx.TransportError("no server answered")

    async def scrape(self):
        """Pick up this role's work from the inbox (the backlog, or what a reconnect missed)."""
        box, status = BACKLOG[self.spec["position"]]
        trigger, action, version = ACTIONS[self.spec["position"]]
        for page in range(1, 5):
            try:
                response = await self.request(
                    "GET",
                    f"/mot-cua/{self.spec['sandbox']}/?hop={box}&dem=0&trang={page}",
                )
            except httpx.TransportError:
                return
            for code, row in ROW.findall(response.text):
                found = STATUS.search(row)
                if not found or found.group(1) != status or not self._mine(code):
                    continue
                if self.spec["position"] == "specialist" and ASSIGNED not in row:
                    continue
                self._enqueue(code, action, version)
            if f"trang={page + 1}" not in response.text:
                return

    async def act(self, code, action, version):
        sandbox = self.spec["sandbox"]
        data = {f"{action}-version": str(version)}
        if action == "assign":
            specialists = self.spec["specialists"]
            data["assign-specialist"] = str(
                specialists[key_of(code) % len(specialists)]
            )
        elif action == "appraise":
            data["appraise-opinion"] = (
                "Hồ sơ đầy đủ, hợp lệ; đề nghị lãnh đạo phê duyệt."
            )
        record = {
            "user": self.spec["username"],
            "sandbox": sandbox,
            "code": code,
            "action": action,
            "sent": time.time(),
        }
        try:
            response = await self.request(
                "POST", f"/mot-cua/{sandbox}/ho-so/{code}/{action}/", data=data
            )
        except httpx.TransportError:
            record.update(outcome="unknown", done=time.time())
            self.tool.actions.append(record)
            return
        record["done"] = time.time()
        record["outcome"] = await self._outcome(response)
        self.tool.actions.append(record)

    async def _outcome(self, response):
        if response.status_code != 302:
            return f"http_{response.status_code}"
        messages = response.cookies.get("messages") or ""
        try:
            page = await self.request(
                "GET",
                response.headers["location"],
                extra_cookie=f"messages={messages}" if messages else "",
            )
        except httpx.TransportError:
            return "unknown"
        if "message-success" in page.text:
            return "ok"
        return "error" if "message-error" in page.text else "unclear"

    # --- the participant's session ---------------------------------------------------------
    async def enter(self):
        try:
            await self.request("GET", f"/dien-tap/{self.tool.drill}/tham-gia/")
        except httpx.TransportError:
            pass

    async def play(self, stop_at):
        await self.tool.started.wait()
        if not self.admit_at:
            try:
                await asyncio.wait_for(self._admission_known(), 30)
            except TimeoutError:
                return
        interval = (self.state or {}).get("interval") or 0
        await asyncio.sleep(
            max(0.0, self.admit_at + random.random() * interval - time.time())
        )
        for _attempt in range(5):
            response = await self.request(
                "GET", f"/dien-tap/{self.tool.drill}/tham-gia/vao/"
            )
            if response.status_code == 200:
                break
            await asyncio.sleep(1)
        if self.spec["position"] == "receiving_officer":
            await (
                self.scrape()
            )  # the backlog filed before the start; others hear their work
        think = self.tool.args.think
        while time.monotonic() < stop_at:
            try:
                code, action, version = await asyncio.wait_for(
                    self.queue.get(), max(0.1, stop_at - time.monotonic())
                )
            except TimeoutError:
                return
            await asyncio.sleep(random.uniform(0.5, 1.5) * think)
            if time.monotonic() >= stop_at:
                return
            await self.act(code, action, version)

    async def _admission_known(self):
        while not self.admit_at:
            self.state_event.clear()
            await self.state_event.wait()


async def watch_dashboard(tool, index):
    """A coordinator's dashboard socket, until cancelled: every push with its reading time."""
    base = tool.servers.first(index)
    while True:
        url = tool.ws_url(base, f"/ws/dien-tap/{tool.drill}/dieu-hanh/")
        try:
            async with connect(
                url,
                additional_headers={
                    "Cookie": tool.cookie(tool.data["coordinator"]),
                    "Origin": base,
                },
                compression=None,
                open_timeout=30,
                ping_interval=None,
                max_size=None,
            ) as ws:
                while True:
                    text = await ws.recv()
                    received = time.time()
                    message = json.loads(text)
                    if message.get("type") == "dashboard":
                        tool.pushes.append(
                            {
                                "viewer": index,
                                "as_of": message["as_of"],
                                "received": received,
                                "processed": message.get("totals", {}).get("processed"),
                            }
                        )
        except (
            OSError,
            ConnectionClosed,
            InvalidHandshake,
            InvalidStatus,
            TimeoutError,
        ):
            tool.servers.failed(base)
            base = tool.servers.other(base, index)
            await asyncio.sleep(1)


def _viewers_main(args, data, stop, results):
    """The child process: dashboard sockets until told to stop, then every push back."""

    async def main():
        tool = Tool(args, data)
        tasks = [
            asyncio.ensure_future(watch_dashboard(tool, i)) for i in range(args.viewers)
        ]
        while not stop.is_set():
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return tool.pushes

    results.put(asyncio.run(main()))


def start_viewers(args, data):
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    process = context.Process(
        target=_viewers_main, args=(args, data, stop, results), daemon=True
    )
    process.start()
    return (process, stop), results


def stop_viewers(handle, results):
    process, stop = handle
    stop.set()
    try:
        pushes = results.get(timeout=60)
    except Exception:
        pushes = []
    process.join(10)
    return pushes


async def coordinator_post(tool, path, data):
    session = tool.data["coordinator"]
    for attempt in range(len(tool.servers.bases)):
        base = tool.servers.other(None, attempt)  # any live server
        try:
            response = await tool.client(base).post(
                path,
                data=data,
                headers={"Cookie": tool.cookie(session), "X-CSRFToken": tool.csrf},
            )
            return response.status_code
        except httpx.TransportError:
            tool.servers.failed(base)
    return None


def latency(actions, pushes):
    """For each successful action and each dashboard viewer, the time from the action's commit
    to the arrival of the first push whose reading began after it."""
    by_viewer = {}
    for push in pushes:
        by_viewer.setdefault(push["viewer"], []).append(push)
    values, missed = [], 0
    for viewer_pushes in by_viewer.values():
        viewer_pushes.sort(key=lambda p: p["as_of"])
        stamps = [p["as_of"] for p in viewer_pushes]
        for action in actions:
            if action["outcome"] != "ok":
                continue
            i = bisect.bisect_left(stamps, action["done"])
            if i < len(stamps):
                values.append(viewer_pushes[i]["received"] - action["done"])
            else:
                missed += 1
    return values, missed


ERRORS = []


async def report_progress(tool, people, stop_at, every=10.0):
    """A line on stderr every few seconds: a long run shows that it is alive."""
    began = time.monotonic()
    while time.monotonic() < stop_at:
        await asyncio.sleep(every)
        print(
            f"[{time.monotonic() - began:5.0f} s] sockets open {sum(p.socket_open for p in people)}"
            f"/{len(people)}, actions {len(tool.actions)}, pushes {len(tool.pushes)}, errors {len(ERRORS)}",
            file=sys.stderr,
            flush=True,
        )


async def guarded(coroutine):
    """Run a participant's coroutine; an unexpected error is counted and its first few told."""
    try:
        return await coroutine
    except asyncio.CancelledError:
        raise
    except Exception as error:
        ERRORS.append(repr(error))
        if len(ERRORS) <= 3:
            import traceback

            traceback.print_exc()


async def run(args):
    data = json.loads(open(args.cookies).read())
    specs = data["participants"][: args.participants]
    limit = raise_fd_limit(len(specs) * 2 + 1000)
    tool = Tool(args, data)
    people = [Participant(tool, spec, i) for i, spec in enumerate(specs)]
    # Bounded in time whatever happens: arrival, a wait for stragglers, work, a tail.
    hard_stop = time.monotonic() + 2 * args.ramp + args.seconds + args.tail + 120
    # Dashboard sockets live in a process of their own, so that the moment a push arrives is
    # not delayed by this process's thousands of participants.
    viewer_process, viewer_results = start_viewers(args, data)

    async def arrive(person, delay):
        await asyncio.sleep(delay)
        await person.enter()
        await person.listen()

    listeners = [
        asyncio.ensure_future(guarded(arrive(p, args.ramp * i / max(1, len(people)))))
        for i, p in enumerate(people)
    ]
    progress = asyncio.ensure_future(report_progress(tool, people, hard_stop))
    await asyncio.sleep(args.ramp)
    # Wait (up to another ramp) for the stragglers, then start as the coordinator would.
    patience = time.monotonic() + args.ramp
    while sum(p.connected.is_set() for p in people) < len(people):
        if time.monotonic() > patience:
            break
        await asyncio.sleep(0.5)
    connected = sum(p.connected.is_set() for p in people)
    start_status = "skipped"
    if args.start:
        start_status = await coordinator_post(
            tool, f"/dien-tap/{tool.drill}/dieu-khien/", {"command": "start"}
        )
    started_at = time.time()
    tool.started.set()
    stop_at = min(time.monotonic() + args.seconds, hard_stop - args.tail)
    workers = [asyncio.ensure_future(guarded(p.play(stop_at))) for p in people]
    if args.surge:
        await asyncio.sleep(min(10, args.seconds / 4))
        await coordinator_post(
            tool,
            f"/dien-tap/{tool.drill}/lan-song-ho-so/",
            {
                "procedure": "2.000815",
                "count": str(args.surge),
                "minutes": "30",
                "message": "Làn sóng hồ sơ",
            },
        )
    await asyncio.wait(workers, timeout=max(1, hard_stop - time.monotonic()))
    await asyncio.sleep(args.tail)  # late events and pushes still count
    for task in [*workers, *listeners, progress]:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    tool.pushes = stop_viewers(viewer_process, viewer_results)
    for client in tool.clients.values():
        await client.aclose()
    return summarise(tool, people, args, connected, start_status, started_at, limit)


def summarise(tool, people, args, connected, start_status, started_at, limit):
    outcomes = {}
    for action in tool.actions:
        outcomes[action["outcome"]] = outcomes.get(action["outcome"], 0) + 1
    values, missed = latency(tool.actions, tool.pushes)
    reconnects = [r for p in people for r in p.reconnects]
    resync = [r["resynced"] - r["lost"] for r in reconnects]
    summary = {
        "drill": tool.drill,
        "participants": len(people),
        "servers": tool.servers.bases,
        "fd_limit": limit,
        "connected_before_start": connected,
        "start_status": start_status,
        "actions": len(tool.actions),
        "outcomes": outcomes,
        "actions_per_second": round(len(tool.actions) / max(1, args.seconds), 1),
        "dashboard_pushes": len(tool.pushes),
        "dashboard_latency_p50_s": percentile(values, 0.5),
        "dashboard_latency_p95_s": percentile(values, 0.95),
        "dashboard_latency_max_s": max(values) if values else None,
        "dashboard_latency_samples": len(values),
        "dashboard_unmatched": missed,
        "reconnected_clients": sum(1 for p in people if p.reconnects),
        "reconnections": len(reconnects),
        "resync_p95_s": percentile(resync, 0.95),
        "socket_events_received": sum(len(p.received) for p in people),
        "client_errors": len(ERRORS),
    }
    details = {
        "summary": summary,
        "started_at": started_at,
        "actions": tool.actions,
        "sockets": [
            {
                "user": p.spec["username"],
                "sandbox": p.spec["sandbox"],
                "intervals": p.intervals,
                "received": p.received,
            }
            for p in people
        ],
        "reconnects": reconnects,
        "pushes": tool.pushes,
    }
    with open(args.out, "w") as handle:
        json.dump(details, handle)
    return summary


async def hold(args):
    """Open N participant sockets on ONE server, hold them, broadcast once, count deliveries."""
    data = json.loads(open(args.cookies).read())
    specs = data["participants"]
    limit = raise_fd_limit(args.hold + 500)
    tool = Tool(args, data)
    base = args.base[0]
    opened, failures, arrivals, heard = [], 0, [], set()
    marker = f"kiem-tra-{random.randrange(10**9)}"

    async def one(i):
        nonlocal failures
        spec = specs[i % len(specs)]
        url = tool.ws_url(base, f"/ws/dien-tap/{tool.drill}/")
        try:
            async with connect(
                url,
                additional_headers={
                    "Cookie": tool.cookie(spec["session"]),
                    "Origin": base,
                },
                compression=None,
                open_timeout=600,
                ping_interval=None,
                max_queue=None,
            ) as ws:
                opened.append(i)
                async for text in ws:  # no timers: 5,000 sockets, one loop
                    if marker in text and i not in heard:
                        heard.add(i)
                        arrivals.append((time.time(), json.loads(text).get("sent")))
        except asyncio.CancelledError:
            raise
        except Exception:
            failures += 1

    began = time.monotonic()
    tasks = []
    for i in range(args.hold):
        tasks.append(asyncio.ensure_future(one(i)))
        await asyncio.sleep(1 / args.hold_rate)
        if time.monotonic() - began > args.seconds + 600:
            break
    deadline = time.monotonic() + 600
    while len(opened) + failures < args.hold and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    connect_seconds = time.monotonic() - began
    await asyncio.sleep(args.seconds)
    still_open = sum(1 for t in tasks if not t.done())
    sent = time.time()
    status = await coordinator_post(
        tool,
        f"/dien-tap/{tool.drill}/thong-bao/",
        {"message": f"Kiểm tra phát tin {marker}"},
    )
    wait_until = time.monotonic() + 60
    while len(arrivals) < still_open and time.monotonic() < wait_until:
        await asyncio.sleep(0.2)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for client in tool.clients.values():
        await client.aclose()
    delays = [a - sent for a, _ in arrivals]
    fanout = [a - s for a, s in arrivals if s]  # from the server's broadcast to arrival
    return {
        "mode": "hold",
        "server": base,
        "fd_limit": limit,
        "requested": args.hold,
        "opened": len(opened),
        "failures": failures,
        "connect_seconds": round(connect_seconds, 1),
        "held_after_seconds": still_open,
        "hold_seconds": args.seconds,
        "announce_status": status,
        "broadcast_delivered": len(arrivals),
        "broadcast_p50_s": percentile(delays, 0.5),
        "broadcast_p95_s": percentile(delays, 0.95),
        "broadcast_max_s": max(delays) if delays else None,
        "fanout_p50_s": percentile(fanout, 0.5),
        "fanout_p95_s": percentile(fanout, 0.95),
    }


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base",
        required=True,
        type=lambda s: s.split(","),
        help="server URL(s), comma-separated, loopback only",
    )
    parser.add_argument("--drill", type=int, required=True)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument(
        "--seconds",
        type=float,
        default=120,
        help="how long participants work after the start",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=30,
        help="seconds over which participants arrive in the lobby",
    )
    parser.add_argument(
        "--tail",
        type=float,
        default=5,
        help="seconds sockets keep listening after work stops",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=30,
        help="mean seconds a participant thinks before an action",
    )
    parser.add_argument(
        "--viewers", type=int, default=2, help="coordinator dashboard sockets"
    )
    parser.add_argument(
        "--surge",
        type=int,
        default=0,
        help="dossiers per commune in a surge fired mid-run",
    )
    parser.add_argument("--http-connections", type=int, default=64)
    parser.add_argument("--start", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--cookies", default="var/drill-load/cookies.json")
    parser.add_argument("--out", default="var/drill-load/results.json")
    parser.add_argument(
        "--hold",
        type=int,
        default=0,
        help="hold this many sockets on the first server instead",
    )
    parser.add_argument(
        "--hold-rate",
        type=float,
        default=100,
        help="new sockets per second when holding",
    )
    args = parser.parse_args(argv)
    for base in args.base:
        check_loopback(base)
    return args


def main(argv=None):
    args = parse(argv)
    summary = asyncio.run(hold(args) if args.hold else run(args))
    print(json.dumps(summary, indent=2))
    return summary


if __name__ == "__main__":
    main()
