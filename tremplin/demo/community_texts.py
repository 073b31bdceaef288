"""The demo communities' texts (tremplin/demo/communities.py), written as their members
would: a French community in French, an English one in English, the agency's official
community in both."""

from __future__ import annotations

# ------------------------------------------------------------------ communities

HEALTH = {
    "slug": "emploi-horizon-sante",
    "name_fr": "Emploi Horizon — métiers de la santé",
    "name_en": "Emploi Horizon — Health care careers",
    "description_fr": "La communauté officielle d’Emploi Horizon pour les personnes qui "
    "visent un emploi en santé : préposé·e aux bénéficiaires, aide en soins, soins à "
    "domicile. Questions, entrevues, salons de l’emploi et ressources, avec nos "
    "conseillères et conseillers.",
    "description_en": "Emploi Horizon’s official community for people aiming for a job in "
    "health care: personal support workers, care aides, home care. Questions, interviews, "
    "job fairs and resources, with our counsellors.",
    "rules_fr": "1. Restez bienveillant·e.\n2. Aucun renseignement personnel (téléphone, "
    "adresse) dans les fils : écrivez plutôt en message privé.\n3. Les offres d’emploi "
    "doivent venir d’employeurs identifiés.",
    "rules_en": "1. Be kind.\n2. No personal details (phone, address) in threads: send a "
    "private message instead.\n3. Job offers must come from identified employers.",
    "languages": "fr,en",
    "topics": "santé, préposé aux bénéficiaires, soins, entrevues, health care",
    "region": "ON",
    "sector": "Santé",
    "visibility": "public",
    "join_policy": "open",
}
HEALTH_CATEGORIES = [
    ("entrevues-cv", "Entrevues et CV", "Interviews and resumes"),
    ("offres-salons", "Offres et salons", "Openings and job fairs"),
    ("formation", "Formation", "Training"),
]
TECH = {
    "slug": "ottawa-tech-job-seekers",
    "name_en": "Ottawa Tech Job Seekers",
    "description_en": "For people looking for their first (or next) job in tech around "
    "Ottawa: data, support, development, UX. Share interview questions, leads and "
    "portfolio feedback.",
    "rules_en": "Be generous with what you learned. No recruiting spam: one post per "
    "opening, with the employer's name. Slow mode is on: one post every 30 seconds.",
    "languages": "en",
    "topics": "tech, data, software, UX, interviews",
    "region": "ON",
    "sector": "Technology",
    "visibility": "public",
    "join_policy": "open",
    "slow_mode_seconds": 30,
}
TECH_CATEGORIES = [
    ("interview-prep", "Préparation aux entrevues", "Interview prep"),
    ("job-leads", "Pistes d’emploi", "Job leads"),
]
ACCOUNTANTS = {
    "slug": "comptables-en-transition",
    "name_fr": "Comptables en transition — Outaouais",
    "description_fr": "Un petit groupe privé pour les personnes qui reviennent à la "
    "comptabilité ou qui s’y réorientent. On y parle franchement de salaires, de "
    "logiciels et des premières semaines en poste.",
    "rules_fr": "Ce qui se dit ici reste ici. Pas de noms d’employeurs dans les "
    "critiques. Vos premières publications sont relues par une modératrice.",
    "languages": "fr",
    "topics": "comptabilité, finance, réorientation",
    "region": "QC",
    "sector": "Finance",
    "visibility": "private",
    "join_policy": "request",
    "join_questions": [
        "Quel poste visez-vous en comptabilité ?",
        "Êtes-vous accompagné·e par une conseillère ou un conseiller en emploi ?",
    ],
    "preapprove_first_posts": True,
}
ACCOUNTANTS_CATEGORIES = [("general", "Discussions", "Discussions")]
FATIMA_ANSWERS = [
    "Commis comptable, puis technicienne comptable.",
    "Oui, avec Daniel Okafor chez Emploi Horizon.",
]
CIRCLE = {
    "slug": "cercle-conseillers-emploi-horizon",
    "name_fr": "Cercle des conseillères et conseillers",
    "name_en": "Counsellors’ circle",
    "description_fr": "L’espace de travail de l’équipe d’Emploi Horizon : ateliers à "
    "planifier, pratiques à partager. Sur invitation seulement.",
    "description_en": "Emploi Horizon's team space: workshops to plan, practices to "
    "share. By invitation only.",
    "languages": "fr,en",
    "topics": "conseil en emploi, ateliers",
    "region": "ON",
    "visibility": "secret",
    "join_policy": "invitation",
}
CIRCLE_CATEGORIES = [("equipe", "Équipe", "Team")]

# ------------------------------------------------------------------ health care threads

