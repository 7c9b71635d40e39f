"""WebSocket: a sandbox's members hear that something changed and re-read the page's state.

Messages only notify (event name, dossier code, status); the database stays the truth, and a
client that reconnects simply reloads what it shows.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from fake_portal.broadcast import sandbox_group


@database_sync_to_async
def _may_listen(user, sandbox_id) -> bool:
    from fake_portal.views.common import user_sandboxes

    return user.is_authenticated and user_sandboxes(user).filter(pk=sandbox_id).exists()


class SandboxConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.sandbox_id = int(self.scope["url_route"]["kwargs"]["sandbox"])
        if not await _may_listen(self.scope["user"], self.sandbox_id):
            await self.close(code=4403)
            return
        self.group = sandbox_group(self.sandbox_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def sandbox_event(self, message):
        await self.send_json({k: v for k, v in message.items() if k != "type"})
