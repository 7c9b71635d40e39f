"""A drill played by N participants: arrival, the start, work, a tail; then the summary."""

import asyncio
import json
import re
import sys
import time

import httpx

from tools.drill_load.common import Tool, percentile, raise_fd_limit
from tools.drill_load.participant import Participant
from tools.drill_load.viewers import latency, start_viewers, stop_viewers


async def coordinator_request(tool, method, path, data=None):
    """The coordinator's request to any live server: the response, or None if none
    answered."""
    session = tool.data["coordinator"]
    for attempt in range(len(tool.servers.bases)):
        base = tool.servers.other(None, attempt)  # any live server
        try:
            return await tool.client(base).request(
                method,
                path,
                data=data,
                headers={"Cookie": tool.cookie(session), "X-CSRFToken": tool.csrf},
            )
        except httpx.TransportError:
            tool.servers.failed(base)
    return None


async def coordinator_post(tool, path, data):
    response = await coordinator_request(tool, "POST", path, data)
    return None if response is None else response.status_code


NOT_READY = re.compile(r'name="start_without" value="(\d+)"')


async def start_drill(tool):
    """Start as the coordinator does from the control room: a team with nobody in the
    lobby is left behind only once the coordinator confirms it (the page lists such
    teams in its start form)."""
    page = await coordinator_request(tool, "GET", f"/dien-tap/{tool.drill}/")
    behind = NOT_READY.findall(page.text) if page is not None else []
    data = {"command": "start"}
    if behind:
        data |= {"confirm": "on", "start_without": behind}
    return await coordinator_post(tool, f"/dien-tap/{tool.drill}/dieu-khien/", data)


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
        start_status = await start_drill(tool)
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
        "resynced_by_replay": sum(1 for r in reconnects if r["how"] == "replay"),
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
