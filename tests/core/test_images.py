"""Uploaded pictures: the type comes from the bytes; EXIF and GPS never survive."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tremplin.core.images import sanitise_image

GPS_IFD = 0x8825
MAKE, MODEL, DATETIME, ORIENTATION, ARTIST = 0x010F, 0x0110, 0x0132, 0x0112, 0x013B


def picture(size=(1600, 1200), fmt="JPEG", exif: bool = True, orientation: int | None = None):
    image = Image.new("RGB", size, (200, 30, 30))
    # left half a different colour, so orientation can be checked
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[MAKE] = "PhoneMaker"
        data[MODEL] = "Model X"
        data[ARTIST] = "Zoé Tremblay"
        data[DATETIME] = "2025:05:03 10:00:00"
        data.get_ifd(GPS_IFD).update({1: "N", 2: (45.0, 25.0, 0.0), 3: "W", 4: (75.0, 41.0, 0.0)})
        if orientation:
            data[ORIENTATION] = orientation
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def open_result(result) -> Image.Image:
    return Image.open(io.BytesIO(result.read()))


def test_the_test_picture_really_carries_exif_and_gps():
    with Image.open(io.BytesIO(picture())) as image:
        exif = image.getexif()
        assert exif[MAKE] == "PhoneMaker"
        assert exif.get_ifd(GPS_IFD)


def test_it_strips_exif_and_gps():
    raw = sanitise_image(upload(picture())).read()

    with Image.open(io.BytesIO(raw)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info
        assert "icc_profile" not in image.info
    assert b"PhoneMaker" not in raw
    assert "Zoé".encode() not in raw
    assert b"Exif\x00\x00" not in raw


def test_it_resizes_to_at_most_800_pixels_keeping_the_shape():
    with open_result(sanitise_image(upload(picture((1600, 1200))))) as image:
        assert image.size == (800, 600)


def test_it_honours_a_smaller_maximum():
    with open_result(sanitise_image(upload(picture((1600, 1200))), max_side=256)) as image:
        assert max(image.size) == 256


def test_it_does_not_enlarge_a_small_picture():
    with open_result(sanitise_image(upload(picture((300, 200))))) as image:
        assert image.size == (300, 200)


def test_it_turns_the_picture_upright_before_dropping_the_orientation_tag():
    # Orientation 6: the camera was turned; viewers rotate 90° clockwise.
    result = sanitise_image(upload(picture((1600, 1200), orientation=6)))

    with open_result(result) as image:
        assert image.size == (600, 800)
        assert ORIENTATION not in image.getexif()


@pytest.mark.parametrize(
    ("fmt", "name", "mime"),
    [
        ("PNG", "p.png", "image/png"),
        ("WEBP", "p.webp", "image/webp"),
        ("GIF", "p.gif", "image/gif"),
    ],
)
def test_it_accepts_other_picture_types_and_stores_jpeg(fmt, name, mime):
    result = sanitise_image(upload(picture((900, 900), fmt=fmt, exif=False), name, mime))

    with open_result(result) as image:
        assert image.format == "JPEG"
        assert image.size == (800, 800)
    assert result.name.endswith(".jpg")


def test_it_refuses_a_text_file_renamed_jpg():
    fake = upload(b"Hello, I am not a picture at all.\n" * 20, "photo.jpg", "image/jpeg")

    with pytest.raises(ValidationError) as error:
        sanitise_image(fake)

    assert error.value.code == "bad_type"
    assert "JPEG, PNG, WebP ou GIF" in error.value.messages[0]  # default language: French


def test_it_refuses_an_html_file_renamed_jpg():
    fake = upload(b"<html><script>alert(1)</script></html>", "x.jpg", "image/jpeg")

    with pytest.raises(ValidationError) as error:
        sanitise_image(fake)

    assert error.value.code == "bad_type"


def test_it_refuses_an_svg():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError):
        sanitise_image(upload(svg, "x.svg", "image/svg+xml"))


def test_it_refuses_a_truncated_jpeg_with_a_message():
    broken = picture()[:600]

    with pytest.raises(ValidationError) as error:
        sanitise_image(upload(broken))

    assert error.value.code == "unreadable"


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.PHOTO_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as error:
        sanitise_image(upload(picture()))

    assert error.value.code == "too_large"


def test_it_refuses_a_decompression_bomb_before_decoding():
    # A small PNG file that decodes to 49 million pixels.
    bomb = io.BytesIO()
    Image.new("1", (7_000, 7_000)).save(bomb, format="PNG")
    assert len(bomb.getvalue()) < 1024 * 1024

    with pytest.raises(ValidationError) as error:
        sanitise_image(upload(bomb.getvalue(), "bomb.png", "image/png"))

    assert error.value.code == "too_big"


def test_a_png_of_the_size_that_took_390_mb_is_refused_before_decoding():
    """6300 x 6300 pixels in a small PNG (the case found: about 390 MB of the web process
    when decoded): other formats than JPEG decode every pixel, so past 12 megapixels
    they are refused from their header."""
    big = io.BytesIO()
    Image.new("1", (6_300, 6_300)).save(big, format="PNG")
    assert len(big.getvalue()) < 1024 * 1024

    with pytest.raises(ValidationError) as error:
        sanitise_image(upload(big.getvalue(), "big.png", "image/png"))

    assert error.value.code == "too_big"


def test_a_large_camera_jpeg_is_read_at_a_reduced_scale(monkeypatch):
    """A 48-megapixel JPEG (8000 x 6000) is accepted and decoded by Pillow's draft mode,
    at a scale near the size kept, not in full."""
    from PIL.JpegImagePlugin import JpegImageFile

    asked = []
    draft = JpegImageFile.draft

    def spy(self, mode, size):
        asked.append(size)
        return draft(self, mode, size)

    monkeypatch.setattr(JpegImageFile, "draft", spy)
    photo = picture(size=(8_000, 6_000), exif=False)
    clean = sanitise_image(upload(photo))

    assert asked == [(800, 800)]
    with Image.open(clean) as stored:
        assert max(stored.size) == 800
