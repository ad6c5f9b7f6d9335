"""A real OpenID provider on loopback: npm's oidc-provider, run by tests/oidc/provider.mjs.

`make test` and .ci/run install it (`npm ci --prefix tests/oidc`). Without node or the
package the tests are skipped with the reason on a developer machine; under CI=true
that is a failure, so CI never silently drops the city sign-in tests.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import replace
from pathlib import Path

import pytest
from joserfc.jwk import RSAKey

from calendar_app.config import Settings

HERE = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI", "").lower() == "true"
CLIENT_ID, CLIENT_SECRET = "diversiteitskalender", "a-client-secret-only-for-tests"
ADMIN_GROUP = "dk-admins"


@dataclass(frozen=True)
class Provider:
    issuer: str
    #: The provider's own signing key (its JWKS came from the test), to forge tokens with.
    key: RSAKey

    def settings(self, settings: Settings, base_url: str, **changes: object) -> Settings:
        return replace(settings, base_url=base_url, oidc_issuer=self.issuer,
                       oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                       oidc_admin_group=ADMIN_GROUP, **changes)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def start_provider() -> Iterator[Callable[[str], Provider]]:
    """Start (once per app address) a provider whose client redirects to `base_url`."""
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not (HERE / "node_modules" / "oidc-provider").is_dir():
        missing = "oidc-provider is not installed: run `npm ci --prefix tests/oidc`"
    if missing is not None:
        if IN_CI:
            pytest.fail(f"the city sign-in tests cannot run under CI: {missing}")
        pytest.skip(missing)
    assert node is not None
    started: dict[str, tuple[Provider, subprocess.Popen[str]]] = {}

    def start(base_url: str) -> Provider:
        if base_url in started:
            return started[base_url][0]
        key = RSAKey.generate_key(2048, parameters={"kid": "provider", "alg": "RS256",
                                                    "use": "sig"}, private=True)
        port = free_port()
        env = dict(os.environ, PORT=str(port), CLIENT_ID=CLIENT_ID,
                   CLIENT_SECRET=CLIENT_SECRET,
                   REDIRECT_URI=f"{base_url}/login/city/callback",
                   POST_LOGOUT_URI=f"{base_url}/",
                   JWKS=json.dumps({"keys": [key.as_dict(private=True)]}))
        process = subprocess.Popen([node, str(HERE / "provider.mjs")], env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("ready "):
                break
        else:
            raise RuntimeError(f"oidc-provider did not start (exit {process.wait()})")
        provider = Provider(issuer=line.split()[1], key=key)
        started[base_url] = (provider, process)
        return provider

    yield start
    for _provider, process in started.values():
        process.terminate()
        process.wait(timeout=10)
