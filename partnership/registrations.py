"""What the partnership tells the apps below it at start-up (``PartnershipConfig.ready``): they show and clean up
after its records without importing it.

- the history links a record of a partnership object to that object's history page;
- readers who see only their own organisation's opportunity spaces get no rules-of-play records in a plan's
  history (the letters name spaces), and no recorded links to spaces in the other records;
- deleting a strategy element removes its rules-of-play letters, with history.
"""

from django.urls import reverse

from base.history import keep_from_partial_readers, redact_from_partial_readers, register_record_page
from base.services.audit import on_delete

from .models import Responsibility
from .selectors.elements import KIND_OF_MODEL
from .services import remove_responsibilities_of
from .views.common import HISTORY_KINDS


def register() -> None:
    for kind, (model, _back) in HISTORY_KINDS.items():
        register_record_page(model, lambda pk, kind=kind: reverse("governance_history", args=[kind, pk]))
    keep_from_partial_readers(Responsibility._meta.app_label, Responsibility._meta.model_name)
    redact_from_partial_readers("spaces")
    on_delete(_remove_letters)


def _remove_letters(*, instance, by) -> None:
    if type(instance) in KIND_OF_MODEL:
        remove_responsibilities_of(element=instance, by=by)
