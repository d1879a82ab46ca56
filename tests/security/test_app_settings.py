"""What every viewer gets from the project's settings: no tracebacks, no unsafe table export,
no foreign host names, and a sign-in only when one is configured.

AppTest reads .streamlit/config.toml from the working folder, as `make run` does.
"""

from __future__ import annotations

import os
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-string-for-the-test-only",
    "client_id": "fault-lines",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def in_the_project_folder(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)


def crashing_page():
    raise ValueError("cannot open /srv/fault-lines/private/actors.csv")


def test_a_crash_shows_no_traceback_or_server_path():
    at = AppTest.from_function(crashing_page).run()
    [shown] = at.exception
    text = shown.message + "".join(shown.stack_trace)
    assert "/srv/fault-lines" not in text and "ValueError" not in text
    assert "error" in shown.message


def test_tables_offer_no_built_in_download():
    # The toolbar's "Download as CSV" does not defuse formulas; the app's buttons do.
    assert CONFIG["client"]["disableDataExport"] is True


def test_only_local_host_names_are_answered_by_default():
    hosts = CONFIG["server"]["allowedHosts"]
    assert {"localhost", "127.0.0.1"} <= set(hosts)
    assert "*" not in hosts and all(not h.startswith("*") for h in hosts)
    assert CONFIG["server"]["address"] == "127.0.0.1"


def test_no_outside_page_may_drive_this_one():
    assert CONFIG["client"]["allowedOrigins"] == []


def page_behind_sign_in():
    import streamlit as st

    from dashboard.ui.server import guard_session

    guard_session()
    st.write("the dashboard")


def test_without_a_sign_in_configured_the_dashboard_opens():
    at = AppTest.from_function(page_behind_sign_in).run()
    assert [m.value for m in at.markdown] == ["the dashboard"]
    assert not at.button


def test_with_a_sign_in_configured_nothing_shows_before_it():
    at = AppTest.from_function(page_behind_sign_in)
    at.secrets["auth"] = OIDC
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert "the dashboard" not in [m.value for m in at.markdown]
    assert not at.exception


def test_the_example_secrets_file_configures_sign_in_and_is_not_the_real_one():
    example = REPO_ROOT / ".streamlit" / "secrets.toml.example"
    auth = tomllib.loads(example.read_text(encoding="utf-8"))["auth"]
    assert set(OIDC) <= set(auth)
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8")
    assert ".streamlit/secrets.toml" in ignored or "secrets.toml" in ignored
    assert os.path.basename(example) != "secrets.toml"
