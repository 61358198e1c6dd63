"""The Celery app. Periodic jobs are listed here, in one place, with their schedules."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagsvaerd.settings")

app = Celery("bagsvaerd")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job, in one place: name -> task and schedule (Europe/Copenhagen time).
app.conf.beat_schedule = {
    "clear-expired-sessions": {"task": "base.clear_expired_sessions", "schedule": crontab(hour=3, minute=15)},
    "clear-old-login-events": {"task": "base.clear_old_login_events", "schedule": crontab(hour=3, minute=20)},
    # A file written by a request whose transaction then rolled back: nobody could see or delete it.
    "remove-orphan-uploads": {"task": "base.remove_orphan_uploads", "schedule": crontab(hour=3, minute=25)},
    "recompute-all-indicators": {"task": "strategy.recompute_all", "schedule": crontab(hour=2, minute=30)},
    # A run whose worker died shows as interrupted within a minute or two, not after the visibility timeout.
    "close-interrupted-recompute-runs": {"task": "strategy.close_interrupted_runs", "schedule": 60.0},
    # The 12-month windows move on every night, also for spaces whose log did not change.
    "recompute-meeting-place-index": {
        "task": "opportunities.recompute_meeting_place_index",
        "schedule": crontab(hour=3, minute=0),
    },
}