WELCOME = {
    "title": "Bienvenue ! Présentez-vous ici / Welcome! Introduce yourself",
    "body": "Bienvenue dans la communauté santé d’Emploi Horizon !\n\nDites-nous en "
    "quelques mots **quel poste vous visez** et où vous en êtes. Les conseillères et "
    "conseillers passent ici chaque semaine.\n\n*Welcome! Tell us in a few words which "
    "job you are aiming for. You can write in English.*",
    "language": "fr",
}
WELCOME_REPLIES = [
    "Bonjour ! Julie, préposée aux bénéficiaires depuis trois ans à Orléans. Je cherche un "
    "poste de jour dans un centre de soins de longue durée.",
    "Hi everyone, I'm Grace, an early childhood educator in Nepean. I'm curious about "
    "personal support worker roles and what training I would need.",
    "Bonjour Julie ! Je ne suis pas du domaine (je suis en comptabilité), mais ma mère "
    "travaille en soins de longue durée : je peux te mettre en contact.",
]
INTERVIEW = {
    "title": "Préparer l’entrevue de préposé·e aux bénéficiaires : vos questions ?",
    "body": "J’ai une entrevue la semaine prochaine dans un centre de soins de longue "
    "durée. On m’a dit qu’il y aurait des **mises en situation**. Qu’est-ce qu’on vous a "
    "demandé, à vous ?",
    "language": "fr",
    "tags": ["entrevue", "pab"],
}
INTERVIEW_REPLIES = [
    "Très bonne question, Julie. Les mises en situation reviennent souvent :\n\n"
    "- un résident qui refuse ses soins ;\n- une famille mécontente ;\n- deux demandes "
    "urgentes en même temps.\n\nRépondez avec la méthode **STAR** : situation, tâche, "
    "action, résultat. On peut pratiquer ensemble jeudi.",
    "> Répondez avec la méthode **STAR** : situation, tâche, action, résultat.\n\n"
    "Merci Sophie ! Ça marche aussi pour les entrevues en comptabilité, je l’ai "
    "utilisée la semaine dernière.",
    "{mention} is right about role plays. They also asked me about infection control "
    "and how I would report a concern to a nurse.",
    "Merci à toutes ! Je pratique la méthode STAR avec deux exemples tirés de mon "
    "dernier emploi. Je vous dis comment ça s’est passé.",
]
INTERVIEW_FIRST_DRAFT = "Merci ! Je vais pratiquer."
REMOVED_REPLY = "Je peux t’aider, appelle-moi au 613-555-0142 ce soir."
REMOVED_REASON = (
    "Numéro de téléphone personnel dans une communauté publique : écrivez plutôt en "
    "message privé (règle 2)."
)
CPR_QUESTION = {
    "title": "Faut-il une formation RCR à jour pour postuler en soins de longue durée ?",
    "body": "Ma certification RCR est échue depuis deux mois. Est-ce que je peux quand "
    "même postuler, ou faut-il la renouveler avant ?",
    "language": "fr",
    "kind": "question",
    "tags": ["rcr", "formation"],
}
CPR_ANSWERS = [
    "Vous pouvez postuler dès maintenant : indiquez dans votre CV « RCR — renouvellement "
    "prévu en novembre ». La plupart des employeurs la demandent **avant la première "
    "journée**, pas à l’entrevue. Emploi Horizon rembourse la formation : parlez-en à "
    "votre conseillère.",
    "Same experience here: they asked for my CPR card on my first day, not before.",
]
ECE_QUESTION = {
    "title": "Do long-term care homes count early childhood education experience for PSW roles?",
    "body": "I have five years as an ECE. Would that experience count for a personal "
    "support worker role, or should I start with the full PSW program?",
    "language": "en",
    "kind": "question",
    "tags": ["psw", "training"],
}
FORMAT_POLL = {
    "title": "Sondage : quel format pour l’atelier d’entrevue de novembre ?",
    "body": "Nous préparons le prochain atelier d’entrevue. Votre avis compte ! Le "
    "sondage est anonyme.",
    "language": "fr",
}
FORMAT_POLL_OPTIONS = {
    "question": "Quel format préférez-vous ?",
    "choices": ["En personne, au centre", "En ligne, en soirée", "Hybride"],
}
JOB_FAIR = {
    "kind": "job_fair",
    "title": "Salon de l’emploi en santé — Ottawa",
    "description": "Une dizaine d’employeurs en soins de longue durée et en soins à "
    "domicile recrutent sur place. **Apportez quelques CV imprimés.** Places limitées : "
    "inscrivez-vous, une liste d’attente s’ouvre quand c’est complet.",
    "language": "fr",
    "format": "in_person",
    "venue": "Emploi Horizon, salle communautaire, 200 rue Rideau",
    "city": "Ottawa",
    "questions": [{"label": "Quel type de poste vous intéresse ?", "required": True}],
    "audience": "members",
}
FAIR_ANSWERS = [
    "Préposée aux bénéficiaires, de jour.",
    "Administration en santé.",
    "Personal support worker.",
    "Adjointe administrative en clinique.",
]
HEALTH_LINK = {
    "kind": "link",
    "title": "Guichet-Emplois : offres de préposé·e aux bénéficiaires",
    "description": "Les offres affichées par les employeurs de la région, mises à jour "
    "chaque jour.",
    "url": "https://www.guichetemplois.gc.ca/",
    "preview": {
        "title": "Guichet-Emplois",
        "description": "Offres d’emploi au Canada",
        "site_name": "guichetemplois.gc.ca",
    },
    "language": "fr",
    "tags": ["offres", "pab"],
}
HEALTH_GUIDE = {
    "kind": "guide",
    "title": "Guide : réussir son entrevue en soins",
    "description": "Les questions les plus fréquentes et comment y répondre.",
    "body": "## Avant l’entrevue\n\n- Relisez l’offre et soulignez trois compétences.\n"
    "- Préparez deux exemples avec la méthode **STAR**.\n\n## Pendant\n\n- Parlez du "
    "résident, pas seulement de la tâche.\n- Posez une question sur l’équipe.\n\n"
    "## Après\n\nUn courriel de remerciement dans les 24 heures.",
    "language": "fr",
    "tags": ["entrevue", "guide"],
}
HEALTH_DOCUMENT = {
    "kind": "document",
    "title": "Liste de vérification du CV (santé)",
    "description": "Une page à cocher avant d’envoyer votre CV à un employeur en santé.",
    "language": "fr",
    "tags": ["cv"],
}
HEALTH_SUGGESTION = {
    "kind": "link",
    "title": "Webinaire gratuit : la RCR expliquée",
    "description": "Je l’ai suivi la semaine dernière, c’est clair et gratuit.",
    "url": "https://www.croixrouge.ca/",
    "language": "fr",
    "tags": ["rcr"],
}

