from scripts.translate import missing


def test_every_interface_string_has_an_english_translation():
    assert missing() == []


def test_djangos_own_messages_that_its_catalogue_leaves_out_are_in_vietnamese():
    """Django's Vietnamese catalogue leaves some validation messages untranslated; the
    project's sandbox/locale/vi fills them (compiled by ./saban setup)."""
    import pytest
    from django import forms
    from django.utils import translation

    with translation.override("vi"):
        with pytest.raises(forms.ValidationError) as error:
            forms.JSONField().clean("{không phải JSON")
        assert error.value.messages == ["Nhập JSON hợp lệ."]
        with pytest.raises(forms.ValidationError) as error:
            forms.UUIDField().clean("abc")
        assert error.value.messages == ["Nhập một UUID hợp lệ."]
        # Django's own Vietnamese stays where it had one.
        assert (
            translation.gettext("This field is required.") == "Trường này là bắt buộc."
        )


def test_wagtails_admin_speaks_vietnamese_where_its_catalogue_is_silent(
    client, administrator
):
    """Wagtail's Vietnamese catalogue leaves most of its admin in English; the project's
    sandbox/locale/vi fills the screens trainers use (page editor, confirmations, the
    JavaScript catalogue of the explorer panel), with Wagtail's English msgids."""
    import json

    from django.urls import reverse
    from wagtail.models import Page

    client.force_login(administrator)
    page = Page.objects.filter(depth=2).first()

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = editor.content.decode()
    for vietnamese in [
        "Lưu bản nháp",
        "Quảng bá",
        "Tiêu đề trang mà người xem sẽ thấy",
    ]:
        assert vietnamese in html
    for english in ["Save draft", ">Promote<", "as you&#x27;d like it to be seen"]:
        assert english not in html
    # Wagtail's "Thu hồi xuất bản" gives way to the project's term.
    assert "Ngừng xuất bản" in html

    delete = client.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    html = delete.content.decode()
    assert "Bạn có chắc muốn xóa trang này?" in html
    assert "Are you sure you want to delete this page?" not in html

    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert f'"See all": {json.dumps("Xem tất cả")}' in catalogue
