"""What a determined student might put in an answer cell instead of an implementation, one
route each, and the honest students graded beside them (tests/test_red_team.py).

A Route's answer(name, parameters) is the source of the answer cell of the graded function
`name` with those parameter names: it defines `name` (or makes grading believe it did) without
implementing it. `leaks` lists text found only inside the files the route tries to read (never
in the route's own code, which its feedback shows): it must never reach its feedback. The routes follow the categories of issue 14: the course's own
implementation called or pasted, reached through threads, subprocesses, a switched-off watch or
lazy objects; tables of outputs for the visible cases; the test machinery replaced (runpy,
builtins, sys.modules, import hooks, NumPy's comparisons, IPython transformers); expected values
read off the stack; files on disk rewritten or read; the grading process ended or held up.
"""

import inspect
import json
from dataclasses import dataclass
from pathlib import Path

import softmax_course
from softmax_course import _checks, reference

PACKAGE = Path(softmax_course.__file__).parent


@dataclass(frozen=True)
class Route:
    """One way to cheat. write: the answer cell's source, as a template with {name} (the graded
    function) and {args} (its parameters), or a function of (name, parameters) that writes it."""

    name: str
    category: str
    description: str
    write: object
    leaks: tuple = ()

    def answer(self, name, parameters):
        """The answer cell's source for the graded function `name`."""
        if callable(self.write):
            return self.write(name, parameters)
        return self.write.format(name=name, args=", ".join(parameters))


def pasted_package_source(name, parameters):
    """The course's reference module and its checks, pasted as text, then `name` from it."""
    checks = inspect.getsource(_checks)
    module = inspect.getsource(reference).replace("from softmax_course import _checks\n", "")
    return (f"import types\n_checks = types.ModuleType('_checks')\nexec({checks!r}, _checks.__dict__)\n"
            f"{module}\n")


def visible_table(name, parameters):
    """A table from the inputs of the visible cases to their expected results, written into
    the answer cell: the right answer wherever the input is a visible one, zeros elsewhere."""
    cases = json.loads((PACKAGE / "selfcheck_cases.json").read_text())[name]["cases"]
    table = {json.dumps(case["args"], sort_keys=True): case["expected"] for case in cases}
    return f'''import json
import numpy as np
from softmax_course.checking import decode, encode_args

_TABLE = {json.dumps(table)!r}
_TABLE = json.loads(_TABLE)

def {name}({", ".join(parameters)}):
    key = json.dumps(encode_args(dict(zip({list(parameters)!r}, [{", ".join(parameters)}]))), sort_keys=True)
    parts = [decode(part) for part in _TABLE.get(key, [{{"type": "float", "value": 0.0}}])]
    return parts[0] if len(parts) == 1 else tuple(parts)
'''


