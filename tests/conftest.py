"""Fixtures shared by the test modules (helpers they share are in the course_testing package,
tests/support/).

- `site`: the built site, served on 127.0.0.1 for the whole session (built first if missing);
- `browser`: headless Chromium for one test module.
"""

import pytest

from course_testing import chromium
from course_testing.site import build_site, serve, site_directory


@pytest.fixture(scope="session")
def site():
    """(html directory, base URL): the built site served on 127.0.0.1."""
    html = site_directory()
    if not (html / "index.html").exists():
        build_site(html)
    with serve(html) as base:
        yield html, base


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module, closed before the next module starts its own
    (playwright's sync API cannot run two at once in a process)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium.executable(), args=chromium.ARGS)
        yield launched
        launched.close()
