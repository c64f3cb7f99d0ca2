"""Training institutions, their programmes and enrolments, and recruitment events with
their enterprises, posts and registrations."""

import numpy as np

from demo import catalogue
from demo.copying import Const
from demo.generate import DAY, pick
from demo.hiring import Groups
from demo.persons import draw_mobiles, draw_names
from demo.places import short_name
from jobs.models import EventRegistration, RecruitmentEvent
from veterans.models import Enrolment, TrainingInstitution, TrainingProgramme

# Enrolment statuses by the programme's timing.
FINISHED = {"completed": 80, "dropped": 10, "withdrawn": 10}
RUNNING = {"attending": 85, "withdrawn": 10, "dropped": 5}
UPCOMING = {"enrolled": 90, "withdrawn": 10}


def load(ctx, orgs, posts, vets) -> tuple[np.ndarray, np.ndarray]:
    """Load training and events; returns (veteran index, skill id) of completed training."""
    rng = ctx.rng("training")
    institutions = load_institutions(ctx, rng)
    programmes = load_programmes(ctx, rng, institutions)
    trained = load_enrolments(ctx, rng, programmes, vets)
    load_events(ctx, ctx.rng("events"), orgs, posts, vets)
    return trained


def load_institutions(ctx, rng) -> dict:
    places, n = ctx.places, ctx.scale.institutions
    city = places.featuring_demo_cities(places.pick_cities(rng, n), each=2)
    brand = rng.choice(list(catalogue.BRAND_CHARACTERS), size=(n, 2))
    kind = pick(rng, catalogue.INSTITUTION_KINDS, n)
    address = [
        f"{places.city_names[c]}{ctx.faker.street_name()}{rng.integers(1, 500)}号" for c in city
    ]
    ids = ctx.ids(TrainingInstitution, n)
    ctx.load(
        TrainingInstitution,
        {
            "id": ids,
            "name": [
                f"{short_name(places.city_names[c])}{a}{b}{k}"
                for c, (a, b), k in zip(city, brand, kind)
            ],
            "region_id": places.city_codes[city],
            "address": address,
            "contact_name": [a + b for a, b in zip(*draw_names(rng, n, rng.random(n) < 0.5))],
            "contact_phone": draw_mobiles(rng, n),
        },
    )
    return {"ids": ids, "city": city, "address": address}


def load_programmes(ctx, rng, institutions: dict) -> dict:
    """Two to five courses per institution, some finished, some running, some to come;
    five in the demo bureaus' cities, the first of them starting within weeks."""
    featured = np.isin(institutions["city"], ctx.places.demo_cities)
    count = np.where(featured, 5, rng.integers(2, 6, len(institutions["ids"])))
    owner = np.repeat(np.arange(len(count)), count)
    n = len(owner)
    course = rng.integers(0, len(catalogue.PROGRAMMES), n)
    days = np.array([p[2] for p in catalogue.PROGRAMMES])[course]
    starts = np.datetime64(ctx.today) + rng.integers(-400, 90, n)
    soon = (np.cumsum(count) - count)[featured]
    starts[soon] = np.datetime64(ctx.today) + rng.integers(10, 45, len(soon))
    city = institutions["city"][owner]
    seats = rng.integers(4, 13, n) * 5
    ids = ctx.ids(TrainingProgramme, n)
    ctx.load(
        TrainingProgramme,
        {
            "id": ids,
            "institution_id": institutions["ids"][owner],
            "title": [catalogue.PROGRAMMES[c][0] for c in course],
            "region_id": ctx.places.city_codes[city],
            "starts_on": starts,
            "ends_on": starts + days,
            "seats": seats,
            "place": [institutions["address"][i] for i in owner],
            "cost": np.where(rng.random(n) < 0.85, 0, rng.integers(8, 31, n) * 100),
            "created_at": (starts - 45).astype("datetime64[s]"),
        },
    )
    skills = load_programme_skills(ctx, ids, course)
    return {
        "ids": ids,
        "city": city,
        "starts": starts,
        "ends": starts + days,
        "skills": skills,
        "seats": seats,
    }


