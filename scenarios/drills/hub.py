"""Per-process fan-out for drills: one channel-layer subscriber per process, many sockets.

A stock consumer costs one channel-layer message per connection per broadcast; at a few
thousand sockets that is the wall (STACK.md, "Channels"). Here each process holds one hub:
it subscribes its own channel to a drill group once, receives each broadcast once, and
writes the already-encoded text to every local socket of the group. The hub also runs the
coalesced dashboard feed of each drill watched from this process, and refreshes the presence
of the participants connected to it.
"""

import asyncio
import logging
import time
import weakref
from collections import defaultdict

from channels.db import DatabaseSyncToAsync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

PRESENCE_EVERY = 20.0  # seconds between two presence refreshes of a process's sockets
WRITE_CHUNK = 500  # sockets written to at once by one broadcast


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


class DashboardFeed:
    """Pushes a drill's dashboard to this process's viewers: a reading begins every
    interval (whatever the last one cost), and sends the rows that changed since the
    previous one, or the whole state every few seconds (live.py)."""

    def __init__(self, hub, drill_id: int):
        self.hub, self.drill_id = hub, drill_id
        self.viewers: set = set()
        self.task = None
        self.wake = asyncio.Event()

    def add(self, viewer) -> None:
        self.viewers.add(viewer)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self.run())

    def discard(self, viewer) -> None:
        self.viewers.discard(viewer)
        if not self.viewers:
            self.wake.set()

    async def run(self) -> None:
        from scenarios.drills.live import LiveDashboard

        interval = _setting("DRILL_DASHBOARD_INTERVAL", 0.2)
        live = LiveDashboard(self.drill_id, _setting("DRILL_DASHBOARD_REFRESH", 3.0))
        chores = None
        while self.viewers:
            began = time.monotonic()
            try:
                text = await _reading(live)
                if text:
                    await self.hub.write(self.viewers, text)
                # Ticking and scoring run beside the feed, never in its way.
                if chores is None or chores.done():
                    chores = asyncio.ensure_future(_housekeeping(self.drill_id))
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the feed
                log.exception("drill %s dashboard feed", self.drill_id)
                await asyncio.sleep(1)
            self.wake.clear()
            try:
                await asyncio.wait_for(
                    self.wake.wait(), max(0.0, began + interval - time.monotonic())
                )
            except TimeoutError:
                pass


class Hub:
    def __init__(self, layer):
        self.layer = layer
        self.channel = None
        self.groups: dict[str, set] = defaultdict(set)
        self.feeds: dict[int, DashboardFeed] = {}
        self.present: dict = {}  # consumer -> participant pk
        self.tasks: list = []
        self.ready = asyncio.Lock()

    async def _start(self) -> None:
        async with self.ready:
            if self.channel is None:
                # The default prefix matters: the Redis core layer reads one process-wide
                # list for every "specific.<client>!" channel; another prefix would make
                # this receive starve every consumer's in the process.
                self.channel = await self.layer.new_channel()
                self.tasks = [
                    asyncio.ensure_future(self._receive()),
                    asyncio.ensure_future(self._presence()),
                ]

    # --- groups --------------------------------------------------------------------------
    async def join(self, group: str, consumer) -> None:
        await self._start()
        first = not self.groups[group]
        self.groups[group].add(consumer)
        if first:
            await self.layer.group_add(group, self.channel)

    async def leave(self, group: str, consumer) -> None:
        members = self.groups.get(group)
        if members is None:
            return
        members.discard(consumer)
        if not members:
            del self.groups[group]
            if self.channel:
                await self.layer.group_discard(group, self.channel)

    async def _receive(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the layer reconnects; keep listening
                log.exception("drill hub receive")
                await asyncio.sleep(0.5)
                continue
            members = self.groups.get(message.get("group"), ())
            await self.write(members, message.get("text", ""))

    async def write(self, consumers, text: str) -> None:
        """Write one encoded text to local sockets, concurrently in chunks: a slow reader
        delays only itself, and a dead socket only skips itself."""
        targets = list(consumers)
        for start in range(0, len(targets), WRITE_CHUNK):
            await asyncio.gather(
                *(c.deliver(text) for c in targets[start : start + WRITE_CHUNK]),
                return_exceptions=True,
            )

    # --- dashboards ----------------------------------------------------------------------
    def watch(self, drill_id: int, viewer) -> None:
        feed = self.feeds.get(drill_id)
        if feed is None:
            feed = self.feeds[drill_id] = DashboardFeed(self, drill_id)
        feed.add(viewer)

    def unwatch(self, drill_id: int, viewer) -> None:
        feed = self.feeds.get(drill_id)
        if feed is not None:
            feed.discard(viewer)

    # --- presence ------------------------------------------------------------------------
    def arrive(self, consumer, participant_id: int) -> None:
        """Count a participant's socket in this process (the caller marked them present)."""
        self.present[consumer] = participant_id

    async def depart(self, consumer) -> None:
        participant_id = self.present.pop(consumer, None)
        if participant_id is not None and participant_id not in self.present.values():
            await _touch([participant_id], online=False)

    async def _presence(self) -> None:
        while True:
            await asyncio.sleep(PRESENCE_EVERY)
            ids = sorted(set(self.present.values()))
            if ids:
                try:
                    await _touch(ids, online=True)
                except Exception:
                    log.exception("drill presence")


_hubs: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This event loop's hub (one per ASGI process; one per test's loop)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub(get_channel_layer())
    return found


# --- database work, in threads ----------------------------------------------------------


def off_main_thread(fn):
    """Run in the pool, not in the one thread Django's sync views share (thread_sensitive):
    a dashboard reading or a scoring round must not queue behind page requests, nor they
    behind it."""
    return DatabaseSyncToAsync(fn, thread_sensitive=False)


@off_main_thread
def _reading(live) -> str | None:
    """The next encoded push of a feed, or None when nothing changed."""
    from scenarios.drills.broadcast import encode

    state = live.read()
    return encode(state) if state is not None else None


@off_main_thread
def dashboard_text_now(drill_id: int) -> str:
    from scenarios.drills.broadcast import encode
    from scenarios.drills.dashboard import compute
    from scenarios.drills.models import Drill

    return encode(compute(Drill.objects.get(pk=drill_id)))


@off_main_thread
def _housekeeping(drill_id: int) -> None:
    """Tick the drill's simulated actors and refresh provisional scores, each done by one
    process at a time (a cache lock), whichever process happens to get there first; none
    of it while a ticker (manage.py tick_drills --every) does this work."""
    from scenarios.drills.dashboard import TICKER_KEY, refresh_scores, tick_drill
    from scenarios.drills.models import Drill

    if cache.get(TICKER_KEY):
        return
    tick_every = _setting("DRILL_TICK_EVERY", 2.0)
    score_every = _setting("DRILL_SCORES_EVERY", 5.0)
    due_tick = cache.add(f"drill:{drill_id}:tick", 1, tick_every)
    due_scores = cache.add(f"drill:{drill_id}:scoring", 1, score_every)
    if not (due_tick or due_scores):
        return
    drill = Drill.objects.filter(pk=drill_id).first()
    if drill is None or not drill.is_live:
        return
    if due_tick:
        tick_drill(drill)
    if due_scores:
        refresh_scores(drill)


@off_main_thread
def _touch(ids, *, online: bool) -> None:
    from django.utils import timezone

    from scenarios.drills.models import DrillParticipant

    DrillParticipant.objects.filter(pk__in=ids).update(
        online=online, last_seen=timezone.now()
    )
