"""The demo's projects (tremplin/demo/projects.py): a project that found a collaborator
with its board, milestone, discussion and a shared vault file, a study group with an
application waiting, an invitation-only project, the agency's team project seen only by
its staff; a second run adds nothing."""

from django.core.management import call_command

from tremplin.accounts.models import User
from tremplin.projects.models import Member, Project, SharedFile, Task
from tremplin.vault.models import Document


def person(local: str) -> User:
    return User.objects.get(email=f"{local}@tremplin.example")


def test_the_demo_shows_projects_and_a_second_run_adds_nothing(db):
    call_command("seed_demo", quiet=True)
    counts = [m.objects.count() for m in (Project, Member, Task, SharedFile)]
    call_command("seed_demo", quiet=True)
    assert counts == [m.objects.count() for m in (Project, Member, Task, SharedFile)]
    assert sorted(Project.objects.values_list("visibility", flat=True)) == [
        "invitation",
        "members",
        "public",
        "team",
    ]
    grocery = Project.objects.get(visibility="public")
    assert set(Task.objects.filter(project=grocery).values_list("column", flat=True)) == {
        "todo",
        "doing",
        "done",
    }
    plan = SharedFile.objects.get(project=grocery).document
    assert Document.objects.visible_to(person("li.wei")).filter(pk=plan.pk).exists()
    team = Project.objects.get(visibility="team")
    assert team.is_visible_to(person("daniel.okafor"))
    assert not team.is_visible_to(person("amina.diallo"))
    podcast = Project.objects.get(visibility="invitation")
    assert podcast.is_visible_to(person("carlos.mendez"))
    assert not podcast.is_visible_to(person("li.wei"))
