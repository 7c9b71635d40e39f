"""Bad input at the counter: a clear message, and nothing lost or duplicated."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fake_portal.counter import actions
from fake_portal.counter.models import DigitisedCopy, Paper, PaperKind, PostalItem
from fake_portal.errors import InvalidInput
from fake_portal.models import Dossier, DossierDocument
from fake_portal.pdf import render_pdf
from tests.counter.conftest import BIRTH, PIN, fields_of, serve

pytestmark = pytest.mark.django_db
DEATH = "1.000656"


def png(color=(255, 255, 255), noisy=False):
    image = Image.new("RGB", (400, 300), color)
    if noisy:
        for x in range(0, 400, 7):
            for y in range(0, 300, 5):
                image.putpixel((x, y), (0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def blank_pdf() -> bytes:
    """A well-formed one-page PDF with nothing on the page (the scanner lid closed)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length 0>>stream\n\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


BLANK_PDF = blank_pdf()


@pytest.fixture
def kept(sandbox, citizen, commune_officer):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    paper = actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.BIRTH_CERTIFICATE),
        handling=Paper.Status.RECEIVED_COPY,
        actor=commune_officer,
    )
    return paper


def nothing_stored(paper):
    paper.refresh_from_db()
    assert paper.status == Paper.Status.RECEIVED_COPY
    assert not DigitisedCopy.objects.filter(paper=paper).exists()
    assert not DossierDocument.objects.filter(dossier=paper.dossier).exists()
    assert not paper.dossier.events.filter(action="paper.digitised").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("hong.pdf", b"%PDF-1.4\n garbage that is not a PDF", "bị hỏng"),
        ("hong.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "bị hỏng"),
        ("rong.pdf", b"", "rỗng"),
        ("trang.png", png(), "trang trắng"),
        ("trang.pdf", BLANK_PDF, "trang trắng"),
        (
            "ghi-chu.txt",
            b"Day la tep van ban, khong phai ban quet",
            "không phải PDF, JPEG hay PNG",
        ),
        ("qua-lon.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), "lớn hơn 5 MB"),
    ],
)
def test_a_bad_scan_is_refused_clearly(
    kept, commune_officer, officer_pin, name, content, message
):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    with pytest.raises(InvalidInput, match=message):
        actions.digitise_paper(
            kept,
            actor=commune_officer,
            pin=officer_pin,
            fields=fields_of(kept),
            upload=upload,
        )
    nothing_stored(kept)


def test_a_good_image_scan_is_accepted(kept, commune_officer, officer_pin):
    upload = SimpleUploadedFile(
        "chup.png", png((240, 238, 230), noisy=True), "image/png"
    )
    copy = actions.digitise_paper(
        kept,
        actor=commune_officer,
        pin=officer_pin,
        fields=fields_of(kept),
        upload=upload,
    )
    assert copy.source == "upload" and copy.pages == 1
    assert copy.signed_file.read().startswith(b"%PDF")


def test_an_uploaded_three_page_pdf_keeps_its_pages(kept, commune_officer, officer_pin):
    pdf = render_pdf(
        "counter/pdf/paper.html",
        {
            "title": "Bản quét",
            "pages": [{"number": n, "rows": []} for n in (1, 2, 3)],
            "total": 3,
        },
    )
    upload = SimpleUploadedFile("ba-trang.pdf", pdf, "application/pdf")
    copy = actions.digitise_paper(
        kept,
        actor=commune_officer,
        pin=officer_pin,
        fields=fields_of(kept),
        upload=upload,
    )
    assert copy.pages == 3


