"""What runs inside the sandbox: a submission's code cells, then its functions on the cases.

    python inside.py TASK OUT

TASK (JSON) holds the code cells, in order, the calls (a function's name and its
arguments as plain numbers, `softmax_course.checking.encode`) and the seconds one call
may take. The cells run in one
IPython shell, as in the student's kernel. What each cell printed or raised is written to
OUT/cells.json; then each call's Outcome, one JSON line each, to OUT/outcomes.jsonl, as it
is made, so a submission that hangs or ends the process still leaves the ones before.

Nothing here knows an answer: the sandbox holds this file, NumPy, IPython and the
student package's checking and data modules, and no expected value.
"""

import json
import signal
import sys
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from softmax_course.checking import Case, Outcome, Unreadable, call, decode_args, encode

TEXT_LIMIT = 10_000  # characters kept of what one cell printed


class TookTooLong(BaseException):
    """Raised by the alarm; a BaseException, so that `except Exception` in a learner's
    code does not swallow it."""


def on_alarm(signum, frame):
    raise TookTooLong()


def run_cells(shell, sources):
    """Run each cell; what it printed to stdout and stderr, and the error it raised."""
    reports = []
    for source in sources:
        with capture_output(display=False) as captured:
            result = shell.run_cell(source, store_history=True)
        error = result.error_in_exec or result.error_before_exec
        reports.append({"stdout": captured.stdout[:TEXT_LIMIT], "stderr": captured.stderr[:TEXT_LIMIT],
                        "error": f"{type(error).__name__}: {error}"[:TEXT_LIMIT] if error else ""})
    return reports


def outcome_of(namespace, name, args, seconds):
    """Call the function the cells defined under `name` on args, within `seconds`."""
    if name not in namespace:
        return Outcome("not_defined")
    signal.alarm(seconds)
    try:
        return call(namespace[name], Case(args, ""))
    except TookTooLong:
        return Outcome("timed_out")
    finally:
        signal.alarm(0)


def plain(outcome):
    """The outcome as JSON-ready data; a result that cannot be read becomes its description."""
    try:
        return encode(outcome)
    except Exception as error:
        return encode(Outcome("returned", Unreadable(f"a result that could not be read ({error})"[:2000])))


def main(task_path, out_path):
    task, out = json.loads(Path(task_path).read_text()), Path(out_path)
    signal.signal(signal.SIGALRM, on_alarm)
    shell = InteractiveShell.instance(colors="nocolor")
    (out / "cells.json").write_text(json.dumps(run_cells(shell, task["cells"])))
    with open(out / "outcomes.jsonl", "w") as outcomes:
        for item in task["calls"]:
            outcome = outcome_of(shell.user_ns, item["name"], decode_args(item["args"]), task["call_seconds"])
            outcomes.write(json.dumps(plain(outcome)) + "\n")
            outcomes.flush()


if __name__ == "__main__":
    main(*sys.argv[1:3])
