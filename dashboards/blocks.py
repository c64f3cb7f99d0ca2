"""A block of figures (one scope's totals, or one batch's, enterprise's, mode's or
industry's row in it) and how it is stored.

A block names every measure (dashboards.figures.finish_block): about ninety, of which a
district's enterprise has a handful that are not zero. The report stores a block without
the measures that are at their default (0, or no value for a median or a ratio, or not
behind), and every read gives them back: the JSON PostgreSQL parses and keeps shrinks
several times over at the national scale, and no reader ever sees a block with a measure
missing. A block stored whole (before this) reads the same.
"""

RETENTION_MONTHS = (3, 6, 12)

COUNTED = (
    "posts_published",
    "openings_published",
    "posts_verified",
    "posts_verified_genuine",
    "posts_verified_not_genuine",
    "applications",
    "hires",
    "hires_online",
    "hires_event",
    "hires_direct",
    *(
        f"{kind}_{month}"
        for month in RETENTION_MONTHS
        for kind in ("recorded", "employed", "left", "unreachable")
    ),
    "reports_filed",
    "reports_open",
    "reports_confirmed",
    "reports_dismissed",
    "veterans",
    "veterans_seeking",
    "veterans_employed",
    "veterans_not_seeking",
    "veterans_confirmed",
    "veterans_unconfirmed",
    "enrolments",
    "completions",
    "hires_after_training",
    "startups_declared",
    "startups_confirmed",
    "startup_jobs",
    "startup_veteran_jobs",
    "mentor_pairs",
    *(
        f"{kind}_{measure}"
        for kind in ("loans", "subsidies")
        for measure in ("assisted", "assisted_amount", "granted", "granted_amount")
    ),
    "pledged",
    "pledge_published",
    "pledge_verified",
    "pledge_filled",
    "agreement_published",
    "agreement_verified",
    "agreement_filled",
    *(
        f"{prefix}{name}"
        for prefix in ("", "bureau_")
        for name in ("referrals_made", "referrals_taken_up", "referral_hires")
    ),
)
MEDIANS = ("median_days_to_approve", "median_days_to_hire")
RATIOS = (
    "conversion",
    *(f"retention_{month}" for month in RETENTION_MONTHS),
    "pledge_published_share",
    "pledge_filled_share",
)

# Every measure of a block, at its default: what a scope where nothing happened shows.
DEFAULTS = {
    **dict.fromkeys(COUNTED, 0),
    **dict.fromkeys(MEDIANS),
    "pledge_expected": 0.0,
    **dict.fromkeys(RATIOS),
    "behind": False,
}


_NOT_A_MEASURE = object()
_default_of = DEFAULTS.get


def sparse_block(block: dict) -> dict:
    """The block without the measures at their default. A block's own keys (a name, a
    batch number) are kept; so is a share of 0.0 or a median of 0.0 days, which is not
    "no value" (None compares equal to nothing but None)."""
    return {
        name: value for name, value in block.items() if _default_of(name, _NOT_A_MEASURE) != value
    }


def full_block(stored: dict) -> dict:
    """The stored block with every measure it left out."""
    return {**DEFAULTS, **stored}


# Where the blocks are in each stored column: the whole value is one block ("block"), or
# some keys hold one ("totals") or a table of them by id ("batches"...).
SHAPES = {
    "block": None,
    "figures": {
        "totals": "one",
        "batches": "table",
        "enterprises": "table",
        "modes": "table",
        "industries": "table",
    },
    "overview": {"batches": "table", "modes": "table", "industries": "table"},
}


def stored(value: dict, shape: str) -> dict:
    """``value`` as it is stored: each of its blocks without its defaults."""
    return _each_block(value, shape, sparse_block)


def restored(value, shape: str):
    """A stored value with each of its blocks whole again."""
    if not isinstance(value, dict):
        return value
    return _each_block(value, shape, full_block)


def _each_block(value: dict, shape: str, change) -> dict:
    where = SHAPES[shape]
    if where is None:
        return change(value)
    changed = dict(value)
    for key, kind in where.items():
        found = value.get(key)
        if not isinstance(found, dict):
            continue
        if kind == "one":
            changed[key] = change(found)
        else:
            changed[key] = {pk: change(block) for pk, block in found.items()}
    return changed
