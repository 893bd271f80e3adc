"""nbgrader: solutions/<assignment>/ is the source, exercises/<assignment>/ the release."""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
