"""Registry backends over the real ZGW REST APIs (Open Zaak for Zaken, Documenten and Catalogi;
Open Klant 2 for Klantinteracties). Reads only, so far.

Each registry class implements one protocol of `registries.base` and stands alone, so that any
mix with the embedded store is possible; where one needs another (the zaken scope needs the
catalogus), it takes it as a constructor argument typed by the protocol. `factory.bouw` builds
them from a `config.ZgwConfig`.
"""
