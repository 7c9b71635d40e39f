"""Every built-in scenario: a careful trainee scores the maximum, a careless one fails."""

import pytest

from scenarios.library import library_files, load_library
from scenarios.models import Attempt, Scenario
from scenarios.spec import parse
from tests.scenarios.player import play_library_scenario
from tests.scenarios.scripts import SCRIPTS

SLUGS = [parse(p.read_text(encoding="utf-8"))["slug"] for p in library_files()]


def test_library_has_twelve_scenarios_each_with_a_script():
    assert len(SLUGS) >= 12
    assert set(SLUGS) == set(SCRIPTS)


def test_loading_the_library_twice_makes_no_new_version(db):
    first = load_library()
    second = load_library()
    assert first["created"] == len(SLUGS)
    assert second == {"created": 0, "updated": 0, "unchanged": len(SLUGS)}
    assert Scenario.objects.filter(built_in=True, status="published").count() == len(
        SLUGS
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_careful_play_scores_the_maximum(slug, trainee, scenario_world):
    attempt = play_library_scenario(slug, SCRIPTS[slug][0], trainee, scenario_world)
    misses = [i["feedback"] for i in attempt.score["items"] if i["status"] != "met"]
    assert misses == []
    assert attempt.score["penalties"] == []
    assert attempt.total == attempt.max_total
    assert attempt.passed is True
    assert attempt.status == Attempt.Status.FINISHED


@pytest.mark.parametrize("slug", SLUGS)
def test_careless_play_scores_below_the_pass_mark(slug, trainee, scenario_world):
    attempt = play_library_scenario(slug, SCRIPTS[slug][1], trainee, scenario_world)
    assert attempt.total < attempt.score["pass_mark"]
    assert attempt.passed is False
    assert any(i["status"] != "met" for i in attempt.score["items"])
