"""The draft's JSON: equal states compare equal, whatever the line ends and many-to-many order."""

from guide.governance.graph import normalised


def test_line_ends_and_many_to_many_order_do_not_count_as_changes():
    browser = {"object": {"fields": {"how_to": "Lie down.\r\nBreathe.", "stretches": [3, 1, 2]}}}
    stored = {"object": {"fields": {"how_to": "Lie down.\nBreathe.", "stretches": [1, 2, 3]}}}
    assert normalised(browser) == normalised(stored)
    assert normalised({"fields": {"how_to": "Lie down."}}) != normalised({"fields": {"how_to": "Stand up."}})
