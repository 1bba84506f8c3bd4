"""What the result screen offers beyond the verdict (issue 12): the inspector's role, the worker view
and the suspicious-card report.

Kept apart from `AppState` (which owns the checks): each view here belongs to ONE result. The views
show the worker view or the report only while `for_result` is the result on screen, so a new check,
"scan next" or new settings close them; `forget()` also drops the card photos at once (personal data:
kept in memory only while the report is being made, never written anywhere but the report).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import flet as ft

from app.i18n.worker import WORKER_LANGUAGES
from app.model import CheckResult
from app.next_action import InspectorRole, role_of

#: saves the chosen role (the settings file); set by the composition root, None in tests
RoleSaver = Callable[[str], Awaitable[None]]

#: a photo bigger than this is not a phone photo of a card: refused, so memory stays bounded
MAX_PHOTO_BYTES = 12 * 1024 * 1024


@ft.observable
@dataclass
class ResultExtras:
    role: str | None = None
    role_saver: RoleSaver | None = field(default=None, repr=False)
    #: the result the worker view / report is open for (None: closed)
    worker_for: CheckResult | None = field(default=None, repr=False)
    worker_lang: str = "pl"
    report_for: CheckResult | None = field(default=None, repr=False)
    report_opened_at: datetime | None = None
    #: the card's two sides as the inspector photographed them (JPEG/PNG bytes), and what they typed
    photo_front: bytes | None = field(default=None, repr=False)
    photo_back: bytes | None = field(default=None, repr=False)
    site: str = field(default="", repr=False)
    note: str = field(default="", repr=False)
    report_saved: str | None = None  # the file name the report was saved under
    report_error: str | None = None  # an i18n key
    #: the page's size in logical pixels (from the page's resize events), for short and wide layouts
    width: float = 360.0
    height: float = 740.0

    # --- screen size -------------------------------------------------------------------------------

    def set_size(self, width: float | None, height: float | None) -> None:
        if width and height:
            self.width, self.height = float(width), float(height)

    @property
    def landscape(self) -> bool:
        """Wider than high and too low for the stacked layout (a phone on its side)."""
        return self.width > self.height and self.height < 600

    @property
    def short(self) -> bool:
        """Too low for the full verdict band (360×640, 320×568 and smaller)."""
        return self.height < 700

    # --- role --------------------------------------------------------------------------------------

    @property
    def inspector_role(self) -> InspectorRole | None:
        return role_of(self.role)

    async def choose_role(self, role: str) -> None:
        """The inspector said who they check for: kept for this session and saved as the setting."""
        if role_of(role) is None:
            return
        self.role = role
        if self.role_saver is not None:
            await self.role_saver(role)

    # --- worker view -------------------------------------------------------------------------------

    def open_worker_view(self, result: CheckResult | None) -> None:
        """Show `result` to the worker, in the last language picked (Polish first: most workers)."""
        if result is not None:
            self.worker_for = result

    def set_worker_language(self, lang: str) -> None:
        if lang in WORKER_LANGUAGES:
            self.worker_lang = lang

    def close_worker_view(self) -> None:
        self.worker_for = None

    def worker_open(self, result: CheckResult | None) -> bool:
        return result is not None and self.worker_for is result

    # --- suspicious-card report --------------------------------------------------------------------

    def open_report(self, result: CheckResult | None) -> None:
        if result is None:
            return
        if self.report_for is not result:
            self._clear_report()
            self.report_opened_at = datetime.now(UTC)
        self.report_for = result

    def close_report(self) -> None:
        self.report_for = None

    def report_open(self, result: CheckResult | None) -> bool:
        return result is not None and self.report_for is result

    def set_photo(self, side: str, data: bytes | None) -> None:
        """A photo of the card's front or back (`side`), or None to drop it."""
        if data is not None and len(data) > MAX_PHOTO_BYTES:
            self.report_error = "ui.report.photo_too_big"
            return
        self.report_error = None
        self.report_saved = None
        if side == "front":
            self.photo_front = data
        elif side == "back":
            self.photo_back = data

    def set_site(self, text: str) -> None:
        self.site = text[:200]
        self.report_saved = None

    def set_note(self, text: str) -> None:
        self.note = text[:2000]
        self.report_saved = None

    def report_done(self, file_name: str | None, error: str | None = None) -> None:
        self.report_saved = file_name
        self.report_error = error

    # --- lifetime ----------------------------------------------------------------------------------

    def forget(self) -> None:
        """The result is gone: close both views and drop the photos and typed notes."""
        self.worker_for = None
        self.report_for = None
        self._clear_report()

    def _clear_report(self) -> None:
        self.photo_front = None
        self.photo_back = None
        self.site = ""
        self.note = ""
        self.report_saved = None
        self.report_error = None
        self.report_opened_at = None
