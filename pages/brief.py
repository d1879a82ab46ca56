"""Brief: presentation mode for screen sharing, one step per screen (arrow keys or the
buttons), with the brief's link, its editor and its exports (HTML, PowerPoint, tables)."""

from dashboard.ui.brief import brief_page
from dashboard.ui.shell import page_context

brief_page(page_context())
