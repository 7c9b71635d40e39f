import polib

from scripts.translate import CATALOGUE


def test_every_interface_string_has_an_english_translation():
    po = polib.pofile(str(CATALOGUE))
    missing = [
        e.msgid for e in po if not e.obsolete and (not e.msgstr or "fuzzy" in e.flags)
    ]
    assert missing == []
