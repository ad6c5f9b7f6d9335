"""The defects an outside test of the running app found, each pinned by a test.

Every test here failed before its fix, on at least one engine.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from calendar_app.web.permissions import safe_next
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form

LOCKED = "Te veel mislukte pogingen voor dit e-mailadres."


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example",
    "/\\evil.example", "/%09/evil.example".replace("%09", "\t"), "/x\r\nSet-Cookie: a=b",
])
def test_next_with_tabs_line_breaks_or_backslashes_goes_home(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target) == "/"


def test_login_with_a_tab_in_next_does_not_leave_the_site(app: Flask,
                                                          client: FlaskClient) -> None:
    people(app)
    response = client.post("/login?next=/%09/evil.example",
                           data={"email": "member@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("Location", "")


@pytest.mark.parametrize("url", [
    "/feed.ics?workgroup=%00", "/activities/%00", "/activities/a%00b.ics",
    "/workgroups/?next=%0d%0a", "/login?next=/x%0d%0aSet-Cookie:%20a=b", "/?lang=n%00l",
])
def test_control_characters_in_a_path_or_query_are_a_400(client: FlaskClient,
                                                        url: str) -> None:
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("url,data", [
    ("/login", {"email": "member@example.org\x00", "password": "x"}),
    ("/forgot", {"email": "a\x00@example.org"}),
])
def test_a_nul_byte_in_a_form_field_is_a_400(app: Flask, client: FlaskClient, url: str,
                                             data: dict[str, str]) -> None:
    people(app)
    assert post_form(client, url, data).status_code == 400


def test_a_nul_byte_in_the_activity_form_is_a_400(app: Flask, client: FlaskClient) -> None:
    from tests.web.accounts_data import activity_data
    from tests.web.accounts_data import workgroup_id

    people(app)
    log_in(client, "coord@example.org")
    data = activity_data(title="Lunch\x00lecture", workgroup=str(workgroup_id(app, "zuid")))
    assert post_form(client, "/activities/new", data).status_code == 400


def test_line_breaks_stay_allowed_in_text_areas(app: Flask, client: FlaskClient) -> None:
    from calendar_app.web.input_guard import has_control

    assert not has_control("first line\r\nsecond\tline", multiline=True)
    assert has_control("first line\r\nsecond", multiline=False)


def test_occurrence_zero_of_an_observance_is_a_404(app: Flask, client: FlaskClient) -> None:
    catalogue(app)
    assert client.get("/observances/keti-koti/2026-0.ics").status_code == 404


@pytest.mark.parametrize("number", ["99999999999999999999", "2147483648", "9223372036854775808"])
def test_ids_too_large_for_the_database_are_a_404(app: Flask, client: FlaskClient,
                                                  number: str) -> None:
    people(app)
    log_in(client, "admin@example.org")
    role = post_form(client, f"/workgroups/zuid/members/{number}/role", {"role": "member"},
                     page="/workgroups/zuid")
    retry = post_form(client, f"/admin/outbox/{number}/retry", {}, page="/workgroups/zuid")
    assert (role.status_code, retry.status_code) == (404, 404)


@pytest.mark.parametrize("query", ["from=0001-01-01&to=0001-12-31",
                                   "from=9999-01-01&to=9999-12-31"])
def test_report_dates_in_year_1_or_9999_are_refused_not_a_500(
        app: Flask, client: FlaskClient, query: str) -> None:
    people(app)
    log_in(client, "coord@example.org")
    assert client.get(f"/planning/zuid/report?{query}").status_code in (200, 400)
    assert client.get(f"/planning/zuid/report.csv?{query}").status_code in (200, 400)


@pytest.mark.parametrize("day", ["1949-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_an_activity_year_outside_1950_2100_is_a_form_error(
        app: Flask, client: FlaskClient, day: str) -> None:
    from tests.web.accounts_data import activity_data
    from tests.web.accounts_data import workgroup_id

    people(app)
    log_in(client, "coord@example.org")
    data = activity_data(start_date=day, end_date=day,
                         workgroup=str(workgroup_id(app, "zuid")))
    response = post_form(client, "/activities/new", data)
    assert response.status_code == 400
    assert "Kies een datum" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Noor\r\nBcc: x@example.org", "Noor\nNieuw"])
def test_a_name_with_a_line_break_is_refused_at_invite(app: Flask, client: FlaskClient,
                                                       name: str) -> None:
    people(app)
    log_in(client, "coord@example.org")
    response = post_form(client, "/workgroups/zuid/invite", {
        "email": "nieuw@example.org", "name": name, "role": "member", "lang": "nl"},
        page="/workgroups/zuid")
    assert response.status_code == 400
    assert "zonder regeleinden" in response.get_data(as_text=True)


def _from(client: FlaskClient, address: str, email: str, password: str) -> int:
    client.environ_base["REMOTE_ADDR"] = address
    return log_in(client, email, password).status_code


def test_one_account_is_locked_after_the_limit_from_any_number_of_addresses(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    codes = [_from(client, f"10.0.{n // 250}.{n % 250 + 1}", "member@example.org",
                   f"wrong guess {n}") for n in range(200)]
    assert codes[:10] == [401] * 10
    assert set(codes[10:]) == {429}
    page = log_in(client, "member@example.org", "one more wrong guess").get_data(True)
    assert LOCKED in page and "Probeer het opnieuw na" in page


def test_during_the_lock_the_right_password_from_a_new_address_gets_the_same_answer(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    for n in range(10):
        _from(client, f"10.1.0.{n + 1}", "member@example.org", f"wrong guess {n}")
    wrong = client.application.test_client()
    wrong.environ_base["REMOTE_ADDR"] = "10.2.0.1"
    right = client.application.test_client()
    right.environ_base["REMOTE_ADDR"] = "10.2.0.2"
    refused = log_in(wrong, "member@example.org", "yet another wrong guess")
    correct = log_in(right, "member@example.org")
    assert refused.status_code == correct.status_code == 429
    assert _main(refused.get_data(True)) == _main(correct.get_data(True))
    assert right.get("/workgroups/zuid").status_code == 302  # not logged in


def test_an_unknown_address_is_locked_the_same_way(app: Flask, client: FlaskClient) -> None:
    people(app)
    for n in range(10):
        _from(client, f"10.3.0.{n + 1}", "nobody@example.org", f"wrong guess {n}")
    known = [_from(client, f"10.4.0.{n + 1}", "member@example.org", f"wrong {n}")
             for n in range(10)]
    assert set(known) == {401}
    unknown = log_in(client, "nobody@example.org", "x")
    member = log_in(client, "member@example.org", "x")
    assert unknown.status_code == member.status_code == 429
    assert _main(unknown.get_data(True)) == _main(member.get_data(True))


def _main(page: str) -> str:
    """The alert the page opens with, without the time of day the lock ends.

    (The rest of the page holds a per-session CSRF token; each lock ends 15 minutes
    after its own first failure.)
    """
    alert = page[page.index('role="alert"'):page.index("</div>", page.index('role="alert"'))]
    return re.sub(r"\d\d:\d\d", "HH:MM", alert)


def test_feed_check_parses_each_feed_version_once(app: Flask, client: FlaskClient,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from calendar_app.web import subscribe

    catalogue(app)
    parsed: list[int] = []
    real = subscribe.check_feed
    monkeypatch.setattr(subscribe, "check_feed",
                        lambda body: parsed.append(len(body)) or real(body))
    pages = [client.get("/feed-check").status_code for _ in range(3)]
    assert pages == [200, 200, 200]
    assert len(parsed) == 1


def test_feed_check_is_rate_limited(app: Flask, client: FlaskClient) -> None:
    app.config["FEED_CHECK_RATE_LIMIT"] = "2 per minute"
    catalogue(app)
    codes = [client.get("/feed-check").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
