from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    """The partnership's own domain: people and the rules of play, the steering group's meetings and decisions,
    risks and potentials, recommendations, projects and core operations. The top layer: it links to the strategy's
    elements and to opportunity spaces, and tells the apps below what they show of it (``ready``)."""

    name = "partnership"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from . import registrations

        registrations.register()
