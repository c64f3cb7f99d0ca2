"""Valid identifiers for demo data and tests, built with the same check digits as the
validators use (python-stdnum), so generated data passes the real validation."""

import datetime

from stdnum.cn import ric, uscc


def make_credit_code(region_code: str, serial: int) -> str:
    """A unified social credit code: '91' (market regulator, enterprise), region, serial."""
    body = f"91{region_code}{serial % 10**9:09d}"
    return body + uscc.calc_check_digit(body)


def make_resident_id(region_code: str, born: datetime.date, serial: int) -> str:
    body = f"{region_code}{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")
