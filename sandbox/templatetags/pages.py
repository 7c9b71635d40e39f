"""`{% pager page %}`: the one pager of the site's long lists.

Every paginated view reads its page number from `trang`; the pager's links change only
that parameter and keep the list's others (filters, search, the inbox's box), so moving
between pages never loses what the user chose. A view that keeps only the parameters it
has checked passes them as `query` (urlencoded) instead of the request's. `anchor`
brings the list back into view on pages where it is not at the top.
"""

from django import template
from django.http import QueryDict

register = template.Library()


@register.inclusion_tag("sandbox/includes/pager.html", takes_context=True)
def pager(context, page, anchor: str = "", query: str | None = None):
    if not getattr(page, "has_other_pages", lambda: False)():
        return {"page": None}  # one page, or a whole list (the report's PDF)
    request = context.get("request")
    if query is not None or request is None:
        query = QueryDict(query or "", mutable=True)
    else:
        query = request.GET.copy()
    fragment = f"#{anchor}" if anchor else ""

    def link(number: int) -> str:
        query["trang"] = number
        return f"?{query.urlencode()}{fragment}"

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }
