"""How pytest-xdist's workers share the suite (conftest.py hands xdist this scheduler).

A worker takes a test file at a time, so that a module's fixtures are made once, except for the
files in SPLIT, whose module fixture is parametrized: a worker takes them a value of their tests'
first parameter at a time (that value's fixture stands alone, as the red team's course of one
assignment does, or an explorer's rendered flip-book). The files in LONGEST start first,
longest first, so that no worker is left running a long one while the other has finished
(xdist's own order, by number of tests, is switched off in pytest.ini).
"""

from xdist.scheduler import LoadScopeScheduling

# Test files whose module fixture is parametrized: each value goes to a worker of its own.
SPLIT = ("tests/test_red_team.py", "tests/test_flipbook.py", "tests/test_explorers.py")
# The test files that take longest on 2 cores (`pytest --durations=0`), longest first.
# (The red team's seven assignments take about 30 s each.)
LONGEST = ("tests/test_site.py", "tests/test_site_phone.py", "tests/test_site_flipbook.py",
           "tests/test_jupyterlab.py", "tests/test_class_site.py", "tests/test_course_flow.py",
           "tests/test_course_kit.py", "tests/test_hub.py", "tests/test_red_team.py")


def worker_group(nodeid):
    """The group of tests one worker runs together: the test's file, or for a file in SPLIT its
    file and the first parameter of the test's id ("01_forward" of "test_x[01_forward-blank]")."""
    path, _, name = nodeid.partition("::")
    if path not in SPLIT:
        return path
    return f"{path}[{name.partition('[')[2].rstrip(']').split('-')[0]}]"


def start_rank(path):
    """0 for the longest file (a path relative to the repository), 1 for the next... and
    len(LONGEST) for any other."""
    return LONGEST.index(path) if path in LONGEST else len(LONGEST)


class ByGroup(LoadScopeScheduling):
    """xdist's scheduling by scopes, a scope being a worker_group, in the order of collection."""

    def _split_scope(self, nodeid):
        return worker_group(nodeid)
