"""The signals for what a posting asks the applicant to give: a SIN, bank details,
passwords, identity documents, money. One function per reason code, each yielding its
hits; all of them STRONG (1.0): an honest employer asks for none of these before hiring
(a kit without a price is WEAK: it may be free). Whether a mention *asks* is decided in
`context.asked`, so the bookkeeper who reconciles bank statements is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tremplin.core.scam.context import ALWAYS, DEFAULT, REQUEST, YOURS, asked
from tremplin.core.scam.hit import STRONG, WEAK, Hit
from tremplin.core.scam.text import AMOUNT, clause_at, sentence_at


def _items(code: str, table: list[tuple[str, str, int]], text: str) -> Iterator[Hit]:
    for pattern, mode, near in table:
        for match in re.finditer(pattern, text):
            if asked(text, match.start(), match.end(), mode, near):
                yield Hit(code, STRONG, match.start(), match.end())


_SIN = [
    (
        r"\b(?:numero|no|n°) d'assurance sociale\b|\bsocial (?:insurance|security) "
        r"(?:number|no|#|card)s?\b|\bcartes? d'assurance sociale\b|\b(?:sin|nas) card\b",
        DEFAULT,
        12,
    ),
    # The acronyms only asked for: "NAS" is also network storage, "sin" an English word.
    (r"\b(?:nas|sin|ssn)\b(?! (?:storage|server|serveur|backup|drive))", YOURS, 4),
]
_BANK = [
    (
        r"\bvoid(?:ed)? che(?:que|ck)s?\b|\bcheques? annules?\b|\bspecimens? de cheque\b|"
        r"\brib\b|\breleve d'identite bancaire\b",
        DEFAULT,
        12,
    ),
    (
        r"\breleves? (?:bancaires?|de (?:votre )?compte)\b|\bnumeros? de (?:votre )?"
        r"(?:compte|transit|carte)\b|\bcoordonnees bancaires\b|\b(?:informations?|"
        r"renseignements) bancaires?\b|\bbank(?:ing)? (?:account )?(?:details|information|"
        r"info|numbers?|statements?)\b|\b(?:account|routing|transit|institution|card) "
        r"numbers?\b|\b(?:debit|credit|bank) cards?\b|\bcartes? (?:bancaires?|de debit|de "
        r"credit)\b",
        YOURS,
        12,
    ),
    (r"\bbank accounts?\b|\bcomptes? (?:bancaires?|de banque)\b", REQUEST, 8),
]
_CREDENTIALS = [
    (
        r"\b(?:online )?banking (?:username|user ?name|login|log-in|credentials|password)s?\b|"
        r"\bbank(?:ing)? credentials\b|\b(?:username|user ?name|login|identifiant)s? (?:and|et|&) "
        r"(?:your |votre )?(?:password|mot de passe)\b|\bidentifiants? (?:de |d'acces )?(?:banque|"
        r"bancaires?|de banque en ligne)\b|\bcodes? d'acces bancaires?\b|\bmot de passe (?:de |d')?"
        r"(?:votre )?(?:banque|compte bancaire)\b",
        DEFAULT,
        12,
    ),
    (
        r"\baccess to your bank(?:ing)? accounts?\b|\bacceder a votre compte (?:bancaire|de "
        r"banque)\b|\b(?:log|sign) ?in (?:to|into) your (?:online )?bank\w*\b|\bconnectez-vous a "
        r"votre (?:banque|compte bancaire)\b",
        ALWAYS,
        12,
    ),
    (
        r"\bpasswords?\b|\bmots? de passe\b|\bpasscodes?\b|\bpin\b|\bnip\b|\bverification codes?\b|"
        r"\bcodes? de verification\b|\bsecurity questions?\b|\bquestions? de securite\b|"
        r"\bone-time (?:code|password)\b|\blogins?\b|\bidentifiants?\b|\baccesd\b",
        YOURS,
        6,
    ),
]
_DOCUMENT = (
    r"(?:passeports?|passports?|permis de conduire|driver'?s licen[cs]es?|driving licen[cs]es?|"
    r"pieces? d'identite|cartes? d'identite|identity documents?|id cards?|identity cards?|"
    r"photo id|government[- ]issued (?:photo )?id|cartes? d'assurance[- ]maladie|carte soleil|"
    r"carte vitale|cartes? sante|health cards?|birth certificates?|certificat de naissance|"
    r"acte de naissance|proof of address|justificatif de domicile|preuve d'adresse|"
    r"dates? of birth|date de naissance)"
)
_ID = [
    (
        r"\bmother'?s maiden name\b|\bnom de (?:jeune fille|naissance) de (?:votre|ta) mere\b|"
        r"\b(?:photo|picture|pic|image|copy|copie|photocopie|numerisation|scan|selfie|"
        r"egoportrait)s? (?:\S+ ){0,3}?(?:of|de|d') ?(?:you |vous )?(?:holding |tenant )?"
        r"(?:your|votre|vos|ton|ta|tes) (?:\S+ ){0,2}?(?:licen[cs]e|permis|passport|passeport|"
        r"id|card|carte|pieces? d'identite)\b",
        DEFAULT,
        12,
    ),
    (rf"\b{_DOCUMENT}\b", REQUEST, 12),
]


def sin(text: str) -> Iterator[Hit]:
    return _items("sin", _SIN, text)


def bank(text: str) -> Iterator[Hit]:
    return _items("bank", _BANK, text)


def credentials(text: str) -> Iterator[Hit]:
    return _items("credentials", _CREDENTIALS, text)


def id_documents(text: str) -> Iterator[Hit]:
    return _items("id_documents", _ID, text)


_FEE = (
    r"\b(?:registration|application|training|processing|onboarding|screening|background "
    r"(?:check|screening)|verification|activation|membership|enrol?ment|certification|"
    r"equipment|insurance|admin(?:istration|istrative)?|placement|(?:starter )?kit|licen[cs]e|"
    r"uniform|joining|sign-?up|set-?up|course|exam) fees?\b|\bfrais (?:d'|de |du )(?:\S+ )?"
    r"(?:inscription|adhesion|ouverture|dossier|activation|formation|traitement|candidature|"
    r"verification|demarrage|certification|assurance|materiel|equipement|uniforme|placement|"
    r"examen|enregistrement|reservation)\b|\bcotisations? (?:d'adhesion|annuelle)\b"
)
_KIT = (
    r"\b(?:starter|welcome|business|sales|beauty|start-?up|onboarding|safety) kits?\b|"
    r"\bkits? (?:de |d')(?:demarrage|bienvenue|depart|vente)\b|"
    r"\btrousses? (?:de |d')(?:demarrage|depart|bienvenue|accueil|vente)\b"
)
_DEPOSIT = (
    r"\b(?:refundable|security|equipment|damage|good[- ]faith|initial|starting) deposits?\b|"
    r"\bdepots? (?:de garantie|remboursables?|initial|de depart)\b"
)
_MUST_PAY = (
    r"\b(?:you|applicants?|candidates?|each (?:applicant|candidate)|new hires?) (?:\S+ ){0,2}?"
    r"(?:must|will need to|need to|have to|are required to|is required to|will have to) "
    r"(?:first )?(?:pay|buy|purchase|order)\b|\bvous (?:devez|devrez|aurez a) (?:d'abord )?"
    r"(?:payer|acheter|regler|acquitter|debourser|verser)\b|\b(?:doit|doivent) (?:d'abord )?"
    r"(?:payer|acheter|regler|acquitter|verser)\b|\bpayer (?:pour|des frais)\b|"
    r"\bachat (?:du|de|des|d') .{0,60}?obligatoire\b|\bpurchase of .{0,60}?(?:mandatory|required)\b"
)
_GIFT_CARDS = (
    r"\b(?:pay|payment|paiement|payable|payables|payer|payez|regl\w*|acquitt\w*|buy|purchase|"
    r"achet\w*|made) (?:\S+ ){0,6}?(?:gift ?cards?|cartes?[- ]cadeaux?|itunes cards?|google "
    r"play cards?|steam cards?|coupons?|pcs|transcash|neosurf|cartes? prepayees?|prepaid cards?)\b"
)
_SEND_MONEY = (
    r"\bsend (?:us )?(?:the )?money\b|\benvoye[rz]?(?:-nous)? de l'argent\b|"
    r"\bpayables? (?:\S+ ){0,3}?(?:by|par|en|with|avec|via) (?:e-?transfer|virement|interac|"
    r"bitcoin|crypto\w*|western union|moneygram|mandat\w*|money order)"
)
_EMPLOYER_PAYS = re.compile(
    r"\b(?:we|nous|the company|the employer|the firm|l'employeur|l'entreprise|la firme|le "
    r"cabinet)\W+(?:\w+\W+){0,3}?(?:pay|pays|paid|cover|covers|reimburse\w*|rembours\w*|payons|"
    r"paie|assum\w*|pren\w*)\b|\ba nos frais\b|\bat our expense\b|\ba la charge de "
    r"l'employeur\b|\ba notre charge\b|\bcovered by\b|\bpris en charge\b|\bpaid by (?:the|us)\b|"
    r"\b(?:reimbursed|remboursee?s?) (?:by|par) (?:the |l')?(?:company|employer|employeur|"
    r"entreprise|us|nous)\b|\bfree\b|\bgratuit\w*|\bno cost\b|\bsans frais\b"
)
# A sum "refundable after 30 days", "to activate your account": an advance fee.
_REFUNDABLE = (
    r"\b(?:refundable|refunded after|reimbursed after|remboursables?|remboursee?s? (?:apres|des)|"
    r"to (?:activate|unlock) your|pour (?:activer|debloquer) votre)\b"
)
_SUPPLIED = re.compile(r"\b(?:provided|supplied|fourni\w*|offert\w*|included with your first)\b")
# Verbs that ask the reader to pay a sum ("send $40 for...", "réglez 75 $ de frais").
_PAY_VERB = re.compile(
    r"\b(?:pay|send|buy|purchase|order|get your|obtain your|payez|reglez|envoyez|achetez|"
    r"commandez|obtenez|versez|acquittez)\b"
)
# A sum followed by a rate, a range or a bonus is a wage, not something to pay.
_WAGE_AFTER = re.compile(
    r"\s*(?:/|per\b|par\b|an? (?:hour|day|week|month|year)\b|de l'heure|l'heure|la semaine|"
    r"le mois|bonus|prime|allowance|allocation|in tips|commission|annually|yearly|weekly|"
    r"monthly|hourly|daily|\+|-|–|to \$?\d|a \d|à \d)"
)


def _to_pay(text: str, start: int, end: int) -> bool:
    """A fee, kit or deposit named at text[start:end] that the reader is to pay."""
    clause_start, clause_end = clause_at(text, start, end)
    if _EMPLOYER_PAYS.search(text, clause_start, clause_end):
        return False
    return asked(text, start, end, DEFAULT)


def payment(text: str) -> Iterator[Hit]:
    for pattern in (_FEE, _DEPOSIT, _MUST_PAY, _GIFT_CARDS, _SEND_MONEY):
        for match in re.finditer(pattern, text):
            if _to_pay(text, match.start(), match.end()):
                yield Hit("payment", STRONG, match.start(), match.end())
    for match in re.finditer(_KIT, text):
        # Its price may follow a colon ("Starter kit: 99$"): look in the whole sentence.
        start, end = sentence_at(text, match.start(), match.end())
        if _SUPPLIED.search(text, start, end) or not _to_pay(text, match.start(), match.end()):
            continue
        priced = AMOUNT.search(text, start, end) is not None
        yield Hit("payment", STRONG if priced else WEAK, match.start(), match.end())
    for verb in _PAY_VERB.finditer(text):
        # Only the verb's own sum, the first one after it: in "base pay $19/hour plus
        # incentives (average $300)" the sum is a wage, and "pay" a noun.
        clause_start, clause_end = clause_at(text, verb.start(), verb.end())
        amount = AMOUNT.search(text, verb.end(), min(clause_end, verb.end() + 90))
        if (
            amount is not None
            and not _WAGE_AFTER.match(text, amount.end())
            and _to_pay(text, verb.start(), amount.end())
        ):
            yield Hit("payment", STRONG, verb.start(), amount.end())
    for match in re.finditer(_REFUNDABLE, text):
        clause_start, clause_end = clause_at(text, match.start(), match.end())
        if AMOUNT.search(text, clause_start, clause_end) and _to_pay(
            text, match.start(), match.end()
        ):
            yield Hit("payment", STRONG, match.start(), match.end())


RULES = [sin, bank, payment, id_documents, credentials]
