"""The scam guard reads French and English, ignores case and accents, and leaves real
requirements alone (a driving licence for a driving job, NAS storage for a sysadmin)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tremplin.core.scam import REASONS, reason_label, scam_check


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # SIN / NAS
        ("Envoyez votre NAS avec votre CV.", ["sin"]),
        ("Numéro d’assurance sociale requis pour postuler", ["sin"]),
        ("NUMERO D'ASSURANCE SOCIALE", ["sin"]),
        ("Please include your Social Insurance Number.", ["sin"]),
        ("Send your SIN to apply", ["sin"]),
        # bank details
        ("Joindre un relevé bancaire récent", ["bank"]),
        ("Fournissez votre numéro de compte pour le dépôt", ["bank"]),
        ("Un chèque annulé est requis", ["bank"]),
        ("Attach a void cheque and your bank account details", ["bank"]),
        # payment
        ("Des frais d'inscription de 50 $ sont à payer", ["payment"]),
        ("Vous devez payer pour la trousse de départ", ["payment"]),
        ("Send money by e-transfer to confirm your spot", ["payment"]),
        ("Achetez une carte-cadeau iTunes", ["payment"]),
        ("Buy a gift card and send us the code", ["payment"]),
        ("Paiement par virement Interac", ["payment"]),
        # identity documents
        ("Joignez une copie de votre passeport", ["id_documents"]),
        ("Envoyez une photo de votre permis de conduire", ["id_documents"]),
        ("Send a copy of your ID with the form", ["id_documents"]),
        ("Veuillez fournir une copie de votre pièce d’identité", ["id_documents"]),
        # several at once, in REASONS order
        (
            "Envoyez votre NAS, un chèque annulé et une copie de votre passeport.",
            ["sin", "bank", "id_documents"],
        ),
    ],
)
def test_it_finds_what_a_scam_asks_for(text, codes):
    assert scam_check(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "Boulanger ou boulangère de nuit, pain au levain.",
        "Permis de conduire valide (classe G) requis.",
        "A valid driver's licence is required for this delivery job.",
        "Gestion des serveurs et du stockage NAS.",
        "Nous offrons une formation payée et des avantages sociaux.",
        "We pay for parking and transit passes.",
        "",
    ],
)
def test_it_leaves_real_postings_alone(text):
    assert scam_check(text) == []


def test_each_reason_has_a_sentence_in_both_languages():
    for code in REASONS:
        with translation.override("en"):
            english = reason_label(code)
        assert english and english != code
    with translation.override("en"):
        assert "social insurance number" in reason_label("sin")
    assert reason_label("unknown-code") == "unknown-code"
