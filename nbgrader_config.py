"""nbgrader's course directory is the repository: solutions/<assignment>/ is the source,
exercises/<assignment>/ the release. Autograde runs each submission in a sandbox and judges
what it computed on the grader's side (softmax_grader.autograde);
feedback is written readable offline (softmax_grader.feedback). book/instructor.md
describes the whole course flow."""

from softmax_grader.autograde import configure
from softmax_grader.feedback import configure_feedback

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.CourseDirectory.course_id = "softmax-gradient"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
configure(c)
configure_feedback(c)
