"""The recruiter search's filters (matching only what the recruiter may see), its cost,
and the contact that arrives as a message request naming the employer."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.recruiting.conftest import SKILL
from tremplin.core.audience import SectionAudience
from tremplin.messaging.models import Participant, RequestState
from tremplin.messaging.services import accept_request
from tremplin.profiles.models import LanguageSkill, OpenToWorkAudience, Profile, Skill


def handles(client, **params) -> list[str]:
    response = client.get("/api/v1/recruiting/candidates", params)
    assert response.status_code == 200, response.content
    return [c["handle"] for c in response.json()["results"]]


def test_filters_find_her_by_skill_region_and_language_in_either_language(cast, as_user):
    client = as_user(cast.rita)
    assert handles(client, skills=f"{SKILL.lower()}, ") == ["alice-martin"]
    assert handles(client, skills=f"{SKILL}, Plomberie") == []
    assert handles(client, region="QC") == ["alice-martin"]
    assert handles(client, region="ON") == []
    assert handles(client, language="french") == ["alice-martin"]
    assert handles(client, language="English") == []
    assert client.get("/api/v1/recruiting/candidates", {"region": "XX"}).status_code == 422


def test_a_filter_never_matches_a_section_hidden_from_the_recruiter(cast, as_user):
    Profile.objects.filter(user=cast.alice).update(
        skills_visibility=SectionAudience.ONLY_ME, languages_visibility=SectionAudience.CONNECTIONS
    )
    client = as_user(cast.rita)
    assert handles(client) == ["alice-martin"]
    assert handles(client, skills=SKILL) == []
    assert handles(client, language="Français") == []
    card = client.get("/api/v1/recruiting/candidates").json()["results"][0]
    assert card["skills"] is None and card["languages"] is None
    page = as_user(cast.rita).get("/fr/recruiting/candidates/").content.decode()
    assert SKILL not in page


def test_members_hidden_from_search_or_not_looking_are_never_listed(cast, as_user):
    client = as_user(cast.rita)
    Profile.objects.filter(user=cast.alice).update(hidden_from_search=True)
    assert handles(client) == []
    Profile.objects.filter(user=cast.alice).update(hidden_from_search=False, open_to_work=False)
    assert handles(client) == []
    Profile.objects.filter(user=cast.alice).update(
        open_to_work=True, open_to_work_audience=OpenToWorkAudience.COUNSELLORS
    )
    assert handles(client) == []


def test_shown_to_everyone_she_is_listed_but_never_to_her_own_employer(cast, as_user):
    Profile.objects.filter(user=cast.alice).update(
        open_to_work_audience=OpenToWorkAudience.EVERYONE
    )
    assert handles(as_user(cast.rita)) == ["alice-martin"]
    assert handles(as_user(cast.oscar)) == []
    assert handles(as_user(cast.hugo)) == []


def _candidate(n: int) -> None:
    user = UserFactory(email=f"cand{n}@example.org", name=f"Candidate {n}")
    Profile.objects.filter(user=user).update(
        open_to_work=True, open_to_work_audience=OpenToWorkAudience.RECRUITERS
    )
    Skill.objects.create(profile=user.profile, name=SKILL)
    LanguageSkill.objects.create(profile=user.profile, language="English", level="fluent")


def test_a_page_costs_the_same_number_of_queries_for_more_candidates(cast, as_user):
    client = as_user(cast.rita)
    client.get("/fr/recruiting/candidates/")  # the session's own first reads

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/fr/recruiting/candidates/").status_code == 200
            assert client.get("/api/v1/recruiting/candidates").status_code == 200
        return len(captured)

    _candidate(1)
    few = queries()
    for n in range(2, 6):
        _candidate(n)
    assert queries() == few
    assert len(handles(client)) == 6
    with CaptureQueriesContext(connection) as api:
        client.get("/api/v1/recruiting/candidates", {"skills": SKILL, "language": "English"})
    # session and user, memberships, employers' names, the page, its count, skills,
    # languages: the kept-out filter is built once however many audiences use it.
    assert len(api) <= 9, [q["sql"][:80] for q in api.captured_queries]


def test_a_recruiter_writes_and_it_arrives_as_a_request_naming_her_employer(cast, as_user):
    client = as_user(cast.rita)
    form = client.get("/en/recruiting/candidates/alice-martin/contact/")
    assert form.status_code == 200
    assert 'for="id_body"' in form.content.decode()
    empty = client.post("/en/recruiting/candidates/alice-martin/contact/", {"body": "  "})
    assert empty.status_code == 400
    sent = client.post(
        "/en/recruiting/candidates/alice-martin/contact/",
        {"organization": "boulangerie-dupain", "body": "Un poste de boulangère vous tente ?"},
    )
    assert sent.status_code == 302
    mine = Participant.objects.get(user=cast.alice)
    assert mine.request_state == RequestState.PENDING
    first = mine.conversation.messages.get()
    assert first.body.startswith("Rita Roux, recruteuse ou recruteur chez Boulangerie Dupain")
    assert first.body.endswith("Un poste de boulangère vous tente ?")
    accept_request(cast.alice, mine.conversation)
    assert Participant.objects.get(pk=mine.pk).request_state == RequestState.ACCEPTED


def test_only_a_candidate_of_the_search_can_be_contacted(cast, as_user):
    payload = {"body": "Bonjour"}
    url = "/api/v1/recruiting/candidates/alice-martin/contact"
    own = as_user(cast.oscar).post(url, payload, content_type="application/json")
    assert own.status_code == 404
    unverified = as_user(cast.ursula).post(url, payload, content_type="application/json")
    assert unverified.status_code == 403
    assert (
        as_user(cast.oscar).get("/fr/recruiting/candidates/alice-martin/contact/").status_code
        == 404
    )
    sent = as_user(cast.victor).post(url, payload, content_type="application/json")
    assert sent.status_code == 201
    assert sent.json()["url"].endswith(f"/messages/{sent.json()['conversation_id']}/")
    bad = as_user(cast.victor).post(
        url, {"body": "x", "organization": "cafe-du-coin"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert Participant.objects.filter(user=cast.alice).count() == 1
