"""Applications in every status, hires with their placements and four follow-ups, bureau
verifications of posts, and veterans' reports of fake posts."""

from dataclasses import dataclass

import numpy as np

from demo import catalogue
from demo.generate import DAY, pick, quota
from jobs.models import Application, FollowUp, Placement, PostReport, Verification

OPEN_SHARES = {
    "submitted": 30,
    "viewed": 20,
    "shortlisted": 12,
    "interview": 10,
    "offered": 4,
    "rejected": 18,
    "withdrawn": 6,
}
CLOSED_SHARES = {"rejected": 70, "withdrawn": 30}
TAKES_APPLICATIONS = ("published", "closed", "filled", "expired", "taken_down")
LOCAL_SHARE = 0.7  # of applications that go to a post in the veteran's home province
FOLLOW_UP_MONTHS = (1, 3, 6, 12)


class Groups:
    """Indices grouped by a small integer key, to draw a member of a given key fast."""

    def __init__(self, keys: np.ndarray, size: int):
        self.order = np.argsort(keys, kind="stable")
        self.counts = np.bincount(keys, minlength=size)
        self.starts = np.cumsum(self.counts) - self.counts

    def members(self, key: int) -> np.ndarray:
        return self.order[self.starts[key] : self.starts[key] + self.counts[key]]

    def sample(self, rng, keys: np.ndarray) -> np.ndarray:
        """A random member of each key's group (any index when the group is empty)."""
        counts = self.counts[keys]
        offset = (rng.random(len(keys)) * counts).astype(np.int64)
        found = self.order[np.minimum(self.starts[keys] + offset, len(self.order) - 1)]
        return np.where(counts > 0, found, rng.integers(0, len(self.order), len(keys)))


@dataclass
class Pairs:
    """Applications as index arrays into Posts and Veterans."""

    post: np.ndarray
    vet: np.ndarray
    status: np.ndarray


def load(ctx, orgs, posts, vets) -> np.ndarray:
    """Load the hiring rows; returns which veterans were hired through the portal."""
    rng = ctx.rng("hiring")
    province = ctx.places.city_province[posts.city]
    by_province = Groups(vets.province, len(ctx.places.province_codes))
    hired = draw_hired(rng, province, posts, by_province)
    pairs = draw_applications(ctx, rng, province, posts, by_province, hired)
    created, updated = application_times(ctx, rng, pairs, posts, vets)
    ids = ctx.ids(Application, len(pairs.post))
    ctx.load(
        Application,
        {
            "id": ids,
            "post_id": posts.ids[pairs.post],
            "veteran_id": vets.ids[pairs.vet],
            "note": pick(rng, catalogue.APPLICATION_NOTES, len(ids)),
            "status": pairs.status,
            "created_at": created,
            "updated_at": updated,
        },
    )
    is_hire = pairs.status == "hired"
    load_placements(ctx, rng, orgs, posts, vets, pairs, ids, updated, is_hire)
    load_verifications(ctx, rng, orgs, posts)
    load_reports(ctx, rng, orgs, posts, vets, by_province, province)
    employed = np.zeros(len(vets.ids), bool)
    employed[pairs.vet[is_hire]] = True
    return employed


def draw_veterans(rng, provinces: np.ndarray, by_province: Groups) -> np.ndarray:
    local = by_province.sample(rng, provinces)
    anyone = rng.integers(0, len(by_province.order), len(provinces))
    return np.where(rng.random(len(provinces)) < LOCAL_SHARE, local, anyone)


def draw_hired(rng, province, posts, by_province: Groups) -> Pairs:
    """As many hires per post as its filled count, each veteran hired once."""
    post = np.repeat(np.arange(len(posts.ids)), posts.hires)
    vet = draw_veterans(rng, province[post], by_province)
    _, first = np.unique(vet, return_index=True)
    again = np.ones(len(vet), bool)
    again[first] = False
    unused = np.setdiff1d(np.arange(len(by_province.order)), vet)
    vet[again] = rng.choice(unused, again.sum(), replace=False)
    return Pairs(post, vet, np.full(len(post), "hired", "<U11"))


