from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.loader import (
    CONTENT_DIR,
    CourseContentError,
    load_course_content,
    read_course_file,
)


class Command(BaseCommand):
    help = "Load (or update) the course content files into Wagtail pages and question banks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(CONTENT_DIR), help="folder of *.yaml files"
        )

    def handle(self, *args, **options):
        paths = sorted(Path(options["dir"]).glob("*.yaml"))
        if not paths:
            raise CommandError(f"No *.yaml course file in {options['dir']}")
        # Check every file before loading any, so one bad file loads nothing.
        problems = []
        for path in paths:
            try:
                read_course_file(path)
            except CourseContentError as exc:
                problems.append(str(exc))
        if problems:
            raise CommandError("Invalid course files:\n" + "\n".join(problems))
        for path in paths:
            course = load_course_content(path)
            questions = course.questions.filter(active=True).count()
            self.stdout.write(
                f"{path.name}: {course.title} (v{course.version}), "
                f"{course.lessons().count()} lessons, {questions} questions"
            )
