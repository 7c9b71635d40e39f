"""Loading a course content file (YAML, courses/content/course.schema.json) into Wagtail.

Idempotent by course slug and version: loading the same file again changes nothing,
a changed file updates the course in place (lessons by slug, questions by id), and an
older version than the one loaded is refused. Everything happens in one transaction, so
a malformed file leaves nothing half-loaded.
"""

import hashlib
import json
import re
import secrets
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from jsonschema import Draft202012Validator
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import GroupPagePermission, Locale, Page, Site

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    Question,
    QuestionCategory,
    QuizPage,
)
from sandbox.models import Role
from sandbox.roles import group_for

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SCHEMA_PATH = CONTENT_DIR / "course.schema.json"
INDEX_SLUG, INDEX_TITLE = "khoa-hoc", "Khóa học"
QUIZ_SLUG = "kiem-tra"
AUTHORING = ["add_page", "change_page", "publish_page"]
# libyaml's safe loader when present: nine times faster than the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HREF = re.compile(r'<a href="([^"]*)"')


class CourseContentError(Exception):
    def __init__(self, path, errors: list[str]):
        self.path, self.errors = str(path), errors
        super().__init__(f"{path}:\n  " + "\n  ".join(errors))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _schema_errors(data) -> list[str]:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(gốc)'}: {e.message}" for e in errors
    ]


def _duplicates(values) -> list:
    seen, repeated = set(), []
    for value in values:
        if value in seen:
            repeated.append(value)
        seen.add(value)
    return repeated


def _hrefs(data: dict) -> list[str]:
    found = []
    for lesson in data["lessons"]:
        for block in lesson["body"]:
            if block["type"] == "paragraph":
                found += HREF.findall(block["value"])
    return found


def _semantic_errors(data: dict) -> list[str]:
    quiz = data["quiz"]
    categories = {c["slug"] for c in quiz["categories"]}
    lesson_slugs = [lesson["slug"] for lesson in data["lessons"]]
    errors = [f"lessons: trùng mã bài {s}" for s in _duplicates(lesson_slugs)]
    errors += [
        f"quiz/questions: trùng mã câu {q}"
        for q in _duplicates(q["id"] for q in quiz["questions"])
    ]
    errors += [
        f"quiz/questions/{q['id']}: nhóm {q['category']} chưa khai báo"
        for q in quiz["questions"]
        if q["category"] not in categories
    ]
    if QUIZ_SLUG in lesson_slugs:
        errors.append(f"lessons: mã bài {QUIZ_SLUG} dành cho bài kiểm tra")
    if quiz["questions_per_attempt"] > len(quiz["questions"]):
        errors.append("quiz/questions_per_attempt: nhiều hơn số câu trong ngân hàng")
    errors += [
        f"lessons: liên kết không an toàn {href}"
        for href in _hrefs(data)
        if not href.startswith(("https://", "http://", "/"))
    ]
    return errors


