"""Why an uploaded officials' file is refused as a whole."""

from django.utils.translation import gettext as _


class FileProblem(Exception):
    """The whole file is refused; the message says why, in Vietnamese."""


def empty_file(name: str) -> FileProblem:
    return FileProblem(_("Tệp “%(name)s” rỗng, không có dòng nào.") % {"name": name})
