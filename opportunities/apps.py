from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = _("Opportunity spaces")

    def ready(self) -> None:
        from django.urls import reverse

        from base.history import keep_from_partial_readers, register_record_page

        from .models import OpportunitySpace

        register_record_page(OpportunitySpace, lambda pk: reverse("space_detail", args=[pk]))
        # A plan's history does not show housing staff the spaces, logs, needs and offers of other organisations:
        # they read their own spaces' history on each space's page.
        keep_from_partial_readers(self.label)
