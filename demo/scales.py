"""How much demo data each `--scale` loads.

`tiny` exists for the test suite only (it loads in about a second); `small` is the
`make demo` default; `medium` and `large` are for load and matching-engine trials; `xlarge`
is twice `large` (2,000,000 veterans, 400,000 posts, 4,000,000 applications), the national
growth the reports and dashboards are measured at (`make bench-growth`).
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    name: str
    enterprises: int
    veterans: int
    posts: int
    applications: int
    # Enterprises in the first, second and third published batch.
    batch_members: tuple[int, int, int]
    # Multiplies the real pledges (the third batch: 124,000 posts) to fit the post count.
    pledge_factor: float
    # Multiplies the number of branches a national enterprise keeps.
    branch_factor: float
    institutions: int
    events: int


def scaled(base: Scale, factor: float, name: str) -> Scale:
    """`base` with `factor` times its enterprises, people, posts, applications, pledges,
    institutions and events. The three batches keep their members (the real national
    enterprises) and a national enterprise its branches: more of the country joins, the
    batches' members pledge more."""
    return replace(
        base,
        name=name,
        enterprises=round(base.enterprises * factor),
        veterans=round(base.veterans * factor),
        posts=round(base.posts * factor),
        applications=round(base.applications * factor),
        pledge_factor=base.pledge_factor * factor,
        institutions=round(base.institutions * factor),
        events=round(base.events * factor),
    )


def for_posts(posts: int) -> Scale:
    """A data set of `posts` posts for the search benchmark: the largest scale with no more
    posts, grown to `posts` (its enterprises, pledges and batches in proportion), with at
    most a veteran and two applications per post (the search reads posts; veterans only
    make the applications, about 0.6 hires a post, and a million posts need not bring five
    million veterans)."""
    base = max(
        (scale for scale in _BASE_SCALES if scale.posts <= posts),
        key=lambda scale: scale.posts,
        default=_BASE_SCALES[0],
    )
    scale = scaled(base, posts / base.posts, f"posts-{posts}")
    return replace(
        scale,
        veterans=min(scale.veterans, max(posts, 1_000)),
        applications=min(scale.applications, 2 * posts),
    )


_BASE_SCALES = (
    Scale("tiny", 16, 300, 120, 700, (3, 3, 4), 0.0006, 0.2, 4, 3),
    Scale("small", 60, 2_000, 500, 5_000, (8, 10, 15), 0.0025, 0.4, 20, 12),
    Scale("medium", 300, 100_000, 20_000, 200_000, (35, 45, 60), 0.1, 1.0, 150, 80),
    Scale("large", 1_300, 1_000_000, 200_000, 2_000_000, (35, 45, 60), 1.0, 1.0, 600, 300),
)

SCALES = {scale.name: scale for scale in (*_BASE_SCALES, scaled(_BASE_SCALES[-1], 2, "xlarge"))}
