"""The actions of resource libraries. Pages and API call these; nothing else writes
`Resource`, `ResourceBookmark` or `ResourceVote`.

- `add`: a member adds a link, a document (uploaded, or shared from their own vault) or
  a guide to a community's library (`posting.may_post` first: member, not muted, rules
  accepted, slow mode) or to an agency's. A moderator's resource (the community's
  moderators, the agency's staff) is published at once; anyone else's is a suggestion
  the moderators approve or decline (`decide`, logged with `log_action`; the author is
  told, never by whom).
- `edit`, `delete` (the author or a moderator; a moderator removing someone else's
  resource logs it and tells the author why), `withdraw` (the author takes their vault
  document back: the resource stays, marked unavailable; the original was never copied).
- `set_featured`, `bookmark`, `vote` ("was this useful?", one answer per member, which
  they may change; the counts are kept with F() so lists never count rows).
- A link's preview (title, description, site name) is read by the task
  `fetch_preview(resource_id)`, queued after commit: never during the request, through
  `core.safe_fetch` (SSRF-safe); a failure leaves the link without a preview.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.communities.hooks_resources import (
    RESOURCE_APPROVED,
    RESOURCE_DECLINED,
    RESOURCE_SUGGESTED,
)
from tremplin.communities.models import (
    Community,
    Membership,
    ModerationAction,
    Resource,
    ResourceBookmark,
    ResourceKind,
    ResourceState,
    ResourceVote,
)
from tremplin.communities.models.community import REASON_MAX_LENGTH
from tremplin.communities.models.events import EventAudience
from tremplin.communities.models.resources import (
    DESCRIPTION_MAX_LENGTH,
    GUIDE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from tremplin.communities.queries import resources as queries
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import moderation, posting
from tremplin.communities.services.log import log_action
from tremplin.communities.services.resource_preview import queue_preview
from tremplin.core.files import private_file_response
from tremplin.notifications.services import notify
from tremplin.organizations.models import Membership as Staff
from tremplin.organizations.models import Organization
from tremplin.vault.models import Document
from tremplin.vault.services import record_access
from tremplin.vault.storage import file_response
from tremplin.vault.uploads import EXTENSIONS, check_upload

MAX_TAGS = 8
TAG_MAX_LENGTH = 30
URL_MAX_LENGTH = 1000
CONTENT_TYPES = {extension: kind for kind, extension in EXTENSIONS.items()}
EDITABLE = ("title", "description", "url", "body", "tags", "language", "audience")


def _refuse(message: str, field: str | None = None, code: str = "invalid") -> CommunityRefusal:
    return CommunityRefusal(message, code, field=field)


# ------------------------------------------------------------------ validation


def clean_tags(value: Any) -> list[str]:
    """Tags from a list or a comma-separated text: trimmed, unique (ignoring case and
    accents), at most MAX_TAGS of TAG_MAX_LENGTH characters."""
    raw = value.split(",") if isinstance(value, str) else list(value or [])
    tags: list[str] = []
    seen: set[str] = set()
    for tag in raw:
        text = " ".join(str(tag).split())
        if not text or queries.fold(text) in seen:
            continue
        if len(text) > TAG_MAX_LENGTH or "|" in text:
            raise _refuse(
                _("A tag has %(limit)d characters at most, without “|”.")
                % {"limit": TAG_MAX_LENGTH},
                "tags",
            )
        seen.add(queries.fold(text))
        tags.append(text)
    if len(tags) > MAX_TAGS:
        raise _refuse(_("%(limit)d tags at most.") % {"limit": MAX_TAGS}, "tags")
    return tags


def _text(data: Mapping[str, Any], name: str, limit: int, label: str, required: bool) -> str:
    text = str(data.get(name) or "").strip()
    if "\x00" in text:
        raise _refuse(_("Null characters are not allowed."), name)
    if required and not text:
        raise _refuse(_("Enter %(what)s.") % {"what": label}, name)
    if len(text) > limit:
        raise _refuse(
            _("%(what)s: %(limit)d characters at most.") % {"what": label, "limit": limit}, name
        )
    return text


def clean_url(value: Any) -> str:
    url = str(value or "").strip()
    if len(url) > URL_MAX_LENGTH:
        raise _refuse(
            _("The address is too long: %(limit)d characters at most.") % {"limit": URL_MAX_LENGTH},
            "url",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise _refuse(_("Enter a web address starting with https://."), "url") from None
    return url


def _clean(data: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """The common fields, checked (the form checks them first; the API relies on this)."""
    values: dict[str, Any] = {
        "title": _text(data, "title", TITLE_MAX_LENGTH, _("a title"), True),
        "description": _text(
            data, "description", DESCRIPTION_MAX_LENGTH, _("a description"), False
        ),
        "tags": clean_tags(data.get("tags")),
        "language": str(data.get("language") or "fr"),
        "audience": str(data.get("audience") or EventAudience.MEMBERS),
    }
    if values["language"] not in queries.LANGUAGES:
        raise _refuse(_("Choose French or English."), "language")
    if values["audience"] not in EventAudience.values:
        raise _refuse(_("Choose who can see it."), "audience")
    if kind == ResourceKind.LINK:
        values["url"] = clean_url(data.get("url"))
    if kind == ResourceKind.GUIDE:
        values["body"] = _text(data, "body", GUIDE_MAX_LENGTH, _("the guide's text"), True)
    return values


def _vault_document(user: Any, value: Any) -> Document | None:
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = 0
    document = queries.vault_documents_of(user).filter(pk=pk).first()
    if document is None or not document.versions.exists():
        raise _refuse(_("Choose one of the documents of your vault."), "vault_document")
    return document


def _attach(resource: Resource, user: Any, data: Mapping[str, Any], upload: Any) -> None:
    """A document resource's file: an upload (checked from its bytes, like the vault's),
    or a reference to the author's own vault document (never copied)."""
    document = _vault_document(user, data.get("vault_document"))
    if upload is not None and document is not None:
        raise _refuse(_("Upload a file or choose a document of your vault, not both."), "file")
    if document is not None:
        resource.vault_document = document
        resource.file_name = document.title[:200]
        return
    if upload is None:
        raise _refuse(_("Upload a file or choose a document of your vault."), "file")
    try:
        checked = check_upload(upload)
    except ValidationError as error:  # the vault's refusal, in the member's words
        raise CommunityRefusal(
            " ".join(error.messages), error.code or "invalid", field="file"
        ) from None
    resource.file_name = checked.original_name[:200]
    name = f"{uuid.uuid4().hex}{EXTENSIONS[checked.content_type]}"
    resource.file.save(name, ContentFile(checked.content), save=False)


