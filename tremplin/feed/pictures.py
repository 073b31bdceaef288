"""Pictures of posts and articles: uploaded first (sanitised, with a description), then
attached to the item when it is published. Files are removed after commit when their
item goes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image

from tremplin.core.images import sanitise_image
from tremplin.core.refusals import message_of
from tremplin.feed.checks import invalid
from tremplin.feed.models import ALT_MAX_LENGTH, MAX_IMAGES, Item, ItemImage

IMAGE_MAX_SIDE = 1600


def upload_image(owner: Any, upload: Any, alt: str) -> ItemImage:
    """Sanitise (type read from the bytes, EXIF removed, re-encoded) and keep a picture
    for a post the owner is writing. The description is required. A picture refused by
    `sanitise_image` is an "invalid" request here, whatever its reason (too large
    included: the API has always answered 422)."""
    alt = " ".join((alt or "").split())
    if not alt:
        raise invalid(_("Describe each picture for people who cannot see it."))
    if len(alt) > ALT_MAX_LENGTH:
        raise invalid(
            _("The picture description is too long: %(max)d characters at most.")
            % {"max": ALT_MAX_LENGTH}
        )
    try:
        clean = sanitise_image(upload, max_side=IMAGE_MAX_SIDE)
    except ValidationError as error:
        raise invalid(message_of(error)) from None
    with Image.open(clean) as opened:
        width, height = opened.size
    clean.seek(0)
    image = ItemImage(owner=owner, alt=alt, width=width, height=height)
    image.file.save("picture.jpg", clean, save=False)
    image.save()
    return image


def check_images(
    owner: Any, images: Sequence[ItemImage], limit: int = MAX_IMAGES
) -> list[ItemImage]:
    images = list(images)
    if len(images) > limit:
        raise invalid(_("At most %(max)d pictures per post.") % {"max": limit})
    for image in images:
        if image.owner_id != owner.pk or image.item_id is not None:
            raise invalid(_("This picture cannot be used here."))
        if not image.alt.strip():
            raise invalid(_("Describe each picture for people who cannot see it."))
    return images


def images_by_ids(owner: Any, ids: Iterable[int]) -> list[ItemImage]:
    ids = list(ids)
    found = {i.pk: i for i in ItemImage.objects.filter(pk__in=ids, owner=owner, item=None)}
    if len(found) != len(set(ids)):
        raise invalid(_("This picture cannot be used here."), "not_found")
    return [found[i] for i in ids]


def attach(item: Item, images: Sequence[ItemImage]) -> None:
    for position, image in enumerate(images):
        ItemImage.objects.filter(pk=image.pk).update(item=item, position=position)


def remove_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
