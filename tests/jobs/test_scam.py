"""The scam guard reads French and English, ignores case and accents, and leaves real
requirements alone (a driving licence for a driving job, NAS storage for a sysadmin, the
bank statements a bookkeeper reconciles). tests/core/test_scam_corpus.py measures it on
the labelled corpus."""

from __future__ import annotations

import pytest
from django.utils import translation

from tremplin.core.scam import REASONS, assess, reason_label, scam_check


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
        ("Frais de 50 $ payables par virement Interac", ["payment"]),
        ("Your starter kit (149 $) includes samples and a website.", ["payment"]),
        ("Trousse de départ : 149,00 $, remboursée après 30 jours.", ["payment"]),
        # identity documents
        ("Joignez une copie de votre passeport", ["id_documents"]),
        ("Envoyez une photo de votre permis de conduire", ["id_documents"]),
        ("Send a copy of your ID with the form", ["id_documents"]),
        ("Veuillez fournir une copie de votre pièce d’identité", ["id_documents"]),
        ("Text a photo of your driver's licence (front and back).", ["id_documents"]),
        # banking credentials, passing money on, reshipping, crypto
        (
            "To set up payroll, send your online banking username and password.",
            ["credentials"],
        ),
        (
            "Pour la paie, transmettez votre identifiant et votre mot de passe AccèsD.",
            ["credentials"],
        ),
        ("Deposit it and wire the difference to the store's agent.", ["money_forwarding"]),
        ("Encaissez le chèque et renvoyez le surplus par mandat.", ["money_forwarding"]),
        ("Receive parcels at your home and reship them with our labels.", ["reshipping"]),
        ("Achetez des bitcoins et envoyez-les à l'adresse de portefeuille indiquée.", ["crypto"]),
        # signs that only count together, or when they leave no doubt
        ("Interviews are held by chat on Telegram.", ["messaging_app"]),
        (
            "Contactez-nous uniquement sur WhatsApp. Sans entrevue.",
            ["messaging_app", "no_interview"],
        ),
        ("Data entry from home, $45/hour, no experience needed.", ["high_pay"]),
        (
            "Like and rate products from your phone. Add us on WhatsApp.",
            ["task_scheme", "messaging_app"],
        ),
        # spelling dodges: spaced letters, accents, amounts either side of the sign
        ("Contact us on W h a t s A p p only.", ["messaging_app"]),
        ("Écrivez-nous seulement sur Télégram.", ["messaging_app"]),
        ("Kit de démarrage : 59,90 € à payer avant la formation.", ["payment"]),
        ("STARTER KIT $149", ["payment"]),
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
        # finance and payroll jobs name what scams ask for, as duties
        "Bookkeeper: reconcile bank statements and credit card statements, prepare payroll.",
        "Technicien à la paie : conciliez les comptes de paie avec le relevé bancaire.",
        "Maintain employee records, including social insurance numbers and banking information.",
        "Le premier jour, vous recueillez le NAS et le spécimen de chèque des employés.",
        "Bank teller: process deposits and wire transfers; sell money orders and gift cards.",
        "Verify identity documents and proof of address submitted by clients (KYC).",
        "Bring your SIN card and a void cheque on your first day.",
        "We will never ask you for fees, banking information or your SIN.",
        "Base pay $19/hour plus monthly incentives (average $300).",
        "Backend developer at a crypto exchange: harden our wallet infrastructure.",
        # messaging apps and high pay alone
        "Send a text or WhatsApp message to the chef to book a trial shift.",
        "Journeyperson electrician, $48.75/hour.",
        "Warehouse associate, $21.25/hour, no experience required.",
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


def test_a_weak_sign_alone_is_seen_but_does_not_hold():
    text = "Send a WhatsApp message to the chef to book a trial shift."

    assert scam_check(text) == []
    result = assess(text)
    assert not result.held and result.score == 0.5
    assert [(s.code, s.weight) for s in result.signals] == [("messaging_app", 0.5)]


def test_two_weak_signs_hold_and_each_is_explained():
    result = assess("Add our coordinator on WhatsApp. No interview, start today.")

    assert result.held and result.score == 1.0
    assert {s.code: s.excerpt for s in result.signals} == {
        "messaging_app": "whatsapp",
        "no_interview": "no interview",
    }


def test_a_code_counts_once_at_its_heaviest_hit():
    result = assess("Pay a $50 registration fee. Then pay a $30 training fee. Your SIN too.")

    assert [(s.code, s.weight) for s in result.signals] == [("sin", 1.0), ("payment", 1.0)]
    assert result.score == 2.0
