"""Checking every row of a file against the units and the accounts that exist now.

The outcome of each row is one of created / updated / unchanged / rejected (with every
reason). The same function serves the preview and the commit, which checks again inside
its transaction, so a preview that went stale can never write a wrong row.

Idempotency key: an official is the same person as an existing account when their e-mail
(case-insensitive) or, without a match by e-mail, their mobile number matches. A blank
e-mail or phone cell means "not given", never "erase".
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from sandbox.models import Commune, Profile, Province, Role
from sandbox.operations.onboarding import fields
from sandbox.operations.onboarding.fields import Problem
from sandbox.operations.onboarding.text import clean, name_key

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
_KINDS = ("xã", "phường", "đặc khu")
# District-level units ended on 1 July 2025 (DOMAIN.md): a unit written as one of them is
# told apart by its form. `vietnam-provinces` 2025.10.1 holds only the new map, and so does
# the core's unit data (sandbox/units.py); the old districts the population generator names
# (fake_portal/population/data/provinces.yaml) cover a few old provinces and belong to an
# app the core must not read. So no list of old districts is checked.
_DISTRICT_PREFIXES = tuple(name_key(p) + " " for p in ("huyện", "quận", "thị xã"))
_CITY_PREFIX = name_key("thành phố") + " "
# "H. Gia Viễn", "Q.3", "TX. Duy Tiên", "TP Nam Định"; a lone letter needs its dot.
# "TP HCM" is the province, as "Thành phố Hồ Chí Minh" is.
_CITY_SHORT_FORMS = ("hcm",)
_ABBREVIATED = re.compile(
    r"^(?:(?P<district>[hq]\.|tx[.\s])|(?P<city>tp[.\s]))\s*(?=\S)"
)
# Townships (thị trấn, "TT. Me") were commune-level units; the 2025 rearrangement made
# every one of them part of a commune (xã), so the name is also a unit of the old map.
_TOWNSHIP = re.compile(
    r"^(?:" + re.escape(name_key("thị trấn")) + r"\s|tt[.\s])\s*(?=\S)"
)
_CHUNK = 2000


@dataclass
class RowResult:
    row: int
    cells: dict
    outcome: str = ""
    problems: list = field(default_factory=list)
    value: dict = field(default_factory=dict)
    user_id: int | None = None
    username: str = ""
    changes: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "cells": self.cells,
            "outcome": self.outcome,
            "reasons": [p.as_json() for p in self.problems],
            "value": self.value,
            "user": self.user_id,
            "username": self.username,
            "changes": self.changes,
        }


# --- units ----------------------------------------------------------------------------------


class UnitDirectory:
    """Every commune, looked up by code or by name (with or without "Xã"/"Phường")."""

    def __init__(self, province):
        self.province = province
        # "Thành phố Huế" is a province (a centrally-run city), not a former district.
        self.cities = {
            key[len(_CITY_PREFIX) :]
            for key in map(name_key, Province.objects.values_list("name", flat=True))
            if key.startswith(_CITY_PREFIX)
        }.union(_CITY_SHORT_FORMS)
        self.by_code = {}
        self.in_province = defaultdict(list)
        self.elsewhere = defaultdict(list)
        for commune in Commune.objects.select_related("province"):
            self.by_code[commune.pk] = commune
            index = (
                self.in_province
                if commune.province_id == province.pk
                else self.elsewhere
            )
            for key in _unit_keys(commune.name):
                index[key].append(commune)

    def resolve(self, raw) -> tuple[Commune | None, list[Problem]]:
        text = clean(raw)
        if not text:
            return None, []
        if text.isascii() and text.isdigit():  # not "²", which int() refuses
            return self._by_code(text)
        if fields.looks_like_formula(text):
            return None, [Problem("formula", {"column": "unit", "value": text[:60]})]
        return self._by_name(text)

    def _by_code(self, text):
        commune = self.by_code.get(int(text))
        if commune is None:
            return None, [Problem("unit_unknown", {"value": text})]
        if commune.province_id != self.province.pk:
            return None, [_outside(text, commune)]
        return commune, []

    def _by_name(self, text):
        key = name_key(text)
        found = self.in_province.get(key, [])
        if len(found) == 1:
            return found[0], []
        if len(found) > 1:
            choices = ", ".join(f"{c.name} ({c.code_str})" for c in found)
            return None, [
                Problem("unit_ambiguous", {"value": text, "choices": choices})
            ]
        if self.elsewhere.get(key):
            return None, [_outside(text, self.elsewhere[key][0])]
        if self._former_district(key):
            return None, [Problem("unit_former_district", {"value": text[:60]})]
        if _TOWNSHIP.match(key):
            return None, [Problem("unit_former_township", {"value": text[:60]})]
        return None, [Problem("unit_unknown", {"value": text[:60]})]

    def _former_district(self, key: str) -> bool:
        """Whether an unknown unit name has the form of a pre-2025 district-level unit."""
        if key.startswith(_DISTRICT_PREFIXES):
            return True
        if key.startswith(_CITY_PREFIX):
            return key[len(_CITY_PREFIX) :] not in self.cities
        abbreviated = _ABBREVIATED.match(key)
        if abbreviated is None:
            return False
        return (
            bool(abbreviated["district"]) or key[abbreviated.end() :] not in self.cities
        )


def _unit_keys(name: str) -> set:
    key = name_key(name)
    keys = {key}
    for kind in _KINDS:
        prefix = name_key(kind) + " "
        if key.startswith(prefix):
            keys.add(key[len(prefix) :])
    return keys


def _outside(text, commune) -> Problem:
    return Problem(
        "unit_outside_province",
        {"value": text[:60], "unit": commune.name, "province": commune.province.name},
    )


# --- accounts -------------------------------------------------------------------------------


class AccountDirectory:
    """Existing accounts whose e-mail or mobile number appears in the file."""

    def __init__(self, emails, phones):
        User = get_user_model()
        self.by_email = defaultdict(list)
        self.by_phone = defaultdict(list)
        self.profiles = {}
        emails, phones = sorted(set(emails) - {""}), sorted(set(phones) - {""})
        for chunk in _chunks(emails):
            users = User.objects.annotate(email_l=Lower("email")).filter(
                email_l__in=chunk
            )
            for user_id, email in users.values_list("pk", "email_l"):
                self.by_email[email].append(user_id)
        for chunk in _chunks(phones):
            for user_id, phone in Profile.objects.filter(phone__in=chunk).values_list(
                "user_id", "phone"
            ):
                self.by_phone[phone].append(user_id)
        ids = {i for ids in self.by_email.values() for i in ids}
        ids |= {i for ids in self.by_phone.values() for i in ids}
        for chunk in _chunks(sorted(ids)):
            for user in User.objects.filter(pk__in=chunk).select_related("profile"):
                self.profiles[user.pk] = (user, getattr(user, "profile", None))
        self.taken_usernames = set()

    def match(self, email, phone) -> tuple[int | None, list[Problem]]:
        by_email = self.by_email.get(email, []) if email else []
        by_phone = self.by_phone.get(phone, []) if phone else []
        if len(by_email) > 1:
            return None, [Problem("account_conflict", {"value": email})]
        if by_email:
            if by_phone and by_phone != by_email:
                return None, [
                    Problem("account_conflict", {"value": f"{email}, {phone}"})
                ]
            return by_email[0], []
        if len(by_phone) > 1:
            return None, [Problem("account_conflict", {"value": phone})]
        return (by_phone[0] if by_phone else None), []

    def load_usernames(self, wanted) -> None:
        """Remember which of the `wanted` user names accounts already hold (one query a chunk)."""
        User = get_user_model()
        for chunk in _chunks(sorted(set(wanted))):
            self.taken_usernames.update(
                User.objects.filter(username__in=chunk).values_list(
                    "username", flat=True
                )
            )

    def reserve_username(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `-3`… if an account already holds that user name."""
        User = get_user_model()
        candidate, n = wanted, 1
        while candidate in self.taken_usernames or (
            n > 1 and User.objects.filter(username=candidate).exists()
        ):
            n += 1
            candidate = f"{wanted}-{n}"
        self.taken_usernames.add(candidate)
        return candidate


