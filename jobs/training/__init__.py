"""Training, in one place: the catalogue of institutions and programmes a bureau keeps,
veterans' enrolments from enrolment to completion, and the skill gaps that say what training
to commission and which programme closes a veteran's gap for the posts they want.

It lives in jobs because skill gaps read posts and recommendations, and jobs sits above
veterans (DESIGN.md §3); its models stay in veterans/models.py with their migrations.

  policies.py   who may manage the catalogue, record an enrolment, withdraw one, see a roll
  selectors.py  the catalogue and enrolments, scoped to the user
  services.py   the writes: institutions, programmes, the enrolment transitions
  gaps.py       skill gaps (reads)
  forms.py, views.py, api.py, admin.py   the pages, /api/v1/ and the admin (routes: jobs/urls.py)
"""
