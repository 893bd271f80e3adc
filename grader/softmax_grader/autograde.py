"""The step of `nbgrader autograde` that grades a submission in the sandbox, in place of
nbgrader's own Execute (which would run the student's notebook, test cells included, in
a kernel of the instructor's, in the course directory).

For one submitted notebook: its code cells other than the test cells run in the sandbox
(`softmax_grader.sandbox`); there each function a test cell checks (the graded task, and the
warm-ups, whose test cells carry no points) is called on the grader's fixed
cases and on as many fresh ones, drawn for this run. The outcomes come back as plain
numbers and are judged here. Each test cell then gets an output nbgrader scores as usual:
a line saying its cases pass (full points), or an error carrying the grader's message
(no points). What the student's code prints, warns or raises costs nothing by itself.
Every other code cell gets what it printed in the sandbox, for the feedback.

nbgrader_config.py puts it in `Autograde.autograde_preprocessors` (see `configure`).
"""

import re
import secrets

import numpy as np
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat.v4 import new_output
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from traitlets import Integer

from softmax_grader import sandbox
from softmax_grader.core import BASIC, EXTREMES
from softmax_grader.registry import GRADERS

TEST_CELL = re.compile(rf"test_(?P<name>\w+)_(?P<stage>{BASIC}|{EXTREMES})")


def test_of(cell):
    """(function name, stage) that a test cell checks, from its grade_id: the graded task's
    test cells (with points) and the warm-ups' (without); None for any other cell. A graded
    cell whose grade_id the graders do not know gives (grade_id, None)."""
    nbgrader = cell.metadata.get("nbgrader", {})
    if cell.cell_type != "code" or nbgrader.get("solution"):
        return None
    grade_id = nbgrader.get("grade_id", "")
    match = TEST_CELL.fullmatch(grade_id)
    if match is None or match["name"] not in GRADERS:
        return (grade_id, None) if nbgrader.get("grade") else None
    return (match["name"], match["stage"])


def verdict(grader, stage, calls):
    """The message of the first case of `stage` that fails, or None when all pass; calls
    holds (case, outcome) pairs of that grader."""
    for one, outcome in calls:
        if one.stage == stage:
            try:
                grader.judge(one, outcome)
            except AssertionError as failure:
                return str(failure)
    return None


def passed(text):
    return new_output("stream", name="stdout", text=text + "\n")


def failed(message):
    return new_output("error", ename="AssertionError", evalue=message,
                      traceback=[f"AssertionError: {message}"])


def cell_outputs(report):
    """The outputs of a code cell from what it printed in the sandbox."""
    return [new_output("stream", name=stream, text=report[stream])
            for stream in ("stdout", "stderr") if report.get(stream)]


class GradeInSandbox(NbGraderPreprocessor):
    """Grade each test cell from the submission's functions called in the sandbox."""

    time_limit = Integer(sandbox.TIME_LIMIT,
                         help="Seconds one submission may run in the sandbox.").tag(config=True)

    def preprocess(self, nb, resources):
        tests = {index: test_of(cell) for index, cell in enumerate(nb.cells) if test_of(cell)}
        code = [index for index, cell in enumerate(nb.cells)
                if cell.cell_type == "code" and index not in tests]
        names = sorted({name for name, stage in tests.values() if stage is not None})
        seed = secrets.randbits(64)
        fresh = np.random.default_rng(seed)
        calls = [(name, one) for name in names
                 for one in GRADERS[name].stage_cases() + GRADERS[name].stage_cases(rng=fresh)]
        self.log.info("Grading %s in the sandbox: %d calls, fresh cases from seed %d",
                      resources.get("unique_key", "a notebook"), len(calls), seed)
        report = sandbox.run([nb.cells[index].source for index in code], calls, self.time_limit)
        if report.note:
            self.log.warning("%s", report.note)
        for index, printed in zip(code, report.cells, strict=False):
            nb.cells[index].outputs = cell_outputs(printed)
        for index, (name, stage) in tests.items():
            nb.cells[index].outputs = [self.test_output(name, stage, calls, report.outcomes)]
        return nb, resources

    def test_output(self, name, stage, calls, outcomes):
        if stage is None:
            return failed(f"This test cell ({name}) is not one the graders know; ask your instructor.")
        mine = [(one, outcome) for (called, one), outcome in zip(calls, outcomes, strict=True)
                if called == name]
        message = verdict(GRADERS[name], stage, mine)
        if message is not None:
            return failed(message)
        count = sum(one.stage == stage for one, _ in mine)
        return passed(f"{name}: the {stage} cases pass ({count} cases, half of them drawn afresh for "
                      "this grading).")


def configure(c):
    """Set nbgrader's configuration `c` so that autograde grades in the sandbox."""
    c.Autograde.autograde_preprocessors = [GradeInSandbox, IgnorePattern, ClearMetadataPreprocessor,
                                           LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                           CheckCellMetadata]
