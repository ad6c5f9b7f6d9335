"""The list filters, the planning check page, and that drafts never reach the public."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

MAY = "from=2026-05-01&to=2026-05-31"


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def test_list_shows_observances_and_activities_in_range(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}"))
    assert "/observances/dodenherdenking" in page
    assert f"/activities/{public_data.published}" in page


def test_type_filter_keeps_only_activities(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&type=activity"))
    assert f"/activities/{public_data.published}" in page
    assert "/observances/" not in page


def test_type_filter_keeps_only_observances(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&type=observance"))
    assert "/observances/dodenherdenking" in page
    assert "/activities/" not in page


def test_theme_filter(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&theme=lhbtiq"))
    assert "/observances/idahot" in page
    assert f"/activities/{public_data.published}" in page
    assert "/observances/dodenherdenking" not in page
    assert f"/activities/{public_data.synergy}" not in page


def test_workgroup_filter(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&workgroup=kleurrijk"))
    assert f"/activities/{public_data.synergy}" in page
    assert f"/activities/{public_data.published}" not in page
    assert "/observances/" not in page


def test_phase_filter(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&phase=borging"))
    assert f"/activities/{public_data.cancelled}" in page
    assert f"/activities/{public_data.published}" not in page


def test_filters_stay_selected_for_sharing(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&theme=religie"))
    assert '<option value="religie" selected>' in page
    assert 'value="2026-05-01"' in page


@pytest.mark.parametrize("query", ["theme=nonsense", "type=party", "phase=x",
                                   "workgroup=nobody", "from=2026-02-30",
                                   "from=2026-05-02&to=2026-05-01",
                                   "from=2026-01-01&to=2027-06-01"])
def test_bad_filters_give_a_message_and_400(client: FlaskClient, query: str) -> None:
    response = client.get(f"/lijst?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in text(response)


PUBLIC_PAGES = ["/", "/maand/2026-05", "/jaar/2026", f"/lijst?{MAY}", "/observances/idahot",
                "/lijst?type=activity"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_drafts_never_appear(client: FlaskClient, public_data: PublicData, path: str) -> None:
    page = text(client.get(path))
    for hidden in (public_data.proposed, public_data.declined):
        assert hidden not in page
    assert "Geheim voorstel" not in page
    assert "Afgewezen plan" not in page


@pytest.mark.parametrize("status", ["proposed", "declined"])
def test_a_draft_activity_page_is_404(
        client: FlaskClient, public_data: PublicData, status: str) -> None:
    response = client.get(f"/activities/{getattr(public_data, status)}")
    assert response.status_code == 404


def test_cancelled_activity_is_listed_and_marked(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/lijst?{MAY}&phase=borging"))
    assert "geannuleerd" in page


def test_check_lists_overlapping_observances_with_considerations(
        client: FlaskClient, public_data: PublicData) -> None:
    response = client.get("/check?from=2026-05-04&to=2026-05-05")
    page = text(response)
    assert response.status_code == 200
    assert "/observances/dodenherdenking" in page
    assert "/observances/bevrijdingsdag" in page
    assert "/observances/idahot" not in page


def test_check_without_dates_shows_the_form(client: FlaskClient) -> None:
    response = client.get("/check")
    assert response.status_code == 200
    assert 'name="from"' in text(response)
    assert 'role="alert"' not in text(response)


@pytest.mark.parametrize(("query", "message"), [
    ("from=2026-05-04", "Vul zowel een begindatum als een einddatum in."),
    ("from=morgen&to=2026-05-05", "is geen datum"),
    ("from=2026-05-05&to=2026-05-04", "De einddatum ligt vóór de begindatum."),
    ("from=2026-01-01&to=2027-12-31", "hoogstens 366 dagen"),
    ("from=1900-01-01&to=1900-01-02", "tussen 1950 en 2100"),
])
def test_check_refuses_bad_ranges_in_dutch(client: FlaskClient, query: str, message: str) -> None:
    response = client.get(f"/check?{query}")
    assert response.status_code == 400
    assert message in text(response)


def test_a_bad_date_is_explained_without_the_iso_form(client: FlaskClient) -> None:
    page = text(client.get("/lijst?from=morgen"))
    assert "Kies een datum met de datumkiezer, of typ hem als dag-maand-jaar" in page
    assert "JJJJ" not in page


def test_a_date_typed_as_day_month_year_is_understood(
        client: FlaskClient, public_data: PublicData) -> None:
    response = client.get("/check?from=4-5-2026&to=05-05-2026")
    assert response.status_code == 200
    assert "/observances/dodenherdenking" in text(response)


def test_check_error_in_english(client: FlaskClient) -> None:
    response = client.get("/check?from=2026-05-05&to=2026-05-04&lang=en")
    assert response.status_code == 400
    assert "The end date is before the start date." in text(response)


def test_an_unknown_filter_value_names_the_field_by_its_label(client: FlaskClient) -> None:
    response = client.get("/lijst?theme=%3Cb%3E")
    assert response.status_code == 400
    assert "Onbekende waarde voor het filter ‘thema’." in text(response)
