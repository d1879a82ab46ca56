"""Your data: upload a dataset of your own (a zip of our tables, an ACLED or UCDP file) and
switch this session to it; every page then shows it, until Back to the curated data."""

from dashboard.ui.shell import page_context
from dashboard.ui.upload import your_data_page

page_context()  # run through app.py, like every page (the sidebar and the notice)
your_data_page()
