"""People's names, mobile numbers and accounts, drawn in bulk.

Surnames follow their real frequencies (Faker's zh_CN list); given names are one or two
characters from Faker's lists for the person's sex.
"""

import numpy as np
from faker import Faker

from demo.copying import Const
from portal.accounts.models import User

MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)


def draw_names(rng, n: int, male: np.ndarray) -> tuple[list[str], list[str]]:
    """(surnames, given names) for `n` people; `male` says each one's sex."""
    person = Faker("zh_CN").provider("faker.providers.person")
    surnames = list(person.last_names)
    weights = np.array(list(person.last_names.values()), float)
    last = np.asarray(surnames)[rng.choice(len(surnames), size=n, p=weights / weights.sum())]
    given = np.empty(n, dtype=object)
    for is_male, pool in ((True, person.first_names_male), (False, person.first_names_female)):
        rows = np.flatnonzero(male == is_male)
        chars = np.asarray(pool)[rng.integers(0, len(pool), size=(len(rows), 2))]
        # Some of Faker's given names have two characters already: never join two of those.
        single = (np.char.str_len(chars[:, 0]) == 1) & (np.char.str_len(chars[:, 1]) == 1)
        two = single & (rng.random(len(rows)) < 0.6)
        given[rows] = np.where(two, np.char.add(chars[:, 0], chars[:, 1]), chars[:, 0])
    return last.tolist(), given.tolist()


def draw_mobiles(rng, n: int) -> list[str]:
    prefixes = np.asarray(MOBILE_PREFIXES)[rng.integers(0, len(MOBILE_PREFIXES), size=n)]
    numbers = rng.integers(0, 10**8, size=n)
    return [f"{p}{x:08d}" for p, x in zip(prefixes.tolist(), numbers.tolist())]


def load_users(ctx, ids, usernames, role: str, names, phones, joined, regions=None) -> None:
    """accounts_user rows sharing the demo password's one precomputed hash."""
    last, given = names
    ctx.load(
        User,
        {
            "id": ids,
            "password": Const(ctx.password),
            "username": usernames,
            "first_name": given,
            "last_name": last,
            "email": [f"{u}@example.com" for u in usernames],
            "role": Const(role),
            "phone": phones,
            "date_joined": joined,
            "region_id": regions if regions is not None else Const(None),
            "is_staff": Const(False),
            "is_superuser": Const(False),
            "is_active": Const(True),
        },
    )
