"""Paths shared by every test layer."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"  # ignored by git: screenshots, server logs

# Snapshots of loads (dashboard/model/snapshot.py) go to a folder of this test run, not the
# user's cache: every AppTest and every server the tests start inherits the setting.
_SNAPSHOTS = tempfile.mkdtemp(prefix="fault-lines-snapshots-")
os.environ.setdefault("FAULT_LINES_SNAPSHOTS", _SNAPSHOTS)
atexit.register(shutil.rmtree, _SNAPSHOTS, ignore_errors=True)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
