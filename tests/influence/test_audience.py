"""Who viewed my items, by region and sector: a group shows only with at least 5
distinct people; smaller groups merge into "other" only if that merged group reaches 5;
people who hide their basics from the author, and blocked people, are never in it."""

from __future__ import annotations

from tests.influence.conftest import days_ago, member, members, view
from tremplin.influence.queries import OTHER, summary, suppress
from tremplin.network.services import block


def groups(breakdown):
    return {g.code: g.people for g in breakdown.groups}


def test_suppress_keeps_groups_of_five_and_merges_the_rest_only_if_five():
    assert groups(suppress([("ON", "Ontario", 5), ("QC", "Québec", 4)])) == {"ON": 5}
    assert suppress([("ON", "Ontario", 5), ("QC", "Québec", 4)]).suppressed
    found = suppress([("ON", "Ontario", 7), ("QC", "Québec", 3), ("BC", "C.-B.", 2)])
    assert groups(found) == {"ON": 7, OTHER: 5}
    assert not found.suppressed
    assert found.groups[-1].code == OTHER  # "other" comes last
    assert groups(suppress([("QC", "Québec", 4)])) == {}
    assert suppress([]).groups == [] and not suppress([]).suppressed


def test_four_people_in_a_region_are_not_shown_five_are(personas, post):
    for person in members("Québécois", 4, region="QC"):
        view(post, person)
    assert groups(summary(personas.alice, 30).regions) == {}

    fifth = member("Cinquième", region="QC")
    view(post, fifth)
    assert groups(summary(personas.alice, 30).regions) == {"QC": 5}


def test_a_person_counts_once_however_many_views(personas, post, article):
    people = members("Fidèle", 4, sector="health")
    for person in people:
        for day in range(3):
            view(post, person, days_ago(day))
        view(article, person)
    assert groups(summary(personas.alice, 30).sectors) == {}


def test_small_groups_merge_into_other_when_they_reach_five(personas, post):
    for person in members("Ontarien", 6, region="ON", sector="education"):
        view(post, person)
    for person in members("Manitobain", 3, region="MB", sector="it"):
        view(post, person)
    for person in members("Albertain", 2, region="AB", sector="it"):
        view(post, person)

    data = summary(personas.alice, 30)

    assert groups(data.regions) == {"ON": 6, OTHER: 5}
    assert groups(data.sectors) == {"education": 6, "it": 5}
    assert data.regions.groups[-1].label == "Autre (groupes de moins de 5 personnes)"


def test_only_viewers_of_the_period_are_described(personas, post):
    for person in members("Ancien", 5, region="NS"):
        view(post, person, days_ago(40))
    assert groups(summary(personas.alice, 30).regions) == {}
    assert groups(summary(personas.alice, 90).regions) == {"NS": 5}


def test_people_hiding_their_basics_count_in_views_but_not_in_the_breakdown(personas, post):
    for person in members("Visible", 4, region="QC"):
        view(post, person)
    hidden = member("Discret", region="QC", basics="connections")  # not alice's connection
    view(post, hidden)
    only_me = member("Secret", region="QC", basics="only_me")
    view(post, only_me)

    data = summary(personas.alice, 30)

    assert data.total("viewers").current == 6
    assert groups(data.regions) == {}
    # A connection who shows their basics to connections is described.
    bob = personas.bob
    type(bob.profile).objects.filter(user=bob).update(region="QC", basics_visibility="connections")
    view(post, bob)
    assert groups(summary(personas.alice, 30).regions) == {"QC": 5}


def test_blocked_people_are_never_in_the_breakdown(personas, post):
    people = members("Lecteur", 5, region="ON")
    for person in people:
        view(post, person)
    assert groups(summary(personas.alice, 30).regions) == {"ON": 5}

    block(people[0], personas.alice)  # blocked by one of them
    assert groups(summary(personas.alice, 30).regions) == {}
    assert summary(personas.alice, 30).total("viewers").current == 5

    for person in members("Autre lecteur", 2, region="ON"):
        view(post, person)
    block(personas.alice, people[1])  # alice blocks another one
    assert groups(summary(personas.alice, 30).regions) == {"ON": 5}


def test_deactivated_members_are_not_described(personas, post):
    people = members("Parti", 5, sector="retail")
    for person in people:
        view(post, person)
    people[0].is_active = False
    people[0].save()
    assert groups(summary(personas.alice, 30).sectors) == {}
