import threading

import pytest
from django.db import connection

from fake_portal import actions
from fake_portal.errors import WorkflowError
from fake_portal.models import Channel, Dossier

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_officials_acting_at_once_never_lose_an_update(
    sandbox, citizen, commune_officer, leader
):
    from fake_portal.actions import take_seats

    take_seats(sandbox, leader, ["receiving_officer"])
    dossier = actions.file_dossier(
        sandbox=sandbox,
        procedure_code="1.001193",
        applicant=citizen,
        channel=Channel.ONLINE,
        form_data={},
    )
    seen = dossier.version
    barrier = threading.Barrier(2)
    outcomes = []

    def act(fn):
        try:
            barrier.wait(5)
            fn()
            outcomes.append("ok")
        except WorkflowError as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act,
            args=(
                lambda: actions.receive_dossier(
                    dossier, actor=commune_officer, version=seen
                ),
            ),
        ),
        threading.Thread(
            target=act,
            args=(
                lambda: actions.refuse_dossier(
                    dossier,
                    reasons="Sai thẩm quyền",
                    legal_basis="NĐ 118/2025",
                    actor=leader,
                    version=seen,
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["StaleDossier", "ok"]
    final = Dossier.objects.get(pk=dossier.pk)
    assert final.version == seen + 1
    assert final.events.count() == 2  # filed + exactly one of the two actions