def load_programme_skills(ctx, ids: np.ndarray, course: np.ndarray) -> list[list[int]]:
    """The skills each programme teaches, as listed in the catalogue."""
    skill_of = {code: ctx.ref.skill_ids.get(code) for p in catalogue.PROGRAMMES for code in p[1]}
    skills = [[skill_of[c] for c in catalogue.PROGRAMMES[k][1] if skill_of[c]] for k in course]
    ctx.load(
        TrainingProgramme.skills.through,
        {
            "trainingprogramme_id": np.repeat(ids, [len(s) for s in skills]),
            "skill_id": np.array([s for row in skills for s in row], np.int64),
        },
    )
    return skills


def enrolment_statuses(rng, ctx, starts, ends, n: int) -> np.ndarray:
    today = np.datetime64(ctx.today)
    shares = FINISHED if ends < today else RUNNING if starts <= today else UPCOMING
    return pick(rng, list(shares), n, list(shares.values()))


def load_enrolments(ctx, rng, programmes: dict, vets) -> tuple[np.ndarray, np.ndarray]:
    """Veterans of the programme's province, registered by then, fill half to all seats."""
    by_province = Groups(vets.province, len(ctx.places.province_codes))
    columns = {"programme_id": [], "veteran": [], "status": [], "enrolled_at": []}
    trained_vet, trained_skill = [], []
    for i, programme_id in enumerate(programmes["ids"]):
        pool = by_province.members(ctx.places.city_province[programmes["city"][i]])
        start = programmes["starts"][i]
        pool = pool[vets.created[pool] < start - np.timedelta64(40, "D")]
        k = min(len(pool), int(programmes["seats"][i] * rng.uniform(0.5, 1.0)))
        chosen = rng.choice(pool, size=k, replace=False)
        status = enrolment_statuses(rng, ctx, programmes["starts"][i], programmes["ends"][i], k)
        columns["programme_id"].append(np.full(k, programme_id))
        columns["veteran"].append(chosen)
        columns["status"].append(status)
        columns["enrolled_at"].append(np.full(k, programmes["starts"][i]) - rng.integers(5, 40, k))
        completed = chosen[status == "completed"]
        skills = programmes["skills"][i]
        trained_vet.append(np.repeat(completed, len(skills)))
        trained_skill.append(np.tile(np.array(skills, np.int64), len(completed)))
    write_enrolments(ctx, programmes, vets, {k: np.concatenate(v) for k, v in columns.items()})
    return np.concatenate(trained_vet), np.concatenate(trained_skill)


def write_enrolments(ctx, programmes: dict, vets, columns: dict) -> None:
    ends = dict(zip(programmes["ids"].tolist(), programmes["ends"]))
    completed = columns["status"] == "completed"
    ctx.load(
        Enrolment,
        {
            "programme_id": columns["programme_id"],
            "veteran_id": vets.ids[columns["veteran"]],
            "status": columns["status"],
            "enrolled_at": columns["enrolled_at"].astype("datetime64[s]") + np.timedelta64(2, "h"),
            "completed_on": np.where(
                completed,
                np.array([ends[p] for p in columns["programme_id"].tolist()]),
                np.datetime64("NaT"),
            ),
        },
    )


def event_titles(rng, region_names: list[str], starts: np.ndarray) -> list[str]:
    years = starts.astype("datetime64[Y]").astype(int) + 1970
    forms = (
        "{r}{y}年退役军人专场招聘会",
        "{r}退役军人就业合作企业专场招聘会",
        "{r}“老兵优选”退役军人招聘周",
    )
    return [
        forms[rng.integers(0, 3)].format(r=short_name(name), y=y)
        for name, y in zip(region_names, years)
    ]


