"""The result screen's three faces (issue 12): the result itself, the worker view, the report form.
A component of its own so that it follows both the app state and the result extras."""

from __future__ import annotations

import flet as ft

from app.state.app_state import AppState
from app.state.result_extras import ResultExtras
from views.report_view import ReportView
from views.result_view import ResultView
from views.worker_view import WorkerView


@ft.component
def ResultArea(state: AppState, extras: ResultExtras) -> ft.Control:
    """The worker view or the report while open for the shown result; else the result."""
    if extras.worker_open(state.result):
        return WorkerView(state, extras)
    if extras.report_open(state.result):
        return ReportView(state, extras)
    return ResultView(state)
