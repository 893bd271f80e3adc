"""The built site's HTML checked by the Nu HTML Checker (vnu.jar).

The checker comes from npm (`vnu-jar`, pinned in package.json, installed by `npm ci`)
and needs Java (Debian and Ubuntu: `sudo apt-get install default-jre-headless`).
Every page of the site is checked, the theme's own files under _static left out;
any error fails the test.
"""

import json
import shutil
import subprocess

import pytest

from course_testing.site import ROOT, site_directory, site_pages

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(html, pages):
    """["page:line: message"] for every error the Nu checker reports in `pages` of `html`."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("no `java` on PATH: the Nu HTML checker needs it "
                    "(`sudo apt-get install default-jre-headless`)")
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci` at the repository root")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                             *[str(html / page) for page in pages]],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{message['url'].rsplit(str(html), 1)[-1].lstrip('/')}:{message.get('lastLine', '?')}: "
            f"{message['message']}" for message in messages
            if message["type"] in ("error", "non-document-error")]


def test_every_page_is_valid_html():
    html = site_directory()
    if not (html / "index.html").exists():
        pytest.fail(f"no site in {html}: build it first (`jupyter-book build -W --keep-going .`)")
    pages = site_pages(html)
    assert len(pages) >= 8, f"only {len(pages)} pages in {html}"
    errors = nu_errors(html, pages)
    assert not errors, f"{len(errors)} Nu HTML checker errors:\n" + "\n".join(errors[:40])


def test_the_checker_finds_errors(tmp_path):
    """The same call on a page with a duplicate id and no doctype reports both."""
    page = tmp_path / "bad.html"
    page.write_text('<html lang="en"><head><title>t</title></head>'
                    '<body><p id="a">1</p><p id="a">2</p></body></html>', encoding="utf-8")
    errors = nu_errors(tmp_path, ["bad.html"])
    assert any("Duplicate ID" in error for error in errors), errors
    assert any("doctype" in error.lower() for error in errors), errors