# ------------------------------------------------------------------ who may


def _library_of(resource: Resource) -> Community | Organization:
    return resource.community or resource.organization  # type: ignore[return-value]


def library_name(resource: Resource) -> str:
    library = _library_of(resource)
    return library.name if library is not None else ""


def _may_add(user: Any, library: Community | Organization) -> tuple[bool, Membership | None]:
    """(whether it is published at once, the member's community membership)."""
    if isinstance(library, Community):
        membership = posting.may_post(user, library)
        return membership.moderates, membership
    if user is None or not user.is_authenticated:
        raise _refuse(_("Sign in to suggest a resource."), code="forbidden")
    return queries.moderates(user, library), None


def _require_author_or_moderator(user: Any, resource: Resource) -> bool:
    """True when the user moderates the library; refuses anyone but its author."""
    if queries.moderates(user, resource):
        return True
    if user is not None and user.is_authenticated and resource.author_id == user.pk:
        return False
    raise _refuse(_("Only its author or the library's moderators can do this."), code="forbidden")


def _require_moderator(user: Any, resource: Resource) -> None:
    if not queries.moderates(user, resource):
        raise _refuse(_("Only the library's moderators can do this."), code="forbidden")


# ------------------------------------------------------------------ adding and editing


def add(
    user: Any,
    library: Community | Organization,
    data: Mapping[str, Any],
    *,
    upload: Any = None,
) -> Resource:
    kind = str(data.get("kind") or "")
    if kind not in ResourceKind.values:
        raise _refuse(_("Choose a link, a document or a guide."), "kind")
    with transaction.atomic():
        published, membership = _may_add(user, library)
        moderation.check_new_account_limits(user, "post")
        values = _clean(data, kind)
        resource = Resource(
            author=user,
            kind=kind,
            state=ResourceState.APPROVED if published else ResourceState.SUGGESTED,
            decided_by=user if published else None,
            **values,
        )
        if isinstance(library, Community):
            resource.community = library
            resource.audience = EventAudience.MEMBERS  # the community's visibility decides
        else:
            resource.organization = library
        if kind == ResourceKind.DOCUMENT:
            _attach(resource, user, data, upload)
        resource.search_text = queries.search_text_of(resource)
        resource.save()
        if membership is not None:
            posting.note_post(membership)
        if not published:
            _tell_moderators(resource, user)
        if kind == ResourceKind.LINK:
            queue_preview(resource)
    return resource


