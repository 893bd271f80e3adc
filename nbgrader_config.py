"""nbgrader's course directory is the repository: solutions/<assignment>/ is the source,
exercises/<assignment>/ the release. book/instructor.md describes the whole course flow."""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.CourseDirectory.course_id = "softmax-gradient"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
