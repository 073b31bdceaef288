"""How a notification reads: a sentence in the READER's language (rendered at read time,
from kind + actor + counts + data, never stored as text), a link and an excerpt.

Targets come from every app (posts, comments, messages...), so they are handled
generically: a target is shown (link and excerpt) only while the reader may still see
it, as its model's own `visible_to` says; a deleted target, or one with no visibility
rule at all, is rendered without link or excerpt (deny by default). A few kinds link to
the reader's own pages (their invitations, their profile), which leak nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.notifications.models import Kind, Notification

EXCERPT_MAX = 160


@dataclass
class Rendered:
    notification: Notification
    text: str
    url: str | None
    excerpt: str

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def _one(kind: str, actor: str, data: dict) -> str:
    """The sentence when one person did it."""
    skill = str(data.get("skill", ""))
    alert = str(data.get("alert", ""))
    event = str(data.get("event", ""))
    sentences: dict[str, Callable[[], str]] = {
        Kind.CONNECTION_REQUEST: lambda: _("%(actor)s wants to connect with you."),
        Kind.CONNECTION_ACCEPTED: lambda: _("%(actor)s accepted your connection request."),
        Kind.MENTION: lambda: _("%(actor)s mentioned you."),
        Kind.COMMENT: lambda: _("%(actor)s commented on your post."),
        Kind.REPLY: lambda: _("%(actor)s replied to your comment."),
        Kind.REACTION: lambda: _("%(actor)s reacted to your post."),
        Kind.RESHARE: lambda: _("%(actor)s reshared your post."),
        Kind.ENDORSEMENT: lambda: (
            _("%(actor)s endorsed your skill “%(skill)s”.")
            if skill
            else _("%(actor)s endorsed one of your skills.")
        ),
        Kind.RECOMMENDATION: lambda: _("%(actor)s wrote a recommendation for you."),
        Kind.MESSAGE: lambda: _("%(actor)s sent you a message."),
        Kind.CASE_INVITATION: lambda: _(
            "%(actor)s invited you to work together as your counsellor."
        ),
        Kind.CASE_UPDATE: lambda: _("%(actor)s updated your counselling link."),
        Kind.DOCUMENT_SHARED: lambda: _("%(actor)s shared a document with you."),
        Kind.DOCUMENT_COMMENT: lambda: _("%(actor)s commented on a document."),
        Kind.PLAN_UPDATE: lambda: _("%(actor)s updated a service plan."),
        Kind.APPOINTMENT: lambda: _appointment_sentence(str(data.get("event", ""))),
        Kind.FOLLOW_UP_DUE: lambda: _("A follow-up with %(actor)s is due."),
        Kind.SURVEY: lambda: _("%(actor)s asks how the service went: a short survey awaits you."),
        Kind.JOB_ALERT: lambda: (
            _("A new job matches your alert “%(alert)s”.")
            if alert
            else _("A new job matches one of your alerts.")
        ),
        Kind.JOB_FORWARDED: lambda: (
            _("A job posting %(actor)s sent you is no longer open.")
            if event == "ended"
            else _("%(actor)s sent you a job posting.")
        ),
        Kind.JOB_UPDATE: lambda: _("A job posting you follow is no longer open."),
        Kind.JOB_REVIEW: lambda: _job_review_sentence(event),
        Kind.JOB_ANSWER: lambda: _job_answer_sentence(event),
    }
    return sentences[kind]() % {"actor": actor, "skill": skill, "alert": alert}


def _job_answer_sentence(event: str) -> str:
    if event == "interested":
        return _("%(actor)s is interested in a job posting you sent.")
    if event == "not_for_me":
        return _("%(actor)s says a job posting you sent is not for them.")
    return _("%(actor)s applied to a job posting you sent.")


def _job_review_sentence(event: str) -> str:
    if event == "removed":
        return _("Your job posting was removed by the moderators.")
    if event == "approved":
        return _("%(actor)s approved your job posting: it is open now.")
    if event == "rejected":
        return _("%(actor)s did not approve your job posting.")
    if event == "held":
        return _("Your job posting is held for review.")
    return _("%(actor)s sent a job posting for review.")


# Kinds whose sentence names nobody: no person caused them (a match, a posting's end).
ACTORLESS = {Kind.JOB_ALERT, Kind.JOB_UPDATE}


def _appointment_sentence(event: str) -> str:
    if event == "changed":
        return _("%(actor)s moved an appointment with you.")
    if event == "cancelled":
        return _("%(actor)s cancelled an appointment with you.")
    if event == "reminder":
        return _("Reminder: you have an appointment with %(actor)s soon.")
    return _("%(actor)s booked an appointment with you.")


def _many(kind: str, actor: str, others: int, data: dict) -> str:
    """The sentence when several people did it ("Bob Roy and 3 others...")."""
    skill = str(data.get("skill", ""))
    sentences: dict[str, Callable[[], str]] = {
        Kind.CONNECTION_REQUEST: lambda: ngettext(
            "%(actor)s and %(others)d other person want to connect with you.",
            "%(actor)s and %(others)d other people want to connect with you.",
            others,
        ),
        Kind.CONNECTION_ACCEPTED: lambda: ngettext(
            "%(actor)s and %(others)d other person accepted your connection requests.",
            "%(actor)s and %(others)d other people accepted your connection requests.",
            others,
        ),
        Kind.MENTION: lambda: ngettext(
            "%(actor)s and %(others)d other person mentioned you.",
            "%(actor)s and %(others)d other people mentioned you.",
            others,
        ),
        Kind.COMMENT: lambda: ngettext(
            "%(actor)s and %(others)d other person commented on your post.",
            "%(actor)s and %(others)d other people commented on your post.",
            others,
        ),
        Kind.REPLY: lambda: ngettext(
            "%(actor)s and %(others)d other person replied to your comment.",
            "%(actor)s and %(others)d other people replied to your comment.",
            others,
        ),
        Kind.REACTION: lambda: ngettext(
            "%(actor)s and %(others)d other person reacted to your post.",
            "%(actor)s and %(others)d other people reacted to your post.",
            others,
        ),
        Kind.RESHARE: lambda: ngettext(
            "%(actor)s and %(others)d other person reshared your post.",
            "%(actor)s and %(others)d other people reshared your post.",
            others,
        ),
        Kind.ENDORSEMENT: lambda: (
            ngettext(
                "%(actor)s and %(others)d other person endorsed your skill “%(skill)s”.",
                "%(actor)s and %(others)d other people endorsed your skill “%(skill)s”.",
                others,
            )
            if skill
            else ngettext(
                "%(actor)s and %(others)d other person endorsed your skills.",
                "%(actor)s and %(others)d other people endorsed your skills.",
                others,
            )
        ),
        Kind.RECOMMENDATION: lambda: ngettext(
            "%(actor)s and %(others)d other person wrote recommendations for you.",
            "%(actor)s and %(others)d other people wrote recommendations for you.",
            others,
        ),
        Kind.MESSAGE: lambda: ngettext(
            "%(actor)s and %(others)d other person sent you messages.",
            "%(actor)s and %(others)d other people sent you messages.",
            others,
        ),
        Kind.CASE_INVITATION: lambda: ngettext(
            "%(actor)s and %(others)d other person invited you to work together.",
            "%(actor)s and %(others)d other people invited you to work together.",
            others,
        ),
        Kind.CASE_UPDATE: lambda: ngettext(
            "%(actor)s and %(others)d other person updated your counselling links.",
            "%(actor)s and %(others)d other people updated your counselling links.",
            others,
        ),
        Kind.DOCUMENT_SHARED: lambda: ngettext(
            "%(actor)s and %(others)d other person shared documents with you.",
            "%(actor)s and %(others)d other people shared documents with you.",
            others,
        ),
        Kind.DOCUMENT_COMMENT: lambda: ngettext(
            "%(actor)s and %(others)d other person commented on a document.",
            "%(actor)s and %(others)d other people commented on a document.",
            others,
        ),
        Kind.PLAN_UPDATE: lambda: ngettext(
            "%(actor)s and %(others)d other person updated a service plan.",
            "%(actor)s and %(others)d other people updated a service plan.",
            others,
        ),
        Kind.APPOINTMENT: lambda: ngettext(
            "%(actor)s and %(others)d other person changed appointments with you.",
            "%(actor)s and %(others)d other people changed appointments with you.",
            others,
        ),
        Kind.FOLLOW_UP_DUE: lambda: ngettext(
            "Follow-ups with %(actor)s and %(others)d other person are due.",
            "Follow-ups with %(actor)s and %(others)d other people are due.",
            others,
        ),
        Kind.SURVEY: lambda: ngettext(
            "%(actor)s and %(others)d other person ask how the service went.",
            "%(actor)s and %(others)d other people ask how the service went.",
            others,
        ),
        Kind.JOB_ALERT: lambda: ngettext(
            "%(others)d more new job matches your alerts.",
            "%(others)d more new jobs match your alerts.",
            others,
        ),
        Kind.JOB_FORWARDED: lambda: ngettext(
            "%(actor)s and %(others)d other person sent you job postings.",
            "%(actor)s and %(others)d other people sent you job postings.",
            others,
        ),
        Kind.JOB_UPDATE: lambda: ngettext(
            "%(actor)s and %(others)d other person changed job postings you follow.",
            "%(actor)s and %(others)d other people changed job postings you follow.",
            others,
        ),
        Kind.JOB_REVIEW: lambda: ngettext(
            "%(actor)s and %(others)d other person sent job postings for review.",
            "%(actor)s and %(others)d other people sent job postings for review.",
            others,
        ),
        Kind.JOB_ANSWER: lambda: ngettext(
            "%(actor)s and %(others)d other person answered job postings you sent.",
            "%(actor)s and %(others)d other people answered job postings you sent.",
            others,
        ),
    }
    return sentences[kind]() % {"actor": actor, "others": others, "skill": skill}


def text_of(notification: Notification) -> str:
    """The sentence, in the language active now (the reader's)."""
    actor = notification.actor
    name = actor.display_name if actor is not None else _("Someone")
    data = notification.data if isinstance(notification.data, dict) else {}
    others = max(notification.actor_count - 1, 0)
    if others:
        return _many(notification.kind, name, others, data)
    if notification.kind == Kind.MESSAGE and notification.count > 1:
        return ngettext(
            "%(actor)s sent you %(count)d message.",
            "%(actor)s sent you %(count)d messages.",
            notification.count,
        ) % {"actor": name, "count": notification.count}
    return _one(notification.kind, name, data)


# ------------------------------------------------------------------ targets


def _visible_objects(viewer, model, ids: set[int]) -> dict[int, object]:
    """The targets of one model that `viewer` may still see, by the model's own rule:
    its QuerySet's `visible_to(viewer)`, else the instance's `visible_to(viewer)` or
    `is_visible_to(viewer)`; a model with none of them shows nothing."""
    manager = model._default_manager
    if callable(getattr(manager, "visible_to", None)):
        return {obj.pk: obj for obj in manager.visible_to(viewer).filter(pk__in=ids)}
    found = {}
    for obj in manager.filter(pk__in=ids):
        check = getattr(obj, "visible_to", None) or getattr(obj, "is_visible_to", None)
        if callable(check) and check(viewer) is True:
            found[obj.pk] = obj
    return found


def visible_targets(viewer, notifications: Iterable[Notification]) -> dict[tuple[int, int], object]:
    """{(content type id, object id): object} for every target the viewer may see; one
    query per model, whatever the number of notifications."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for n in notifications:
        if n.target_type_id and n.target_id:
            wanted[n.target_type_id].add(n.target_id)
    found: dict[tuple[int, int], object] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # the app was removed
            continue
        for pk, obj in _visible_objects(viewer, model, ids).items():
            found[(type_id, pk)] = obj
    return found


def _url_of(obj) -> str | None:
    from tremplin.profiles.models import Profile

    if isinstance(obj, Profile):
        return reverse("profiles:detail", kwargs={"handle": obj.handle})
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if callable(get_url) else None


def _own_page(notification: Notification, viewer) -> str | None:
    """Kinds whose natural page is the reader's own: nothing about anyone else leaks."""
    if notification.kind == Kind.CONNECTION_REQUEST:
        return reverse("network:home")
    if notification.kind == Kind.RECOMMENDATION:
        return reverse("profiles:recommendations")
    if notification.kind == Kind.ENDORSEMENT:
        profile = getattr(viewer, "profile", None)
        if profile is not None:
            return reverse("profiles:detail", kwargs={"handle": profile.handle})
    return None


def render(viewer, notifications: Iterable[Notification]) -> list[Rendered]:
    """Each notification as the viewer reads it, in the active language. Select the
    rows with `select_related("actor__profile")`; the targets cost one query per model."""
    rows = list(notifications)
    targets = visible_targets(viewer, rows)
    rendered = []
    for n in rows:
        url = None
        excerpt = ""
        has_target = bool(n.target_type_id and n.target_id)
        target = targets.get((n.target_type_id or 0, n.target_id or 0))
        data = n.data if isinstance(n.data, dict) else {}
        if target is not None:
            url = _url_of(target)
        if target is not None or not has_target:
            excerpt = str(data.get("excerpt", ""))[:EXCERPT_MAX]
        url = url or _own_page(n, viewer)
        rendered.append(Rendered(n, text_of(n), url, excerpt))
    return rendered


def render_one(viewer, notification: Notification) -> Rendered:
    return render(viewer, [notification])[0]
