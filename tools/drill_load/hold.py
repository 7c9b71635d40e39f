"""Many participant sockets held on one server, and one broadcast to all of them."""

import asyncio
import json
import random
import time

from websockets.asyncio.client import connect

from tools.drill_load.common import Tool, percentile, raise_fd_limit
from tools.drill_load.run import coordinator_post


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
