"""services.digests.settings: the weekday only counts for a weekly digest."""

import pytest

from services.digests import settings
from services.errors import DomainError
from tests import factories

VALUES = {"send_hour": 8, "timezone": "Europe/London", "max_articles": 5}


def test_weekly_digest_keeps_its_day_and_needs_one(ctx):
    user = factories.make_user()
    assert settings.update(user.id, frequency="weekly", weekday=4, **VALUES).weekday == 4
    with pytest.raises(DomainError) as refused:
        settings.update(user.id, frequency="weekly", weekday=None, **VALUES)
    assert refused.value.errors == {"weekday": settings.MESSAGES["weekday"]}
    assert settings.get(user.id).weekday == 4


@pytest.mark.parametrize("frequency", ["daily", "off"])
@pytest.mark.parametrize("weekday", [None, 9, 2])
def test_other_frequencies_ignore_the_weekday(ctx, frequency, weekday):
    user = factories.make_user()
    settings.update(user.id, frequency="weekly", weekday=4, **VALUES)
    pref = settings.update(user.id, frequency=frequency, weekday=weekday, **VALUES)
    assert (pref.frequency, pref.weekday) == (frequency, 4)