# ------------------------------------------------------------------ tech threads

SQL_PREP = {
    "title": "Tech interview practice: how do you prepare for SQL questions?",
    "body": "I have two interviews for junior data analyst roles. Both mentioned a **live "
    "SQL exercise**. What did you get asked, and how did you practise?",
    "language": "en",
    "tags": ["sql", "interview"],
}
SQL_REPLIES = [
    "Expect joins, GROUP BY with HAVING, and a window function if they are keen. Say "
    "what you are thinking out loud: they grade the reasoning more than the syntax.",
    "I practised with a public data set (city permits) and timed myself. It helped with "
    "the nerves more than anything.",
    "From the hiring side: we care that you check your result. Count the rows before and "
    "after a join and tell us why they changed.",
]
PORTFOLIO_QUESTION = {
    "title": "Portfolio: case studies or visuals first for a junior UX role?",
    "body": "I'm moving from graphic design to UX. Should my portfolio open with two deep "
    "case studies or with a gallery of visuals?",
    "language": "en",
    "kind": "question",
    "tags": ["ux", "portfolio"],
}
PORTFOLIO_ANSWERS = [
    "Case studies. Show the problem, what you tried, what failed, and what you would do "
    "next. Visuals support the story.",
    "Recruiter here: two case studies, each readable in two minutes. Put the outcome in "
    "the first paragraph.",
]
BOOTCAMP_QUESTION = {
    "title": "Is a bootcamp certificate enough for junior data analyst roles in Ottawa?",
    "body": "Or do employers here still expect a college diploma? I'd love to hear from "
    "people who were hired recently.",
    "language": "en",
    "kind": "question",
    "tags": ["data", "training"],
}
MEETUP_POLL = {
    "title": "Which topics for next month's meetup?",
    "body": "Pick as many as you like. Votes are visible to everyone once the poll closes.",
    "language": "en",
}
MEETUP_POLL_OPTIONS = {
    "question": "What should we cover?",
    "choices": ["Mock interviews", "Portfolio reviews", "Salary negotiation"],
}
WORKSHOP = {
    "kind": "workshop",
    "title": "Online workshop: mock technical interviews",
    "description": "Pairs take turns as interviewer and candidate on SQL and support "
    "questions, with feedback from James. The link is shown to registered people.",
    "language": "en",
    "format": "online",
    "online_url": "https://meet.example/tremplin-mock-interviews",
    "audience": "members",
}
TECH_LINK = {
    "kind": "link",
    "title": "Job Bank: outlook for data analysts in Ontario",
    "description": "Wages and prospects, by region.",
    "url": "https://www.jobbank.gc.ca/",
    "preview": {
        "title": "Job Bank",
        "description": "Find a job in Canada",
        "site_name": "jobbank.gc.ca",
    },
    "language": "en",
    "tags": ["data", "wages"],
}

