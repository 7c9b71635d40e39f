"""The demo's courses: the shipped content files, loaded by `seed_demo`."""

from courses.loader import CONTENT_DIR, load_course_dir


def seed(province, stdout) -> None:
    """Load (or update) the shipped courses; idempotent, like load_courses."""
    for course in load_course_dir(CONTENT_DIR):
        questions = course.questions.filter(active=True).count()
        stdout.write(f"  {course.title} (v{course.version}): {questions} câu hỏi")
