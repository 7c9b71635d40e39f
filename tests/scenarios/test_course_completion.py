"""The scenarios app tells the courses which required scenarios learners have passed."""

from scenarios.panels import passed_slugs
from tests.scenarios.player import play_library_scenario
from tests.scenarios.scripts import SCRIPTS

SLUG = "khai-sinh-truc-tuyen"


def test_passed_scenarios_are_told_for_many_learners_at_once(
    trainee, specialist, scenario_world, django_assert_num_queries
):
    careful, careless = SCRIPTS[SLUG]
    play_library_scenario(SLUG, careful, trainee, scenario_world)
    play_library_scenario(SLUG, careless, specialist, scenario_world)
    with django_assert_num_queries(1):
        passed = passed_slugs(
            [trainee.pk, specialist.pk], [SLUG, "ket-hon-the-can-cuoc-het-han"]
        )
    assert passed == {trainee.pk: {SLUG}}
