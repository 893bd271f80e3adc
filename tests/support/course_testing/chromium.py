"""The browser the tests drive: Debian's or Ubuntu's Chromium, found by name.

Set CHROMIUM to a path or a command name to choose another one. Playwright's own
browser download is never used (it needs the internet).
"""

import contextlib
import os
import shutil

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-default-apps", "--disable-sync",
        "--no-first-run", "--metrics-recording-only"]


def executable():
    """The path of the Chromium to launch, or a test failure that says how to get one."""
    wanted = os.environ.get("CHROMIUM")
    candidates = (wanted,) if wanted else NAMES
    for name in candidates:
        path = shutil.which(name)
        if path:
            return path
    if wanted:
        pytest.fail(f"CHROMIUM={wanted!r} names no executable browser")
    pytest.fail("no Chromium found (looked for " + ", ".join(NAMES) + " on PATH): install it with "
                "`sudo apt-get install chromium` (Debian) or `sudo snap install chromium` (Ubuntu), "
                "or set CHROMIUM to its path")


@contextlib.contextmanager
def persistent_context(profile, viewport, timeout_seconds):
    """A headless Chromium browser context (playwright) with its own profile directory."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable(), args=ARGS, headless=True, viewport=viewport)
        context.set_default_timeout(timeout_seconds * 1000)
        yield context
        context.close()
