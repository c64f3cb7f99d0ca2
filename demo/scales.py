"""How much demo data each `--scale` loads.

`tiny` exists for the test suite only (it loads in about a second); `small` is the
`make demo` default; `medium` and `large` are for load and matching-engine trials.
"""

from dataclasses import dataclass


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


SCALES = {
    scale.name: scale
    for scale in (
        Scale("tiny", 16, 300, 120, 700, (3, 3, 4), 0.0006, 0.2, 4, 3),
        Scale("small", 60, 2_000, 500, 5_000, (8, 10, 15), 0.0025, 0.4, 20, 12),
        Scale("medium", 300, 100_000, 20_000, 200_000, (35, 45, 60), 0.1, 1.0, 150, 80),
        Scale("large", 1_300, 1_000_000, 200_000, 2_000_000, (35, 45, 60), 1.0, 1.0, 600, 300),
    )
}
