"""docker-compose.yml, the Dockerfile, the setup-configuration files under docker/ and the README
section about them agree with the gateway's code and with each other. No Docker engine is needed:
the files are parsed, the gateway's settings are loaded in-process from the compose environment,
and the README's example JSON is checked against the OpenAPI specs (from ZGW_SPECS_DIR)."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from gateway.runtime import Runtime
from gateway.settings import PREFIX, Settings
from registries.zgw.config import OMGEVING, config_uit_omgeving
from tests.support.fake_zgw import Verzoek
from tests.support.zgw_specs import laad, specs_dir

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
SECTION = "Against Open Zaak, Open Klant and Open Notificaties"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
VARIABLE = re.compile(r"\b" + PREFIX + r"[A-Z0-9_]*[A-Z0-9]\b")


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def services() -> dict[str, Any]:
    found: dict[str, Any] = compose()["services"]
    return found


def gateway_env() -> dict[str, str]:
    return {k: str(v) for k, v in services()["gateway"]["environment"].items()}


def setup_configuration(product: str) -> dict[str, Any]:
    """The setup-configuration file mounted into `<product>-init` (as data.yaml)."""
    init = services()[f"{product}-init"]
    [mount] = [v for v in init["volumes"] if v.split(":")[1].endswith("/data.yaml")]
    data: dict[str, Any] = yaml.safe_load((ROOT / mount.split(":")[0]).read_text())
    return data


def known_variables() -> set[str]:
    """Every environment variable the gateway reads: its settings and the ZGW API blocks."""
    settings = {f.name.upper() for f in dataclasses.fields(Settings)} - {"ZGW"}
    return {PREFIX + name for name in settings | OMGEVING}


def readme_section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"## {SECTION}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def readme_json(key: str) -> dict[str, Any]:
    """The README section's JSON example that has `key`."""
    found = [
        json.loads(body)
        for lang, body in BLOCK.findall(readme_section())
        if lang == "json" and key in json.loads(body)
    ]
    assert len(found) == 1, f"one JSON example with {key!r} in the README section"
    example: dict[str, Any] = found[0]
    return example


def host(url: str) -> str:
    return urlsplit(url).hostname or ""


# --- docker-compose.yml -------------------------------------------------------------------------


def test_every_image_is_pinned_to_a_tag() -> None:
    for name, service in services().items():
        image = service.get("image")
        assert image or "build" in service, f"{name}: no image and no build"
        if image:
            repository, _, tag = image.rpartition(":")
            assert repository and "/" not in tag, f"{name}: {image} has no tag"
            assert tag != "latest", f"{name}: {image} is not pinned"


def test_the_gateway_image_carries_the_package_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert services()["gateway"]["image"] == f"zgw-gateway:{version}"


def test_dependencies_and_mounted_files_exist() -> None:
    names = set(services())
    for name, service in services().items():
        depends = service.get("depends_on", {})
        assert set(depends) <= names, f"{name} depends on an unknown service"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).is_file(), f"{name}: {source} does not exist"
    # no cycle (compose refuses one): every service can be started after its dependencies
    started: set[str] = set()
    while len(started) < len(names):
        ready = {
            name
            for name, service in services().items()
            if name not in started and set(service.get("depends_on", {})) <= started
        }
        assert ready, f"dependency cycle among {sorted(names - started)}"
        started |= ready


def test_the_gateway_gets_only_variables_it_reads() -> None:
    unknown = set(gateway_env()) - known_variables()
    assert not unknown, f"the gateway does not read {sorted(unknown)}"


