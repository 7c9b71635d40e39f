"""The shipped course files are valid and complete, checked without Django."""

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

CONTENT_DIR = Path(__file__).resolve().parents[2] / "courses" / "content"
SCHEMA_PATH = CONTENT_DIR / "course.schema.json"
COURSE_PATHS = sorted(CONTENT_DIR.glob("*.yaml"))
QUESTION_TYPES = {"single", "multiple", "truefalse", "matching", "ordering", "short"}


@cache
def load_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def load_course(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def courses():
    return [load_course(path) for path in COURSE_PATHS]


def questions():
    return [q for course in courses() for q in course["quiz"]["questions"]]


def questions_of_type(kind):
    return [q for q in questions() if q["type"] == kind]


def correct_count(question):
    return sum(option["correct"] for option in question["options"])


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(load_schema())


@pytest.mark.parametrize("path", COURSE_PATHS, ids=lambda path: path.name)
def test_course_file_matches_schema(path):
    validator = Draft202012Validator(load_schema())
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(load_course(path))
    ]
    assert errors == []


def test_there_are_at_least_four_courses():
    assert len(COURSE_PATHS) >= 4


def test_course_and_lesson_slugs_are_unique():
    assert len({course["slug"] for course in courses()}) == len(COURSE_PATHS)
    for course in courses():
        slugs = [lesson["slug"] for lesson in course["lessons"]]
        assert len(set(slugs)) == len(slugs), course["slug"]


def test_every_course_has_at_least_three_lessons():
    for course in courses():
        assert len(course["lessons"]) >= 3, course["slug"]


def test_there_are_at_least_80_questions():
    assert len(questions()) >= 80


def test_every_course_uses_every_question_type():
    for course in courses():
        used = {q["type"] for q in course["quiz"]["questions"]}
        assert used == QUESTION_TYPES, course["slug"]


def test_single_choice_questions_have_exactly_one_correct_option():
    for question in questions_of_type("single"):
        assert correct_count(question) == 1, question["id"]


def test_multiple_choice_questions_have_a_correct_option():
    for question in questions_of_type("multiple"):
        assert correct_count(question) >= 1, question["id"]


def test_ordering_questions_have_at_least_three_items():
    for question in questions_of_type("ordering"):
        assert len(question["items"]) >= 3, question["id"]


def test_matching_questions_have_at_least_three_pairs():
    for question in questions_of_type("matching"):
        assert len(question["pairs"]) >= 3, question["id"]


def test_short_answer_questions_accept_a_variant():
    for question in questions_of_type("short"):
        assert len(question["accepted"]) >= 1, question["id"]


def test_question_ids_are_unique_across_courses():
    ids = Counter(q["id"] for q in questions())
    assert [qid for qid, seen in ids.items() if seen > 1] == []


def test_question_categories_are_declared_in_their_course():
    for course in courses():
        declared = {category["slug"] for category in course["quiz"]["categories"]}
        for question in course["quiz"]["questions"]:
            assert question["category"] in declared, question["id"]


def test_quiz_settings_are_usable():
    for course in courses():
        quiz = course["quiz"]
        assert 1 <= quiz["pass_mark"] <= 100, course["slug"]
        assert quiz["questions_per_attempt"] <= len(quiz["questions"]), course["slug"]
