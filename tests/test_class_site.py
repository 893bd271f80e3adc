"""The class build (tools/class_site.py) removes every solution and keeps every exercise.

The site is built into a temporary folder. The exercises and solutions are read from the
book's sources (the {exercise} and {solution} blocks of the pages in _toc.yml) and compared
with the built site as runs of WINDOW words, maths and markup left out on both sides:
- no run of words found only in solutions (nowhere else in the sources) appears in any page,
  in searchindex.js or in any other text file of the site, and no word found only in
  solutions is a term of the search index;
- every exercise statement is on its page.

The site's course-kit.zip is opened too: no {solution} directive and no run of words found
only in solutions in any of its files, every exercise statement in its chapter notebook, and
no instructor page, solutions/ or grader/. The instructor's page (book/instructor.md) is not
on the class site: no page, no entry of the search index, no run of words only it has.
"""

import html
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from sphinx.search.en import SearchEnglish

import class_site
from course_testing.nbgrader_run import ASSIGNMENTS, answer_lines, chapter_number
from softmax_grader.registry import TASKS

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

WINDOW = 8  # words: long enough to be a phrase of one text (at 6, stock phrases such as "the loss
# is the cross entropy" recur in exercise statements), short enough to fit any sentence
BLOCK_START = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<kind>exercise|solution)\}")
OPTION = re.compile(r"^:\w[\w-]*:")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]|\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S)
ROLE = re.compile(r"\{\w+\}`[^`]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
TEXT_SUFFIXES = {".html", ".js", ".txt", ".ipynb", ".md", ".json", ".xml"}
INSTRUCTOR_PAGE = "book/instructor"
KIT = "course-kit.zip"
NEVER_IN_A_KIT = ("solutions", "grader")


def toc_pages():
    """The source files of the book's pages, from _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = toc.get("parts", [])
    chapters = toc.get("chapters", []) + [entry for part in parts for entry in part["chapters"]]
    entries = [toc["root"]] + [entry["file"] for entry in chapters]
    return [next(ROOT.glob(f"{entry}.*")) for entry in entries]


def parts_of(path):
    """(markdown, code): a page's markdown (a .md file, or a notebook's markdown cells), and
    the rest it shows (a notebook's code cells and their text outputs)."""
    if path.suffix != ".ipynb":
        return path.read_text(), ""
    notebook_cells = json.loads(path.read_text())["cells"]
    markdown = ["".join(cell["source"]) for cell in notebook_cells if cell["cell_type"] == "markdown"]
    code = ["".join(cell["source"]) + "".join("".join(output.get("text", "")) for output in cell["outputs"])
            for cell in notebook_cells if cell["cell_type"] == "code"]
    return "\n\n".join(markdown), "\n\n".join(code)


def blocks(markdown):
    """(kind, body, outside): the bodies of the {exercise} and {solution} blocks, and the
    text outside them."""
    found, outside, current = [], [], None
    for line in markdown.splitlines():
        start = BLOCK_START.match(line)
        if current is None and start:
            current = (start["kind"], start["fence"], [])
        elif current is not None and line.strip() == current[1]:
            found.append((current[0], "\n".join(current[2])))
            current = None
        elif current is not None:
            if not OPTION.match(line):
                current[2].append(line)
        else:
            outside.append(line)
    return found, "\n".join(outside)


def words(text):
    """The words of a text, lower case, with maths, roles and link targets left out."""
    text = LINK_TARGET.sub("]", ROLE.sub(" ", MATH.sub(" ", text)))
    return re.findall(r"[a-z]+", text.lower())


def windows(tokens):
    return {" ".join(tokens[k:k + WINDOW]) for k in range(len(tokens) - WINDOW + 1)}


def page_text(page):
    """The visible text of an HTML page (scripts, styles and maths typeset at build time left out,
    as `words` leaves out the sources' maths)."""
    page = re.sub(r"<(script|style|mjx-container)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def sources():
    """Every exercise and solution body of the book, and the text outside the solutions."""
    exercises, solutions, elsewhere = [], [], []
    for page in toc_pages():
        markdown, code = parts_of(page)
        found, outside = blocks(markdown)
        exercises += [(page, body) for kind, body in found if kind == "exercise"]
        solutions += [(page, body) for kind, body in found if kind == "solution"]
        elsewhere += [outside, code] + [body for kind, body in found if kind == "exercise"]
    return exercises, solutions, words("\n".join(elsewhere))


def stems(tokens):
    """The search index's terms for some words (Sphinx's English stemmer, stop words left out)."""
    search = SearchEnglish({})
    return {search.stem(word) for word in tokens if search.word_filter(word)}


@pytest.fixture(scope="module")
def solution_only(sources):
    """The runs of words and the search terms that only solutions have, per solution."""
    _, solutions, elsewhere = sources
    runs, other_terms = windows(elsewhere), stems(elsewhere)
    return [(page, windows(words(body)) - runs, stems(words(body)) - other_terms) for page, body in solutions]


@pytest.fixture(scope="module")
def instructor_only():
    """The runs of words of the instructor's page found nowhere a student may look (the other
    pages, the exercise notebooks, the package and its data), and the page's section titles."""
    (page,) = [path for path in toc_pages() if path.with_suffix("") == ROOT / INSTRUCTOR_PAGE]
    shared = [path for path in toc_pages() if path != page] + sorted(ROOT.glob("exercises/*/*.ipynb"))
    others = "\n".join("\n".join(parts_of(path)) for path in shared)
    package = [path for path in sorted(ROOT.glob("softmax_course/**/*")) if path.suffix in (".py", ".json")]
    others += "\n".join(path.read_text() for path in package)
    markdown, _ = parts_of(page)
    prose = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", markdown, flags=re.M | re.S)  # code blocks left out
    titles = re.findall(r"^#+ +(.+?)\s*$", prose, re.M)
    return windows(words("\n".join(parts_of(page)))) - windows(words(others)), titles


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The class site, built into a temporary folder. Its notebooks' executions start from a copy
    of the self-study site's cache when that site was built (the same notebooks, run the same
    way; the class build drops solutions after execution): what changed since runs again."""
    output = tmp_path_factory.mktemp("class") / "html"
    executed = ROOT / "_build" / ".jupyter_cache"
    if executed.is_dir():
        shutil.copytree(executed, output.parent / ".jupyter_cache")
    assert class_site.build(output) == 0, "the class build failed (it builds with -W)"
    return output


@pytest.fixture(scope="module")
def kit(site):
    """{path inside the kit: its text} for every file of the class site's course kit; a
    notebook's text is its cells' sources and text outputs (as the reader sees them)."""
    texts = {}
    with zipfile.ZipFile(site / KIT) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode(errors="replace")
            if name.endswith(".ipynb"):
                cells = json.loads(text)["cells"]
                text = "\n\n".join("".join(cell["source"]) + "".join(
                    "".join(output.get("text", "")) for output in cell.get("outputs", [])) for cell in cells)
            texts[name.split("/", 1)[1]] = text
    return texts


def search_index(site):
    script = (site / "searchindex.js").read_text()
    return json.loads(re.search(r"Search\.setIndex\((.*)\)\s*$", script, re.S)[1])


def site_files(site):
    """Every text file of the site: pages, scripts (the search index among them), sources."""
    return [path for path in site.rglob("*") if path.suffix in TEXT_SUFFIXES and path.is_file()]


def test_the_book_has_exercises_and_every_solution_has_its_own_words(sources, solution_only):
    exercises, solutions, _ = sources
    assert exercises and len(solutions) == len(exercises)
    bare = [page.name for page, runs, _ in solution_only if not runs]
    assert not bare, f"solutions whose every run of {WINDOW} words is also outside solutions: {bare}"


def test_no_solution_text_anywhere_in_the_site(site, solution_only):
    every_run = set().union(*(runs for _, runs, _ in solution_only))
    for path in site_files(site):
        text = path.read_text(errors="replace")
        found = windows(words(page_text(text) if path.suffix == ".html" else text)) & every_run
        assert not found, f"{path.relative_to(site)} holds solution text: {sorted(found)[:3]}"


def test_no_solution_boxes_and_no_page_sources(site):
    assert not (site / "_sources").exists(), "the site carries the page sources, solutions included"
    for path in site.rglob("*.html"):
        assert 'class="solution' not in path.read_text(), f"{path.relative_to(site)} has a solution box"


def test_the_search_index_has_no_word_only_solutions_have(site, solution_only):
    index = search_index(site)
    only = set().union(*(terms for _, _, terms in solution_only))
    assert only, "no search term is found only in solutions: this test would check nothing"
    leaked = only & set(index["terms"])
    assert not leaked, f"search terms found only in solutions: {sorted(leaked)}"
    assert not [title for title in index["alltitles"] if title.lower().startswith("solution")]


def test_every_exercise_statement_is_on_its_page(site, sources):
    exercises, _, _ = sources
    for page, body in exercises:
        html_page = site / page.relative_to(ROOT).with_suffix(".html")
        text = words(page_text(html_page.read_text()))
        statement = words(body)
        assert " ".join(statement) in " ".join(text), f"{page.name}: exercise missing: {body[:80]!r}"


def test_the_search_index_has_no_phrase_of_a_solution(site, solution_only):
    every_run = set().union(*(runs for _, runs, _ in solution_only))
    found = windows(words((site / "searchindex.js").read_text())) & every_run
    assert not found, f"searchindex.js holds solution text: {sorted(found)[:3]}"


def test_no_solution_in_the_kit(kit, solution_only):
    every_run = set().union(*(runs for _, runs, _ in solution_only))
    for name, text in kit.items():
        assert "{solution" not in text, f"{KIT}: {name} holds a {{solution}} block"
        found = windows(words(text)) & every_run
        assert not found, f"{KIT}: {name} holds solution text: {sorted(found)[:3]}"


def test_no_graded_answer_in_the_class_site_or_its_kit(site, kit):
    lines = {line for assignment in ASSIGNMENTS
             for line in answer_lines(assignment, TASKS[chapter_number(assignment)])}
    texts = {f"{KIT}: {name}": text for name, text in kit.items()}
    texts.update({path.relative_to(site).as_posix(): path.read_text(errors="replace")
                  for path in site_files(site)})
    for where, text in texts.items():
        found = [line for line in lines if line in text or html.escape(line) in text]
        assert not found, f"{where} gives a graded answer away: {found[:2]}"


def test_every_exercise_statement_is_in_the_kit(kit, sources):
    exercises, _, _ = sources
    for page, body in exercises:
        name = page.relative_to(ROOT).as_posix()
        assert name in kit, f"{KIT} lacks {name}"
        assert " ".join(words(body)) in " ".join(words(kit[name])), f"{KIT}: {name} lacks {body[:80]!r}"
        assert "{exercise}" in kit[name]


def test_the_kit_holds_no_instructor_page_no_solutions_and_no_grader(kit, instructor_only):
    runs, _ = instructor_only
    assert runs, "the instructor's page has no words of its own: this test would check nothing"
    for name, text in kit.items():
        assert not name.startswith(INSTRUCTOR_PAGE) and name.split("/")[0] not in NEVER_IN_A_KIT, name
        found = windows(words(text)) & runs
        assert not found, f"{KIT}: {name} holds text of the instructor's page: {sorted(found)[:3]}"


def test_the_instructor_page_is_not_on_the_class_site(site, instructor_only):
    runs, titles = instructor_only
    assert titles and runs, "the instructor's page has no titles or words of its own: this checks nothing"
    assert not list(site.rglob("instructor*")), "the class site has an instructor page"
    index = search_index(site)
    assert INSTRUCTOR_PAGE not in index["docnames"]
    indexed = {title.lower() for title in list(index["titles"]) + list(index["alltitles"])}
    leaked = [title for title in titles if title.lower() in indexed]
    assert not leaked, f"searchindex.js lists the instructor page's sections: {leaked}"
    for path in site_files(site):
        text = path.read_text(errors="replace")
        assert "instructor.html" not in text, f"{path.relative_to(site)} links the instructor page"
        found = windows(words(page_text(text) if path.suffix == ".html" else text)) & runs
        assert not found, f"{path.relative_to(site)} holds text of the instructor's page: {sorted(found)[:3]}"
