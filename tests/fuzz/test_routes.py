"""No input gives a server error: every route, generated values, every role, both engines.

Hypothesis draws batches of requests over the whole url map (path arguments, query
parameters and form fields, real values mixed with nasty ones) and sends them with the
Flask test client as an anonymous visitor, a member, a coordinator and an
administrator. Any 5xx fails the test with the request that caused it. The run is
derandomized (the same requests every run) and sized so CI sends at least
REQUESTS_PER_ENGINE requests per engine; the count is printed in the pytest summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from calendar_app.config import Settings
from calendar_app.models import Observance
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities
from calendar_app.services.feeds import issue_feed_token
from notifier.message import KINDS
from tests.fuzz.routes import Call
from tests.fuzz.routes import calls
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import csrf_token
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import workgroup_id

BATCH = 10
#: The fuzzed app's issuer is a closed port: /login/city answers 503 with a clear page.
UNREACHABLE_PROVIDER = "/login/city"
EXAMPLES = 520
REQUESTS_PER_ENGINE = 5000
#: Requests sent per engine, for the summary line (tests/conftest.py prints it).
SENT: dict[str, int] = {}

LOGINS = {"member": "member@example.org", "coordinator": "coord@example.org",
          "admin": "admin@example.org"}


def _known(app: Flask) -> dict[str, list[str]]:
    """Real values for path arguments, so the fuzzer gets past the 404s."""
    with database(app).transaction() as session:
        coordinator = session.scalar(select(User).where(User.email == "coord@example.org"))
        day = datetime.now(UTC).date() + timedelta(days=20)
        activity = activities.propose(
            session, actor=coordinator, now=datetime.now(UTC),
            data=activities.ActivityInput(workgroup_id=workgroup_id(app, "zuid"),
                                          title="Fuzz", all_day=True, start_date=day,
                                          end_date=day))
        activities.publish(session, actor=coordinator, activity=activity,
                           now=datetime.now(UTC))
        token = issue_feed_token(session, session.get(Workgroup, activity.workgroup_id))
        keys = list(session.scalars(select(Observance.key).limit(5)))
        public_id = activity.public_id
        member_ids = [str(user_id) for user_id in session.scalars(select(User.id))]
    return {"slug": ["zuid", "oost"], "public_id": [public_id], "key": keys,
            "token": [token], "kind": list(KINDS), "theme": ["lhbtiq", "religie"],
            "*": [public_id, *keys, *member_ids, "zuid", "2026"],
            "query": ["nl", "en", "zuid", "lhbtiq", "activity", "observance", "2026-03-01",
                      "2026-Q1", "/workgroups/", "1", "all"],
            "form": ["zuid", "member", "coordinator", "2026-06-30", "12:00", "nl", "en",
                     "member@example.org", "Een titel", "on", "yes", "100", "all",
                     *member_ids]}


def _clients(app: Flask) -> dict[str, FlaskClient]:
    clients = {"anonymous": app.test_client()}
    for role, email in LOGINS.items():
        clients[role] = app.test_client()
        assert log_in(clients[role], email).status_code == 302
    return clients


def _send(client: FlaskClient, call: Call, token: str) -> str | None:
    """None when the answer is not a server error, else what went wrong.

    POSTs carry the client's real CSRF token (so they reach the views), unless the
    generated form brings a csrf_token of its own.
    """
    query = MultiDict(list(call.query))
    try:
        if call.method == "GET":
            response = client.get(call.path, query_string=query)
        else:
            response = client.post(call.path, query_string=query,
                                   data=MultiDict([("csrf_token", token), *call.form]))
    except Exception as error:  # noqa: BLE001 - PROPAGATE_EXCEPTIONS: the fault itself
        return f"{type(error).__name__}: {str(error)[:200]}"
    if response.status_code == 503 and call.path.startswith(UNREACHABLE_PROVIDER):
        return None  # the deliberate "city sign-in cannot be reached" page
    return f"status {response.status_code}" if response.status_code >= 500 else None


@pytest.fixture
def app(db_settings: Settings) -> Iterator[Flask]:
    """The app with the city sign-in switched on (its routes are fuzzed too).

    The issuer is a closed loopback port: the sign-in routes answer their "cannot be
    reached" and "refused" pages, which must not be server errors either.
    """
    from calendar_app.web import create_app

    application = create_app(replace(db_settings, oidc_issuer="http://127.0.0.1:9",
                                     oidc_client_id="fuzz", oidc_client_secret="fuzz"))
    application.config.update(TESTING=True)
    yield application
    application.extensions["database"].dispose()


def test_no_route_answers_with_a_server_error(app: Flask, database_url: str) -> None:
    engine = database_url.split(":", 1)[0]
    people(app)
    catalogue(app)
    known = _known(app)
    clients = _clients(app)
    tokens = {role: csrf_token(client, "/login") for role, client in clients.items()}
    app.config.update(PROPAGATE_EXCEPTIONS=True)
    app.extensions["calendar_limiter"].enabled = False
    SENT[engine] = 0
    faults: dict[str, Call] = {}

    # Generation only, no shrinking: every fault is collected with the request that
    # caused it (one per distinct fault), and the run stays as long as CI can afford.
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.lists(calls(app, known), min_size=BATCH, max_size=BATCH))
    def batch(requests: list[Call]) -> None:
        for call in requests:
            fault = _send(clients[call.role], call, tokens[call.role])
            SENT[engine] += 1
            if fault is not None:
                faults.setdefault(fault, call)

    batch()
    assert not faults, "\n".join(f"{fault}\n    for {call}" for fault, call in faults.items())
    assert SENT[engine] >= REQUESTS_PER_ENGINE
