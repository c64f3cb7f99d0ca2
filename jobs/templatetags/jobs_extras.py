"""How a match's score reads on a page: stars and words, never "0.68"."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (lowest score, stars, words): the weighted factors of jobs/matching sum to [0, 1]; a
# candidate kept for a post rarely scores below 0.3.
FIT_LEVELS = (
    (0.8, 5, _("Excellent fit")),
    (0.65, 4, _("Very good fit")),
    (0.5, 3, _("Good fit")),
    (0.35, 2, _("Fair fit")),
    (0.0, 1, _("Some fit")),
)


@register.filter
def fit(score) -> dict:
    """{"stars": [True]*n + [False]*(5-n), "count": n, "words": ...} for a score."""
    score = float(score or 0)
    for lowest, stars, words in FIT_LEVELS:
        if score >= lowest:
            return {"stars": [i < stars for i in range(5)], "count": stars, "words": words}
    return {"stars": [False] * 5, "count": 0, "words": FIT_LEVELS[-1][2]}
