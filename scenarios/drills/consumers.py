"""WebSockets of a drill. The database is the truth: every (re)connection first receives the
whole current state (or, for a participant who says what it saw last, what it missed);
later messages only tell what changed.

- /ws/dien-tap/<drill>/[?drill_event=…&dossier_event=…] – a participant: the drill's
  announcements, injects and status (one hub subscription per process) and the dossier
  events of their team's sandbox; with a cursor, first the replay of what followed it.
- /ws/dien-tap/<drill>/dieu-hanh/ – a coordinator of the drill's province: the live dashboard
  (pushed by the process's coalescing feed) and the same notices.
"""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from fake_portal.broadcast import sandbox_group
from scenarios.drills.broadcast import coordinators_group, encode, participants_group
from scenarios.drills.hub import dashboard_text_now, hub, off_main_thread
from scenarios.drills.replay import cursor_from_query

FORBIDDEN = 4403


@off_main_thread
def _enter(user, drill_id):
    """(participant, team, team sandbox) pks of the user in this drill, marked present; or
    None.

    Off the thread every consumer shares, so that a thousand sockets arriving together are
    answered in parallel (one short query and one update each)."""
    from django.utils import timezone

    from scenarios.drills.models import DrillParticipant

    if not (user and user.is_authenticated):
        return None
    seat = (
        DrillParticipant.objects.filter(drill_id=drill_id, user=user)
        .values_list("pk", "team_id", "team__sandbox_id")
        .first()
    )
    if seat:
        DrillParticipant.objects.filter(pk=seat[0]).update(
            online=True, last_seen=timezone.now()
        )
    return seat


@off_main_thread
def _catch_up(consumer, since):
    """The replay from `since` when it can be had; else the state with its cursor."""
    from scenarios.drills.replay import cursor_now, missed
    from scenarios.drills.views.participant import state_for

    seat = (consumer.drill_id, consumer.team_id, consumer.sandbox_id)
    replay = missed(*seat, since) if since is not None else None
    if replay is not None:
        return replay
    cursor = cursor_now(consumer.drill_id, consumer.sandbox_id)
    return {**state_for(consumer.participant_id), "cursor": cursor}


@off_main_thread
def _may_watch(user, drill_id) -> bool:
    from scenarios.drills.models import Drill
    from scenarios.drills.permissions import may_control

    drill = Drill.objects.select_related("province").filter(pk=drill_id).first()
    return drill is not None and may_control(user, drill)


class _Json(AsyncJsonWebsocketConsumer):
    @classmethod
    async def encode_json(cls, content):
        return encode(content)  # dates and times as ISO text

    async def deliver(self, text: str) -> None:
        """Write an encoded broadcast (the hub calls this)."""
        await self.send(text_data=text)


class DrillParticipantConsumer(_Json):
    held = None  # broadcasts that arrive before the first message is sent

    async def connect(self):
        self.drill_id = int(self.scope["url_route"]["kwargs"]["drill"])
        seat = await _enter(self.scope["user"], self.drill_id)
        if seat is None:
            await self.close(code=FORBIDDEN)
            return
        self.participant_id, self.team_id, self.sandbox_id = seat
        self.held = []
        self.hub = hub()
        await self.hub.join(participants_group(self.drill_id), self)
        if self.sandbox_id:
            await self.channel_layer.group_add(
                sandbox_group(self.sandbox_id), self.channel_name
            )
        await self.accept()
        self.hub.arrive(self, self.participant_id)
        since = cursor_from_query(self.scope.get("query_string", b""))
        await self.send_json(await _catch_up(self, since))
        await self._release()

    async def _release(self) -> None:
        """Send what was held back, in order; the client drops what it has seen twice."""
        while self.held:
            await self.send(text_data=self.held.pop(0))
        self.held = None

    async def deliver(self, text: str) -> None:
        if self.held is not None:
            self.held.append(text)
        else:
            await self.send(text_data=text)

    async def disconnect(self, code):
        if not hasattr(self, "hub"):
            return
        await self.hub.leave(participants_group(self.drill_id), self)
        await self.hub.depart(self)
        if self.sandbox_id:
            await self.channel_layer.group_discard(
                sandbox_group(self.sandbox_id), self.channel_name
            )

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "state":  # a client may ask to re-read the state
            await self.send_json(await _catch_up(self, None))

    async def sandbox_event(self, message):
        payload = {k: v for k, v in message.items() if k != "type"}
        await self.deliver(encode({"type": "dossier", **payload}))


class DrillDashboardConsumer(_Json):
    async def connect(self):
        self.drill_id = int(self.scope["url_route"]["kwargs"]["drill"])
        if not await _may_watch(self.scope["user"], self.drill_id):
            await self.close(code=FORBIDDEN)
            return
        self.hub = hub()
        await self.hub.join(coordinators_group(self.drill_id), self)
        await self.accept()
        await self.send(text_data=await dashboard_text_now(self.drill_id))
        self.hub.watch(self.drill_id, self)

    async def disconnect(self, code):
        if not hasattr(self, "hub"):
            return
        self.hub.unwatch(self.drill_id, self)
        await self.hub.leave(coordinators_group(self.drill_id), self)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "state":
            await self.send(text_data=await dashboard_text_now(self.drill_id))
