"""Serving the Flet UI over HTTP: web/server.py (the ASGI app, guards, uvicorn) and served mode's
sign-in gate, security headers and web bundle (gate, oidc, sessions, headers, bundle, served)."""
