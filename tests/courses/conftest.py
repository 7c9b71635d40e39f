import json
import os
import shutil
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from django.utils import timezone

from courses import actions
from courses.answers import digests
from courses.grading import correct_answer
from courses.loader import load_course_content

ROOT = Path(__file__).resolve().parents[2]
RALPH_SETUP = ROOT / "scripts" / "ralph" / "setup.sh"
RALPH_AUTH = Path(__file__).with_name("ralph_auth.json")
RALPH_USER, RALPH_PASSWORD = "saban", "ralph-thu-nghiem"  # the hash in ralph_auth.json


def _options(correct_texts, wrong_texts):
    options = [
        {"text": t, "correct": True, "feedback": f"Đúng: {t}"} for t in correct_texts
    ]
    options += [
        {"text": t, "correct": False, "feedback": f"Sai: {t}"} for t in wrong_texts
    ]
    return options


def tiny_course(quiz_settings=None, **overrides):
    """A small valid course: two lessons and one question of each type."""
    quiz = {
        "title": "Kiểm tra nhanh",
        "pass_mark": 60,
        "time_limit_minutes": 10,
        "attempts_allowed": 3,
        "questions_per_attempt": 6,
        "shuffle": True,
        "categories": [
            {"slug": "co-ban", "name": "Cơ bản"},
            {"slug": "nang-cao", "name": "Nâng cao"},
        ],
        "questions": [
            {
                "id": "t-single",
                "category": "co-ban",
                "type": "single",
                "points": 1,
                "text": "Mẫu nào là Giấy tiếp nhận hồ sơ và hẹn trả kết quả?",
                "options": _options(["Mẫu 01"], ["Mẫu 02", "Mẫu 03"]),
                "feedback": "Mẫu 01 là giấy tiếp nhận.",
            },
            {
                "id": "t-multiple",
                "category": "co-ban",
                "type": "multiple",
                "points": 2,
                "text": "Những thủ tục nào do cấp xã giải quyết?",
                "options": _options(
                    ["Đăng ký khai sinh", "Chứng thực bản sao"],
                    ["Đăng ký doanh nghiệp", "Cấp hộ chiếu"],
                ),
                "feedback": "Khai sinh và chứng thực thuộc cấp xã.",
            },
            {
                "id": "t-truefalse",
                "category": "co-ban",
                "type": "truefalse",
                "points": 1,
                "text": "Cấp huyện vẫn còn sau ngày 01/7/2025.",
                "answer": False,
                "feedback": "Cấp huyện đã kết thúc hoạt động.",
            },
            {
                "id": "t-matching",
                "category": "nang-cao",
                "type": "matching",
                "points": 3,
                "text": "Ghép mẫu với tên gọi.",
                "pairs": [
                    {"left": "Mẫu 01", "right": "Giấy tiếp nhận"},
                    {"left": "Mẫu 02", "right": "Phiếu yêu cầu bổ sung"},
                    {"left": "Mẫu 03", "right": "Phiếu từ chối"},
                ],
                "feedback": "Ba mẫu đầu của Thông tư 03/2025/TT-VPCP.",
            },
            {
                "id": "t-ordering",
                "category": "nang-cao",
                "type": "ordering",
                "points": 3,
                "text": "Sắp xếp các bước.",
                "items": ["Tiếp nhận", "Thẩm định", "Phê duyệt", "Trả kết quả"],
                "feedback": "Tiếp nhận, thẩm định, phê duyệt, trả kết quả.",
            },
            {
                "id": "t-short",
                "category": "nang-cao",
                "type": "short",
                "points": 1,
                "text": "Số định danh cá nhân có bao nhiêu chữ số?",
                "accepted": ["12", "mười hai"],
                "feedback": "12 chữ số.",
            },
        ],
    }
    course = {
        "slug": "khoa-thu",
        "title": "Khóa học thử",
        "summary": "Một khóa học nhỏ để kiểm thử.",
        "version": 1,
        "audience": "Cán bộ cấp xã.",
        "estimated_minutes": 15,
        "covers_procedures": ["1.001193"],
        "lessons": [
            {
                "slug": "bai-mot",
                "title": "Bài một",
                "summary": "Bài mở đầu.",
                "body": [
                    {
                        "type": "paragraph",
                        "value": "<p>Nội dung <strong>bài một</strong>.</p>",
                    },
                    {
                        "type": "video",
                        "value": {
                            "title": "Video giới thiệu",
                            "url": "https://example.org/sa-ban/video/gioi-thieu",
                            "transcript": "Lời thoại của video giới thiệu.",
                        },
                    },
                    {
                        "type": "practise",
                        "value": {"label": "Thực hành tự do", "scenario": None},
                    },
                ],
            },
            {
                "slug": "bai-hai",
                "title": "Bài hai",
                "summary": "Bài tiếp theo.",
                "body": [
                    {
                        "type": "callout",
                        "value": {
                            "kind": "law",
                            "title": "Căn cứ",
                            "text": "Nghị định 118.",
                        },
                    },
                    {
                        "type": "steps",
                        "value": {
                            "title": "Các bước",
                            "steps": [
                                {"title": "Kiểm tra", "text": "Kiểm tra hồ sơ."},
                                {"title": "Tiếp nhận", "text": "Cấp giấy tiếp nhận."},
                            ],
                        },
                    },
                    {
                        "type": "glossary",
                        "value": {
                            "term": "Một cửa",
                            "definition": "Bộ phận tiếp nhận.",
                        },
                    },
                    {
                        "type": "practise",
                        "value": {
                            "label": "Làm kịch bản",
                            "scenario": "khai-sinh-co-ban",
                        },
                    },
                ],
            },
        ],
        "quiz": quiz,
    }
    quiz.update(quiz_settings or {})
    course.update(overrides)
    return course


