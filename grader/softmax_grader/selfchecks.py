"""The visible cases of the exercises' own checks, written as numbers for the student
package: for every graded function, its fixed cases with their expected results, the
results of its typical mistakes and the rules a right answer obeys. No code that computes
an answer goes with them.

    python -m softmax_grader.selfchecks      # (make selfchecks) rewrites softmax_course/selfcheck_cases.json

Grading uses these cases and as many fresh ones, drawn for each run (softmax_grader.autograde).
"""

import json
from pathlib import Path

import softmax_course
from softmax_course.checking import Rule, encode, encode_args
from softmax_grader.registry import GRADERS

CASES_FILE = Path(softmax_course.__file__).with_name("selfcheck_cases.json")


def visible_case(grader, one):
    """One fixed case of a grader as JSON-ready data."""
    return {
        "stage": one.stage, "text": one.text, "hint": one.hint, "args": encode_args(one.args),
        "tolerance": list(one.tolerance or grader.tolerance),
        "expected": [encode(part) for part in grader.expected(one)],
        "mistakes": [{"message": m.message, "wrong": encode(m.wrong), "part": m.part,
                      "gives_nan": m.gives_nan} for m in grader.mistakes(**one.args)],
        "rules": [{"message": r.message, "kind": r.kind, "value": r.value, "part": r.part}
                  for r in grader.rules(**one.args) if type(r) is Rule],
        "screens": [{"message": s.message, "kind": s.kind, "value": encode(s.value)}
                    for s in grader.screens(**one.args)],
    }


def visible_cases():
    """{name: {"returns": ..., "keeps": [...], "cases": [...]}} for every graded function."""
    return {name: {"returns": grader.returns, "keeps": list(grader.keeps),
                   "cases": [visible_case(grader, one) for one in grader.cases()]}
            for name, grader in GRADERS.items()}


def text():
    return json.dumps(visible_cases(), separators=(",", ":")) + "\n"


if __name__ == "__main__":
    CASES_FILE.write_text(text())
    print(f"wrote {CASES_FILE}")
