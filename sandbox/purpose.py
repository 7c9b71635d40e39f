"""The page that steers a sandbox's work: the scenario attempt or the drill it was opened for.

The back office and the counter show it in their sandbox bar, so that a trainee who went
from an attempt to the inbox finds the way back (to submit, to move the clock on). The
apps that open such sandboxes append fn(sandbox, user) -> (label, url) or None here from
their AppConfig.ready(); the sandbox app imports none of them.
"""

from sandbox.models import Sandbox

sources = []


def purpose_link(sandbox, user) -> tuple[str, str] | None:
    """(label, url) of the page `user` steers `sandbox`'s work from, or None."""
    if sandbox is None or sandbox.kind == Sandbox.Kind.PRACTICE:
        return None
    for source in sources:
        link = source(sandbox, user)
        if link is not None:
            return link
    return None
