"""Workgroups in the web UI: create, edit, invite (through the outbox), accept, roles."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form


def _workgroup(app: Flask, slug: str) -> Workgroup | None:
    with database(app).session() as session:
        return session.scalar(select(Workgroup).where(Workgroup.slug == slug))


def _role(app: Flask, email: str, slug: str) -> str | None:
    with database(app).session() as session:
        return session.scalar(
            select(Membership.role).join(User).join(Workgroup)
            .where(User.email == email, Workgroup.slug == slug))


def _user_id(app: Flask, email: str) -> int:
    with database(app).session() as session:
        found = session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


def _invite_mail(app: Flask) -> OutboxMessage:
    with database(app).session() as session:
        [message] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "invitation")).all()
    return message


def _invite(client: FlaskClient, **changes: str):  # type: ignore[no-untyped-def]
    data = {"email": "nieuw@example.org", "name": "Noor Nieuw", "role": "member",
            "lang": "nl", **changes}
    return post_form(client, "/workgroups/zuid/invite", data, page="/workgroups/zuid")


def test_an_administrator_creates_a_workgroup(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "admin@example.org")
    response = post_form(client, "/workgroups/new", {
        "slug": "west", "name": "Werkgroep West", "description": "Nieuw-West",
        "budget": "1500"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/workgroups/west")
    created = _workgroup(app, "west")
    assert created is not None
    assert (created.name, created.description, created.budget) == (
        "Werkgroep West", "Nieuw-West", Decimal("1500.00"))


def test_a_taken_short_name_is_refused_beside_the_field(app: Flask,
                                                        client: FlaskClient) -> None:
    people(app)
    log_in(client, "admin@example.org")
    response = post_form(client, "/workgroups/new", {"slug": "zuid", "name": "Nog een Zuid"})
    assert response.status_code == 400
    assert "Nog een Zuid" in response.get_data(as_text=True)  # what was typed stays


def test_a_coordinator_cannot_create_a_workgroup(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    assert client.get("/workgroups/new").status_code == 403


def test_a_coordinator_edits_the_workgroup_but_not_its_short_name(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    response = post_form(client, "/workgroups/zuid/edit", {
        "slug": "gekaapt", "name": "Werkgroep Zuid (Amsterdam)", "description": "Stadsdeel Zuid",
        "budget": ""})
    assert response.status_code == 302
    edited = _workgroup(app, "zuid")
    assert edited is not None and edited.name == "Werkgroep Zuid (Amsterdam)"
    assert edited.description == "Stadsdeel Zuid" and edited.budget is None
    assert _workgroup(app, "gekaapt") is None


def test_a_member_cannot_edit_the_workgroup(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org")
    assert client.get("/workgroups/zuid/edit").status_code == 403


def test_a_coordinator_of_another_workgroup_does_not_see_it(app: Flask,
                                                             client: FlaskClient) -> None:
    people(app)
    log_in(client, "oost@example.org")
    assert client.get("/workgroups/zuid").status_code == 404
    assert client.get("/workgroups/zuid/edit").status_code == 404


def test_an_invitation_is_mailed_through_the_outbox(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    response = _invite(client, lang="en")
    assert response.status_code == 302
    message = _invite_mail(app)
    assert message.recipient_email == "nieuw@example.org"
    assert message.payload["workgroup"] == "Werkgroep Zuid"
    assert message.payload["lang"] == "en"
    assert "/invitation/" in message.payload["invite_url"]
    assert _role(app, "nieuw@example.org", "zuid") == "member"


def test_an_invalid_invitation_address_is_refused_and_nothing_is_mailed(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    response = _invite(client, email="geen-adres")
    assert response.status_code == 400
    with database(app).session() as session:
        assert session.scalars(select(OutboxMessage)).all() == []


def test_a_member_cannot_invite(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org")
    assert _invite(client).status_code == 403


def test_the_invited_colleague_accepts_by_choosing_a_password(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    _invite(client)
    link = "/" + _invite_mail(app).payload["invite_url"].split("/", 3)[3]
    guest = app.test_client()
    assert guest.get(link).status_code == 200
    password = "een nieuw en lang wachtwoord"
    accepted = post_form(guest, link, {"password": password, "confirm": password})
    assert accepted.status_code == 302
    assert guest.get("/workgroups/zuid").status_code == 200  # logged in as a member
    assert guest.get(link).status_code == 404  # the link works once
    assert log_in(app.test_client(), "nieuw@example.org", password).status_code == 302


def test_a_coordinator_changes_a_members_role(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    member = _user_id(app, "member@example.org")
    response = post_form(client, f"/workgroups/zuid/members/{member}/role",
                         {"role": "coordinator"}, page="/workgroups/zuid")
    assert response.status_code == 302
    assert _role(app, "member@example.org", "zuid") == "coordinator"


def test_a_member_cannot_change_roles(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org")
    coordinator = _user_id(app, "coord@example.org")
    response = post_form(client, f"/workgroups/zuid/members/{coordinator}/role",
                         {"role": "member"}, page="/workgroups/zuid")
    assert response.status_code == 403
    assert _role(app, "coord@example.org", "zuid") == "coordinator"


def test_a_member_sees_no_role_controls(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org")
    page = client.get("/workgroups/zuid").get_data(as_text=True)
    assert "Cas Coordinator" in page
    assert "/members/" not in page


def test_a_role_for_someone_outside_the_workgroup_is_not_found(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    outsider = _user_id(app, "oost@example.org")
    response = post_form(client, f"/workgroups/zuid/members/{outsider}/role",
                         {"role": "coordinator"}, page="/workgroups/zuid")
    assert response.status_code == 404
    assert _role(app, "oost@example.org", "zuid") is None


def test_the_yearly_budget_takes_a_dutch_amount(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    page = client.get("/workgroups/zuid/edit").get_data(as_text=True)
    assert "In euro, bijvoorbeeld 30.000,00." in page
    response = post_form(client, "/workgroups/zuid/edit", {
        "name": "Werkgroep Zuid", "description": "", "budget": "30.000,50"})
    assert response.status_code == 302
    edited = _workgroup(app, "zuid")
    assert edited is not None and edited.budget == Decimal("30000.50")


def test_a_refused_budget_is_explained_in_english_on_an_english_page(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    response = post_form(client, "/workgroups/zuid/edit?lang=en", {
        "name": "Werkgroep Zuid", "description": "", "budget": "a lot"},
        page="/workgroups/zuid/edit")
    assert response.status_code == 400
    assert "Enter an amount from 0 to 10,000,000, for example 30,000.00." in \
        response.get_data(as_text=True)


def test_a_taken_short_name_is_explained_in_dutch(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "admin@example.org")
    page = post_form(client, "/workgroups/new", {"slug": "zuid", "name": "Nog een Zuid"}
                     ).get_data(as_text=True)
    assert "Er is al een werkgroep met deze korte naam. Kies een andere." in page
    assert "exists already" not in page
