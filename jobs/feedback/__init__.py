"""Veterans' feedback after a placement's first follow-up, a completed training and an
event they attended: asked once, answered or declined once, seen by the regulators as
aggregates and by an enterprise only as an average over enough answers (README
"Feedback")."""
