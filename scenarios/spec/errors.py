"""Problems found in a scenario file, each with the line it points at."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    path: str  # JSON-path-like: $.dossiers[0].procedure
    message: str

    def __str__(self):
        return f"dòng {self.line}: {self.message} ({self.path})"


class SpecError(ValueError):
    """The file is not a valid scenario; `problems` lists them in line order."""

    def __init__(self, problems):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
