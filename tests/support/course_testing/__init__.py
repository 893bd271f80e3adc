"""What the tests (tests/), the tools (tools/) and the site's extensions (_ext/) of the course
module share.

Installed in place by requirements.txt (`-e ./tests/support`), so that test modules, tools and
extensions import it by name, with no sys.path edits and whatever pytest's import mode:

- `chromium`: the browser the tests and tools drive, found by name;
- `lab_server`: a Jupyter server for browser tests;
- `site`: the built site, served, and what the site's browser tests read in its pages;
- `nbgrader_run`: nbgrader runs and a course laid out for them;
- `implementations` (with `task_NN`, one per chapter of the table): correct and wrong learners'
  functions;
- `red_team_routes`: answer cells that try to cheat the grader;
- `imports`: what a module's import statements import (tools/import_graph.py,
  _ext/notebook_cache.py).

The package is used from the repository it lives in (an editable install): ROOT is that
repository's root.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