def read_course_file(path) -> dict:
    """Parse and validate a course file; CourseContentError lists every problem."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CourseContentError(path, [str(exc)]) from exc
    errors = _schema_errors(data)
    if not errors:
        errors = _semantic_errors(data)
    if errors:
        raise CourseContentError(path, errors)
    return data


# ---------------------------------------------------------------- site and index


def _site_root() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site:
        return site.root_page
    # A flushed database (transactional tests) has no Wagtail tree: rebuild the minimum.
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.get_children().first()
    if home is None:
        home = root.add_child(instance=Page(title="Sa Bàn", slug="home"))
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Sa Bàn – môi trường đào tạo",  # as courses' migration 0005 names it
        root_page=home,
        is_default_site=True,
    )
    return home


def _grant_authoring(index: CourseIndexPage) -> None:
    """Trainers and coordinators author courses in the Wagtail admin, under the index."""
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=AUTHORING
    )
    for role in (Role.TRAINER, Role.COORDINATOR):
        group = group_for(role)
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )


def ensure_course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG)
        _site_root().add_child(instance=index)
        index.save_revision().publish()
        _grant_authoring(index)
    return index


# ---------------------------------------------------------------- pages


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, model, slug: str, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    _publish(page)
    return page


def _block_value(block: dict):
    if block["type"] == "steps":
        value = block["value"]
        return {"title": value["title"], "steps": [dict(s) for s in value["steps"]]}
    if block["type"] == "practise":
        return {
            "label": block["value"]["label"],
            "scenario": block["value"]["scenario"] or "",
        }
    return block["value"]


def _lesson_fields(lesson: dict) -> dict:
    body = [{"type": b["type"], "value": _block_value(b)} for b in lesson["body"]]
    return {"title": lesson["title"], "summary": lesson["summary"], "body": body}


def _course_fields(data: dict, digest: str) -> dict:
    return {
        "title": data["title"],
        "summary": data["summary"],
        "audience": data["audience"],
        "version": data["version"],
        "estimated_minutes": data["estimated_minutes"],
        "covers_procedures": data["covers_procedures"],
        "content_digest": digest,
    }


def _quiz_fields(quiz: dict) -> dict:
    return {
        "title": quiz["title"],
        "pass_mark": quiz["pass_mark"],
        "time_limit_minutes": quiz["time_limit_minutes"],
        "attempts_allowed": quiz["attempts_allowed"],
        "questions_per_attempt": quiz["questions_per_attempt"],
        "shuffle": quiz["shuffle"],
    }


def _order_children(parent: Page, wanted: list[Page]) -> None:
    current = [
        p.pk for p in parent.get_children().filter(pk__in=[w.pk for w in wanted])
    ]
    if current != [w.pk for w in wanted]:
        for page in wanted:
            page.refresh_from_db()
            page.move(parent, pos="last-child")


def _lessons(course: CoursePage, lessons: list[dict]) -> list[LessonPage]:
    pages = [
        _child(course, LessonPage, lesson["slug"], **_lesson_fields(lesson))
        for lesson in lessons
    ]
    wanted = {lesson["slug"] for lesson in lessons}
    for stale in LessonPage.objects.child_of(course).live().exclude(slug__in=wanted):
        stale.unpublish()
    return pages


# ---------------------------------------------------------------- question bank


def _token(taken: set[str]) -> str:
    while (token := secrets.token_hex(4)) in taken:
        pass
    taken.add(token)
    return token


def _reuse(old: list[dict], key: str, id_key: str = "id") -> dict[str, str]:
    return {
        entry.get(key): entry.get(id_key) for entry in old if isinstance(entry, dict)
    }


def _question_data(question: dict, old: dict) -> dict:
    """The bank's data for a question, keeping the ids of options whose text is unchanged.

    Ids are random tokens, never derived from the authored order: the order of options,
    pairs and items must not leak the answer through the form's values.
    """
    kind, taken = question["type"], set()

    def keep(known: dict, text: str) -> str:
        token = known.get(text)
        if token and token not in taken:
            taken.add(token)
            return token
        return _token(taken)

    if kind in ("single", "multiple"):
        known = _reuse(old.get("options", []), "text")
        return {
            "options": [
                {**o, "id": keep(known, o["text"])} for o in question["options"]
            ]
        }
    if kind == "truefalse":
        return {"answer": question["answer"]}
    if kind == "matching":
        lefts = _reuse(old.get("pairs", []), "left")
        rights = _reuse(old.get("pairs", []), "right", "right_id")
        return {
            "pairs": [
                {
                    **p,
                    "id": keep(lefts, p["left"]),
                    "right_id": keep(rights, p["right"]),
                }
                for p in question["pairs"]
            ]
        }
    if kind == "ordering":
        known = _reuse(old.get("items", []), "text")
        return {"items": [{"id": keep(known, t), "text": t} for t in question["items"]]}
    return {"accepted": list(question["accepted"])}


def _categories(
    course: CoursePage, categories: list[dict]
) -> dict[str, QuestionCategory]:
    found = {}
    for n, category in enumerate(categories):
        found[category["slug"]], _created = QuestionCategory.objects.update_or_create(
            course=course,
            slug=category["slug"],
            defaults={"name": category["name"], "sort_order": n},
        )
    return found


def _questions(course: CoursePage, quiz: dict) -> None:
    categories = _categories(course, quiz["categories"])
    existing = {q.key: q for q in Question.objects.for_course(course)}
    for n, item in enumerate(quiz["questions"]):
        question = existing.get(item["id"]) or Question(course=course, key=item["id"])
        question.category = categories[item["category"]]
        question.type, question.text = item["type"], item["text"]
        question.feedback, question.points = item["feedback"], item["points"]
        question.data = _question_data(item, question.data or {})
        question.sort_order, question.active = n, True
        question.full_clean()
        question.save()
    retired = set(existing) - {item["id"] for item in quiz["questions"]}
    Question.objects.for_course(course).filter(key__in=retired).update(active=False)


# ---------------------------------------------------------------- entry point


def _existing(index: CourseIndexPage, slug: str) -> CoursePage | None:
    return CoursePage.objects.child_of(index).filter(slug=slug).first()


@transaction.atomic
def load_course_content(path) -> CoursePage:
    """Create or update the course described by the file at `path` (see module doc)."""
    data = read_course_file(path)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    index = ensure_course_index()
    course = _existing(index, data["slug"])
    if course and course.version > data["version"]:
        raise CourseContentError(
            path,
            [
                f"version: đã nạp phiên bản {course.version}, tệp là phiên bản {data['version']}"
            ],
        )
    if course and course.content_digest == digest and course.live:
        return course
    course = _child(index, CoursePage, data["slug"], **_course_fields(data, digest))
    lessons = _lessons(course, data["lessons"])
    quiz = _child(course, QuizPage, QUIZ_SLUG, **_quiz_fields(data["quiz"]))
    _order_children(course, lessons + [quiz])
    _questions(course, data["quiz"])
    return course


def load_course_dir(directory) -> list[CoursePage]:
    """Load every *.yaml course file of `directory`, in file-name order."""
    return [load_course_content(p) for p in sorted(Path(directory).glob("*.yaml"))]