def test_a_paper_of_someone_else_cannot_be_stored_against_the_citizen(
    sandbox, citizen, neighbour, commune_officer, officer_pin
):
    walk_in, dossier = serve(
        sandbox, citizen, commune_officer, defects=["someone_else"]
    )
    theirs = walk_in.papers.get(owner=neighbour)
    theirs = actions.mark_paper(
        theirs, handling=Paper.Status.RECEIVED_COPY, actor=commune_officer
    )
    with pytest.raises(InvalidInput, match=neighbour.full_name):
        actions.digitise_paper(
            theirs, actor=commune_officer, pin=officer_pin, fields=fields_of(theirs)
        )
    nothing_stored(theirs)
    returned = actions.mark_paper(
        theirs, handling=Paper.Status.RETURNED, actor=commune_officer
    )
    assert returned.status == Paper.Status.RETURNED


def test_a_second_digitisation_of_the_same_paper_is_refused(
    kept, commune_officer, officer_pin
):
    first = actions.digitise_paper(
        kept, actor=commune_officer, pin=officer_pin, fields=fields_of(kept)
    )
    with pytest.raises(InvalidInput, match=first.result_code):
        actions.digitise_paper(
            kept, actor=commune_officer, pin=officer_pin, fields=fields_of(kept)
        )
    assert DigitisedCopy.objects.filter(paper=kept).count() == 1
    assert DossierDocument.objects.filter(dossier=kept.dossier).count() == 1
    assert kept.dossier.events.filter(action="paper.digitised").count() == 1


def test_a_double_submit_racing_past_the_check_stores_once(
    kept, commune_officer, officer_pin
):
    from fake_portal.counter.actions.digitise import store_copy

    copy = actions.digitise_paper(
        kept, actor=commune_officer, pin=officer_pin, fields=fields_of(kept)
    )
    with pytest.raises(InvalidInput):
        store_copy(
            kept,
            actor=commune_officer,
            confirmed=copy.extracted,
            scan=b"%PDF",
            signed=b"%PDF",
            pages=1,
            source="generated",
        )
    assert DigitisedCopy.objects.filter(paper=kept).count() == 1


def test_blank_confirmed_data_and_a_wrong_pin_store_nothing(
    kept, commune_officer, officer_pin
):
    from fake_portal.signatures.errors import WrongPin

    with pytest.raises(InvalidInput, match="Chưa xác nhận"):
        actions.digitise_paper(kept, actor=commune_officer, pin=officer_pin, fields={})
    with pytest.raises(WrongPin):
        actions.digitise_paper(
            kept, actor=commune_officer, pin="000000", fields=fields_of(kept)
        )
    nothing_stored(kept)


def test_a_postal_bundle_for_another_provinces_unit_is_refused_clearly(
    sandbox, citizen, commune_officer
):
    from sandbox.models import Commune

    hanoi = Commune.objects.get(pk=70)
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=BIRTH, addressed_to=hanoi, seed="p"
    )
    with pytest.raises(InvalidInput, match="Hà Nội"):
        actions.accept_postal_item(item, actor=commune_officer)
    item.refresh_from_db()
    assert item.status == PostalItem.Status.ARRIVED and item.dossier is None
    assert not Dossier.objects.filter(sandbox=sandbox).exists()
    assert item.papers.count() > 0
    refused = actions.refuse_postal_item(
        item, actor=commune_officer, reason="Gửi nhầm tỉnh"
    )
    assert refused.status == PostalItem.Status.REFUSED
    assert (
        actions.refuse_postal_item(item, actor=commune_officer).status
        == PostalItem.Status.REFUSED
    )


def test_the_digitise_page_shows_the_message_and_keeps_the_form(
    client, kept, commune_officer, officer_pin
):
    client.force_login(commune_officer)
    url = reverse(
        "counter:digitise", kwargs={"sandbox": kept.sandbox_id, "pk": kept.pk}
    )
    data = {f"f_{name}": value for name, value in kept.fields}
    data.update(pin=PIN, scan=SimpleUploadedFile("ghi-chu.txt", b"hello", "text/plain"))
    page = client.post(url, data)
    body = page.content.decode()
    assert page.status_code == 200
    assert "không phải PDF, JPEG hay PNG" in body
    assert f'value="{kept.readable_fields()["mother_name"]}"' in body
    nothing_stored(kept)


