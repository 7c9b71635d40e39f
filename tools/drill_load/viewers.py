"""Coordinators' dashboard sockets, in a process of their own, and the latency figure."""

import asyncio
import bisect
import json
import multiprocessing
import time

from websockets.asyncio.client import connect

from tools.drill_load.common import SOCKET_FAILURES, Tool


async def watch_dashboard(tool, index):
    """A coordinator's dashboard socket, until cancelled: every push with its reading time."""
    # The coordinators' own server when there is one (out of the participants' way).
    base = tool.args.coordinator_base or tool.servers.first(index)
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
        except SOCKET_FAILURES:
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
