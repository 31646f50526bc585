"""TLS to a remote store, for real: Debian's nginx terminates TLS on loopback, with a certificate
signed by a CA the test makes (the ``openssl`` program), in front of an Oxigraph server, as a
user's reverse proxy would be; it lets a request through only with the Basic or Bearer
credentials it was given. ``seckg push``, ``query --endpoint`` and ``check --endpoint`` refuse a
certificate nobody trusts (one line naming the URL, exit 5, nothing sent) or one for another name
even from a trusted CA, and work once the user trusts the CA (``SECKG_ENDPOINT_CA``, or
``SSL_CERT_FILE`` for a whole bundle); the credentials from the environment travel over that TLS
connection and are never shown. The tests skip without nginx or openssl, except under CI."""

from __future__ import annotations

import base64
import json
import secrets

import pytest
from click.testing import CliRunner

from seckg.cli.main import cli
from seckg.queries.engine import EndpointTarget, StoreTarget

from .conftest import require_program
from .localserver import make_pki, nginx_tls_proxy, oxigraph_server

USER = "analyst"
PASSWORD = "pw-" + secrets.token_hex(8)
TOKEN = "tok-" + secrets.token_hex(8)
#: what each invocation starts from: no credentials, no CA of the user's, whatever this shell has
CLEAN: dict[str, str | None] = {name: None for name in (
    "SECKG_ENDPOINT_TOKEN", "SECKG_ENDPOINT_USER", "SECKG_ENDPOINT_PASSWORD", "SECKG_ENDPOINT_AUTH",
    "SECKG_ENDPOINT_UNION", "SECKG_ENDPOINT_CA", "SSL_CERT_FILE", "SSL_CERT_DIR")}
