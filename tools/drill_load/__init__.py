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

    python -m tools.drill_load --base http://127.0.0.1:8001,http://127.0.0.1:8002 \\
        --drill 12 --participants 2000 --seconds 120 --cookies var/drill-load/cookies.json

Only the standard library, httpx and websockets.
"""
