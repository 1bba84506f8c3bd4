"""Adapters to the HTTP services: the status API (OAuth2 client credentials) and the public registers.

`http` builds the app's one `httpx.AsyncClient`; `oauth` is the token flow; `status` implements
`app.ports.StatusPort`; `problems` maps problem+json answers to `app.errors`.
"""
