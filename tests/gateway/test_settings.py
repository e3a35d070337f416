"""Settings that cannot work stop the start with a clear message (not the first request)."""

from __future__ import annotations

import pytest

from gateway.settings import Settings
from registries.errors import ConfigurationError


@pytest.mark.parametrize("waarde", ["{not json", '["a"]', '{"X": "ftp://zac"}', '{"X": 1}'])
def test_a_bad_routing_table_stops_the_start(waarde: str) -> None:
    with pytest.raises(ConfigurationError, match="ZGW_GATEWAY_ROUTERING must be a JSON object"):
        Settings.from_env({"ZGW_GATEWAY_ROUTERING": waarde})


def test_the_routing_table() -> None:
    settings = Settings.from_env(
        {"ZGW_GATEWAY_ROUTERING": '{"PARKEERVERGUNNING": "https://zac.example.nl/a"}'}
    )
    assert settings.routes() == {"PARKEERVERGUNNING": "https://zac.example.nl/a"}
    assert Settings.from_env({}).routes() == {}