def _filing_url(client, sandbox, citizen, officer, procedure):
    """The counter's e-form for a walk-in already called and identified, logged in."""
    walk_in = actions.arrive_walk_in(
        sandbox,
        citizen=citizen,
        procedure_code=procedure,
        seed="f",
        include_optional=False,
    )
    actions.call_walk_in(walk_in, actor=officer)
    actions.identify_citizen(
        walk_in, citizen=citizen, actor=officer, method="id_number"
    )
    client.force_login(officer)
    return reverse("counter:open-dossier", args=[sandbox.pk, walk_in.pk])


def _birth_filing(birth_date):
    return {
        "procedure": BIRTH,
        "phone": "0912345678",
        "child_name": "Nguyễn Minh Khôi",
        "child_birth_date": birth_date,
        "child_sex": "Nam",
        "birth_place": "Bệnh viện đa khoa tỉnh Ninh Bình",
    }


def test_a_birth_date_after_the_sandbox_date_is_refused_at_the_counter(
    client, sandbox, citizen, commune_officer
):
    # The sandbox's clock reads 2 March 2026, whatever the wall clock says.
    url = _filing_url(client, sandbox, citizen, commune_officer, BIRTH)
    page = client.post(url, _birth_filing("2026-03-03")).content.decode()
    assert "Ngày sinh của trẻ không được sau ngày hiện tại." in page
    assert not Dossier.objects.filter(sandbox=sandbox).exists()
    response = client.post(url, _birth_filing("2026-03-02"))
    assert response.status_code == 302
    assert Dossier.objects.filter(sandbox=sandbox).count() == 1


@pytest.mark.parametrize("posted", ["abc", "", "²", "１２", "1" * 30, "-1"])
def test_identifying_with_a_malformed_citizen_is_not_found(
    client, sandbox, citizen, commune_officer, posted
):
    walk_in = actions.arrive_walk_in(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="i", include_optional=False
    )
    actions.call_walk_in(walk_in, actor=commune_officer)
    client.force_login(commune_officer)
    url = reverse("counter:identify", args=[sandbox.pk, walk_in.pk])
    response = client.post(url, {"citizen": posted, "method": "id_number"})
    assert response.status_code == 404
    walk_in.refresh_from_db()
    assert walk_in.identified_id is None


@pytest.mark.parametrize(
    "number,words",
    [
        ("000000000000", "không phải mã tỉnh"),
        ("０３６１９００１２３４５", "chữ số từ 0 đến 9"),  # full-width digits
        ("03619001234²", "chữ số từ 0 đến 9"),
        ("03619001234", "12 chữ số"),
    ],
)
def test_lookup_refuses_malformed_identity_numbers(number, words):
    from fake_portal.counter.forms import LookupForm

    form = LookupForm({"id_number": number})
    assert not form.is_valid()
    assert words in " ".join(form.errors["id_number"])


def test_lookup_accepts_a_well_formed_identity_number():
    from fake_portal.counter.forms import LookupForm

    form = LookupForm({"id_number": "036 190 012345"})
    assert form.is_valid(), form.errors
    assert form.query() == {"id_number": "036190012345"}


def test_a_death_date_after_the_sandbox_date_is_refused_at_the_counter(
    client, sandbox, citizen, commune_officer
):
    url = _filing_url(client, sandbox, citizen, commune_officer, DEATH)
    filing = {
        "procedure": DEATH,
        "phone": "0912345678",
        "deceased_name": "Nguyễn Văn Tâm",
        "death_place": "Trạm y tế xã",
    }
    page = client.post(url, {**filing, "death_date": "2026-03-03"}).content.decode()
    assert "Ngày chết không được sau ngày hiện tại." in page
    page = client.post(url, {**filing, "death_date": "0201-02-27"}).content.decode()
    assert "Ngày chết không được trước năm 1906." in page
    assert not Dossier.objects.filter(sandbox=sandbox).exists()
