"""Backend statements per operation do not grow with the size of a list.

The pages start at the synthetic zaken (ordered by identificatie), which all have a status and
documents: a relation with nothing to load for any object on the page costs no statement at all,
so a page of one zaak without status would need fewer, never more.
"""

from __future__ import annotations

import pytest

from gateway.runtime import Runtime
from registries.sql.seed.synthetic import seed_synthetic
from tests.conftest import MaakRuntime, behandelaar
from tests.support.graphql import data
from tests.support.statements import count_statements

WIDE_QUERY = """
query($first: Int!) {
  zaken(first: $first, ordering: IDENTIFICATIE_ASC) {
    edges {
      node {
        zaaktype { omschrijving }
        status { statustype { omschrijving } }
        rollen { roltype { omschrijving } }
        documenten { titel informatieobjecttype { omschrijving } }
        klantcontacten { onderwerp }
      }
    }
  }
}"""

DEEP_QUERY = """
query($first: Int!) {
  zaken(first: $first, ordering: IDENTIFICATIE_ASC) {
    totalCount
    nodes {
      identificatie
      statussen { statustype { omschrijving } }
      resultaat { resultaattype { omschrijving } }
      eigenschappen { eigenschap { naam } }
      hoofdzaak { identificatie }
      deelzaken { identificatie }
      documenten { titel zaken { identificatie rollen { naam } } }
      klantcontacten { zaken { identificatie } }
      ...Type
    }
  }
}
fragment Type on Zaak { zaaktype { statustypen { omschrijving } roltypen { omschrijving } } }
"""


@pytest.mark.parametrize(
    ("query", "exact"), [(WIDE_QUERY, True), (DEEP_QUERY, False)], ids=["issue-query", "deep-query"]
)
async def test_statements_do_not_grow_with_page_size(
    backend: str, maak_runtime: MaakRuntime, query: str, exact: bool
) -> None:
    if backend == "zgw":
        pytest.skip(
            "SQL statements belong to the embedded store; the ZGW backend's upstream call "
            "bounds are tested in tests/registries/zgw/test_call_bounds.py"
        )
    async with maak_runtime() as runtime:
        await _check(runtime, query, exact)


async def _check(fresh_runtime: Runtime, query: str, exact: bool) -> None:
    await seed_synthetic(fresh_runtime.store.engine, 150)
    principal = behandelaar()
    await data(fresh_runtime, query, {"first": 1}, principal=principal)  # warm the catalogus
    counts = {}
    for first in (1, 10, 100):
        with count_statements(fresh_runtime.store) as counter:
            found = await data(fresh_runtime, query, {"first": first}, principal=principal)
        connection = found["zaken"]
        assert len(connection.get("edges") or connection.get("nodes")) == first
        counts[first] = counter.count
    assert counts[1] > 0, "no statement seen: the counter misses the store's engines"
    assert counts[10] == counts[100], counts
    if exact:
        # the query of the acceptance list: identical at 1, 10 and 100
        assert counts[1] == counts[10], counts
    else:
        # one zaak may lack a resultaat (nothing to load: no statement)
        assert counts[1] <= counts[10], counts
    assert counts[100] <= 20, counts