def edit(user: Any, resource: Resource, data: Mapping[str, Any]) -> Resource:
    """The author or a moderator changes the texts (the kind and the file stay)."""
    with transaction.atomic():
        _require_author_or_moderator(user, resource)
        merged = {name: getattr(resource, name) for name in EDITABLE} | dict(data)
        values = _clean(merged, resource.kind)
        if resource.community_id:
            values["audience"] = resource.audience
        url_changed = values.get("url", resource.url) != resource.url
        for name, value in values.items():
            setattr(resource, name, value)
        if url_changed:
            resource.preview = {}
        resource.search_text = queries.search_text_of(resource)
        resource.save()
        if url_changed:
            queue_preview(resource)
    return resource


def delete(user: Any, resource: Resource, *, reason: str = "") -> None:
    """The author deletes their resource; a moderator removes anyone's, with a reason
    the author is told (not who removed it), and the removal is logged."""
    reason = " ".join(str(reason or "").split())[:REASON_MAX_LENGTH]
    with transaction.atomic():
        moderator = _require_author_or_moderator(user, resource)
        someone_else = resource.author_id != getattr(user, "pk", None)
        if moderator and someone_else:
            if resource.community_id:
                log_action(
                    resource.community,  # type: ignore[arg-type]
                    user,
                    ModerationAction.Action.REMOVE_CONTENT,
                    target_user=resource.author,
                    target=f"resource:{resource.pk}",
                    excerpt=resource.title,
                    reason=reason,
                )
            _tell_author(resource, RESOURCE_DECLINED, reason=reason, removed=True)
        stored = resource.file.name if resource.file else ""
        resource.delete()
        if stored:
            storage = resource.file.storage
            transaction.on_commit(lambda: storage.delete(stored))


def withdraw(user: Any, resource: Resource) -> Resource:
    """The author takes their vault document back from the library: the resource stays
    (its page says the document is no longer available); the vault keeps the original."""
    if user is None or resource.author_id != user.pk:
        raise _refuse(_("Only its author can withdraw this document."), code="forbidden")
    if resource.vault_document_id is None:
        raise _refuse(_("This resource shares no document of your vault."), code="conflict")
    resource.vault_document = None
    resource.save(update_fields=["vault_document", "updated"])
    return resource


# ------------------------------------------------------------------ moderation


def decide(user: Any, resource: Resource, *, approve: bool, reason: str = "") -> Resource:
    """A moderator approves or declines a suggestion (logged; the author is told)."""
    reason = " ".join(str(reason or "").split())[:REASON_MAX_LENGTH]
    with transaction.atomic():
        _require_moderator(user, resource)
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        if locked.state != ResourceState.SUGGESTED:
            raise _refuse(_("This resource was already decided."), code="transition")
        resource.state = ResourceState.APPROVED if approve else ResourceState.DECLINED
        resource.decided_by = user
        resource.save(update_fields=["state", "decided_by", "updated"])
        if resource.community_id:
            action = ModerationAction.Action
            log_action(
                resource.community,  # type: ignore[arg-type]
                user,
                action.APPROVE_RESOURCE if approve else action.REJECT_RESOURCE,
                target_user=resource.author,
                target=f"resource:{resource.pk}",
                excerpt=resource.title,
                reason=reason,
            )
            if approve and resource.author_id:  # pre-approval: counts as a first post
                Membership.objects.filter(
                    community_id=resource.community_id, user_id=resource.author_id
                ).update(approved_posts=F("approved_posts") + 1)
        _tell_author(resource, RESOURCE_APPROVED if approve else RESOURCE_DECLINED, reason=reason)
    return resource


def set_featured(user: Any, resource: Resource, featured: bool) -> Resource:
    _require_moderator(user, resource)
    if resource.state != ResourceState.APPROVED:
        raise _refuse(_("Only a published resource can be featured."), code="conflict")
    resource.featured = featured
    resource.save(update_fields=["featured", "updated"])
    return resource


