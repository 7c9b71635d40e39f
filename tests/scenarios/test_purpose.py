"""A trainee who went from a scenario attempt to the back office finds the way back."""

import pytest
from django.urls import reverse

from scenarios import actions
from scenarios.library import load_library
from scenarios.models import Scenario


@pytest.fixture
def attempt(db, trainee, scenario_world):
    load_library()
    version = Scenario.objects.get(slug="khai-sinh-truc-tuyen").current
    return actions.start_attempt(version, user=trainee, world=scenario_world)


def test_the_sandbox_bar_leads_back_to_the_attempt_page(client, trainee, attempt):
    client.force_login(trainee)
    inbox = reverse("portal:inbox", kwargs={"sandbox": attempt.sandbox_id})
    page = client.get(inbox).content.decode()
    assert f'href="{reverse("scenarios:attempt", args=[attempt.pk])}"' in page
    assert "trang bài làm (nộp bài, đồng hồ)" in page
    actions.finish_attempt(attempt, actor=trainee)
    # Once it is over there is nothing to steer: the sandbox is closed.
    assert (
        reverse("scenarios:attempt", args=[attempt.pk])
        not in client.get(inbox).content.decode()
    )
