"""`opnieuwDoorsturen`: offer a forwarded aanvraag that was given up (MISLUKT) again, once the
zaakafhandelcomponent is repaired. Only opdrachten whose zaak the caller may see qualify."""

from __future__ import annotations

import strawberry

from gateway.schema.mutations.common import ctx_of
from gateway.schema.queries.doorsturen import DoorstuurOpdrachtType, opdracht_type
from gateway.schema.relations import note
from registries.errors import BadUserInput, Forbidden
from registries.sql.doorstuur_opdrachten import DoorstuurStatus


@strawberry.type
class DoorsturenMutation:
    @strawberry.mutation(
        description="Offer a MISLUKT forwarding opdracht again: it becomes WACHTEND, due now, "
        "with a fresh count of attempts (same message, same Idempotency-Key)."
    )
    async def opnieuw_doorsturen(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> DoorstuurOpdrachtType:
        ctx = ctx_of(info)
        geen = Forbidden("There is no forwarding opdracht you may retry with this id.", field="id")
        try:
            nummer = int(id)
        except ValueError:
            raise geen from None
        opdracht = await ctx.services.doorsturen.haal(nummer)
        zaak_url = opdracht.bericht.get("zaak") if opdracht is not None else None
        if opdracht is None or not isinstance(zaak_url, str):
            raise geen
        zaak = (await ctx.loaders.zaak.fetch([zaak_url])).get(zaak_url)
        note(ctx, "zaak", zaak)
        if zaak is None:
            raise geen
        if opdracht.status is not DoorstuurStatus.MISLUKT:
            raise BadUserInput(
                f"Only MISLUKT opdrachten are offered again; this one is "
                f"{opdracht.status.name} (a WACHTEND one is retried automatically).",
                field="id",
            )
        opnieuw = await ctx.services.doorsturen.opnieuw(nummer)
        if opnieuw is None:  # another caller was first
            raise BadUserInput("This opdracht is no longer MISLUKT.", field="id")
        return opdracht_type(opnieuw)
