"""Django's PostgreSQL backend (psycopg2) with the time limit of web requests
(portal.database): a connection opened in a request carries the limit as PostgreSQL's
statement_timeout, and every round trip of a request is watched: statements through an
execute wrapper, and the three calls Django makes on the raw connection (the health check
of a reused connection, commit, rollback)."""

from django.db.backends.postgresql import base

from portal.database import LIMIT, execute_watched, watched


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(execute_watched)

    def get_connection_params(self):
        params = super().get_connection_params()
        if limit := LIMIT.get():
            # A libpq startup option (behind PgBouncer: ignore_startup_parameters = options).
            timeout = f"-c statement_timeout={int(limit * 1000)}"
            params["options"] = f"{params.get('options', '')} {timeout}".strip()
        return params

    def is_usable(self):
        # SELECT 1 on a reused connection: a server that does not answer it at once is
        # given up, and a new connection tried (which connect_timeout limits).
        with watched(self, at_most=1):
            return super().is_usable()

    def _commit(self):
        with watched(self):
            return super()._commit()

    def _rollback(self):
        with watched(self):
            return super()._rollback()
