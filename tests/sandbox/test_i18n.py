from scripts.translate import missing


def test_every_interface_string_has_an_english_translation():
    assert missing() == []