async def test_the_compose_environment_loads_and_points_at_the_services() -> None:
    env = gateway_env()
    settings = Settings.from_env(env)
    config = config_uit_omgeving(dict(settings.zgw), inhoud_base_url=settings.base_url)
    blocks = {
        "zaken": config.zaken,
        "documenten": config.documenten,
        "catalogi": config.catalogi,
        "klantinteracties": config.klantinteracties,
    }
    expected = {"zaken": "openzaak", "documenten": "openzaak", "catalogi": "openzaak"}
    expected["klantinteracties"] = "openklant"
    for naam, blok in blocks.items():
        assert blok is not None, f"{naam} is not configured as a ZGW backend"
        assert host(blok.api.base_url) == expected[naam], naam
        assert expected[naam] in services()
    assert host(settings.database_url.replace("+asyncpg", "")) == "gateway-db"
    # the gateway as it starts (no network: nothing connects before the first request)
    runtime = Runtime(settings)
    try:
        assert runtime.zgw is not None
        assert len(runtime.zgw.eigen) == 4  # every registry from a ZGW API
        assert runtime.zgw.schrijven is not None  # writes as sagas in the gateway's own store
    finally:
        await runtime.close()


def test_the_gateway_is_started_by_the_dockerfile_on_all_interfaces() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    assert re.search(r"pip install .*--constraint constraints\.txt \.", dockerfile)
    assert re.search(r"^USER (?!root)", dockerfile, re.MULTILINE)
    assert "zgw-gateway migrate && exec zgw-gateway serve --host 0.0.0.0" in dockerfile
    assert re.search(r"HEALTHCHECK .*\n?.*/healthz", dockerfile)
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    allowed = (ROOT / ".dockerignore").read_text()
    for pattern in packages["packages"]["find"]["include"]:
        package = pattern.rstrip("*")
        assert f"COPY {package} ./{package}" in dockerfile, package
        assert f"!{package}/" in allowed, package


# --- the setup-configuration files --------------------------------------------------------------


def test_open_zaak_knows_the_gateways_client() -> None:
    env = gateway_env()
    openzaak = setup_configuration("openzaak")
    secrets = {
        c["identifier"]: c["secret"] for c in openzaak["vng_api_common_credentials"]["items"]
    }
    client_id = env[PREFIX + "ZGW_CLIENT_ID"]
    assert secrets[client_id] == env[PREFIX + "ZGW_SECRET"]
    applicaties = openzaak["vng_api_common_applicaties"]["items"]
    assert any(client_id in a["client_ids"] for a in applicaties)
    assert openzaak["vng_api_common_credentials_config_enable"] is True
    assert openzaak["vng_api_common_applicaties_config_enable"] is True


def test_open_klant_knows_the_gateways_token() -> None:
    openklant = setup_configuration("openklant")
    assert openklant["tokenauth_config_enable"] is True
    tokens = [t["token"] for t in openklant["tokenauth"]["items"]]
    assert gateway_env()[PREFIX + "KLANTINTERACTIES_TOKEN"] in tokens


def test_open_notificaties_posts_to_the_gateways_webhook() -> None:
    env = gateway_env()
    notificaties = setup_configuration("opennotificaties")
    assert notificaties["notifications_abonnementen_config_enable"] is True
    [abonnement] = notificaties["notifications_abonnementen_config"]["items"]
    callback = urlsplit(abonnement["callback_url"])
    assert callback.hostname == "gateway"
    assert callback.path == "/notificaties"
    assert callback.port == 8000  # where the Dockerfile's command serves
    assert abonnement["auth"] == env[PREFIX + "NOTIFICATIES_AUTH"]
    kanalen = {k["naam"] for k in notificaties["notifications_kanalen_config"]["items"]}
    wanted = [k["naam"] for k in abonnement["kanalen"]]
    assert set(wanted) <= kanalen
    assert wanted == Settings().notificaties_kanalen.split(",")


