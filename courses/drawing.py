"""Random draw and shuffling for one quiz attempt: pure functions seeded per attempt.

The same seed always gives the same questions in the same order with the same option
order, so an attempt can be rebuilt from its seed; the attempt also stores the result.
"""

import random
from collections.abc import Hashable, Mapping, Sequence


def draw_questions(
    bank: Sequence[tuple[int, Hashable]], count: int, seed: int, shuffle: bool
) -> list[int]:
    """Draw `count` question ids from (id, category) pairs, spread over the categories.

    Categories take turns (each shuffled by the seed), so every category is represented
    as evenly as the count allows. Without `shuffle` the drawn questions keep bank order.
    """
    rng = random.Random(seed)
    by_category: dict[Hashable, list[int]] = {}
    for question_id, category in bank:
        by_category.setdefault(category, []).append(question_id)
    queues = [rng.sample(ids, len(ids)) for ids in by_category.values()]
    rng.shuffle(queues)
    drawn: list[int] = []
    while len(drawn) < min(count, len(bank)):
        for queue in queues:
            if queue and len(drawn) < count:
                drawn.append(queue.pop())
    if shuffle:
        rng.shuffle(drawn)
    else:
        position = {qid: n for n, (qid, _category) in enumerate(bank)}
        drawn.sort(key=position.__getitem__)
    return drawn


def _tokens(count: int, rng: random.Random) -> list[str]:
    tokens: list[str] = []
    while len(tokens) < count:
        token = f"{rng.getrandbits(32):08x}"
        if token not in tokens:
            tokens.append(token)
    return tokens


# The list each question type keeps in `data`, and the id fields of its entries.
IDS = {
    "single": ("options", ("id",)),
    "multiple": ("options", ("id",)),
    "matching": ("pairs", ("id", "right_id")),
    "ordering": ("items", ("id",)),
}


def with_opaque_ids(question: Mapping, seed: int) -> dict:
    """A copy of `question` whose option, pair and item ids are tokens drawn from the seed.

    Ids typed in the admin are often a, b, c or 1, 2, 3 in the authored order, which for
    ordering and matching questions is the answer: the form's names and values would
    give it away. An attempt shows and grades this copy, so no authored id reaches it.
    """
    if question["type"] not in IDS:
        return dict(question)
    name, keys = IDS[question["type"]]
    entries = question["data"][name]
    rng = random.Random(f"{seed}:{question['id']}:ids")
    tokens = iter(_tokens(len(keys) * len(entries), rng))
    rekeyed = [{**entry, **{key: next(tokens) for key in keys}} for entry in entries]
    return {**question, "data": {**question["data"], name: rekeyed}}


def _scrambled(ids: list[str], rng: random.Random) -> list[str]:
    """A shuffled copy that is never the original order (which would give it away)."""
    if len(ids) < 2:
        return list(ids)
    order = list(ids)
    while order == ids:
        rng.shuffle(order)
    return order


def presentation(question: Mapping, seed: int, shuffle: bool) -> dict[str, list[str]]:
    """The order in which one question's options, pairs or items are shown.

    Matching choices and ordering items are always scrambled, since their authored order
    is the answer; choice options follow the quiz's shuffle setting.
    """
    rng = random.Random(f"{seed}:{question['id']}")
    kind, data = question["type"], question["data"]
    if kind in ("single", "multiple"):
        ids = [o["id"] for o in data["options"]]
        return {"options": rng.sample(ids, len(ids)) if shuffle else ids}
    if kind == "matching":
        right_of = {p["id"]: p["right_id"] for p in data["pairs"]}
        lefts = list(right_of)
        left_order = rng.sample(lefts, len(lefts)) if shuffle else lefts
        # Scrambled against the lefts as shown, so row n never simply pairs with choice n.
        rights = _scrambled([right_of[left] for left in left_order], rng)
        return {"lefts": left_order, "rights": rights}
    if kind == "ordering":
        return {"items": _scrambled([i["id"] for i in data["items"]], rng)}
    return {}
