"""Every explorer function, by its name, in chapter order: the ones each chapter's page shows
(softmax_course.chapters), taken from that chapter's module, softmax_course.explorers.<slug>.
Each one, called without arguments, gives the explorer as its page first shows it."""

from importlib import import_module

from softmax_course.chapters import CHAPTERS

EXPLORERS = {name: getattr(import_module(f"softmax_course.explorers.{chapter.slug}"), name)
             for chapter in CHAPTERS for name in chapter.explorers}
