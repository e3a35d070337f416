"""Authorization headers for the ZGW APIs.

ZGW JWT (Open Zaak): HS256 over the claims ``iss``, ``iat``, ``client_id``, ``user_id`` and
``user_representation``, where the user is the END USER of the running operation
(`registries.operatie.huidige_actor`). Open Zaak expects a fresh token "almost for every call"
and accepts one for an hour after ``iat``; we reuse a token per actor for a short window (60 s by
default), so a burst of calls for one user signs once. Open Klant: ``Token <key>``.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable

from joserfc import jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import OctKey

from registries.operatie import Actor
from registries.zgw.config import JwtAuth, TokenAuth

log = logging.getLogger("zgw_gateway.registries.zgw")

_MAX_ACTOREN = 1024


class JwtOndertekenaar:
    """Signs ZGW JWTs for one client id, cached per actor for `geldigheid` seconds."""

    def __init__(
        self,
        auth: JwtAuth,
        *,
        geldigheid: float = 60.0,
        klok: Callable[[], float] = time.time,
    ) -> None:
        self.client_id = auth.client_id
        with warnings.catch_warnings():
            # Open Zaak installations do use short secrets; say so once instead of failing
            warnings.simplefilter("ignore", SecurityWarning)
            self._key = OctKey.import_key(auth.secret)
        if len(auth.secret.encode()) * 8 < 112:
            log.warning("the ZGW secret for client %s is shorter than 112 bits", auth.client_id)
        self._geldigheid = geldigheid
        self._klok = klok
        self._cache: OrderedDict[Actor, tuple[float, str]] = OrderedDict()

    def token(self, actor: Actor) -> str:
        nu = self._klok()
        hit = self._cache.get(actor)
        if hit is not None and nu - hit[0] < self._geldigheid:
            self._cache.move_to_end(actor)
            return hit[1]
        claims = {
            "iss": self.client_id,
            "iat": int(nu),
            "client_id": self.client_id,
            "user_id": actor.user_id,
            "user_representation": actor.user_representation,
        }
        token = jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, self._key, algorithms=["HS256"])
        self._cache[actor] = (nu, token)
        self._cache.move_to_end(actor)
        while len(self._cache) > _MAX_ACTOREN:
            self._cache.popitem(last=False)
        return token

    def header(self, actor: Actor) -> str:
        return f"Bearer {self.token(actor)}"


class Autorisatie:
    """The Authorization header value for one API, whichever the scheme."""

    def __init__(self, auth: JwtAuth | TokenAuth, *, geldigheid: float = 60.0) -> None:
        self._token = auth.token if isinstance(auth, TokenAuth) else None
        self._jwt = (
            JwtOndertekenaar(auth, geldigheid=geldigheid) if isinstance(auth, JwtAuth) else None
        )

    def header(self, actor: Actor) -> str:
        if self._jwt is not None:
            return self._jwt.header(actor)
        return f"Token {self._token}"
