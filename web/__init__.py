"""Serving the Flet UI over HTTP (see web/server.py)."""
