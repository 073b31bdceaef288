"""The signals for what a posting makes the applicant *do*: pass money on (deposit a
cheque and wire the difference; let funds through their account), receive and reship
parcels at home, buy or deposit crypto (STRONG); and the ways scams keep applicants
away from anyone who could warn them: contact through a messaging app, no interview,
"rate products from your phone" tasks (WEAK, STRONG where the contact is by chat only).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tremplin.core.scam.context import DEFAULT, asked, negated
from tremplin.core.scam.hit import STRONG, WEAK, Hit
from tremplin.core.scam.text import sentences


def _found(code: str, weight: float, pattern: str, text: str) -> Iterator[Hit]:
    for match in re.finditer(pattern, text):
        if not negated(text[max(0, match.start() - 80) : match.start()].split(".")[-1]):
            yield Hit(code, weight, match.start(), match.end())


_ONWARD = (
    r"(?:wire|send|transfer|forward|return|refund|remit|e-?transfer|mail|withdraw|vir\w*|"
    r"envoy\w*|renvoy\w*|transfer\w*|retourn\w*|rembours\w*|remet\w*|remett\w*|retir\w*|"
    r"faites parvenir|faire parvenir)"
)
_SEND_BACK = (
    rf"\b{_ONWARD}\b (?:\S+ ){{0,4}}?(?:the|any|la|le|l'|du|this|ce|cet) ?(?:difference|"
    r"balance|remainder|remaining (?:amount|funds|balance|money|sum)|rest|extra|excess|"
    r"overpayment|surplus|reste|solde|excedent|trop-?percu|montant restant|montant en trop)\b"
)
_DEPOSIT_IT = (
    r"\b(?:deposit it|deposit the che(?:que|ck)|cash it|cash the che(?:que|ck)|once it "
    r"clears|after it clears|encaissez-le|deposez-le|encaissez le cheque|encaisser le cheque|"
    r"une fois le cheque encaisse|des l'encaissement|vous les deposez)\b"
)
_INTO_YOUR_ACCOUNT = (
    r"\b(?:payments?|funds|money|transfers?|deposits?|virements?|paiements?|fonds|"
    r"reglements?|argent)\b (?:\S+ ){0,6}?(?:into|to|in|on|sur|dans|vers) (?:your|votre) "
    r"(?:own |personal |propre )?(?:\S+ )?(?:account|compte)"
)
_KEEP_A_CUT = (
    r"\b(?:keep|conserv\w*|gard\w*|retain)\b (?:\S+ ){0,4}?(?:\d+ ?%|(?:your |votre |de )?"
    r"commission|percent|pour ?cent|your (?:fee|pay|share|payment|first week)|votre "
    r"(?:remuneration|part|paie|premiere semaine|salaire))|\b(?:moins|minus|less) "
    r"(?:votre|your) commission\b"
)


def money_forwarding(text: str) -> Iterator[Hit]:
    yield from _found("money_forwarding", STRONG, _SEND_BACK, text)
    for start, end in sentences(text):
        sentence = text[start:end]
        onward = re.search(rf"\b{_ONWARD}\b", sentence)
        if onward is None:
            continue
        for pattern in (_DEPOSIT_IT, _INTO_YOUR_ACCOUNT, _KEEP_A_CUT):
            match = re.search(pattern, sentence)
            if match and not negated(sentence[: match.start()]):
                yield Hit("money_forwarding", STRONG, start + match.start(), start + match.end())


_AT_YOUR_PLACE = (
    r"\b(?:at|to|in) (?:your|their) (?:own )?(?:home|house|residence|apartment|flat|address|"
    r"home address|names?)\b|\b(?:a|sur|dans) (?:votre|leur) (?:propre )?(?:domicile|adresse|"
    r"appartement|maison|residence|nom)\b|\bchez vous\b|\bchez eux\b|\byour apartment\b|"
    r"\bvotre appartement\b"
)
_PARCELS = (
    r"\b(?:packages?|parcels?|shipments?|deliveries|boxes|merchandise|items|goods|orders|"
    r"products|electronics|colis|paquets?|marchandises?|livraisons?|commandes|boites|"
    r"articles|achats|telephones|ordinateurs)\b"
)
_RESHIP = (
    r"\b(?:reship\w*|re-ship\w*|forward\w*|ship (?:them|it|each)\b|ship (?:\S+ )?(?:out|on)\b|"
    r"send (?:them|it) (?:on|out|to)|mail (?:them|it|each)|relabel\w*|re-label\w*|"
    r"(?:new|prepaid|shipping) (?:shipping )?labels?|post office|reexped\w*|reachemin\w*|"
    r"renvoy\w*|postez|poster|expedi\w*|reetiquet\w*|etiquettes?|reemball\w*|remball\w*|"
    r"bureau de poste|postes canada|au livreur|new boxes|nouveaux cartons)"
)


def reshipping(text: str) -> Iterator[Hit]:
    """Parcels received at the reader's home or in their name, then sent on (in that
    sentence or the next two): honest warehouses receive and relabel at *their* dock."""
    bounds = sentences(text)
    for index, (start, end) in enumerate(bounds):
        sentence = text[start:end]
        place = re.search(_AT_YOUR_PLACE, sentence)
        if place is None or not re.search(_PARCELS, sentence) or negated(sentence):
            continue
        following = text[start : bounds[min(index + 2, len(bounds) - 1)][1]]
        if re.search(_RESHIP, following):
            yield Hit("reshipping", STRONG, start + place.start(), start + place.end())


_COIN = r"(?:bitcoins?|btc|usdt|ethereum|eth|crypto\w*|tether|stablecoins?|litecoin)"
_CRYPTO_MOVE = (
    r"\b(?:deposit(?:ing)?|buy(?:ing)?|purchas(?:e|ing)|convert(?:ing)?|recharg(?:e|ing)|"
    r"top(?:ping)? up|top-up|send(?:ing)?|transfer(?:ring)?|fund|load|acheter|achetez|achat|"
    r"convertir|convertissez|rechargez|recharger|deposer|deposez|depot|transferez|transferer|"
    r"envoyez|envoyer)\b (?:\S+ ){0,6}?" + _COIN + r"\b|"
    rf"\b{_COIN} (?:\S+ ){{0,2}}?(?:atms?|machines?|kiosks?)\b|\bguichets? (?:automatiques? )?"
    r"(?:bitcoin|crypto)\b|"
    # A wallet only as where the reader sends money: "harden our wallet" is a job.
    r"\b(?:send|transfer|deposit|envoy\w*|transfer\w*|depos\w*)\b (?:\S+ ){0,6}?(?:to|into|on|"
    r"sur|vers|dans|a) (?:our|the|the company's|notre|le|l'adresse de|l'entreprise) ?(?:\S+ )?"
    r"(?:wallet|portefeuille)"
)
_PAID_IN_COIN = (
    r"\b(?:paid|salary|salaire|remuneration|verse|versee|payee?s?|wages?|compensation)\b "
    rf"(?:\S+ ){{0,3}}?(?:in|en) {_COIN}\b"
)


def crypto(text: str) -> Iterator[Hit]:
    for match in re.finditer(_CRYPTO_MOVE, text):
        if asked(text, match.start(), match.end(), DEFAULT):
            yield Hit("crypto", STRONG, match.start(), match.end())
    yield from _found("crypto", WEAK, _PAID_IN_COIN, text)


_TASKS = (
    r"\b(?:like|rate|boost|optimi[sz]e)\w* (?:and (?:rate|like|review) )?(?:the |our |online )?"
    r"(?:products?|apps?|videos?|hotels?)\b|\b(?:aimez|notez|evaluez|boostez|optimisez|testez) "
    r"(?:des |les |nos )?(?:\S+ )?(?:produits?|applications?|videos?)\b|\btask sets?\b|"
    r"\bseries (?:de taches )?mieux payees\b|\b(?:premium orders|commandes premium)\b"
)


def task_scheme(text: str) -> Iterator[Hit]:
    yield from _found("task_scheme", WEAK, _TASKS, text)


_APP = (
    r"(?:whats ?app|telegram|t\.me/|wickr|\bkik\b|hangouts|viber|wechat|(?:download|telechargez|"
    r"on|sur|via|par|by) signal\b|\bsignal (?:app|application)|application signal)"
)
_CONTACT = (
    r"\b(?:contact\w*|message|text|write|add|join|send|reach|dm|chat|ajout\w*|ecri\w*|"
    r"rejoign\w*|envoy\w*|joindre|texto)\b"
)
_CHAT_ONLY = (
    rf"{_APP}\W+(?:\S+ ){{0,2}}?(?:only|uniquement|seulement|exclusively|exclusivement)\b|"
    rf"\b(?:only|uniquement|seulement|exclusively|exclusivement)\b (?:\S+ ){{0,3}}?{_APP}|"
    r"\b(?:interviews?|entrevues?|entretiens?)\b (?:\S+ ){0,8}?(?:by|via|on|par|sur|through|"
    r"over|using) (?:\S+ )?(?:text|chat|clavardage|messagerie|instant messag\w*|sms|texto|"
    rf"{_APP})|\b(?:contract|contrat)\b (?:\S+ ){{0,4}}?(?:on|by|via|sur|par) {_APP}"
)
_NO_OTHER_WAY = (
    r"\b(?:no|don't take|do not take|ni|pas d'|aucun) (?:phone )?(?:calls?|appels?|e-?mails?|"
    r"courriels?)\b"
)


def messaging_app(text: str) -> Iterator[Hit]:
    yield from _found("messaging_app", STRONG, _CHAT_ONLY, text)
    bounds = sentences(text)
    for index, (start, end) in enumerate(bounds):
        sentence = text[start:end]
        app = re.search(_APP, sentence)
        if app is None:
            continue
        contact = re.search(rf"{_CONTACT}(?:\W+\S+){{0,10}}?\W+{_APP}", sentence)
        handle = re.search(rf"{_APP}\s?:\s?(?:@|\+|\d|t\.me)", sentence)
        if contact is None and handle is None:
            continue
        around = text[bounds[max(index - 1, 0)][0] : bounds[min(index + 1, len(bounds) - 1)][1]]
        weight = STRONG if re.search(_NO_OTHER_WAY, around) else WEAK
        yield Hit("messaging_app", weight, start + app.start(), start + app.end())


_NO_INTERVIEW = (
    r"\bno interview\b|\bwithout (?:an )?interview\b|\bsans (?:entrevue|entretien)\b|"
    r"\bno (?:cv|resume)\b|\bpas (?:besoin )?de cv\b|\bhired on the spot\b|"
    r"\baucune? (?:entrevue|entretien)\b|\bpas d'(?:entrevue|entretien)\b"
)


def no_interview(text: str) -> Iterator[Hit]:
    for match in re.finditer(_NO_INTERVIEW, text):
        yield Hit("no_interview", WEAK, match.start(), match.end())


FLOW_RULES = [money_forwarding, reshipping, crypto, task_scheme, messaging_app, no_interview]
