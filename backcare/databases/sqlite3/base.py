"""Django's SQLite backend, with a short busy timeout for reads (see backcare/databases/__init__.py).

OPTIONS (settings.py): `timeout` is the busy timeout while a transaction writes (an editor's save
waits that long for another writer to finish); `backcare_read_timeout` the busy timeout at any other
time, so a database another process has locked gives the 503 page at once, not after many waits.
It is shorter than /healthz's budget, which SQLite therefore keeps without help.
"""

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.read_timeout = params.pop("backcare_read_timeout", params.get("timeout", 5.0))
        self.write_timeout = params.get("timeout", 5.0)
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.execute(f"PRAGMA busy_timeout = {int(self.read_timeout * 1000)}")
        return connection

    def busy_timeout(self, seconds: float) -> None:
        if self.connection is not None:
            self.connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def _start_transaction_under_autocommit(self):
        self.busy_timeout(self.write_timeout)
        super()._start_transaction_under_autocommit()

    def _commit(self):
        try:
            super()._commit()
        finally:
            self.busy_timeout(self.read_timeout)

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self.busy_timeout(self.read_timeout)
