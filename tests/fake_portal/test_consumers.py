import asyncio
import threading

import pytest
from channels.testing import WebsocketCommunicator

from fake_portal import actions
from sandbox.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def run(coroutine):
    """Run a coroutine in a thread of its own (a browser test may own this thread's loop)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised below
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def communicator(user, sandbox_id):
    from django.contrib.auth.models import AnonymousUser

    comm = WebsocketCommunicator(
        application,
        f"/ws/sa-ban/{sandbox_id}/",
        headers=[(b"origin", b"http://127.0.0.1")],
    )
    comm.scope["user"] = user or AnonymousUser()
    return comm


def test_a_member_hears_a_dossier_change(sandbox, citizen, commune_officer):
    async def scenario():
        from channels.db import database_sync_to_async

        comm = communicator(commune_officer, sandbox.pk)
        connected, _ = await comm.connect()
        assert connected
        dossier = await database_sync_to_async(actions.file_dossier)(
            sandbox=sandbox,
            procedure_code="1.001193",
            applicant=citizen,
            channel=2,
            form_data={},
        )
        message = await comm.receive_json_from(timeout=5)
        await comm.disconnect()
        return dossier, message

    dossier, message = run(scenario())
    assert message["event"] == "dossier.filed" and message["dossier"] == dossier.code


def test_a_stranger_cannot_listen(sandbox, other_officer):
    async def scenario():
        comm = communicator(other_officer, sandbox.pk)
        connected, code = await comm.connect()
        await comm.disconnect()
        return connected, code

    connected, code = run(scenario())
    assert not connected and code == 4403


def test_anonymous_cannot_listen(sandbox):
    async def scenario():
        comm = communicator(None, sandbox.pk)
        connected, _ = await comm.connect()
        await comm.disconnect()
        return connected

    assert run(scenario()) is False
