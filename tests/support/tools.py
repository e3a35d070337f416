"""External tools some acceptance tests drive: Node.js with the npm packages of tests/js (the
reference graphql-ws client, the graphql-http conformance audit) and Debian's Chromium.

Locally a missing tool skips the test with the reason; under CI (CI=true, where .ci/run installs
them) a missing tool fails it -- a green CI must not hide a test that did not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parents[1] / "js"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must run this test: .ci/run installs what it needs)")
    pytest.skip(reason)


def node_modules() -> Path:
    """tests/js with its npm packages installed (`npm ci` the first time); skips without node."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing("Node.js and npm are needed for the graphql-ws and graphql-http tests")
    if not all((JS_DIR / "node_modules" / p).is_dir() for p in ("graphql-ws", "graphql-http")):
        result = subprocess.run(
            [npm or "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            missing(f"npm ci in tests/js failed: {result.stderr.strip()[-500:]}")
    return JS_DIR


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    missing("Chromium is needed for the dashboard test (Debian: apt-get install chromium)")
    raise AssertionError("unreachable")
