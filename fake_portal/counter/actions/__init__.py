"""The one write path of the counter: walk-ins, papers and digitisation, post, decisions,
fees taken in cash."""

from fake_portal.counter.actions.cash import cash_due, collect_cash_fee
from fake_portal.counter.actions.decisions import (
    check_papers,
    issue_receipt,
    receive_at_counter,
    record_supplement_at_counter,
    refuse_at_counter,
    request_supplement_at_counter,
)
from fake_portal.counter.actions.digitise import digitise_paper, digitise_result
from fake_portal.counter.actions.papers import generate_scan, mark_paper, reuse_copy
from fake_portal.counter.actions.post import (
    accept_postal_item,
    arrive_postal_item,
    refuse_postal_item,
    send_result_by_post,
    settle_delivery,
)
from fake_portal.counter.actions.walkins import (
    arrive_walk_in,
    assist_online_filing,
    call_next,
    call_walk_in,
    finish_walk_in,
    identify_citizen,
    open_dossier,
    return_for_supplement,
    search_population,
)

__all__ = [
    "accept_postal_item",
    "arrive_postal_item",
    "arrive_walk_in",
    "assist_online_filing",
    "call_next",
    "call_walk_in",
    "cash_due",
    "check_papers",
    "collect_cash_fee",
    "digitise_paper",
    "digitise_result",
    "finish_walk_in",
    "generate_scan",
    "identify_citizen",
    "issue_receipt",
    "mark_paper",
    "open_dossier",
    "receive_at_counter",
    "record_supplement_at_counter",
    "refuse_at_counter",
    "refuse_postal_item",
    "request_supplement_at_counter",
    "return_for_supplement",
    "reuse_copy",
    "search_population",
    "send_result_by_post",
    "settle_delivery",
]
