"""The result page's timeline: one line per real event."""

from datetime import UTC, datetime, timedelta

from scenarios.events import events_for
from scenarios.presenters import timeline_rows
from tests.scenarios.player import play_library_scenario
from tests.scenarios.scripts import SCRIPTS

START = datetime(2025, 9, 1, 1, 0, tzinfo=UTC)


def ev(minute, action, *, dossier=None, code=None, actor=7, **data):
    return {
        "at": START + timedelta(minutes=minute),
        "action": action,
        "dossier": dossier,
        "code": code,
        "actor": actor,
        "data": data,
    }


def _actions(rows):
    return [row["action"] for row in rows]


def test_a_signing_is_one_line_on_its_dossier():
    purpose = "Phê duyệt kết quả hồ sơ H1-0001"
    events = [
        ev(0, "signature.failed", purpose=purpose, message="Chưa cắm USB Token"),
        ev(0, "dossier.signing_failed", dossier="d1", code="H1-0001", error="Token"),
        ev(5, "signature.signed", purpose=purpose),
        ev(5, "dossier.approved", dossier="d1", code="H1-0001"),
    ]
    rows = timeline_rows(events)
    assert _actions(rows) == ["dossier.signing_failed", "dossier.approved"]
    assert [row["step"] for row in rows] == [0, 1]


def test_signature_events_without_a_dossier_counterpart_stay():
    events = [
        # another signer, another dossier, and a failure the portal never logged
        ev(0, "signature.failed", purpose="Phê duyệt kết quả hồ sơ H1-0001", actor=8),
        ev(1, "signature.failed", purpose="Phê duyệt kết quả hồ sơ H1-0002"),
        ev(2, "signature.failed", purpose="Số hóa giấy tờ"),
        ev(3, "dossier.signing_failed", dossier="d1", code="H1-0001"),
        ev(4, "signature.signed", purpose="Phê duyệt kết quả hồ sơ H1-0001"),
    ]
    assert _actions(timeline_rows(events)) == [
        "signature.failed",
        "signature.failed",
        "signature.failed",
        "dossier.signing_failed",
        "signature.signed",  # signed after the last dossier event: nothing repeats it
    ]


def test_a_failed_token_signing_is_one_line(trainee, scenario_world):
    slug = "lanh-dao-khong-co-token"
    attempt = play_library_scenario(slug, SCRIPTS[slug][1], trainee, scenario_world)
    events = events_for(attempt.sandbox, attempt=attempt)
    assert [e["action"] for e in events].count("signature.failed") == 1
    rows = timeline_rows(events)
    failed = [r for r in rows if r["label"] == "Ký số không thành công"]
    assert [(r["action"], r["dossier"]) for r in failed] == [
        ("dossier.signing_failed", "khai-sinh")
    ]


def test_an_approval_is_not_followed_by_a_separate_signed_line(trainee, scenario_world):
    slug = "khai-sinh-truc-tuyen"
    attempt = play_library_scenario(slug, SCRIPTS[slug][0], trainee, scenario_world)
    events = events_for(attempt.sandbox, attempt=attempt)
    assert "signature.signed" in [e["action"] for e in events]
    actions = _actions(timeline_rows(events))
    assert "dossier.approved" in actions and "signature.signed" not in actions
    assert attempt.total == attempt.max_total  # scoring reads the whole log


def test_the_timeline_names_the_signing_method_and_the_return_channel_in_words():
    events = [
        ev(0, "dossier.approved", dossier="d1", code="H1", signature_method="token"),
        ev(1, "dossier.approved", dossier="d2", code="H2", signature_method="remote"),
        ev(2, "dossier.result_returned", dossier="d1", code="H1", channel=3),
    ]
    details = [row["detail"] for row in timeline_rows(events)]
    assert details == [
        "Ký bằng: USB Token",
        "Ký bằng: ký số từ xa",
        "Trả qua: Dịch vụ bưu chính công ích",
    ]