def draw_applications(ctx, rng, province, posts, by_province, hired: Pairs) -> Pairs:
    """Unique (post, veteran) pairs up to the scale's count, the hires among them. Open
    statuses only on published posts; a closed post's other applicants were turned down
    or withdrew."""
    n_vets = len(by_province.order)
    taken = hired.post * n_vets + hired.vet
    target = ctx.scale.applications - len(taken)
    takes = np.flatnonzero(np.isin(posts.status, TAKES_APPLICATIONS))
    weight = (posts.openings[takes] + 2.0) / (posts.openings[takes] + 2.0).sum()
    keys = np.zeros(0, np.int64)
    for _ in range(5):  # duplicates are dropped, so top up a few times
        post = rng.choice(takes, size=int((target - len(keys)) * 1.05) + 10, p=weight)
        new = post * n_vets + draw_veterans(rng, province[post], by_province)
        keys = np.setdiff1d(np.concatenate([keys, new]), taken)
        if len(keys) >= target:
            break
    keys = rng.choice(keys, size=min(target, len(keys)), replace=False)
    post, vet = keys // n_vets, keys % n_vets
    status = np.empty(len(keys), "<U11")
    open_ = posts.status[post] == "published"
    status[open_] = quota(rng, OPEN_SHARES, open_.sum())
    status[~open_] = quota(rng, CLOSED_SHARES, (~open_).sum())
    # In (post, veteran) order, so COPY fills the unique index page by page.
    post, vet = np.concatenate([hired.post, post]), np.concatenate([hired.vet, vet])
    order = np.lexsort((vet, post))
    return Pairs(post[order], vet[order], np.concatenate([hired.status, status])[order])