# ------------------------------------------------------------------ readers' marks


def _signed_in(user: Any) -> None:
    if user is None or not user.is_authenticated:
        raise _refuse(_("Sign in to do this."), code="forbidden")


def _published(resource: Resource) -> None:
    if resource.state != ResourceState.APPROVED:
        raise _refuse(_("This resource is not published yet."), code="conflict")


def bookmark(user: Any, resource: Resource, saved: bool) -> bool:
    """Save or unsave a resource; returns whether it is saved now (idempotent)."""
    _signed_in(user)
    _published(resource)
    with transaction.atomic():
        rows = Resource.objects.filter(pk=resource.pk)
        if saved:
            try:
                with transaction.atomic():
                    ResourceBookmark.objects.create(resource=resource, user=user)
            except IntegrityError:
                return True
            rows.update(bookmark_count=F("bookmark_count") + 1)
        else:
            deleted, _rows = ResourceBookmark.objects.filter(resource=resource, user=user).delete()
            if deleted:
                rows.update(bookmark_count=F("bookmark_count") - 1)
    return saved


def vote(user: Any, resource: Resource, useful: bool | None) -> Resource:
    """ "Was this useful?": yes, no, or None to take the answer back. One answer per
    member; changing it moves the counts."""
    _signed_in(user)
    _published(resource)
    with transaction.atomic():
        previous = ResourceVote.objects.select_for_update().filter(resource=resource, user=user)
        before = previous.values_list("useful", flat=True).first()
        if before == useful:
            return resource
        counts: dict[str, Any] = {}
        if before is not None:
            name = "useful_count" if before else "not_useful_count"
            counts[name] = F(name) - 1
        if useful is None:
            previous.delete()
        else:
            ResourceVote.objects.update_or_create(
                resource=resource, user=user, defaults={"useful": useful}
            )
            name = "useful_count" if useful else "not_useful_count"
            counts[name] = F(name) + 1
        Resource.objects.filter(pk=resource.pk).update(**counts)
    resource.refresh_from_db(fields=["useful_count", "not_useful_count"])
    return resource


# ------------------------------------------------------------------ the document


def document_response(viewer: Any, resource: Resource) -> FileResponse:
    """The file of a document resource the caller found with `queries.download_or_404`
    (visible, and still available): an upload, or the author's vault document, whose
    opening goes into the owner's vault access log as any opening of it does."""
    if resource.file:
        name = resource.file.name or ""
        return private_file_response(
            resource.file.open("rb"),
            content_type=CONTENT_TYPES.get(name[name.rfind(".") :], "application/octet-stream"),
            filename=resource.file_name or "document",
            as_attachment=True,
        )
    document = resource.vault_document
    version = document.current_version() if document is not None else None
    if document is None or version is None:
        raise Http404
    record_access(document, version, user=viewer)
    return file_response(version)


# ------------------------------------------------------------------ telling people


def _library_name_for(resource: Resource, person: Any) -> str:
    """The library's name in the recipient's language (a community has one per
    language; the notification is read later, in theirs)."""
    with translation.override(getattr(person, "language", None) or "fr"):
        return library_name(resource)


def _tell_moderators(resource: Resource, actor: Any) -> None:
    library = _library_of(resource)
    if isinstance(library, Community):
        rows = Membership.objects.moderators().filter(community=library)
        people = [m.user for m in rows.select_related("user")]
    else:
        people = [s.user for s in Staff.objects.filter(organization=library).select_related("user")]
    key = f"resource-suggested:{'c' if isinstance(library, Community) else 'o'}{library.pk}"
    for person in {p.pk: p for p in people}.values():
        data = {"title": resource.title, "library": _library_name_for(resource, person)}
        notify(person, RESOURCE_SUGGESTED, actor=actor, target=resource, group_key=key, data=data)


def _tell_author(resource: Resource, kind: str, *, reason: str, removed: bool = False) -> None:
    if resource.author is None:
        return
    data: dict[str, Any] = {
        "title": resource.title,
        "library": _library_name_for(resource, resource.author),
        "reason": reason,
    }
    if removed:
        data["removed"] = True
    notify(resource.author, kind, target=None if removed else resource, data=data)