def test_open_zaak_and_open_notificaties_share_their_clients() -> None:
    openzaak = setup_configuration("openzaak")
    notificaties = setup_configuration("opennotificaties")
    oz_secrets = {
        c["identifier"]: c["secret"] for c in openzaak["vng_api_common_credentials"]["items"]
    }
    on_secrets = {
        c["identifier"]: c["secret"] for c in notificaties["vng_api_common_credentials"]["items"]
    }
    oz_applicaties = {
        c for a in openzaak["vng_api_common_applicaties"]["items"] for c in a["client_ids"]
    }
    # Open Zaak publishes to Open Notificaties, which checks that client in Open Zaak's AC
    [nrc] = [s for s in openzaak["zgw_consumers"]["services"] if s["api_type"] == "nrc"]
    assert host(nrc["api_root"]) == "opennotificaties" in services()
    assert on_secrets[nrc["client_id"]] == nrc["secret"]
    assert nrc["client_id"] in oz_applicaties
    assert (
        openzaak["notifications_config"]["notifications_api_service_identifier"]
        == nrc["identifier"]
    )
    # Open Notificaties reads Open Zaak's Autorisaties API as its own client
    [ac] = [s for s in notificaties["zgw_consumers"]["services"] if s["api_type"] == "ac"]
    assert host(ac["api_root"]) == "openzaak"
    assert oz_secrets[ac["client_id"]] == ac["secret"]
    assert ac["client_id"] in oz_applicaties
    assert (
        notificaties["autorisaties_api"]["authorizations_api_service_identifier"]
        == ac["identifier"]
    )
    # the gateway's client, for when it registers its abonnement itself
    env = gateway_env()
    assert on_secrets[env[PREFIX + "ZGW_CLIENT_ID"]] == env[PREFIX + "ZGW_SECRET"]


# --- the README section -------------------------------------------------------------------------


def test_the_readme_names_only_variables_the_gateway_reads() -> None:
    named = set(VARIABLE.findall(readme_section()))
    assert named, "no variables in the README section"
    assert not named - known_variables(), sorted(named - known_variables())
    # and documents every ZGW API variable
    missing = {PREFIX + name for name in OMGEVING} - named
    assert not missing, f"the README section does not document {sorted(missing)}"


def test_the_readme_abonnement_is_the_compose_one() -> None:
    example = readme_json("callbackUrl")
    [abonnement] = setup_configuration("opennotificaties")["notifications_abonnementen_config"][
        "items"
    ]
    assert example["callbackUrl"] == abonnement["callback_url"]
    assert example["auth"] == gateway_env()[PREFIX + "NOTIFICATIES_AUTH"]
    assert [k["naam"] for k in example["kanalen"]] == [k["naam"] for k in abonnement["kanalen"]]


def spec_errors(spec: str, api: str, path: str, body: dict[str, Any]) -> list[str]:
    if specs_dir() is None:
        pytest.skip(
            "the ZGW OpenAPI specs are not there: set ZGW_SPECS_DIR to the directory with "
            f"{spec} (default ../shared/specs) to check the README's example against it"
        )
    headers = {"content-type": "application/json", "accept-crs": "EPSG:4326"}
    verzoek = Verzoek(api, "POST", path, [], headers, body=body)
    return laad(spec).verzoek_fouten(verzoek)


def test_the_readme_abonnement_follows_the_notificaties_api() -> None:
    example = readme_json("callbackUrl")
    # the check is not vacuous: the spec requires auth
    without_auth = {k: v for k, v in example.items() if k != "auth"}
    assert spec_errors("notificaties-1.0.0.yaml", "notificaties", "/abonnement", without_auth)
    assert spec_errors("notificaties-1.0.0.yaml", "notificaties", "/abonnement", example) == []
    assert (
        spec_errors(
            "opennotificaties-1.16.1-notificaties-1.0.0.yaml",
            "notificaties",
            "/abonnement",
            example,
        )
        == []
    )


def test_the_readme_applicatie_follows_the_autorisaties_api() -> None:
    example = readme_json("clientIds")
    wrong = {**example, "autorisaties": [{"component": "zaken", "scopes": ["zaken.lezen"]}]}
    assert spec_errors("autorisaties-1.0.0.yaml", "autorisaties", "/applicaties", wrong)
    assert spec_errors("autorisaties-1.0.0.yaml", "autorisaties", "/applicaties", example) == []
    assert example["clientIds"] == [gateway_env()[PREFIX + "ZGW_CLIENT_ID"]]
