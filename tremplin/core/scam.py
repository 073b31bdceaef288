"""The scam guard: does a posting (or an employer's message) ask applicants for what an
honest employer never asks for up front — a social insurance number, bank details,
money, or copies of identity documents?

`scam_check(text)` returns reason codes (`sin`, `bank`, `payment`, `id_documents`), in
that order, each at most once; `reason_label(code)` is the sentence shown to the author
and the reviewer. Matching ignores case and accents and reads French and English.

Short acronyms and identity documents are matched only where the text asks for them
("votre NAS", "send a copy of your passport"): "serveurs NAS" (storage) or "permis de
conduire valide requis" (a driving job) are real requirements, not scams.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

REASONS = ("sin", "bank", "payment", "id_documents")

# Words that make a mention a request: give, send, copy... (not "required" or "your":
# "votre permis de conduire est requis" is a real requirement of a driving job).
_ASK = (
    r"(?:fournir|fournissez|envoye[rz]?|envoi|send|sending|submit|soumettre|soumettez|"
    r"provide|providing|include|inclure|incluez|joindre|joignez|attach|upload|"
    r"televers\w*|copie|copies|copy|scan|scann\w*|numeris\w*|photocopie)"
)
# For the acronyms, the possessive alone is enough: "votre NAS", "your SIN".
_ASK_SIN = rf"(?:{_ASK}|votre|vos|ton|your)"

_PATTERNS: dict[str, list[str]] = {
    "sin": [
        r"\bnumero d'assurance sociale\b",
        r"\bno d'assurance sociale\b",
        r"\bcarte d'assurance sociale\b",
        r"\bsocial insurance (?:number|no|card)\b",
        r"\bsocial security (?:number|no|card)\b",
        # The acronyms only where the text asks for them ("NAS" is also network storage).
        rf"\b{_ASK_SIN}\W+(?:\w+\W+){{0,2}}(?:nas|sin|ssn)\b",
        r"\b(?:nas|sin|ssn) (?:number|no|numero)\b",
        r"\bnumero (?:de )?(?:nas|sin)\b",
    ],
    "bank": [
        r"\breleves? bancaires?\b",
        r"\breleves? de compte\b",
        r"\bnumeros? de compte\b",
        r"\bnumeros? de transit\b",
        r"\bcoordonnees bancaires\b",
        r"\binformations? bancaires?\b",
        r"\brenseignements bancaires\b",
        r"\bcheques? annules?\b",
        r"\bspecimens? de cheque\b",
        r"\bvoid(?:ed)? che(?:que|ck)s?\b",
        r"\bbank(?:ing)? (?:account )?(?:details|information|info|number|statements?)\b",
        r"\bbank account\b",
        r"\baccount number\b",
        r"\brouting number\b",
        r"\btransit number\b",
    ],
    "payment": [
        r"\bfrais d'(?:inscription|adhesion|ouverture de dossier|activation)\b",
        r"\bfrais de (?:formation|dossier|traitement|candidature)\b",
        r"\bpayer pour\b",
        r"\bpayer des frais\b",
        r"\bvous devez payer\b",
        r"\benvoye[rz]? de l'argent\b",
        r"\bcartes?[- ]cadeaux?\b",
        r"\bvirements?\b",
        r"\binterac\b",
        r"\bsend (?:us )?(?:the )?money\b",
        r"\bwire (?:the )?(?:money|transfer|funds)\b",
        r"\bmoney order\b",
        r"\bgift ?cards?\b",
        r"\be-?transfers?\b",
        r"\b(?:registration|application|training|processing|onboarding|starter kit) fees?\b",
        r"\bpay (?:a|the|an|your) (?:\w+ )?fee\b",
        r"\byou (?:must|will need to|need to|have to) pay\b",
        r"\b(?:bitcoin|crypto(?:currency|monnaie)?)\b",
    ],
    "id_documents": [
        r"\bcop(?:y|ies) of (?:your|an|a) (?:government[- ]issued )?(?:photo )?id\b",
        r"\bphoto of (?:your|an) id\b",
        r"\bselfie\b",
        r"\bcopies? (?:de|d'une|d'un) (?:votre |vos |une |un )?pieces? d'identite\b",
        r"\bcopies? de vos pieces\b",
        # A document named next to a request word, either order, a few words apart.
        rf"\b{_ASK}\W+(?:\w+\W+){{0,4}}(?:passeports?|passports?|permis de conduire|"
        r"driver'?s licen[cs]es?|pieces? d'identite|carte d'identite|id card|identity card|"
        r"cartes? d'assurance[- ]maladie|carte sante|health card|birth certificate|"
        r"certificat de naissance|acte de naissance)\b",
        r"\b(?:passeports?|passports?|permis de conduire|driver'?s licen[cs]es?|"
        r"pieces? d'identite|carte d'identite|id card|health card|birth certificate)\W+"
        r"(?:\w+\W+){0,3}(?:copie|copy|scan|photo|numeris\w*|envoy\w*|send|submit|upload)\b",
    ],
}
_COMPILED = {code: [re.compile(p) for p in patterns] for code, patterns in _PATTERNS.items()}

_LABELS = {
    "sin": _(
        "It asks for a social insurance number (SIN). An employer needs it only after "
        "hiring, never in a posting or an application."
    ),
    "bank": _(
        "It asks for bank details (an account number, a statement or a void cheque). "
        "Pay details are given after hiring, never to apply."
    ),
    "payment": _(
        "It asks applicants to pay or to send money (fees, gift cards, transfers). "
        "A real employer never charges to apply or to start."
    ),
    "id_documents": _(
        "It asks for copies of identity documents (passport, driver's licence, ID card). "
        "They are checked at hiring, never sent with an application."
    ),
}


def normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("‘", "'").replace("`", "'").casefold()
    return " ".join(plain.split())


def scam_check(text: str) -> list[str]:
    """The reason codes this text trips, in `REASONS` order (empty: nothing found)."""
    plain = normalise(text)
    if not plain:
        return []
    return [code for code in REASONS if any(p.search(plain) for p in _COMPILED[code])]


def reason_label(code: str) -> str:
    """The translated sentence for a reason code (the code itself if unknown)."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code