def _chunks(values):
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# --- rows -----------------------------------------------------------------------------------


def _check_cells(row: RowResult, units: UnitDirectory, province) -> None:
    cells = row.cells
    name, p1 = fields.check_name(cells.get("full_name"))
    email, p2 = fields.check_email(cells.get("email"))
    phone, p3 = fields.check_phone(cells.get("phone"))
    position, p4 = fields.check_position(cells.get("position"))
    role, p5 = fields.check_role(cells.get("role"))
    commune, p6 = units.resolve(cells.get("unit"))
    row.problems += p1 + p6 + p4 + p2 + p3 + p5
    if not clean(cells.get("email")) and not clean(cells.get("phone")):
        row.problems.append(Problem("contact_missing"))
    if role == Role.TRAINEE and commune is None and not p6:
        row.problems.append(Problem("unit_missing"))
    row.value = {
        "full_name": name,
        "email": email,
        "phone": phone,
        "position": position,
        "role": role,
        "commune": commune.pk if commune else None,
        "commune_name": commune.name if commune else "",
        "province": province.pk,
    }


def _check_duplicates(results: list[RowResult]) -> None:
    seen = {}
    for row in results:
        for key in ("email", "phone"):
            value = row.value.get(key)
            if not value or (key == "phone" and not value.isdigit()):
                continue
            first = seen.setdefault((key, value), row.row)
            if first != row.row:
                row.problems.append(
                    Problem("duplicate_row", {"row": first, "key": key, "value": value})
                )
                break


