"""Serving the Flet web app (adapter at the edge): the ASGI app, sign-in, security headers, the web
bundle. Imports `app.*` models, ports and settings only; never `views` or `app.state`."""