# ------------------------------------------------------------------ private and secret

FIRST_WEEKS = {
    "title": "Du bilan à l’emploi : vos premières semaines en cabinet",
    "body": "Pour celles et ceux qui viennent de commencer : qu’est-ce qui vous a surpris "
    "pendant les premières semaines ? Pour moi, c’était le rythme des fins de mois.",
    "language": "fr",
}
FIRST_WEEKS_REPLIES = [
    "Le logiciel ! On m’avait parlé de Sage 50, mais le cabinet utilise QuickBooks. "
    "Deux soirées de tutoriels et ça allait mieux.",
    "C’est très fréquent, Amina. Notez les raccourcis que vous apprenez : vous serez "
    "surprise de la vitesse à laquelle vous progresserez.",
]
AUTUMN = {
    "title": "Coordination des ateliers d’automne",
    "body": "Je propose : CV le mardi, entrevues le jeudi, et un atelier en ligne en "
    "anglais le mercredi soir. Qui prend quoi ?",
    "language": "fr",
}
AUTUMN_REPLIES = [
    "I'll take the Wednesday evening session in English, and I can co-host Thursday.",
]
GAP_QUESTION = {
    "title": "Dois-je expliquer mon année sans emploi dans mon CV ?",
    "body": "J’ai arrêté de travailler un an pour m’occuper de ma famille. Est-ce que je "
    "l’écris dans le CV ou seulement si on me pose la question ?",
    "language": "fr",
}
GAP_ANSWER = (
    "Une ligne suffit dans le CV : « 2023 — congé familial ». À l’entrevue, une phrase "
    "positive, puis parlez de ce que vous avez fait pour rester à jour (votre formation "
    "Excel, par exemple). On en reparle à notre rendez-vous mardi."
)

# ------------------------------------------------------------------ the agency's own

AGENCY_GUIDE = {
    "kind": "guide",
    "title": "Nos ateliers CV et entrevue / Our resume and interview workshops",
    "description": "Le calendrier et le contenu de nos ateliers gratuits.",
    "body": "## Ateliers gratuits\n\n- **CV** : le mardi à 10 h.\n- **Entrevues** : le "
    "jeudi à 13 h.\n\n## Free workshops\n\n- **Resumes**: Tuesdays at 10 a.m.\n"
    "- **Interviews**: Thursdays at 1 p.m.",
    "language": "fr",
    "tags": ["ateliers", "workshops"],
}
AGENCY_SESSION = {
    "kind": "information",
    "title": "Séance d’information : les services d’Emploi Horizon",
    "description": "Orientation, ateliers, mentorat : tout ce que nous offrons, "
    "gratuitement. En personne ou en ligne.",
    "language": "fr",
    "format": "hybrid",
    "venue": "Emploi Horizon, 200 rue Rideau",
    "city": "Ottawa",
    "online_url": "https://meet.example/emploi-horizon-info",
}


def _checklist_pdf() -> bytes:
    """A one-page PDF whose page says "Liste de vérification du CV"."""
    stream = b"BT /F1 18 Tf 72 720 Td (Liste de verification du CV) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


CHECKLIST_PDF = _checklist_pdf()

# ------------------------------------------------------------------ feed posts to communities

# (community slug, author's demo name, language, text): posts in the feed that go to a
# community (its "Posts" tab), each in the language of the community or of its author.
COMMUNITY_POSTS = [
    (
        "emploi-horizon-sante",
        "sophie.tremblay",
        "fr",
        "Rappel : le salon de l’emploi en santé approche. Apportez quelques CV imprimés et "
        "préparez une phrase pour vous présenter. Nous serons à la table d’Emploi Horizon.",
    ),
    (
        "emploi-horizon-sante",
        "grace.mensah",
        "en",
        "I had my first interview for a personal support worker job today. The mock "
        "interview we did here helped a lot: thank you all!",
    ),
    (
        "emploi-horizon-sante",
        "julie.roy",
        "fr",
        "J’ai terminé ma formation RCR ce matin. Une étape de plus vers un poste de préposée !",
    ),
    (
        "ottawa-tech-job-seekers",
        "li.wei",
        "en",
        "Three companies asked me for a take-home SQL exercise this month. Practising joins "
        "and window functions every morning made a real difference.",
    ),
    (
        "comptables-en-transition",
        "helene.morin",
        "fr",
        "Bienvenue aux nouveaux membres ! Racontez vos premières semaines en cabinet dans "
        "la discussion ouverte à ce sujet : votre parcours aidera les autres.",
    ),
]
COMMUNITY_POST_COMMENT = "Congratulations, Grace! Tell us how it went at the next workshop."
