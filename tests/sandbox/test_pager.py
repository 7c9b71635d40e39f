"""The one pager of the site's long lists (sandbox/templatetags/pages.py)."""

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

PAGER = Template("{% load pages %}{% pager page anchor=anchor query=query %}")


def render(path, *, number=2, anchor="", query=None, items=range(95)):
    page = Paginator(list(items), 20).get_page(number)
    request = RequestFactory().get(path)
    context = {"request": request, "page": page, "anchor": anchor, "query": query}
    return PAGER.render(Context(context))


def test_links_change_the_page_and_keep_the_lists_other_parameters():
    html = render("/hop/?hop=moi&q=Nguy%E1%BB%85n&trang=2", number=2)
    assert 'href="?hop=moi&amp;q=Nguy%E1%BB%85n&amp;trang=1" rel="prev"' in html
    assert 'href="?hop=moi&amp;q=Nguy%E1%BB%85n&amp;trang=3" rel="next"' in html
    assert "Trang 2/5" in html and 'aria-current="page"' in html
    assert 'aria-label="Các trang của danh sách"' in html


def test_the_first_and_last_pages_have_one_link_and_the_anchor_is_kept():
    first = render("/x/", number=1, anchor="teams-title")
    assert 'rel="prev"' not in first
    assert 'href="?trang=2#teams-title" rel="next"' in first
    last = render("/x/?trang=5", number=5)
    assert 'rel="next"' not in last and 'href="?trang=4" rel="prev"' in last


def test_a_view_can_keep_only_the_parameters_it_checked():
    html = render("/x/?ket-qua=%3Cscript%3E&trang=2", query="ket-qua=created")
    assert "script" not in html and 'href="?ket-qua=created&amp;trang=3"' in html
    assert 'href="?trang=3"' in render("/x/?ket-qua=junk", query="")


def test_nothing_is_shown_for_one_page_or_a_whole_list():
    assert "<nav" not in render("/x/", number=1, items=range(5))
    whole = Template("{% load pages %}{% pager rows %}").render(
        Context({"rows": [1, 2, 3]})
    )
    assert whole.strip() == ""
