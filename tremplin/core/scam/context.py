"""When does a mention of a SIN, a bank detail, a password, an identity document or a fee
count as the posting *asking the applicant* for it?

Honest postings name the same things as scams: a bookkeeper reconciles bank statements, a
payroll officer keeps the employees' SINs and banking information, a compliance analyst
verifies the clients' identity documents, a crypto wallet's support agent never asks for
passwords. What differs is who gives what to whom, so a mention is judged in its clause:

- negated ("we will never ask for your banking information") or at hiring, in person
  ("bring your SIN card on your first day", "once an offer is made"): it does not count;
- the nearest verb before it decides: a request ("send", "provide", "joignez", "a photo
  of") counts, a duty ("reconcile", "verify", "recueillir", "process") does not;
- someone else's ("their", "leur", "the employees'") does not count;
- otherwise it counts if the item is always a request when named in a posting (a void
  cheque, the words "social insurance number"), or, for a few items, if it is the
  reader's ("your SIN", "votre NIP").
"""

from __future__ import annotations

import re

from tremplin.core.scam.text import clause_at

_REQUEST = re.compile(
    r"\b(?:send|sending|submit|provide|providing|include|attach|upload|e-?mail|text|share|"
    r"give|fax|fill (?:in|out)|enter your|remplissez|remplir|fournir|fournissez|envoy\w*|"
    r"transmet\w*|soumet\w*|soumett\w*|joind\w*|joign\w*|communiqu\w*|telever\w*|indiqu\w*|"
    r"inscri\w*|faire parvenir|faites parvenir|photos?|pictures?|pic|selfie|egoportrait|"
    r"images?|copy|copie|copies|photocopie|scans?|numeris\w*|we need|we will need|"
    r"we'll need|il nous faut|nous avons besoin|need your|merci de|veuillez|please)\b"
)
_DUTY = re.compile(
    r"\b(?:review\w*|verif(?:y|ies|ying|ied|ier|iez|ie|ient|ions)|reconcil\w*|concili\w*|rapproch\w*|analy[sz]\w*|process\w*|"
    r"maintain\w*|manag\w*|track\w*|enter|entering|saisi\w*|trait\w*|tenir|tenue|gere\w*|"
    r"gerer|collect\w*|recueill\w*|check|checks|checking|control\w*|validat\w*|valider|"
    r"prepar\w*|balanc\w*|audit\w*|monitor\w*|surveill\w*|handl\w*|help\w*|aider|assist\w*|"
    r"support\w*|teach\w*|expliqu\w*|explain\w*|access to|acces aux|sell\w*|vend\w*)\b"
)
_KEYWORD = re.compile(f"{_REQUEST.pattern}|{_DUTY.pattern}")
_NEGATION = re.compile(
    r"\b(?:never|jamais|not|won't|will not|do not|don't|does not|doesn't|nullement|"
    r"(?:no|aucun\w*|sans|without|pas)(?! (?:besoin|need|experience|cv|resume|diplome|degree|"
    r"interview|entrevue|entretien)))\b(?:\W+\w+){0,8}\W*$"
)
# "On your first day", not "before your first day" (scams ask for things before it).
_AT_HIRE = re.compile(
    r"\b(?:(?:on|during) (?:your|the) first day|(?:le|au|lors du|des le) premier jour|"
    r"(?:lors de la|la|a la|votre) premiere journee|in person|en personne|bring|apport\w*|"
    r"upon hir\w*|on hire|at hire|(?:when|once) (?:an|the|your) offer|(?:when|once) you "
    r"accept|au moment de l'offre|une fois l'offre|a l'embauche|lors de l'embauche|"
    r"at the interview|lors de l'entrevue|during orientation)\b"
)
_THIRD_PARTY = re.compile(
    r"\b(?:their|leurs?|his|her|son|sa|ses|employees?'?|staff|members?'?|clients?'?|"
    r"customers?'?|patients?'?|borrowers?'?|buyers?'?|tenants?'?|users?'?|new hires?'?)"
    r"\W+(?:\w+\W+){0,2}$"
)
_YOURS = re.compile(r"\b(?:your|votre|vos|ton|ta|tes)\W+(?:\w+\W+){0,2}$")
_NEEDED_TO_APPLY = re.compile(
    r"\W*(?:\w+\W+){0,3}(?:required|requis|exige|needed|necessaire)\w*\W+"
    r"(?:to apply|pour postuler|with|avec)\b"
)

# "To verify your identity, send...", "pour traiter votre candidature, des frais...": a
# purpose aimed at the reader, not a duty of the job.
_PURPOSE = re.compile(r"\W+(?:your|votre|vos|ton|ta|tes)\b[^,;]{0,40},")

ALWAYS, DEFAULT, YOURS, REQUEST = "always", "default", "yours", "request"


def negated(prefix: str) -> bool:
    return _NEGATION.search(prefix) is not None


def asked(text: str, start: int, end: int, mode: str, near: int = 12) -> bool:
    """Does the mention at text[start:end] ask the reader for it? `mode` says what is
    enough without a request verb: ALWAYS (the words are the request: "log in to your
    bank"), DEFAULT (a request when named, unless a duty or someone else's), YOURS (the
    reader's: "your SIN"), REQUEST (nothing: a verb must ask for it)."""
    clause_start, clause_end = clause_at(text, start, end)
    prefix = text[clause_start:start]
    if negated(prefix) or _AT_HIRE.search(text, clause_start, clause_end):
        return False
    if mode == ALWAYS:
        return True
    last = None
    for match in _KEYWORD.finditer(prefix):
        if not (_DUTY.fullmatch(match.group()) and _PURPOSE.match(prefix, match.end())):
            last = match
    if last is not None:
        if _DUTY.fullmatch(last.group()):
            return False
        if len(prefix[last.end() :].split()) <= near:
            return True
    if _THIRD_PARTY.search(prefix):
        return False
    if _NEEDED_TO_APPLY.match(text, end, clause_end):
        return True
    return mode == DEFAULT or (mode == YOURS and _YOURS.search(prefix) is not None)
