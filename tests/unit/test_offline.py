"""What the service worker may keep, and the per-account key its caches are named after."""

import pytest

from services import offline


def test_account_key_is_stable_per_account_and_secret():
    key = offline.account_key(7, "secret one")
    assert key == offline.account_key(7, b"secret one")
    assert len(key) == offline.KEY_LENGTH and int(key, 16) >= 0
    assert key != offline.account_key(8, "secret one")
    assert key != offline.account_key(7, "secret two")


@pytest.mark.parametrize(
    ("endpoint", "saved", "kept"),
    [
        ("saved.index", False, True),
        ("saved.print_sheet", False, True),
        ("articles.show", True, True),
        ("articles.show", False, False),
        ("shares.show", True, False),
        ("saved.note", False, False),
        ("settings.index", False, False),
        ("feed.index", False, False),
        (None, True, False),
    ],
)
def test_only_the_readers_own_saved_pages_may_be_kept(endpoint, saved, kept):
    assert offline.may_keep(endpoint, saved_article=saved) is kept
