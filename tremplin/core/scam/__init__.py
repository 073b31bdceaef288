"""The scam guard: does a job posting (or an employer's message) show the signs public
fraud advisories list — the Canadian Anti-Fraud Centre's, the FTC's, France's warnings
on "arnaques à l'emploi"? It reads French and English, without case or accents.

`assess(text)` weighs explainable signals, one reason code each (`REASONS`): asking for
a SIN, bank details, passwords, identity documents or money (fees, kits, deposits, gift
cards); passing money on (deposit a cheque, wire the difference); reshipping parcels at
home; buying or depositing crypto — each enough alone (weight 1.0) — and signs that only
count together (0.5): contact through a messaging app, pay above the trade, no interview,
"rate products" tasks. The text is held when the weights of its codes (each code counted
once, at its heaviest hit) reach `HOLD_AT`. `scam_check(text)` is what callers use: the
codes that held it, in `REASONS` order, or nothing; `reason_label(code)` the sentence
shown to the author and the reviewer.

A mention is judged in its clause (`context.asked`): "reconcile bank statements", "the
employees' SINs", "we will never ask for fees" and "bring your SIN card on your first
day" are an honest job's words and do not count. The weights and the threshold were set
on the development half of the labelled corpus in tests/data/scam_corpus/ and checked on
its held-out part: `bench/scam_guard.py` prints the figures (docs/jobs.md keeps them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tremplin.core.scam.asks import RULES as ASK_RULES
from tremplin.core.scam.flows import FLOW_RULES
from tremplin.core.scam.hit import Hit
from tremplin.core.scam.pay import pay_hits
from tremplin.core.scam.text import normalise

__all__ = [
    "HOLD_AT",
    "REASONS",
    "Assessment",
    "Signal",
    "assess",
    "normalise",
    "reason_label",
    "scam_check",
]

REASONS = (
    "sin",
    "bank",
    "payment",
    "id_documents",
    "credentials",
    "money_forwarding",
    "reshipping",
    "crypto",
    "task_scheme",
    "messaging_app",
    "high_pay",
    "no_interview",
)
HOLD_AT = 1.0
_RULES = [*ASK_RULES, *FLOW_RULES, pay_hits]


@dataclass(frozen=True)
class Signal:
    code: str
    weight: float
    excerpt: str  # the words that tripped it, normalised


@dataclass(frozen=True)
class Assessment:
    score: float
    signals: tuple[Signal, ...]  # one per code, in REASONS order

    @property
    def held(self) -> bool:
        return self.score >= HOLD_AT

    @property
    def codes(self) -> list[str]:
        return [signal.code for signal in self.signals] if self.held else []


def assess(text: str) -> Assessment:
    """Every signal in the text, the heaviest hit of each code, and their total."""
    plain = normalise(text)
    heaviest: dict[str, Hit] = {}
    for rule in _RULES:
        for hit in rule(plain):
            kept = heaviest.get(hit.code)
            if kept is None or hit.weight > kept.weight:
                heaviest[hit.code] = hit
    signals = tuple(
        Signal(code, heaviest[code].weight, _excerpt(plain, heaviest[code]))
        for code in REASONS
        if code in heaviest
    )
    return Assessment(round(sum(s.weight for s in signals), 2), signals)


def _excerpt(plain: str, hit: Hit) -> str:
    return plain[hit.start : hit.end][:80]


def scam_check(text: str) -> list[str]:
    """The reason codes that hold this text, in `REASONS` order (empty: not held)."""
    return assess(text).codes


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
    "credentials": _(
        "It asks for passwords or banking log-in details. No employer ever needs them, "
        "not even to set up payroll."
    ),
    "money_forwarding": _(
        "It asks applicants to pass money on: deposit a cheque or receive funds, then send "
        "part of it elsewhere. The cheque bounces and the applicant owes the bank."
    ),
    "reshipping": _(
        "It asks applicants to receive parcels at home and send them on. Such parcels are "
        "often bought with stolen cards."
    ),
    "crypto": _(
        "It asks applicants to buy, deposit or pass on cryptocurrency. No employer needs "
        "that to hire anyone."
    ),
    "task_scheme": _(
        "It pays for liking, rating or boosting products or apps: such task schemes soon "
        "ask for deposits."
    ),
    "messaging_app": _(
        "It moves contact or the interview to a messaging app (WhatsApp, Telegram, "
        "Signal...), away from the employer's own channels."
    ),
    "high_pay": _(
        "It promises pay far above what the trade pays, for little work or no experience."
    ),
    "no_interview": _("It hires without an interview or a CV."),
}


def reason_label(code: str) -> str:
    """The translated sentence for a reason code (the code itself if unknown)."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code