def write_course(directory, data, name="khoa-thu.yaml"):
    path = Path(directory) / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def course_path(tmp_path):
    return write_course(tmp_path, tiny_course())


@pytest.fixture
def course(db, course_path):
    return load_course_content(course_path)


@pytest.fixture
def quiz(course):
    return course.quiz()


@pytest.fixture
def lessons(course):
    return list(course.lessons())


@pytest.fixture
def clock(monkeypatch):
    """Wall time under the test's control (the quiz engine reads timezone.now())."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    state = Clock()
    monkeypatch.setattr(timezone, "now", lambda: state.now)
    return state


@pytest.fixture
def enrolled(commune_officer, course):
    return actions.enrol(course, commune_officer, actor=commune_officer)


def answer_value(question, *, right=True):
    """A browser-like answer to one snapshotted question: all right, or all wrong."""
    key = correct_answer(question)
    kind = question["type"]
    if right:
        return key
    if kind == "single":
        return next(o["id"] for o in question["data"]["options"] if not o["correct"])
    if kind == "truefalse":
        return "true" if key == "false" else "false"
    if kind == "multiple":
        return [o["id"] for o in question["data"]["options"] if not o["correct"]]
    if kind == "matching":
        rights = list(key.values())
        return {left: rights[(n + 1) % len(rights)] for n, left in enumerate(key)}
    if kind == "ordering":
        n = len(key)
        return {item: (pos % n) + 1 for item, pos in key.items()}
    return "không biết"


def post_fields(questions, *, right=True, skip=()):
    """The (name, values) pairs a browser would post for these answers."""
    fields = []
    for question in questions:
        if question["key"] in skip:
            continue
        name, value = f"q-{question['id']}", answer_value(question, right=right)
        if isinstance(value, dict):
            fields += [(f"{name}-{sub}", [str(v)]) for sub, v in value.items()]
        elif isinstance(value, list):
            fields.append((name, value))
        else:
            fields.append((name, [value]))
    return fields


def seen_fields(attempt):
    """The seen-<id> fields a page showing `attempt`'s saved answers posts back."""
    saved = digests(attempt.questions, attempt.answers)
    return [(f"seen-{qid}", [digest]) for qid, digest in saved.items()]


def as_post_data(fields, action="submit"):
    data = {name: values if len(values) > 1 else values[0] for name, values in fields}
    data["action"] = action
    return data


# ---------------------------------------------------------------- Ralph, a real LRS


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ralph_venv():
    venv = ROOT / "var" / "ralph-venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run(["sh", str(RALPH_SETUP)], check=True, timeout=900)
    return venv


def _wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Ralph exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("Ralph did not answer its heartbeat in time")


@pytest.fixture
def ralph(tmp_path):
    """A real xAPI LRS (Ralph, fs backend) on a free loopback port, stopped afterwards.

    Ralph's fs backend accepts only the first write of its life (STACK.md), so each test
    gets its own server and sends its statements as one batch.
    """
    venv = _ralph_venv()
    data_dir, auth = tmp_path / "ralph-data", tmp_path / "auth.json"
    data_dir.mkdir()
    shutil.copy(RALPH_AUTH, auth)
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RALPH_")},
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_AUTH_FILE": str(auth),
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data_dir),
    }
    log = (tmp_path / "ralph.log").open("w")
    process = subprocess.Popen(
        [
            str(venv / "bin" / "python"),
            "-m",
            "uvicorn",
            "ralph.api:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/__heartbeat__", process)
        yield {"url": url, "username": RALPH_USER, "password": RALPH_PASSWORD}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def ralph_statement(lrs, statement_id):
    response = httpx.get(
        f"{lrs['url']}/xAPI/statements",
        params={"statementId": str(statement_id)},
        auth=(lrs["username"], lrs["password"]),
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=10,
    )
    return response.status_code, (response.json() if response.content else None)


def load_json(path):
    return json.loads(Path(path).read_text())
