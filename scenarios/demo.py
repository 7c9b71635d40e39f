"""Demo content: the built-in scenarios, and the world they run on in the demo province."""


def seed_scenarios(province, stdout) -> None:
    from scenarios.library import load_library

    report = load_library(actor=None)
    stdout.write(
        f"Kịch bản: {report['created']} mới, {report['updated']} phiên bản mới, "
        f"{report['unchanged']} không đổi."
    )