def load_events(ctx, rng, orgs, posts, vets) -> None:
    """Events run by a city's or a province's bureau, with local enterprises and posts."""
    places, n = ctx.places, ctx.scale.events
    city = places.featuring_demo_cities(places.pick_cities(rng, n), each=2)
    featured = np.arange(n) < 2 * len(places.demo_cities)
    provincial = (rng.random(n) < 0.3) & ~featured
    staff = orgs.staff
    organiser = np.where(
        provincial, staff.province_bureau[places.city_province[city]], staff.city_bureau[city]
    )
    names = [
        places.province_names[places.city_province[c]] if p else places.city_names[c]
        for c, p in zip(city, provincial)
    ]
    # The demo bureaus' cities have an event that has been and one to come.
    days = np.where(featured, np.tile([14, -30], n)[:n], rng.integers(-200, 60, n))
    starts = ctx.now + (days * DAY) - np.timedelta64(1, "h")
    ids = ctx.ids(RecruitmentEvent, n)
    ctx.load(
        RecruitmentEvent,
        {
            "id": ids,
            "title": event_titles(rng, names, starts),
            "region_id": np.where(
                provincial,
                [c[:2] + "0000" for c in places.city_codes[city]],
                places.city_codes[city],
            ),
            "organiser_id": organiser,
            "starts_at": starts,
            "ends_at": starts + np.timedelta64(5, "h"),
            "place": [
                f"{places.city_names[c]}{pick(rng, ('人才市场', '会展中心', '体育馆'), 1)[0]}"
                for c in city
            ],
            "capacity": rng.integers(2, 21, n) * 100,
            "description": Const(
                "现场设退役军人专区，合作企业集中发布岗位，提供政策咨询和职业指导服务。"
            ),
            "created_at": starts - 20 * DAY,
        },
    )
    link_events(ctx, rng, ids, city, provincial, starts, orgs, posts, vets)


def link_events(ctx, rng, ids, city, provincial, starts, orgs, posts, vets) -> None:
    """Each event shows up to 40 published local posts and their enterprises; local
    veterans registered in the fortnight before, and most came to past events."""
    places = ctx.places
    published = np.flatnonzero(posts.status == "published")
    groups = {
        "posts": (
            Groups(posts.city[published], len(places.city_codes)),
            Groups(places.city_province[posts.city[published]], len(places.province_codes)),
        ),
        "vets": (
            Groups(vets.city, len(places.city_codes)),
            Groups(vets.province, len(places.province_codes)),
        ),
    }
    links = {"enterprises": ([], []), "posts": ([], []), "registrations": ([], [], [])}
    for event, c, p, start in zip(ids, city, provincial, starts):
        key = places.city_province[c] if p else c
        chosen = published[rng.permutation(groups["posts"][int(p)].members(key))[:40]]
        firms = np.unique(orgs.enterprises.ids[posts.enterprise[chosen]])
        people = groups["vets"][int(p)].members(key)
        people = rng.permutation(people[vets.created[people] < start])[: int(rng.integers(20, 120))]
        for name, columns in (
            ("posts", (posts.ids[chosen],)),
            ("enterprises", (firms,)),
            ("registrations", (people, np.full(len(people), start))),
        ):
            links[name][0].append(np.full(len(columns[0]), event))
            for target, values in zip(links[name][1:], columns):
                target.append(values)
    write_event_links(
        ctx, rng, {k: [np.concatenate(part) for part in v] for k, v in links.items()}, vets
    )


def write_event_links(ctx, rng, links: dict, vets) -> None:
    event, firm = links["enterprises"]
    ctx.load(
        RecruitmentEvent.enterprises.through, {"recruitmentevent_id": event, "enterprise_id": firm}
    )
    event, post = links["posts"]
    ctx.load(RecruitmentEvent.posts.through, {"recruitmentevent_id": event, "jobpost_id": post})
    event, people, starts = links["registrations"]
    registered = starts - (rng.uniform(1, 15, len(people)) * DAY).astype("timedelta64[s]")
    ctx.load(
        EventRegistration,
        {
            "event_id": event,
            "veteran_id": vets.ids[people],
            "registered_at": np.maximum(np.minimum(registered, ctx.now), vets.created[people]),
            "attended": (starts < ctx.now) & (rng.random(len(people)) < 0.7),
        },
    )
