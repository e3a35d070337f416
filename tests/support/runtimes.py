"""Which fake ZGW server a test runtime of the zgw backend writes to (set by
`tests.conftest.schrijf_runtime`), for helpers that look at what arrived upstream."""

from __future__ import annotations

import weakref

from gateway.runtime import Runtime
from tests.support.fake_zgw import FakeZgw

FAKE_VAN: weakref.WeakKeyDictionary[Runtime, FakeZgw] = weakref.WeakKeyDictionary()


def fake_van(runtime: Runtime) -> FakeZgw | None:
    """The fake Open Zaak / Open Klant a zgw runtime writes to; None on the embedded store."""
    return FAKE_VAN.get(runtime)