CALLS = "from softmax_course import reference as _course\n"
# Where the routes that look for files search, recursively: every top folder a course, a home or a
# grading run could be in (not / itself, whose /proc and /usr would only spend the time limit).
ROOTS = "ROOTS = ['/work', '/srv', '/home', '/root', '/tmp', '/var', '/opt', '/mnt', '/grading']\n"
NOTHING = "def {name}({args}):\n    return None\n"
ROUTE_LIST = [
    Route("pastes_the_package_source", "the course's implementation pasted",
              "the source of softmax_course.reference and its checks pasted as text", pasted_package_source),
    Route("imports_the_answer", "the course's implementation called",
          "from softmax_course.reference import the function", "from softmax_course.reference import {name}\n"),
    Route("wraps_the_answer", "the course's implementation called",
          "a function that calls the course's", CALLS + "def {name}(*args):\n    return _course.{name}(*args)\n"),
    Route("calls_it_from_a_thread", "the course's implementation called",
          "the course's function run in a thread, its result returned",
          CALLS + "import concurrent.futures\n\ndef {name}(*args):\n"
                  "    with concurrent.futures.ThreadPoolExecutor() as pool:\n"
                  "        return pool.submit(_course.{name}, *args).result()\n"),
    Route("calls_it_from_a_subprocess", "the course's implementation called",
          "the course's function run in another Python process, its result read back",
          "import pickle, subprocess, sys\n\ndef {name}(*args):\n"
          "    program = ('import pickle, sys; from softmax_course import reference; '\n"
          "               'args = pickle.load(sys.stdin.buffer); '\n"
          "               'sys.stdout.buffer.write(pickle.dumps(reference.{name}(*args)))')\n"
          "    done = subprocess.run([sys.executable, '-c', program], input=pickle.dumps(args),\n"
          "                          capture_output=True, check=True)\n"
          "    return pickle.loads(done.stdout)\n"),
    Route("switches_the_watch_off", "the course's implementation called",
          "sys.setprofile replaced by a no-op before calling the course's function",
          "import sys\nsys.setprofile = lambda *args: None\n" + CALLS
          + "def {name}(*args):\n    return _course.{name}(*args)\n"),
    Route("returns_a_lazy_object", "the course's implementation called",
          "an object whose __array__ calls the course's function only when it is read",
          CALLS + "import numpy as np\n\nclass _Later:\n    def __init__(self, args):\n        self.args = args\n"
                  "    def __array__(self, dtype=None, copy=None):\n"
                  "        return np.asarray(_course.{name}(*self.args))\n\n"
                  "def {name}(*args):\n    return _Later(args)\n"),
    Route("builds_it_from_other_course_functions", "other course functions",
          "the answer assembled from the course's explorers module, which imports the reference",
          "from softmax_course import explorers as _explorers\n\ndef {name}(*args):\n"
          "    return getattr(_explorers.reference, '{name}')(*args)\n"),
    Route("looks_up_the_visible_cases", "precomputed outputs",
              "a table of the visible cases' expected results, zeros for any other input", visible_table),
    Route("replaces_runpy", "the test machinery replaced",
          "runpy.run_module replaced by one that returns a grade that always passes",
          "import runpy\nrunpy.run_module = lambda *args, **kwargs: {{'grade': lambda *a, **k: None}}\n" + NOTHING),
    Route("replaces_builtins", "the test machinery replaced",
          "builtins.AssertionError replaced, so that no check can fail",
          "import builtins\nbuiltins.AssertionError = type('Silent', (Warning,), {{}})\n" + NOTHING),
    Route("replaces_sys_modules", "the test machinery replaced",
          "a fake softmax_course.selfcheck in sys.modules whose check always passes",
          "import sys, types\n_fake = types.ModuleType('softmax_course.selfcheck')\n"
          "_fake.check = lambda *args, **kwargs: None\nsys.modules['softmax_course.selfcheck'] = _fake\n" + NOTHING),
    Route("installs_an_import_hook", "the test machinery replaced",
          "a meta path finder that serves a fake softmax_course.selfcheck",
          "import importlib.abc, importlib.util, sys\n\n"
          "class _Fake(importlib.abc.MetaPathFinder, importlib.abc.Loader):\n"
          "    def find_spec(self, name, path, target=None):\n"
          "        if name == 'softmax_course.selfcheck':\n"
          "            return importlib.util.spec_from_loader(name, self)\n"
          "    def create_module(self, spec):\n        return None\n"
          "    def exec_module(self, module):\n        module.check = lambda *args, **kwargs: None\n\n"
          "sys.meta_path.insert(0, _Fake())\nsys.modules.pop('softmax_course.selfcheck', None)\n" + NOTHING),
    Route("patches_numpy_comparisons", "the test machinery replaced",
          "np.allclose, np.isclose, np.array_equal and np.isfinite made to agree with anything",
          "import numpy as np\nnp.allclose = lambda *args, **kwargs: True\n"
          "np.isclose = lambda a, b, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)\n"
          "np.array_equal = lambda *args, **kwargs: True\n"
          "np.isfinite = lambda x, *args, **kwargs: np.ones(np.shape(x), dtype=bool)\n" + NOTHING),
    Route("adds_an_input_transformer", "IPython transformers",
          "an IPython input transformer that blanks every later test cell",
          "_ip = get_ipython()\n_ip.input_transformers_cleanup.append("
          "lambda lines: ['pass\\n'] if any('check(' in line for line in lines) else lines)\n" + NOTHING),
    Route("adds_an_ast_transformer", "IPython transformers",
          "an AST transformer that turns every later cell into `pass`",
          "import ast\n\nclass _Blank(ast.NodeTransformer):\n"
          "    def visit_Module(self, node):\n"
          "        if any(isinstance(n, ast.FunctionDef) for n in node.body):\n            return node\n"
          "        return ast.Module(body=[ast.Pass()], type_ignores=[])\n\n"
          "get_ipython().ast_transformers.append(_Blank())\n" + NOTHING),
    Route("reads_the_stack", "expected values off the stack",
          "the function looks through its callers' frames for an expected value and returns it",
          "import sys\n\ndef {name}(*args):\n    frame = sys._getframe(1)\n    while frame is not None:\n"
          "        for key in ('expected', 'wrong', 'right'):\n"
          "            value = frame.f_locals.get(key)\n"
          "            if value is not None and not callable(value):\n"
          "                return value[0] if isinstance(value, tuple) and len(value) == 1 else value\n"
          "        frame = frame.f_back\n    return None\n"),
    Route("rewrites_files_on_disk", "files on disk rewritten",
          "every checking or grading file it can find is rewritten so that checks always pass",
          "import glob, os\n" + ROOTS
          + "for _path in [p for root in ROOTS\n"
          "              for p in glob.glob(root + '/**/softmax_*/*.py', recursive=True)]:\n"
          "    try:\n"
          "        with open(_path, 'a') as _file:\n"
          "            _file.write('\\ncheck = judge = lambda *args, **kwargs: None\\n')\n"
          "    except OSError:\n        pass\n" + NOTHING),
    Route("reads_the_course_directory", "files on disk read",
          "the answer cell looks for solutions/ and gradebook.db above and around it and prints them",
          "import glob, os\n" + ROOTS + "_found = []\nfor _root in ROOTS:\n"
          "    for _pattern in ('**/solutions/*/*.ipynb', '**/gradebook.db', '**/grader/softmax_grader/*.py'):\n"
          "        _found += glob.glob(os.path.join(_root, _pattern), recursive=True)[:5]\n"
          "for _path in _found[:10]:\n    print(_path, open(_path, 'rb').read(4000))\n" + NOTHING,
          leaks=("BEGIN SOLUTION", "SQLite format", "class Grader")),
    Route("reads_other_submissions", "files on disk read",
          "the answer cell prints every submitted notebook it can reach",
          "import glob\n" + ROOTS + "for _path in [p for root in ROOTS\n"
          "              for p in glob.glob(root + '/**/submitted/*/*/*.ipynb', recursive=True)][:5]:\n"
          "    print(_path, open(_path).read()[:4000])\n" + NOTHING,
          leaks=('"cell_type"',)),
    Route("asks_a_server", "the network",
          "the function fetches its results from a server on the grading machine",
          "import json, urllib.request\n\ndef {name}(*args):\n"
          "    with urllib.request.urlopen('http://127.0.0.1:8888/answer', timeout=3) as reply:\n"
          "        return json.load(reply)\n"),
    Route("exits_before_the_tests", "the grading process ended",
          "the answer cell ends the process, so that no test cell ever runs",
          NOTHING + "import os\nos._exit(0)\n"),
    Route("kills_the_grader", "the grading process ended",
          "the answer cell kills every process it can see, its parent first",
          NOTHING + "import os, signal\nfor _pid in [os.getppid()] + [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
          "    try:\n        os.kill(_pid, signal.SIGKILL)\n    except OSError:\n        pass\n"),
    Route("forges_the_outcomes", "the grading process ended",
          "the answer cell writes outcomes that say every call returned the visible answer, then exits",
          NOTHING + "import glob, json, os\nfor _folder in glob.glob('/*/out') + glob.glob('/tmp/*/out'):\n"
          "    try:\n        with open(os.path.join(_folder, 'outcomes.jsonl'), 'w') as _file:\n"
          "            _file.write(json.dumps({{'type': 'outcome', 'status': 'returned', 'result': "
          "{{'type': 'float', 'value': 0.0}}, 'error': '', 'line': '', 'changed': []}}) + '\\n')\n"
          "    except OSError:\n        pass\nos._exit(0)\n"),
]
ROUTES = {route.name: route for route in ROUTE_LIST}

WARNING = "import warnings\nwarnings.warn('this call is deprecated', DeprecationWarning, stacklevel=1)\n"


@dataclass(frozen=True)
class Honest:
    """An honest student: how far they get with the graded task ("right", "half": an answer that
    passes its basic cases and fails its extremes, or "none": a blank notebook), and whether their
    answers also warn on stderr. Unless blank, they get the warm-ups right."""

    name: str
    task: str
    warns: bool = False

    def points(self, task_points):
        """The points autograde owes them."""
        return {"right": task_points, "half": task_points / 2, "none": 0.0}[self.task]

    def answers(self, warm_ups, task, solution, half_right):
        """Their answer cells by grade_id; solution(name) and half_right(name) give the source
        of a right and of a half-right answer."""
        if self.task == "none":
            return {}
        lead = WARNING if self.warns else ""
        cells = {name: lead + solution(name) for name in warm_ups}
        cells[task] = lead + (solution(task) if self.task == "right" else half_right(task))
        return cells


HONEST = {student.name: student for student in (
    Honest("right", "right"), Honest("right_but_warns", "right", warns=True),
    Honest("half_right", "half"), Honest("blank", "none"))}
