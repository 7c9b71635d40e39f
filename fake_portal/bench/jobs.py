"""The officials' mixed actions the load replays: receive, assign, appraise, each on its own dossier."""

import secrets

from django.conf import settings

from fake_portal.bench import load
from fake_portal.bench.server import HOST, session_cookie
from fake_portal.models import Dossier, Stage, Status


def mixed_jobs(sandbox, users):
    """Interleaved POSTs as the receiving officer, the leader and the specialist.

    Each job acts once on a different dossier, with the version the official saw; returns
    the jobs and the codes of their dossiers.
    """
    csrf = secrets.token_hex(16)

    def headers(user):
        return {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}",
            "X-CSRFToken": csrf,
            "Referer": f"http://{HOST}/",
        }

    officer, leader, specialist = (
        headers(users[p]) for p in ("receiving_officer", "leader", "specialist")
    )
    dossiers = Dossier.objects.for_sandbox(sandbox).order_by("pk")
    base = f"/mot-cua/{sandbox.pk}/ho-so/"

    def post(code, action, data, who):
        fields = {f"{action}-{k}": v for k, v in data.items()}
        return load.post(f"{base}{code}/{action}/", fields, host=HOST, headers=who)

    streams = [
        [
            (code, post(code, "receive", {"version": v}, officer))
            for code, v in dossiers.filter(status=Status.FILED).values_list(
                "code", "version"
            )
        ],
        [
            (
                code,
                post(
                    code,
                    "assign",
                    {"version": v, "specialist": users["specialist"].pk},
                    leader,
                ),
            )
            for code, v in dossiers.filter(status=Status.RECEIVED).values_list(
                "code", "version"
            )
        ],
        [
            (
                code,
                post(
                    code,
                    "appraise",
                    {"version": v, "opinion": "Hồ sơ hợp lệ."},
                    specialist,
                ),
            )
            for code, v in dossiers.filter(
                status=Status.PROCESSING, stage=Stage.ASSIGNED
            ).values_list("code", "version")
        ],
    ]
    longest = max(len(s) for s in streams)
    mixed = [s[i] for i in range(longest) for s in streams if i < len(s)]
    return [job for _, job in mixed], [code for code, _ in mixed]
