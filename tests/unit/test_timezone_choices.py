"""services.timezones: the grouped list the settings select is drawn from."""

from zoneinfo import available_timezones

from services.timezones import timezone_groups, timezone_names


def test_zones_are_grouped_by_region_in_order_with_readable_places():
    groups = dict(timezone_groups())
    assert list(groups) == sorted(groups)
    assert {"Africa", "America", "Asia", "Europe", "Pacific"} <= set(groups)
    europe = {z.name: z.place for z in groups["Europe"]}
    assert europe["Europe/London"] == "London"
    america = {z.name: z.place for z in groups["America"]}
    assert america["America/New_York"] == "New York"
    assert america["America/Argentina/Buenos_Aires"] == "Argentina / Buenos Aires"
    for zones in groups.values():
        places = [z.place for z in zones]
        assert places == sorted(places)


def test_every_listed_zone_is_real_and_none_is_left_out():
    listed = [z.name for _region, zones in timezone_groups() for z in zones]
    assert len(listed) == len(set(listed))
    assert set(listed) <= available_timezones()
    assert set(listed) == set(timezone_names()) - {"UTC"}
