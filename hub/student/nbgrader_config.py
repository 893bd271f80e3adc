"""nbgrader's settings for every student of a class on the hub.

hub/jupyterhub_config.py points each student's server at the folder this file is installed
in (JUPYTER_CONFIG_PATH), so the Assignments tab, and `nbgrader` in the server's terminals, use
the course and the exchange named here. The exchange is nbgrader 0.9.6's default; the
instructor's nbgrader_config.py (the repository's) leaves it so. If you move it, set the same
`c.Exchange.root` on both sides.

Submitting is nbgrader's own, then the submission's folder is closed to everyone but its
student and the instructor (nbgrader leaves it open to anyone who knows its name).
"""

import os

from nbgrader.exchange.default import ExchangeSubmit

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
c.CourseDirectory.course_id = "softmax-gradient"
c.Exchange.root = "/usr/local/share/nbgrader/exchange"


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then the submission's folder made 0770 instead of 0777.

    The exchange's inbound folder, made by the instructor's `release_assignment`, is
    set-group-ID, so a submission's folder belongs to the instructor's group: the instructor can
    still collect and remove it, while another student cannot open it even knowing its name, nor
    read its submission_secret.txt (which names the student's feedback file in the exchange)."""

    def copy_files(self):
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o770)


c.ExchangeFactory.submit = PrivateSubmit
