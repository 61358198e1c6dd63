"""The Celery app. Periodic jobs are listed here, in one place, with their schedules."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagsvaerd.settings")

app = Celery("bagsvaerd")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# name -> {"task": dotted path, "schedule": crontab/seconds}; later issues add the nightly recompute here.
app.conf.beat_schedule = {}
