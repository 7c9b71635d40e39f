"""Background jobs of certificates: one chunk of a bulk issue per task.

A bulk job is split into chunks so that several `db_worker` processes share it: scaling
out is more workers, as for every other long job.
"""

from django_tasks import task

from certificates import actions


@task()
def issue_bulk_chunk(bulk_id: int, user_ids: list[int]) -> dict:
    """Issue the certificates of `user_ids` in bulk job `bulk_id`."""
    return actions.process_bulk_chunk(bulk_id, user_ids)
