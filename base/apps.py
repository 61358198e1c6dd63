from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """The base every app stands on: users, organisations, memberships and roles, the permission policy, the change
    history, and the helpers their services and forms share.

    Its label stays "governance", the name of the app it was split from, so that its tables, its migrations and
    the user model's name (``AUTH_USER_MODEL = "governance.User"``) stay as they were."""

    name = "base"
    label = "governance"
    verbose_name = _("Accounts, organisations and history")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.admin.models import LogEntry
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_save

        from . import (
            api_schema,  # noqa: F401 - registers the API key's description in the OpenAPI document
            auth_log,
        )
        from .generation import data_changed_receiver
        from .models import ChangeRecord
        from .sessions import start_session_clock

        # Every edit with history, and every change in the admin, makes a new data generation (base.generation).
        post_save.connect(data_changed_receiver, sender=ChangeRecord, dispatch_uid="base.generation.change_record")
        post_save.connect(data_changed_receiver, sender=LogEntry, dispatch_uid="base.generation.admin_log")
        user_logged_in.connect(start_session_clock, dispatch_uid="base.sessions.start_session_clock")
        # The log of logins, logouts, failures and lockouts (base.auth_log; password changes: its validator).
        user_logged_in.connect(auth_log.logged_in, dispatch_uid="base.auth_log.logged_in")
        user_logged_out.connect(auth_log.logged_out, dispatch_uid="base.auth_log.logged_out")
        user_login_failed.connect(auth_log.login_failed, dispatch_uid="base.auth_log.login_failed")
        user_locked_out.connect(auth_log.locked_out, dispatch_uid="base.auth_log.locked_out")
