"""Problems found in a scenario file, each with the line it points at."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

ROOT = "$"  # the path of the whole file


@dataclass(frozen=True, order=True)
class Problem:
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    path: str  # JSON-path-like: $.dossiers[0].procedure
    message: str

    @property
    def whole_file(self) -> bool:
        """The problem is the file's, not one value's: no path is worth showing."""
        return self.path == ROOT

    def __str__(self):
        text = self.message if self.whole_file else f"{self.message} ({self.path})"
        if not self.line:
            return text
        return _("dòng %(line)s: %(problem)s") % {"line": self.line, "problem": text}


class SpecError(ValueError):
    """The file is not a valid scenario; `problems` lists them in line order."""

    def __init__(self, problems):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
