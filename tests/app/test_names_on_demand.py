"""Display names of every record are gathered only when a view reads one, and then once
for every session: a million imported events' names take seconds and hundreds of MB."""

from __future__ import annotations

import streamlit as st

import dashboard.ui.views as ui_views
from dashboard.model.load import load_dataset
from tests.conftest import DATA_DIR


def test_names_are_gathered_on_the_first_read_and_only_once(monkeypatch):
    st.cache_resource.clear()
    dataset, _ = load_dataset(DATA_DIR)
    gathered = []

    def counted(full):
        gathered.append(full)
        return {"isil": "Islamic State", "iran": "Iran"}

    monkeypatch.setattr(ui_views, "display_names", counted)
    names = ui_views.names_of(dataset)
    another_session = ui_views.names_of(dataset)
    assert gathered == []  # a page that never names a record never pays for it
    assert names["isil"] == "Islamic State"
    assert names.get("nobody", "nobody") == "nobody" and "iran" in names
    assert another_session["iran"] == "Iran" and len(another_session) == 2
    assert len(gathered) == 1  # once for every session
