"""The one way this app starts a PDF (fpdf2): A4, the DejaVu fonts from assets/fonts (so æøå and
Polish letters print), its title in the document's metadata and as the first page's heading.

Shared by the suspicious-card report (`report.py`) and the round report (`journal_report.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT = "DejaVu"
CREATOR = "HMS-kort kontroll"


def new_pdf(title: str, *, heading_size: float, heading_height: float) -> FPDF:
    """An A4 document with one page begun, `title` on it as a bold heading; the font is left bold."""
    from fpdf import FPDF  # imported when a report is made: fpdf2 is not needed to start the app

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator(CREATOR)
    pdf.add_page()
    pdf.set_font(FONT, "B", heading_size)
    pdf.multi_cell(0, heading_height, title, new_x="LMARGIN", new_y="NEXT")
    return pdf
