"""How the suite is shared between pytest-xdist's workers (course_testing.scheduling)."""

from course_testing import ROOT
from course_testing.scheduling import LONGEST, SPLIT, start_rank, worker_group


def test_a_test_goes_with_its_file():
    assert worker_group("tests/test_site.py::test_math_is_typeset") == "tests/test_site.py"
    assert worker_group("tests/test_grading.py::test_x[a-b]") == "tests/test_grading.py"
    assert worker_group("book/01_forward_pass.ipynb::Cell 3") == "book/01_forward_pass.ipynb"


def test_a_split_file_goes_by_its_first_parameter():
    route = "tests/test_red_team.py::test_a_cheating_route_scores_nothing[05_gradient-blank]"
    assert worker_group(route) == "tests/test_red_team.py[05_gradient]"
    assert worker_group("tests/test_red_team.py::test_grading_leaves_the_course_as_it_was[05_gradient]") == (
        "tests/test_red_team.py[05_gradient]")
    assert worker_group("tests/test_red_team.py::test_x[01_forward]") != worker_group(
        "tests/test_red_team.py::test_x[02_chain_rule]")


def test_the_longest_files_start_first_in_their_order():
    ranks = [start_rank(path) for path in LONGEST]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert start_rank("tests/test_reference.py") == len(LONGEST)


def test_the_files_named_exist():
    missing = [path for path in LONGEST + SPLIT if not (ROOT / path).is_file()]
    assert not missing, f"course_testing.scheduling names files that are gone: {missing}"
