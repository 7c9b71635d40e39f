"""One simulated participant: its socket (with the replay on reconnect) and its work."""

import asyncio
import json
import random
import re
import time

import httpx
from websockets.asyncio.client import connect

from tools.drill_load.common import SOCKET_FAILURES, key_of

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
        self.cursor = None  # the newest notice numbers heard (replay.py on the server)

    # --- the socket --------------------------------------------------------------------
    async def listen(self):
        """Hold the socket until cancelled; after a failure, reconnect (to another server if
        this one is gone) with the cursor, and hear what was missed (or the whole state)."""
        backoff = 0.5
        while True:
            path = f"/ws/dien-tap/{self.tool.drill}/"
            if self.cursor:
                path += "?" + "&".join(f"{k}={v}" for k, v in self.cursor.items())
            url = self.tool.ws_url(self.base, path)
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
            except SOCKET_FAILURES:
                self.socket_open = False
                self.lost_at = self.lost_at or time.time()
                self.tool.servers.failed(self.base)
                self.base = self.tool.servers.other(self.base, self.index)
                await asyncio.sleep(backoff * (1 + random.random()))
                backoff = min(backoff * 2, 5)

    async def _read(self, ws):
        while True:
            self._handle(json.loads(await ws.recv()))

    def _handle(self, message):
        kind = message.get("type")
        if message.get("cursor"):
            self.cursor = message["cursor"]
        self._advance("drill_event", message.get("drill_event"))
        if kind in ("state", "replay"):
            self._on_first(message, self.lost_at)
            self.lost_at = None
        if kind == "replay":
            for event in message["events"]:
                self._handle(event)
        elif kind == "dossier":
            self._advance("dossier_event", message.get("id"))
            if message.get("id") not in self.received:
                self.received.append(message.get("id"))
            self._on_dossier(message)
        elif kind == "status" and message.get("status") == "running":
            self._on_start(message)

    def _advance(self, key, number):
        if self.cursor and number and number > self.cursor[key]:
            self.cursor[key] = number

    def _on_first(self, message, lost_at):
        """The first message of a connection: the state, or the replay of what was missed."""
        if message["type"] == "state":
            self.state = message
            if message.get("admit_at"):
                self.admit_at = message["admit_at"]
        self.state_event.set()
        self.connected.set()
        if lost_at is not None:
            self.reconnects.append(
                {
                    "lost": lost_at,
                    "resynced": time.time(),
                    "base": self.base,
                    "how": message["type"],
                }
            )
            if message["type"] == "state":  # too much missed: read the inbox again
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
