"""Pages: library, briefing and start, the attempt page, results, trainer statistics, authoring."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from sandbox import actions as core
from scenarios import actions
from scenarios.library import library_files, load_library
from scenarios.models import Attempt, Scenario
from tests.scenarios.test_spec import GOOD

pytestmark = pytest.mark.urls("tests.scenarios.urls")
SLUG = "khai-sinh-truc-tuyen"


@pytest.fixture
def library(db):
    load_library()
    return Scenario.objects.get(slug=SLUG)


@pytest.fixture
def attempt(library, trainee, scenario_world):
    return actions.start_attempt(library.current, user=trainee, world=scenario_world)


def test_the_library_lists_published_scenarios(client, trainee, library):
    client.force_login(trainee)
    page = client.get("/kich-ban/")
    assert page.status_code == 200
    assert library.title in page.content.decode()
    # The authors' guide and the sessions are for trainers, not on a trainee's page.
    assert "Hướng dẫn soạn kịch bản" not in page.content.decode()


def test_the_briefing_page_shows_the_situation_and_a_start_button(
    client, trainee, library
):
    client.force_login(trainee)
    page = client.get(f"/kich-ban/{SLUG}/bat-dau/").content.decode()
    assert "Bắt đầu làm bài" in page and "Tình huống" in page


def test_the_start_page_names_rubric_items_and_the_duration_in_vietnamese(
    client, trainee, library
):
    client.force_login(trainee)
    page = client.get(f"/kich-ban/{SLUG}/bat-dau/").content.decode()
    assert "Tra cứu, đối chiếu Cơ sở dữ liệu quốc gia về dân cư – 10 điểm" in page
    assert "Tiếp nhận hồ sơ (mẫu 01) – 20 điểm" in page
    assert "<dd>1 ngày làm việc</dd>" in page
    assert "population.looked_up" not in page and "working day" not in page


def test_starting_opens_a_sandbox_and_a_second_click_does_not_open_another(
    client, trainee, library, scenario_world, monkeypatch
):
    from scenarios import planning

    monkeypatch.setattr(planning, "find_world", lambda recipe: scenario_world)
    client.force_login(trainee)
    response = client.post(f"/kich-ban/{SLUG}/bat-dau/")
    attempt = Attempt.objects.get(user=trainee)
    assert response.url == f"/mot-cua/{attempt.sandbox_id}/"
    again = client.post(f"/kich-ban/{SLUG}/bat-dau/")
    assert again.url == f"/kich-ban/luot/{attempt.pk}/"
    assert Attempt.objects.filter(user=trainee).count() == 1


def test_starting_without_a_world_says_so(client, trainee, library):
    client.force_login(trainee)
    response = client.post(f"/kich-ban/{SLUG}/bat-dau/", follow=True)
    assert "Thế giới mô phỏng" in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_attempt_page_shows_arrivals_and_finishing_shows_the_result(
    client, trainee, attempt
):
    core.advance_clock(attempt.sandbox, timedelta(hours=1), actor=trainee)
    client.force_login(trainee)
    page = client.get(f"/kich-ban/luot/{attempt.pk}/").content.decode()
    assert "Nộp bài" in page and "đã đến" in page
    response = client.post(f"/kich-ban/luot/{attempt.pk}/nop-bai/", follow=True)
    body = response.content.decode()
    assert "Bảng điểm chi tiết" in body and "Diễn biến lượt làm bài" in body
    assert "Nghị định 45/2020/NĐ-CP" in body  # the missed reception cites its basis
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED and attempt.passed is False


def test_the_clock_buttons_move_the_sandbox_time(client, trainee, attempt):
    client.force_login(trainee)
    before = attempt.sandbox.now()
    client.post(f"/kich-ban/luot/{attempt.pk}/dong-ho/", {"step": "60"})
    attempt.sandbox.refresh_from_db()
    assert attempt.sandbox.now() - before >= timedelta(minutes=59)


def test_time_running_out_finishes_and_scores_the_attempt(client, trainee, attempt):
    core.advance_clock(attempt.sandbox, timedelta(days=2), actor=trainee)
    client.force_login(trainee)
    response = client.get(f"/kich-ban/luot/{attempt.pk}/")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.TIMED_OUT
    assert response.url == f"/kich-ban/luot/{attempt.pk}/ket-qua/"
    assert attempt.score is not None and attempt.version_id == attempt.version.pk


def test_another_trainee_cannot_see_an_attempt(client, attempt, other_officer):
    client.force_login(other_officer)
    assert client.get(f"/kich-ban/luot/{attempt.pk}/").status_code == 404


def test_trainers_see_attempts_with_item_statistics(client, trainer, trainee, attempt):
    actions.finish_attempt(attempt, actor=trainee)
    client.force_login(trainer)
    page = client.get(f"/kich-ban/{SLUG}/thong-ke/").content.decode()
    assert "Tỉ lệ đạt" in page and "0 %" in page
    client.force_login(trainee)
    assert client.get(f"/kich-ban/{SLUG}/thong-ke/").status_code == 403


def test_the_schema_and_the_guide_are_public(client):
    assert client.get("/kich-ban/schema.json").json()["title"]
    guide = client.get("/kich-ban/huong-dan/").content.decode()
    assert "<h1>Hướng dẫn soạn kịch bản diễn tập</h1>" in guide


def test_an_attempt_keeps_the_version_it_ran(trainee, library, scenario_world, trainer):
    attempt = actions.start_attempt(library.current, user=trainee, world=scenario_world)
    source = library.current.source.replace("pass_mark: 70", "pass_mark: 60")
    newer = actions.save_version(source, actor=trainer, scenario=library)
    attempt.refresh_from_db()
    assert newer.number == 2 and attempt.version.number == 1


def test_the_token_inject_fires_on_the_sandbox_clock(trainee, scenario_world):
    from fake_portal import simulation
    from fake_portal.signatures.models import SignatureFault

    load_library()
    version = Scenario.objects.get(slug="lanh-dao-khong-co-token").current
    attempt = actions.start_attempt(version, user=trainee, world=scenario_world)
    core.advance_clock(attempt.sandbox, timedelta(minutes=1), actor=trainee)
    simulation.tick(attempt.sandbox)
    assert SignatureFault.objects.filter(
        sandbox=attempt.sandbox, kind="token_missing"
    ).exists()


# --- authoring in the Wagtail admin -------------------------------------------------------


def test_authors_see_errors_with_line_numbers_and_keep_their_text(client, trainer):
    client.force_login(trainer)
    bad = GOOD.replace("points: 10", "points: -3")
    response = client.post("/cms/kich-ban/moi/", {"source": bad, "save": "1"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 15" in body and "points: -3" in body
    assert not Scenario.objects.exists()


def test_authors_save_versions_preview_and_export(client, trainer):
    client.force_login(trainer)
    response = client.post(
        "/cms/kich-ban/moi/", {"source": GOOD, "save": "1", "publish": "on"}
    )
    scenario = Scenario.objects.get(slug="thu-nghiem")
    assert response.status_code == 302 and scenario.status == "published"
    edited = GOOD.replace("pass_mark: 5", "pass_mark: 8")
    client.post(f"/cms/kich-ban/{scenario.pk}/", {"source": edited, "save": "1"})
    assert list(scenario.versions.values_list("number", flat=True)) == [2, 1]
    preview = client.post(
        f"/cms/kich-ban/{scenario.pk}/", {"source": edited, "preview": "1"}
    )
    assert "Dòng thời gian" in preview.content.decode()
    assert scenario.versions.count() == 2  # the preview wrote nothing
    export = client.get(f"/cms/kich-ban/{scenario.pk}/xuat/1/")
    assert export.content.decode() == GOOD
    assert client.get(f"/cms/kich-ban/{scenario.pk}/lich-su/").status_code == 200


def test_authors_import_a_file(client, trainer):
    client.force_login(trainer)
    upload = SimpleUploadedFile("thu.yaml", GOOD.encode(), "application/yaml")
    client.post("/cms/kich-ban/nhap/", {"file": upload})
    assert Scenario.objects.get(slug="thu-nghiem").current.source == GOOD


def test_importing_a_broken_file_shows_a_vietnamese_error_without_a_path(
    client, trainer
):
    client.force_login(trainer)
    broken = GOOD.replace("title: Thử nghiệm", "title: [Thử nghiệm, khác")
    upload = SimpleUploadedFile("thu.yaml", broken.encode(), "application/yaml")
    body = client.post("/cms/kich-ban/nhap/", {"file": upload}).content.decode()
    assert "Dòng 3</a>: Lỗi cú pháp YAML: danh sách mở bằng" in body
    assert "<code>$</code>" not in body and "($)" not in body
    assert not Scenario.objects.exists()


def test_an_imported_file_corrected_in_the_editor_is_previewed_and_saved(
    client, trainer
):
    client.force_login(trainer)
    broken = GOOD.replace("arrive_at: 10 minutes", "arrive_at: mười phút")
    upload = SimpleUploadedFile("thu.yaml", broken.encode(), "application/yaml")
    page = client.post("/cms/kich-ban/nhap/", {"file": upload})
    assert page.status_code == 400 and "mười phút" in page.content.decode()
    # The editor posts the corrected text back to where it came from, with no file.
    preview = client.post("/cms/kich-ban/nhap/", {"source": GOOD, "preview": "1"})
    assert preview.status_code == 200 and "Dòng thời gian" in preview.content.decode()
    assert not Scenario.objects.exists()
    saved = client.post("/cms/kich-ban/nhap/", {"source": GOOD, "save": "1"})
    scenario = Scenario.objects.get(slug="thu-nghiem")
    assert saved.status_code == 302 and scenario.current.source == GOOD


def test_importing_a_new_version_keeps_a_published_scenario_published(client, trainer):
    client.force_login(trainer)
    client.post("/cms/kich-ban/moi/", {"source": GOOD, "save": "1", "publish": "on"})
    newer = GOOD.replace("pass_mark: 5", "pass_mark: 8")
    upload = SimpleUploadedFile("thu.yaml", newer.encode(), "application/yaml")
    client.post("/cms/kich-ban/nhap/", {"file": upload})
    scenario = Scenario.objects.get(slug="thu-nghiem")
    assert scenario.current.number == 2 and scenario.status == "published"


def test_publishing_without_changing_the_text_publishes(client, trainer):
    client.force_login(trainer)
    client.post("/cms/kich-ban/moi/", {"source": GOOD, "save": "1"})
    scenario = Scenario.objects.get(slug="thu-nghiem")
    assert scenario.status == "draft"
    response = client.post(
        f"/cms/kich-ban/{scenario.pk}/",
        {"source": GOOD, "save": "1", "publish": "on"},
        follow=True,
    )
    scenario.refresh_from_db()
    assert scenario.status == "published" and scenario.versions.count() == 1
    assert "không tạo phiên bản mới; trạng thái: đã công bố" in (
        response.content.decode()
    )
    client.post(f"/cms/kich-ban/{scenario.pk}/", {"source": GOOD, "save": "1"})
    scenario.refresh_from_db()
    assert scenario.status == "draft"


def test_a_scenario_only_for_drills_is_not_offered_for_practice(
    client, trainee, trainer, scenario_world
):
    version = actions.save_version(
        GOOD.replace("dossiers:", "modes: [drill]\ndossiers:"),
        actor=trainer,
        publish=True,
    )
    client.force_login(trainee)
    assert "Thử nghiệm" not in client.get("/kich-ban/").content.decode()
    assert client.get("/kich-ban/thu-nghiem/bat-dau/").status_code == 404
    assert client.post("/kich-ban/thu-nghiem/bat-dau/").status_code == 404
    with pytest.raises(actions.AttemptError, match="Tự luyện tập"):
        actions.start_attempt(version, user=trainee, world=scenario_world)
    assert not Attempt.objects.exists()


def test_trainees_cannot_author(client, trainee):
    client.force_login(trainee)
    assert client.get("/cms/kich-ban/").status_code in (302, 403)


def test_load_scenarios_is_idempotent(db, capsys):
    call_command("load_scenarios")
    call_command("load_scenarios")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Kịch bản: 12 mới, 0 có phiên bản mới, 0 không đổi.",
        "Kịch bản: 0 mới, 0 có phiên bản mới, 12 không đổi.",
    ]


def test_load_scenarios_names_every_bad_file_and_stores_none(db, tmp_path):
    good = library_files()[0]
    broken, latin, missing = (tmp_path / n for n in ("hong.yaml", "l.yaml", "k.yaml"))
    broken.write_text("slug: [thu", encoding="utf-8")
    latin.write_bytes(b"title: Th\xfd")
    with pytest.raises(CommandError) as caught:
        call_command("load_scenarios", str(good), str(broken), str(latin), str(missing))
    lines = str(caught.value).splitlines()
    assert lines[0] == f"Tệp {broken} không phải kịch bản hợp lệ:"
    assert lines[1].startswith("dòng 1: Lỗi cú pháp YAML: danh sách mở bằng “[”")
    assert lines[2:] == [
        f"Tệp {latin} không phải văn bản UTF-8.",
        f"Không tìm thấy tệp {missing}.",
        "Chưa nạp tệp nào.",
    ]
    assert not Scenario.objects.exists()
