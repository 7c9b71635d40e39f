"""Keep the English catalogue complete: merge new strings, apply translations, list gaps.

python scripts/translate.py update          # makemessages for English
python scripts/translate.py apply FILE.json # {"msgid": "English", ...} into the catalogue
                                            # ("context\u0004msgid" for a msgid with a context)
python scripts/translate.py missing         # msgids still without an English text
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "sandbox" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def update():
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=tests",
            "--ignore=var",
            "-v",
            "0",
        ],
        cwd=ROOT,
        check=True,
    )


def _set(entry, text):
    if entry.msgid_plural:
        forms = text if isinstance(text, list) else [text, text]
        entry.msgstr_plural = {0: forms[0], 1: forms[-1]}
    elif isinstance(text, str):
        entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def apply(*paths):
    """Fill the catalogue from JSON files of {msgid: English}; earlier files win on conflicts."""
    po = polib.pofile(str(CATALOGUE))
    texts = {}
    for path in reversed(paths):
        texts.update(json.loads(Path(path).read_text()))
    for entry in po:
        text = texts.get(_key(entry)) or texts.get(entry.msgid)
        if text:
            _set(entry, text)
    po.save()


def _key(entry) -> str:
    """A msgid, or "context\u0004msgid" for a msgid given a context (pgettext,
    {% translate … context … %}): gettext's own separator, as JSON writes it."""
    return f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid


def _translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def missing():
    po = polib.pofile(str(CATALOGUE))
    return [
        _key(e)
        for e in po
        if not e.obsolete and (not _translated(e) or "fuzzy" in e.flags)
    ]


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "update":
        update()
    elif command == "apply":
        apply(*sys.argv[2:])
    else:
        gaps = missing()
        print(json.dumps({m: "" for m in gaps}, ensure_ascii=False, indent=1))
        sys.exit(1 if gaps else 0)