def application_times(ctx, rng, pairs: Pairs, posts, vets):
    """Applied between publication (or registration) and the deadline; a hire is recorded
    two to six weeks later, other moves within a month; nothing after now."""
    n = len(pairs.post)
    start = np.maximum(posts.published[pairs.post], vets.created[pairs.vet])
    deadline = posts.deadline[pairs.post].astype("datetime64[s]") + np.timedelta64(10, "h")
    end = np.minimum(deadline, ctx.now)
    span = np.maximum(end - start, np.timedelta64(0, "s")).astype(np.float64)
    hired = pairs.status == "hired"
    created = start + (rng.random(n) * np.where(hired, 0.3, 1.0) * span).astype("timedelta64[s]")
    created = np.minimum(created, ctx.now)
    later = np.where(hired, rng.uniform(14, 42, n), rng.uniform(0, 30, n))
    later[pairs.status == "submitted"] = 0
    updated = np.minimum(created + (later * DAY).astype("timedelta64[s]"), ctx.now)
    return created, updated


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Like dateutil's relativedelta: the same day of the month, or the month's last day."""
    month = days.astype("datetime64[M]")
    day = days - month.astype("datetime64[D]")
    target = month + months
    length = (target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")
    return target.astype("datetime64[D]") + np.minimum(day, length - 1)


def load_placements(ctx, rng, orgs, posts, vets, pairs: Pairs, app_ids, updated, is_hire):
    rows = np.flatnonzero(is_hire)
    n = len(rows)
    started = np.minimum(
        ctx.date_of(updated[rows]) + rng.integers(3, 21, n), np.datetime64(ctx.today)
    )
    ids = ctx.ids(Placement, n)
    ctx.load(
        Placement,
        {
            "id": ids,
            "application_id": app_ids[rows],
            "post_id": posts.ids[pairs.post[rows]],
            "veteran_id": vets.ids[pairs.vet[rows]],
            "started_on": started,
            "created_at": updated[rows],
        },
    )
    bureau = orgs.staff.reviewers(rng, ctx.places, posts.city[pairs.post[rows]])
    load_follow_ups(ctx, rng, ids, started, bureau)


def follow_up_outcomes(rng, n: int, months: int, left_after: np.ndarray) -> np.ndarray:
    outcome = np.where(left_after <= months, "left", "employed").astype("<U11")
    outcome[rng.random(n) < 0.05] = "unreachable"
    return outcome


def load_follow_ups(ctx, rng, placement_ids, started, bureau) -> None:
    """Follow-ups at 1, 3, 6 and 12 months: long past ones recorded, recent ones due."""
    left_after = pick(rng, (1, 3, 6, 12, 99), len(placement_ids), [3, 4, 4, 5, 84])
    parts = [
        follow_up_columns(
            ctx, rng, months, placement_ids, add_months(started, months), bureau, left_after
        )
        for months in FOLLOW_UP_MONTHS
    ]
    ctx.load(FollowUp, {key: np.concatenate([p[key] for p in parts]) for key in parts[0]})


def follow_up_columns(ctx, rng, months: int, placement_ids, due, bureau, left_after) -> dict:
    n = len(placement_ids)
    overdue = (np.datetime64(ctx.today) - due).astype(int)
    done = (overdue > 14) & (rng.random(n) < 0.95) | (overdue >= 0) & (rng.random(n) < 0.4)
    outcome = np.where(done, follow_up_outcomes(rng, n, months, left_after), "")
    recorded = due.astype("datetime64[s]") + (rng.uniform(0.3, 10, n) * DAY).astype(
        "timedelta64[s]"
    )
    return {
        "placement_id": placement_ids,
        "month": np.full(n, months),
        "due_on": due,
        "status": np.where(done, "done", np.where(overdue >= 0, "due", "scheduled")),
        "outcome": outcome,
        "left_reason": np.where(outcome == "left", pick(rng, catalogue.LEFT_REASONS, n), ""),
        "note": np.array([catalogue.FOLLOW_UP_NOTES.get(o, "") for o in outcome.tolist()]),
        "recorded_by_id": np.where(done, bureau, -1),
        "recorded_at": np.where(done, np.minimum(recorded, ctx.now), np.datetime64("NaT")),
    }


def load_verifications(ctx, rng, orgs, posts) -> None:
    """A bureau checked about a third of the posts that went live; taken-down ones failed."""
    live = np.isin(posts.status, ("published", "closed", "filled", "expired"))
    rows = np.flatnonzero(
        live & (rng.random(len(posts.ids)) < 0.3) | (posts.status == "taken_down")
    )
    n = len(rows)
    result = quota(rng, {"genuine": 90, "inconclusive": 6, "not_genuine": 4}, n).astype("<U12")
    result[posts.status[rows] == "taken_down"] = "not_genuine"
    method = quota(rng, {"phone": 50, "documents": 30, "site_visit": 20}, n).astype("<U10")
    method[result == "not_genuine"] = "site_visit"
    day = np.minimum(
        ctx.date_of(posts.published[rows]) + rng.integers(3, 40, n), np.datetime64(ctx.today)
    )
    ctx.load(
        Verification,
        {
            "post_id": posts.ids[rows],
            "verified_by_id": orgs.staff.reviewers(rng, ctx.places, posts.city[rows]),
            "method": method,
            "result": result,
            "note": [catalogue.VERIFICATION_NOTES[r] for r in result.tolist()],
            "verified_on": day,
            "created_at": day.astype("datetime64[s]") + np.timedelta64(8, "h"),
        },
    )


def report_rows(rng, posts, demo_cities) -> tuple[np.ndarray, np.ndarray]:
    """(post index, status): every taken-down post was confirmed; a few live posts have
    open or dismissed reports, and one in each demo bureau's city is open."""
    published = np.flatnonzero(posts.status == "published")
    k = min(len(published), max(2, len(published) // 250))
    reported = rng.choice(published, size=k, replace=False)
    status = quota(rng, {"open": 1, "dismissed": 1}, k)
    local = [published[posts.city[published] == c][-1:] for c in demo_cities]
    local = np.setdiff1d(np.concatenate(local), reported)
    taken_down = np.flatnonzero(posts.status == "taken_down")
    status = np.concatenate(
        [status, np.full(len(local), "open"), np.full(len(taken_down), "confirmed")]
    )
    return np.concatenate([reported, local, taken_down]), status


def load_reports(ctx, rng, orgs, posts, vets, by_province, province) -> None:
    post, status = report_rows(rng, posts, ctx.places.demo_cities)
    n = len(post)
    reporter = vets.user_ids[draw_veterans(rng, province[post], by_province)]
    created = np.minimum(
        posts.published[post] + (rng.uniform(1, 20, n) * DAY).astype("timedelta64[s]"), ctx.now
    )
    handled = status != "open"
    reason = quota(rng, {r: 1 for r in catalogue.REPORT_DETAILS}, n)
    note = np.where(status == "confirmed", catalogue.TAKE_DOWNS, catalogue.DISMISSALS)
    ctx.load(
        PostReport,
        {
            "post_id": posts.ids[post],
            "reporter_id": reporter,
            "reason": reason,
            "detail": [catalogue.REPORT_DETAILS[r] for r in reason.tolist()],
            "status": status,
            "handled_by_id": np.where(
                handled, orgs.staff.reviewers(rng, ctx.places, posts.city[post]), -1
            ),
            "handled_at": np.where(
                handled, np.minimum(created + 5 * DAY, ctx.now), np.datetime64("NaT")
            ),
            "resolution_note": np.where(handled, note, ""),
            "created_at": created,
        },
    )
