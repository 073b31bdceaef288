"""The analytics page: signed-in only, always about the signed-in member's own items,
in French and English, with accessible charts (no inline style or script) and a period
selector that falls back to 30 days on a hand-edited address."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for
from tests.influence.conftest import follow, members, react, view

PAGE = "/{lang}/influence/"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_visitors_are_sent_to_sign_in(db, lang):
    response = client_for(None).get(PAGE.format(lang=lang))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_numbers_in_french(personas, post):
    view(post, personas.bob)
    view(post, personas.carol)
    react(personas.bob, post)
    follow(personas.carol, personas.alice)

    response = client_for(personas.alice).get("/fr/influence/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Mes statistiques" in html
    assert "Vues et réactions par jour" in html
    assert "Mes contenus les plus vus" in html
    assert f'href="{post.get_absolute_url()}"' in html
    assert "Mon premier billet sur l&#x27;emploi" in html
    assert re.search(r'total-views">\s*<span class="total-label">Vues</span>\s*'
                     r'<strong class="total-value">2</strong>', html)  # fmt: skip
    assert re.search(r'total-reactions">\s*<span class="total-label">Réactions</span>\s*'
                     r'<strong class="total-value">1</strong>', html)  # fmt: skip
    # No viewer is ever named.
    for name in ("Bob Roy", "Carol Singh"):
        assert name not in html


def test_my_numbers_in_english(personas, post):
    view(post, personas.bob)
    response = client_for(personas.alice).get("/en/influence/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "My analytics" in html
    assert "Views and reactions per day" in html
    assert "Last 90 days" in html
    assert "Who viewed my items" in html
    assert "Bob Roy" not in html


def test_charts_are_accessible_images_with_tables_and_no_inline_style(personas, post):
    view(post, personas.bob)
    html = client_for(personas.alice).get("/en/influence/").content.decode()
    assert html.count('role="img"') == 2
    assert '<title id="activity-chart-t">Views and reactions per day</title>' in html
    assert 'aria-labelledby="activity-chart-t activity-chart-d"' in html
    assert '<desc id="followers-chart-d">' in html
    assert html.count("<details>") == 2 and html.count('<table class="numbers">') >= 2
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # only external scripts
    assert " on" + "click=" not in html


@pytest.mark.parametrize("days,rows", [("7", 7), ("30", 30), ("90", 90)])
def test_the_period_selector(personas, days, rows):
    html = client_for(personas.alice).get(f"/en/influence/?days={days}").content.decode()
    assert f'<option value="{days}" selected>' in html
    # One row per day in each of the two tables.
    assert html.count('<th scope="row"><time') == rows * 2


@pytest.mark.parametrize("days", ["0", "abc", "12", "-7", "91", ""])
def test_an_unknown_period_shows_30_days_and_says_so(personas, days):
    response = client_for(personas.alice).get(f"/en/influence/?days={days}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "That period is not offered: here are the last 30 days." in html
    assert html.count('<th scope="row"><time') == 60
    french = client_for(personas.alice).get(f"/fr/influence/?days={days}").content.decode()
    assert "Cette période n'est pas proposée\u00a0: voici les 30 derniers jours." in french


def test_the_breakdown_shows_groups_of_five_and_explains_why(personas, post):
    for person in members("Ontarien", 5, region="ON"):
        view(post, person)
    for person in members("Québécois", 4, region="QC"):
        view(post, person)

    html = client_for(personas.alice).get("/en/influence/").content.decode()

    assert re.search(r'<tr class="group-ON"><th scope="row">Ontario</th><td>5</td></tr>', html)
    assert "group-QC" not in html and "Quebec" not in html
    assert "Some people are not shown: their groups are too small." in html
    assert "a group appears only when it holds at least 5 people" in html


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "mallory", "sam"])
def test_everyone_else_sees_only_their_own_numbers(personas, post, name):
    for person in members("Lecteur", 5, region="ON"):
        view(post, person)
    react(personas.bob, post)

    html = client_for(getattr(personas, name)).get("/en/influence/").content.decode()

    assert "Mon premier billet" not in html
    assert "group-ON" not in html
    assert re.search(r'total-views">\s*<span class="total-label">Views</span>\s*'
                     r'<strong class="total-value">0</strong>', html)  # fmt: skip
    assert "Nobody has viewed your items in this period yet." in html


def test_the_page_has_no_parameter_naming_someone_else(personas, post):
    view(post, personas.bob)
    html = (
        client_for(personas.carol)
        .get(f"/en/influence/?user={personas.alice.pk}&handle=alice-martin")
        .content.decode()
    )
    assert "Mon premier billet" not in html


def test_the_home_page_links_to_my_analytics(personas):
    html = client_for(personas.alice).get("/en/").content.decode()
    assert 'href="/en/influence/"' in html
