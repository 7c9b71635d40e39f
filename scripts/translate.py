"""Keep the English catalogue complete: merge new strings, apply translations, list gaps.

python scripts/translate.py update          # makemessages for English
python scripts/translate.py apply FILE.json # {"msgid": "English", ...} into the catalogue
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


def apply(path):
    po = polib.pofile(str(CATALOGUE))
    texts = json.loads(Path(path).read_text())
    for entry in po:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


def missing():
    po = polib.pofile(str(CATALOGUE))
    return [
        e.msgid for e in po if not e.obsolete and (not e.msgstr or "fuzzy" in e.flags)
    ]


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "update":
        update()
    elif command == "apply":
        apply(sys.argv[2])
    else:
        gaps = missing()
        print(json.dumps({m: "" for m in gaps}, ensure_ascii=False, indent=1))
        sys.exit(1 if gaps else 0)
