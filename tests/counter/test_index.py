from fake_portal.counter.codes import (
    is_valid_tracking_number,
    result_code,
    s10_check_digit,
    tracking_number,
)
from fake_portal.counter.index import digitisation_index


def rows(commune, dossier, channel, *actions):
    return [
        {
            "commune": commune,
            "dossier": dossier,
            "channel": channel,
            "action": a,
            "data": d,
        }
        for a, d in actions
    ]


def test_rates_per_commune_from_events():
    events = (
        rows(
            1,
            "a",
            1,
            ("dossier.filed", {}),
            ("dossier.papers_checked", {"undigitised": []}),
            ("dossier.received", {}),
        )
        + rows(
            1,
            "b",
            1,
            ("dossier.papers_checked", {"undigitised": [5]}),
            ("dossier.received", {}),
        )
        + rows(1, "c", 2, ("dossier.received", {}), ("dossier.approved", {}))
        + rows(1, "d", 1, ("dossier.transfer_returned", {"result_ready": True}))
        + rows(
            1,
            "e",
            1,
            ("paper.reused", {}),
            ("paper.requested_again", {}),
            ("paper.reused", {}),
        )
        + rows(2, "f", 3, ("dossier.refused", {}))
    )
    index = digitisation_index(events)
    one, two = index[1], index[2]
    assert (one.digitised, one.decided, one.dossier_rate) == (2, 3, 0.6667)
    assert (one.results_digitised, one.results, one.result_rate) == (1, 2, 0.5)
    assert (one.reused, one.reuse_chances, one.reuse_rate) == (2, 3, 0.6667)
    assert (
        two.dossier_rate == 0.0 and two.result_rate is None and two.reuse_rate is None
    )
    assert (
        one.meets_target(one.dossier_rate) is False and one.meets_target(None) is None
    )


def test_a_later_check_replaces_an_earlier_one():
    events = rows(
        1,
        "a",
        1,
        ("dossier.papers_checked", {"undigitised": [1]}),
        ("dossier.supplement_requested", {}),
        ("dossier.papers_checked", {"undigitised": []}),
    )
    assert digitisation_index(events)[1].dossier_rate == 1.0


def test_codes():
    from datetime import date

    assert (
        result_code("329.14.00.H37", date(2026, 3, 2), 7)
        == "329.14.00.H37.260302.000007"
    )
    # 4·8 + 7·6 + 3·4 + 1·2 + 2·3 + 4·5 + 8·9 + 2·7 = 200; 11 − 200 mod 11 = 9
    assert s10_check_digit("47312482") == 9
    number = tracking_number(17)  # 1·9 + 7·7 = 58; 11 − 58 mod 11 = 8
    assert number == "HC000000178VN" and is_valid_tracking_number(number)
    assert not is_valid_tracking_number(
        number[:10] + str((int(number[10]) + 1) % 10) + "VN"
    )
