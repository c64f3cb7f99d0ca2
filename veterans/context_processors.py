"""What every page's footer needs from the veterans app."""

from veterans.selectors import own_service_station_contact


def service_station(request) -> dict:
    """A veteran's own service station for the footer's hotline, read from the cache
    (veterans.selectors: no query on a page once it is kept); nothing for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_veteran:
        return {}
    return {"own_station": lambda: own_service_station_contact(user)}
