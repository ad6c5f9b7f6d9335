"""Logging in and out, rate limits, reset and invitation links, CSRF."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update

from calendar_app.models import OutboxMessage
from calendar_app.models import RateLimitCounter
from calendar_app.models import User
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form

FAILED = "Het e-mailadres of het wachtwoord klopt niet."


def _outbox(app: Flask, kind: str) -> list[OutboxMessage]:
    with database(app).session() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def _link(message: OutboxMessage, key: str) -> str:
    return "/" + message.payload[key].split("/", 3)[3]


def test_login_then_pages_for_members_open(app: Flask, client: FlaskClient) -> None:
    people(app)
    response = log_in(client, "Member@Example.org")
    assert response.status_code == 302
    assert client.get("/workgroups/zuid").status_code == 200


def test_login_follows_a_local_next_only(app: Flask, client: FlaskClient) -> None:
    people(app)
    local = post_form(client, "/login?next=/workgroups/", {
        "email": "member@example.org", "password": PASSWORD}, page="/login")
    assert local.headers["Location"] == "/workgroups/"
    client.post("/logout", data={"csrf_token": _token_from(client, "/workgroups/")})
    foreign = post_form(client, "/login?next=//evil.example/", {
        "email": "member@example.org", "password": PASSWORD}, page="/login")
    assert foreign.headers["Location"] == "/"


def _token_from(client: FlaskClient, page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).get_data(True))
    assert match
    return match.group(1)


def test_logout_ends_the_session(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org")
    response = client.post("/logout", data={"csrf_token": _token_from(client, "/workgroups/")})
    assert response.status_code == 302
    assert client.get("/workgroups/").status_code == 302  # back to the login page


def test_wrong_password_and_unknown_address_get_the_same_answer(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    wrong = log_in(client, "member@example.org", "not the password at all")
    unknown = log_in(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert FAILED in wrong.get_data(as_text=True)
    assert FAILED in unknown.get_data(as_text=True)
    assert client.get("/workgroups/").status_code == 302


def test_the_failure_is_said_in_dutch_by_default(app: Flask, client: FlaskClient) -> None:
    people(app)
    page = log_in(client, "member@example.org", "wrong wrong wrong").get_data(as_text=True)
    assert FAILED in page


def test_login_is_rate_limited_per_address(app: Flask, client: FlaskClient) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    people(app)
    codes = [log_in(client, "member@example.org", "wrong guess number x").status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert log_in(client, "member@example.org").status_code == 429  # even the right one


def test_a_room_of_colleagues_behind_one_address_can_all_sign_in(
        app: Flask, client: FlaskClient) -> None:
    """Thirty sign-ins from one office address in one window, with the default limit."""
    people(app)
    codes = [log_in(app.test_client(), "member@example.org").status_code for _ in range(30)]
    assert codes == [302] * 30


def test_rate_limit_counts_live_in_the_database(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org", "wrong guess number x")
    with database(app).session() as session:
        hits = session.scalars(select(RateLimitCounter.hits)).all()
    assert hits == [1, 1]  # one per client address, one per account


def test_reset_link_works_once(app: Flask, client: FlaskClient) -> None:
    people(app)
    response = post_form(client, "/forgot", {"email": "member@example.org"})
    assert response.status_code == 200
    [message] = _outbox(app, "password-reset")
    assert message.recipient_email == "member@example.org"
    assert message.payload["to_name"] == "Mia Member" and message.payload["lang"] == "nl"
    link = _link(message, "reset_url")
    new = "a brand new pass phrase"
    saved = post_form(client, link, {"password": new, "confirm": new})
    assert saved.status_code == 302
    assert client.get(link).status_code == 404  # the hash changed: the link is dead
    client.post("/logout", data={"csrf_token": _token_from(client, "/workgroups/")})
    assert log_in(client, "member@example.org", new).status_code == 302


def test_forgot_form_says_the_same_for_unknown_addresses(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    known = post_form(client, "/forgot", {"email": "member@example.org"}).get_data(True)
    unknown = post_form(client, "/forgot", {"email": "nobody@example.org"}).get_data(True)
    assert _main(known) == _main(unknown)
    assert len(_outbox(app, "password-reset")) == 1


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def test_a_tampered_reset_link_is_refused(app: Flask, client: FlaskClient) -> None:
    people(app)
    post_form(client, "/forgot", {"email": "member@example.org"})
    [message] = _outbox(app, "password-reset")
    assert client.get(_link(message, "reset_url") + "x").status_code == 404


def test_password_change_logs_out_other_browsers(app: Flask, client: FlaskClient) -> None:
    people(app)
    other = app.test_client()
    log_in(other, "member@example.org")
    post_form(client, "/forgot", {"email": "member@example.org"})
    [message] = _outbox(app, "password-reset")
    new = "another new pass phrase"
    post_form(client, _link(message, "reset_url"), {"password": new, "confirm": new})
    assert other.get("/workgroups/").status_code == 302


def test_form_without_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    people(app)
    response = client.post("/login", data={"email": "member@example.org",
                                           "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/workgroups/").status_code == 302


def test_session_cookie_is_http_only_and_same_site(app: Flask, client: FlaskClient) -> None:
    people(app)
    response = log_in(client, "member@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie



def test_a_deactivated_account_cannot_log_in_and_is_told_so_only_with_its_password(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    with database(app).transaction() as session:
        session.execute(update(User).where(User.email == "member@example.org")
                        .values(is_active=False))
    wrong = log_in(client, "member@example.org", "not the password at all")
    assert wrong.status_code == 401
    assert "gedeactiveerd" not in wrong.get_data(as_text=True)
    right = log_in(client, "member@example.org")
    assert right.status_code == 403
    assert "Dit account is gedeactiveerd" in right.get_data(as_text=True)
    assert client.get("/workgroups/zuid").status_code == 302  # not logged in


def _lock_out(app: Flask, email: str) -> None:
    """A stranger, from another browser, types wrong passwords until the address locks."""
    app.config["ACCOUNT_LOGIN_RATE_LIMIT"] = "3 per minute"
    stranger = app.test_client()
    codes = [log_in(stranger, email, "a stranger's guess").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_a_password_chosen_from_a_reset_link_lifts_a_strangers_lock(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    _lock_out(app, "member@example.org")
    assert log_in(client, "member@example.org").status_code == 429  # the owner is locked out
    post_form(client, "/forgot", {"email": "member@example.org"})
    [message] = _outbox(app, "password-reset")
    new = "a brand new pass phrase"
    assert post_form(client, _link(message, "reset_url"),
                     {"password": new, "confirm": new}).status_code == 302
    client.post("/logout", data={"csrf_token": _token_from(client, "/workgroups/")})
    assert log_in(client, "member@example.org", new).status_code == 302


def test_the_admin_sees_the_lock_on_an_address_and_lifts_it(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    _lock_out(app, "member@example.org")
    with database(app).session() as session:
        member = session.scalars(select(User).where(User.email == "member@example.org")).one()
    admin = app.test_client()
    assert log_in(admin, "admin@example.org").status_code == 302
    page = f"/admin/users/{member.id}"
    assert "geblokkeerd tot" in admin.get(page).get_data(as_text=True)
    assert post_form(admin, f"{page}/login-lock", {}, page=page).status_code == 302
    assert 'id="login-lock"' not in admin.get(page).get_data(as_text=True)
    assert log_in(client, "member@example.org").status_code == 302


def test_an_admin_can_neither_deactivate_nor_unmake_themselves(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    with database(app).session() as session:
        own = session.scalars(select(User).where(User.email == "admin@example.org")).one().id
    assert log_in(client, "admin@example.org").status_code == 302
    page = f"/admin/users/{own}"
    shown = client.get(page).get_data(as_text=True)
    assert 'id="toggle-active"' not in shown and 'id="toggle-admin"' not in shown
    post_form(client, f"{page}/active", {"active": "0"}, page="/admin/users/")
    post_form(client, f"{page}/admin", {"admin": "0"}, page="/admin/users/")
    with database(app).session() as session:
        me = session.get_one(User, own)
        assert me.is_active and me.is_admin
    assert client.get("/admin/users/").status_code == 200  # still signed in, still admin
