"""The built-in scenarios shipped as files beside this module, and their loader."""

from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent


def library_files() -> list[Path]:
    return sorted(LIBRARY_DIR.glob("*.yaml"))


def load_library(*, actor=None, paths=None) -> dict:
    """Store every built-in file as a scenario version; a new version only when it changed."""
    from scenarios import actions
    from scenarios.models import Scenario

    report = {"created": 0, "updated": 0, "unchanged": 0}
    for path in paths or library_files():
        source = path.read_text(encoding="utf-8")
        from scenarios.spec import parse

        slug = parse(source)["slug"]
        existing = Scenario.objects.filter(slug=slug).select_related("current").first()
        if (
            existing
            and existing.current
            and existing.current.digest == actions.digest_of(source)
        ):
            report["unchanged"] += 1
            continue
        actions.save_version(
            source,
            actor=actor,
            scenario=existing,
            note=f"library/{path.name}",
            built_in=True,
            publish=True if existing is None else None,
        )
        report["updated" if existing else "created"] += 1
    return report