def _check_role(row: RowResult, grantable: set) -> None:
    role = row.value.get("role")
    if role in Role.values and role not in grantable:
        row.problems.append(Problem("role_not_allowed", {"role": role}))


def _compare(row: RowResult, user, profile) -> list[str]:
    value, changes = row.value, []
    if value["full_name"] != profile.full_name:
        changes.append("full_name")
    if value["commune"] != profile.commune_id:
        changes.append("commune")
    if value["position"] != profile.position:
        changes.append("position")
    if value["role"] != profile.role:
        changes.append("role")
    if value["email"] and value["email"] != (user.email or "").lower():
        changes.append("email")
    if value["phone"] and value["phone"] != profile.phone:
        changes.append("phone")
    return changes


def _match_account(row, accounts, province, grantable) -> None:
    user_id, problems = accounts.match(row.value["email"], row.value["phone"])
    row.problems += problems
    if user_id is None:
        return
    user, profile = accounts.profiles[user_id]
    if profile is None or profile.role not in grantable:
        role = profile.role if profile else Role.ADMINISTRATOR
        row.problems.append(
            Problem("role_not_allowed", {"role": role, "existing": True})
        )
    elif profile.province_id != province.pk:
        row.problems.append(
            Problem("account_other_province", {"province": profile.province.name})
        )
    else:
        row.user_id, row.username = user.pk, user.username
        row.changes = _compare(row, user, profile)


def validate_rows(rows, province, grantable: set) -> list[RowResult]:
    """Outcome of every (row number, cells) pair for `province`, granting only `grantable`."""
    units = UnitDirectory(province)
    results = []
    for number, cells in rows:
        if fields.is_example_row(cells):
            continue
        row = RowResult(number, cells)
        _check_cells(row, units, province)
        _check_role(row, grantable)
        results.append(row)
    _check_duplicates(results)
    accounts = AccountDirectory(
        [r.value["email"] for r in results if not r.problems],
        [r.value["phone"] for r in results if not r.problems],
    )
    for row in results:
        if not row.problems:
            _match_account(row, accounts, province, grantable)
    accounts.load_usernames(
        _wanted_username(r) for r in results if not r.problems and not r.user_id
    )
    for row in results:
        _decide(row, accounts)
    return results


def _wanted_username(row: RowResult) -> str:
    return row.value["email"] or row.value["phone"]


def _decide(row: RowResult, accounts: AccountDirectory) -> None:
    if row.problems:
        row.outcome = REJECTED
    elif row.user_id is None:
        row.outcome = CREATED
        row.username = accounts.reserve_username(_wanted_username(row))
    else:
        row.outcome = UPDATED if row.changes else UNCHANGED
