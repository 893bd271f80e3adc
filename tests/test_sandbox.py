"""The sandbox that autograding runs submissions in: it runs a notebook's cells and calls
its functions, and gives back plain numbers; the code inside sees no course, no grader, no
network and no other process, runs as another user, and cannot hold grading up for long."""

import os
import socket
from pathlib import Path

import numpy as np
import pytest

from course_testing.implementations import softmax_vectorised
from softmax_course.checking import Case
from softmax_grader import sandbox
from softmax_grader.registry import GRADERS

ROOT = Path(__file__).resolve().parents[1]
SOFTMAX = """import numpy as np

def softmax(z):
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)
"""


def softmax_calls(rng=None):
    return [("softmax", one) for one in GRADERS["softmax"].stage_cases(rng=rng)]


def printed(report):
    return "\n".join(cell["stdout"] + cell["stderr"] + cell["error"] for cell in report.cells)


def test_a_right_function_is_judged_right_on_fixed_and_fresh_cases():
    calls = softmax_calls() + softmax_calls(np.random.default_rng(3))
    report = sandbox.run([SOFTMAX], calls)
    assert report.note == ""
    for (_, one), outcome in zip(calls, report.outcomes, strict=True):
        GRADERS["softmax"].judge(one, outcome)


def test_results_come_back_with_their_dtype():
    call = [("f", Case({"z": np.arange(3.0)}, ""))]
    report = sandbox.run(["import numpy as np\nf = lambda z: np.float32(z)"], call)
    assert report.outcomes[0].result.dtype == np.float32


@pytest.mark.parametrize("cell, seen", [
    ("import softmax_course.reference", "No module named 'softmax_course.reference'"),
    ("import softmax_grader", "No module named 'softmax_grader'"),
    ("import os; print([name for name in os.listdir('/proc') if name.isdigit()])", "['1', '2']"),
])
def test_the_code_inside_reaches_no_answer_and_no_other_process(cell, seen):
    assert seen in printed(sandbox.run([cell], []))


def test_the_course_directory_is_not_in_view():
    names = ["solutions", "gradebook.db", "grader", "nbgrader_config.py", "softmax_course/reference.py"]
    cell = f"import os; print([os.path.exists(os.path.join({str(ROOT)!r}, name)) for name in {names!r}])"
    assert "[False, False, False, False, False]" in printed(sandbox.run([cell], []))


def test_a_server_on_this_machine_is_out_of_reach():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        cell = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5)"
        assert "ConnectionRefusedError" in printed(sandbox.run([cell], []))


@pytest.mark.skipif(os.geteuid() != 0, reason="as another user, bubblewrap maps the caller instead")
def test_as_root_the_code_runs_as_nobody_without_capabilities():
    report = sandbox.run(["import os\nprint(os.getuid(), os.getgid())\n"
                          "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])"], [])
    assert printed(report).split() == ["65534", "65534", "0000000000000000"]


def test_a_call_that_never_returns_is_stopped_and_the_others_still_judged():
    calls = [("loop", Case({"z": np.zeros(2)}, "")), ("softmax", GRADERS["softmax"].cases()[0])]
    report = sandbox.run([SOFTMAX, "def loop(z):\n    while True:\n        pass\n"], calls, call_seconds=1)
    assert [outcome.status for outcome in report.outcomes] == ["timed_out", "returned"]


def test_code_that_ends_the_process_loses_its_calls_with_a_note():
    report = sandbox.run([SOFTMAX, "import os\nos._exit(3)"], softmax_calls())
    assert {outcome.status for outcome in report.outcomes} == {"lost"}
    assert "exit status 3" in report.note


def test_writing_the_outcomes_file_from_a_cell_changes_nothing():
    forged = 'open("/grading/out/outcomes.jsonl", "w").write("forged\\n")'
    report = sandbox.run([SOFTMAX, forged], softmax_calls())
    assert [outcome.status for outcome in report.outcomes] == ["returned"] * len(softmax_calls())


def test_a_name_the_notebook_never_defines_is_reported():
    report = sandbox.run(["x = 1"], softmax_calls()[:1])
    assert report.outcomes[0].status == "not_defined"
    with pytest.raises(AssertionError, match="softmax is not defined"):
        GRADERS["softmax"].judge(softmax_calls()[0][1], report.outcomes[0])


def test_the_course_implementation_works_here_but_is_absent_there():
    GRADERS["softmax"].check(softmax_vectorised)
    report = sandbox.run(["from softmax_course.reference import softmax"], softmax_calls()[:1])
    assert report.outcomes[0].status == "not_defined"


@pytest.mark.parametrize("cell, seen", [
    ("import numpy as np\nx = np.ones(2**30)", "MemoryError"),
    ("open('/tmp/big', 'wb').write(bytes(2**29))", "Error"),
])
def test_a_submission_cannot_exhaust_the_machine(cell, seen):
    report = sandbox.run([cell, SOFTMAX], softmax_calls()[:1])
    assert seen in printed(report)
    assert report.outcomes[0].status == "returned"


def test_folders_above_a_course_in_tmp_are_made_readable_inside():
    """A clone in /tmp (its .venv too) needs its folders made inside the sandbox's own /tmp."""
    arguments = sandbox.folders_for([Path("/tmp/clone/.venv"), Path("/usr/lib/python3")])
    assert arguments == ["--perms", "0755", "--dir", "/tmp/clone"]
