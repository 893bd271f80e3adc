"""Publishing: the GitHub Actions workflow, and the site's links back to its source.

The workflow must be a valid GitHub workflow (checked against the schema that
check-jsonschema vendors; actionlint's PyPI wrapper downloads its binary from
GitHub when installed, so it cannot install offline), run exactly the README's
commands, and deploy _build/html to GitHub Pages on pushes to main. The
repository URL is set once, in _config.yml; the built pages must carry the
repository, issue, Binder and Colab links derived from it, well formed and
pointing at notebooks that exist.
"""

import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml

import course_kit
import install_cells
import page_html
from course_testing.site import ROOT, site_directory

pytestmark = pytest.mark.slow

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
HREF = re.compile(r'href="([^"]+)"')


def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(flow):
    """The workflow's `on:` (PyYAML reads the bare key `on` as True)."""
    return flow.get("on", flow.get(True))


def readme_commands():
    """The commands in the README's "Two commands" section, in order, comments dropped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[-1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "README.md has no ```bash block under '## Two commands'"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()
            if line.split("#", 1)[0].strip()]


def test_workflow_is_a_valid_github_workflow():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: make site\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(broken)], capture_output=True, text=True)
    assert result.returncode != 0, "a job without runs-on passed the schema check"


def test_workflow_runs_the_readme_commands():
    commands = readme_commands()
    assert len(commands) == 2, f"the README's set-up and test commands: {commands}"
    runs = [step["run"].strip() for job in workflow()["jobs"].values()
            for step in job.get("steps", []) if "run" in step]
    assert runs == commands, f"the workflow runs {runs}, the README says {commands}"


def test_workflow_deploys_the_site_on_pushes_to_main():
    flow = workflow()
    assert triggers(flow)["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    uploads = {name: step for name, job in jobs.items() for step in job.get("steps", [])
               if step.get("uses", "").startswith("actions/upload-pages-artifact@")}
    assert len(uploads) == 1, "one step must upload the site with actions/upload-pages-artifact"
    (build, upload), = uploads.items()
    assert upload["with"]["path"] == "_build/html"
    deploys = [name for name, job in jobs.items() if any(
        step.get("uses", "").startswith("actions/deploy-pages@") for step in job.get("steps", []))]
    assert len(deploys) == 1, "one job must deploy with actions/deploy-pages"
    deploy = jobs[deploys[0]]
    assert build in ([deploy["needs"]] if isinstance(deploy["needs"], str) else deploy["needs"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    condition = deploy["if"].replace(" ", "")
    assert "github.event_name=='push'" in condition and "github.ref=='refs/heads/main'" in condition


def repository():
    """(URL, owner, name, branch) from _config.yml, the one place the repository is named."""
    url = CONFIG["repository"]["url"].rstrip("/")
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "github.com", f"not a GitHub URL: {url}"
    owner, name = parts.path.strip("/").split("/")
    return url, owner, name, CONFIG["repository"]["branch"]


def test_the_repository_url_is_set_once():
    url, *_ = repository()
    config_text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert config_text.count(url) == 1, "repository.url must be the only place the URL is written"
    for page in (ROOT / "book").glob("*.md"):
        assert url not in page.read_text(encoding="utf-8"), f"{page.name} hard-codes the URL"


@pytest.fixture(scope="module")
def built_pages():
    html = site_directory()
    if not (html / "index.html").exists():
        pytest.fail(f"no site in {html}: build it first (`jupyter-book build -W --keep-going .`)")
    return {path.relative_to(html): path.read_text(encoding="utf-8")
            for path in (html / "book").glob("*.html")}


def check_notebook(path_in_repo, page):
    assert path_in_repo == f"{page.with_suffix('.ipynb').as_posix()}", (path_in_repo, page)
    assert (ROOT / path_in_repo).is_file(), f"the launch link opens {path_in_repo}, not in the repository"


def test_launch_links_are_well_formed(built_pages):
    url, owner, name, branch = repository()
    notebooks = [page for page in built_pages if (ROOT / page.with_suffix(".ipynb")).exists()]
    assert len(notebooks) >= 6, f"chapter notebooks with pages: {notebooks}"
    for page in notebooks:
        links = [urllib.parse.urlsplit(link) for link in HREF.findall(built_pages[page])]
        binder = [link for link in links if link.netloc == "mybinder.org"]
        colab = [link for link in links if link.netloc == "colab.research.google.com"]
        assert len(binder) == 1 and len(colab) == 1, f"{page}: Binder {binder}, Colab {colab}"
        (binder,), (colab,) = binder, colab
        assert binder.scheme == colab.scheme == "https"
        assert binder.path == f"/v2/gh/{owner}/{name}/{branch}", binder
        (urlpath,) = urllib.parse.parse_qs(binder.query)["urlpath"]
        check_notebook(urlpath.removeprefix("lab/tree/"), page)
        prefix = f"/github/{owner}/{name}/blob/{branch}/"
        assert colab.path.startswith(prefix), colab
        check_notebook(colab.path.removeprefix(prefix), page)


def test_every_page_links_to_the_repository_and_its_issues(built_pages):
    url, *_ = repository()
    for page, text in built_pages.items():
        links = HREF.findall(text)
        assert url in links, f"{page}: no repository button linking to {url}"
        assert any(link.startswith(url + "/issues") for link in links), f"{page}: no issue link"
    intro = built_pages[Path("book/intro.html")]
    assert f'href="{url}/issues"' in intro, "the intro does not say where to report a mistake"


def test_publishing_fails_while_the_repository_url_is_the_placeholder():
    placeholder = page_html.PLACEHOLDER_URL
    assert page_html.publishing_problems(placeholder, "") == [], "a build that does not publish failed"
    assert page_html.publishing_problems(placeholder, placeholder), "the placeholder was published"
    real = "https://github.com/a-teacher/softmax-gradient"
    assert page_html.publishing_problems(real, "https://github.com/someone-else/softmax-gradient")
    assert page_html.publishing_problems(real, real + ".git") == []
    assert page_html.publishing_problems(real, real, ["04_jacobian.ipynb"]), "a stale install cell"


def test_the_publishing_workflow_sets_the_published_repository():
    env = workflow()["jobs"]["build-and-test"]["env"]["COURSE_PUBLISH_URL"].replace(" ", "")
    assert "github.event_name=='push'" in env and "github.ref=='refs/heads/main'" in env, env
    assert "github.repository" in env, env


def test_a_publishing_build_stops_at_the_placeholder(tmp_path):
    env = {**__import__("os").environ, "COURSE_PUBLISH_URL": "https://github.com/someone/softmax-gradient"}
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", "-W", str(ROOT),
                             "--path-output",
                             str(tmp_path)], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode != 0 and "cannot publish" in result.stdout + result.stderr, result.stdout[-2000:]
    assert not (tmp_path / "_build" / "html" / "index.html").exists()


def test_every_chapter_installs_the_package_from_the_configured_repository():
    assert install_cells.out_of_date() == [], "run tools/install_cells.py"
    url, branch = install_cells.repository()
    assert url == repository()[0] and branch == repository()[3]
    for notebook in install_cells.notebooks():
        cell = install_cells.install_cell(__import__("json").loads(notebook.read_text(encoding="utf-8")))
        assert "remove-cell" in cell["metadata"]["tags"], f"{notebook.name}: install cell shown on the site"
        assert f"git+{url}@{branch}" in "".join(cell["source"])


def test_binder_pins_python_and_the_runtime_and_installs_the_package():
    assert (ROOT / ".binder" / "runtime.txt").read_text().strip() == "python-3.11"
    pins = [line for line in (ROOT / ".binder" / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#")]
    assert pins == course_kit.pinned_runtime(ROOT / "requirements.txt")
    post_build = ROOT / ".binder" / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild is not executable"
    assert "pip install --no-deps ." in post_build.read_text()