_STATE = "ASK { ?s a <https://w3id.org/seckg/ontology#State> }"
_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(require_program("openssl", "openssl", "/usr/bin/openssl"), tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def servers(pki, tmp_path_factory):
    """(the TLS proxy, the Oxigraph server's own plain-HTTP base behind it)."""
    nginx = require_program("nginx", "nginx-light", "/usr/sbin/nginx")
    basic = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as backend, \
            nginx_tls_proxy(nginx, tmp_path_factory.mktemp("nginx"), pki, int(backend.rsplit(":", 1)[1]),
                            {"basic": basic, "bearer": f"Bearer {TOKEN}"}) as proxy:
        yield proxy, backend


def _quads(backend: str) -> int:
    """What the server holds, asked behind the proxy's back."""
    return int(EndpointTarget(backend + "/query", union="server").execute(_QUADS).rows[0]["n"].value)


def _seckg(built, *args: str, **env: str | None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--data-dir", str(built), *args], env={**CLEAN, **env})


def _commands(base: str) -> dict[str, list[str]]:
    return {"push": ["push", base + "/store"],
            "query": ["query", "--endpoint", base + "/query", "-e", _STATE],
            "check": ["check", "--endpoint", base + "/query", "--only", "rules,provenance"]}


@pytest.mark.parametrize("command", ["push", "query", "check"])
def test_a_certificate_nobody_trusts_is_refused(servers, built, command):
    proxy, backend = servers
    before, requests = _quads(backend), len(proxy.lines())
    args = _commands(proxy.base)[command]
    result = _seckg(built, *args, SECKG_ENDPOINT_TOKEN=TOKEN)
    assert result.exit_code == 5, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    url = args[1] if command == "push" else args[2]
    assert lines[0].startswith(f"seckg: error: {url}: the server's TLS certificate is not trusted"), lines[0]
    assert "SECKG_ENDPOINT_CA" in lines[0] and TOKEN not in result.output
    # the handshake failed: no request reached the proxy, nothing was written
    assert len(proxy.lines()) == requests and _quads(backend) == before


def test_a_certificate_for_another_name_is_refused_even_from_a_trusted_ca(servers, built, pki):
    proxy, backend = servers
    before = _quads(backend)
    url = f"https://127.0.0.1:{proxy.other_port}/store"
    result = _seckg(built, "push", url, SECKG_ENDPOINT_CA=str(pki.ca), SECKG_ENDPOINT_TOKEN=TOKEN)
    assert result.exit_code == 5, result.output
    assert f"{url}: the server's TLS certificate is not trusted" in result.output
    assert "mismatch" in result.output and "Traceback" not in result.output
    assert _quads(backend) == before


def test_a_ca_file_that_cannot_be_read_is_named(servers, built, tmp_path):
    proxy, _ = servers
    result = _seckg(built, *_commands(proxy.base)["query"], SECKG_ENDPOINT_CA=str(tmp_path / "missing.pem"))
    assert result.exit_code == 3 and "SECKG_ENDPOINT_CA" in result.output, result.output
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    result = _seckg(built, *_commands(proxy.base)["query"], SSL_CERT_FILE=str(garbage))
    assert result.exit_code == 3 and "SSL_CERT_FILE" in result.output, result.output


def test_credentials_are_asked_for_and_never_shown(servers, built, pki):
    proxy, backend = servers
    before = _quads(backend)
    result = _seckg(built, "push", proxy.base + "/store", SECKG_ENDPOINT_CA=str(pki.ca))
    assert result.exit_code == 5 and "401" in result.output and "SECKG_ENDPOINT_TOKEN" in result.output
    wrong = "tok-wrong-" + secrets.token_hex(4)
    result = _seckg(built, "push", proxy.base + "/store", SECKG_ENDPOINT_CA=str(pki.ca), SECKG_ENDPOINT_TOKEN=wrong)
    assert result.exit_code == 5 and "401" in result.output and wrong not in result.output
    assert _quads(backend) == before
    assert proxy.lines()[-1].split()[1:] == ["PUT", "401", "none"]


@pytest.mark.slow  # about 25 s: the push and a check
def test_push_query_and_check_once_the_ca_is_trusted(servers, built, pki):
    """SECKG_ENDPOINT_CA adds the private CA to the public ones; Bearer, then Basic, over TLS."""
    proxy, backend = servers
    result = _seckg(built, "push", proxy.base + "/store", SECKG_ENDPOINT_CA=str(pki.ca), SECKG_ENDPOINT_TOKEN=TOKEN)
    assert result.exit_code == 0 and "pushed:" in result.output, result.output
    assert _quads(backend) == len(StoreTarget.embedded(built).store)
    pushes = [line.split() for line in proxy.lines() if " PUT " in f" {line} " and line.split()[2] != "401"]
    assert pushes and all(p[0].startswith("TLSv1.") and p[2] in ("201", "204") and p[3] == "bearer" for p in pushes)

    basic = {"SECKG_ENDPOINT_CA": str(pki.ca), "SECKG_ENDPOINT_USER": USER, "SECKG_ENDPOINT_PASSWORD": PASSWORD}
    result = _seckg(built, "query", "--endpoint", proxy.base + "/query", "--union", "graphs", "-e", _STATE, **basic)
    assert result.exit_code == 0 and "true" in result.output, result.output
    assert proxy.lines()[-1].split()[0].startswith("TLSv1.") and proxy.lines()[-1].split()[2:] == ["200", "basic"]

    result = _seckg(built, "check", "--endpoint", proxy.base + "/query", "--only", "rules,provenance",
                    "-f", "json", **basic)
    assert result.exit_code == 0, result.output
    remote = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])
    local = _seckg(built, "check", "--only", "rules,provenance", "-f", "json")
    assert local.exit_code == 0, local.output
    expected = json.loads(local.output[local.output.index("{"):local.output.rindex("}") + 1])
    assert remote["findings"] == expected["findings"]
    assert PASSWORD not in result.output and TOKEN not in result.output


def test_ssl_cert_file_names_a_bundle_instead(servers, built, pki):
    proxy, _ = servers
    result = _seckg(built, "query", "--endpoint", proxy.base + "/query", "--union", "graphs", "-e", _STATE,
                    SSL_CERT_FILE=str(pki.ca), SECKG_ENDPOINT_TOKEN=TOKEN)
    assert result.exit_code == 0 and "true" in result.output, result.output
