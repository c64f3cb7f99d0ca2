"""/api/v1/ operations of the jobs app, by audience; the routes are in jobs/urls.py."""
