"""The HTML pages a member opens most, under load, beside the trivial page of the same run.

wrk (a second process) against the production server set-up (uvicorn, 2 workers, DEBUG
off, PostgreSQL with Django's pool, Redis cache), on the data of bench/social_data.py and
bench/jobs_data.py (100,000 members, 1,000,000 items, 50,000 postings, a notification
table of 1,000,000 rows), plus what this script adds once: a filled-in profile (skills,
experience, education, endorsements, recommendations) and an agency counsellor with a
caseload of 150 active cases (plans, appointments and notes on some).

Measured, each with 4 concurrent clients (issue 14's target: at least 150 requests/s each,
p99 under 60 ms): the trivial page (/api/v1/health), the home feed (/fr/), a profile
(/fr/p/<handle>/), job search (/fr/jobs/search/?q=...), the notifications centre
(/fr/notifications/) and the caseload (/fr/counselling/caseload/). Every answer must be a
200 (wrk_report.lua counts the others). Prints requests/s and latency percentiles;
asserts nothing.

    DATABASE_URL=$(bench/pg.sh start) .venv/bin/python bench/html_pages.py [--seconds 15]
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadkit  # noqa: E402
from feed_load import member  # noqa: E402
from social_data import setup_django  # noqa: E402

COUNSELLOR_EMAIL = "bench-counsellor@bench.example"
AGENCY_SLUG = "bench-agency"
CASES = 150
SEARCH = "/fr/jobs/search/?q=comptable&region=QC"


def profile_to_show(viewer):
    """One of the viewer's connections, filled in like a complete profile (once)."""
    from django.db.models import Q

    from tremplin.network.models import Connection
    from tremplin.profiles.models import Profile, Skill

    pair = Connection.objects.filter(Q(user_low=viewer) | Q(user_high=viewer)).first()
    other = pair.user_high_id if pair.user_low_id == viewer.pk else pair.user_low_id
    profile = Profile.objects.get(user_id=other)
    if not Skill.objects.filter(profile=profile).exists():
        _fill_in(profile, viewer)
    return profile


def _fill_in(profile, viewer) -> None:
    from datetime import date

    from tremplin.profiles.models import Education, Endorsement, Experience, Skill

    profile.headline = "Soudeuse-monteuse certifiée, 12 ans d'expérience"
    profile.about = "Je cherche un poste de soudeuse en Outaouais. " * 8
    profile.city = "Gatineau"
    profile.save()
    for i, name in enumerate(
        ["Soudage MIG", "Soudage TIG", "Lecture de plans", "Oxycoupage", "Sécurité",
         "Meulage", "Travail d'équipe", "Métrologie", "Pont roulant", "Français", ]
    ):  # fmt: skip
        skill = Skill.objects.create(profile=profile, name=name)
        if i < 4:
            Endorsement.objects.create(skill=skill, endorser=viewer)
    for i in range(5):
        Experience.objects.create(
            profile=profile,
            title=f"Soudeuse {i}",
            organization_name=f"Atelier {i}",
            start=date(2010 + 2 * i, 1, 1),
            end=date(2012 + 2 * i, 1, 1),
            description="Soudure de structures d'acier. " * 4,
        )
    for i in range(3):
        Education.objects.create(
            profile=profile,
            school=f"Centre de formation {i}",
            program="DEP Soudage-montage",
            start_year=2005 + i,
            end_year=2006 + i,
        )


def counsellor_with_caseload(members):
    """An agency counsellor with CASES active cases (once), some with a plan, an
    appointment and a case note, as a real caseload has."""
    from tremplin.accounts.models import User
    from tremplin.counselling.models import Case
    from tremplin.organizations.models import Membership, Organization, OrgKind, Role

    counsellor = User.objects.filter(email=COUNSELLOR_EMAIL).first()
    if counsellor is not None:
        return counsellor
    from django.utils import timezone

    from tremplin.profiles.services import create_profile

    agency, _ = Organization.objects.get_or_create(
        slug=AGENCY_SLUG,
        defaults={"name": "Agence Bench", "kind": OrgKind.AGENCY, "region": "ON", "verified": True},
    )
    counsellor = User.objects.create_user(COUNSELLOR_EMAIL, password=None)
    create_profile(counsellor, "Conseillère Bench", "fr")
    Membership.objects.create(organization=agency, user=counsellor, role=Role.COUNSELLOR)
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            agency=agency,
            counsellor=counsellor,
            client_id=client,
            status="active",
            client_consented_at=now,
            shares_profile=True,
            shares_documents=True,
            shares_applications=True,
            allows_messages=True,
        )
        for client in members[5000 : 5000 + CASES]
    )
    _caseload_work(cases, counsellor, now)
    return counsellor


def _caseload_work(cases, counsellor, now) -> None:
    from tremplin.appointments.models import Appointment
    from tremplin.plans.models import Goal, PlanItem

    for i, case in enumerate(cases[:60]):
        goal = Goal.objects.create(case=case, title=f"Trouver un emploi {i}", created_by=counsellor)
        PlanItem.objects.create(
            goal=goal, title="Mettre le CV à jour", due_on=(now + timedelta(days=i - 30)).date()
        )
        Appointment.objects.create(
            case=case,
            starts_at=now + timedelta(days=i % 20, hours=2),
            mode="phone",
            created_by=counsellor,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--only", default="", help="run only the pages whose label has this")
    args = parser.parse_args()
    setup_django()
    from tremplin.accounts.models import User

    typical = member(connections=150)
    members = list(
        User.objects.filter(email__endswith="@bench.example")
        .order_by("id")
        .values_list("id", flat=True)
    )
    profile = profile_to_show(typical)
    counsellor = counsellor_with_caseload(members)
    member_cookie = loadkit.header_file([f"Cookie: {loadkit.session_cookie(typical)}"])
    counsellor_cookie = loadkit.header_file([f"Cookie: {loadkit.session_cookie(counsellor)}"])
    print(f"member {typical.pk}; profile shown: {profile.handle}; counsellor {counsellor.pk}")

    runs = [
        ("trivial page (/api/v1/health)", "/api/v1/health", None),
        ("home feed (/fr/)", "/fr/", member_cookie),
        ("a profile (/fr/p/<handle>/)", f"/fr/p/{profile.handle}/", member_cookie),
        ("job search (/fr/jobs/search/?q=comptable&region=QC)", SEARCH, member_cookie),
        ("notifications (/fr/notifications/)", "/fr/notifications/", member_cookie),
        ("caseload (/fr/counselling/caseload/)", "/fr/counselling/caseload/", counsellor_cookie),
    ]
    runs = [run for run in runs if args.only in run[0] or run[2] is None]
    redis_url, redis = loadkit.start_redis()
    env = loadkit.production_env(REDIS_URL=redis_url)
    base, server = loadkit.start_server(env, workers=args.workers)
    try:
        for _label, path, headers in runs:  # warm every page up (templates, plans, caches)
            loadkit.wrk(base + path, headers, args.clients, 3, settle=0)
        print(f"\n{args.seconds} s per run, {args.clients} clients, wrk with 2 threads; ms")
        for label, path, headers in runs:
            print(
                loadkit.line(label, loadkit.wrk(base + path, headers, args.clients, args.seconds))
            )
    finally:
        loadkit.stop(server)
        loadkit.stop(redis)


if __name__ == "__main__":
    main()
