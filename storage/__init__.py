"""Adapters that keep data on disk or in a database: the inspection journal (`storage.journal`).

An edge package like `api_client/`: imports only `app.model`, `app.errors`, `app.ports` and pure
helpers; SQL and the table layout live here and nowhere else.
"""
