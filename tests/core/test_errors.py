"""Every API answer is JSON, even for an address no endpoint serves."""

from django.test import Client


def test_an_unknown_api_address_is_a_json_404(db):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_is_still_the_sites_404_page(db):
    response = Client().get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_crash_under_the_api_is_a_json_500(rf):
    from tremplin.core.errors import server_error

    response = server_error(rf.get("/api/v1/feed"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
