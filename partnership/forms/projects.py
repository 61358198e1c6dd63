"""Forms of the projects' pages. They only shape input; the services (``governance.services.projects``) validate
and write, and the views put the services' errors back on the form (``add_service_errors``).

Edit forms of objects with history carry ``version`` (``base.history.version_of``): the history version the
form was opened at, passed to the service as ``expected_version`` so that a concurrent edit is not lost.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import VersionedForm
from base.models import CollaborationModel, Organisation

from ..models import Milestone, Project, ProjectDependency
from ..selectors.records import dependency_choices
from ..services.projects import MILESTONE_FIELDS, PROJECT_FIELDS
from . import ElementLinksMixin


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(ElementLinksMixin, VersionedForm):
    """Create or edit a municipal project or a core operation, with what it serves in the strategy."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_on": _date_input(),
            "ends_on": _date_input(),
        }
        help_texts = {
            "name": gettext_lazy("E.g. “Vadstrupvej” or “The Ringbo site”."),
            "description": gettext_lazy("What the project does, and why the strategy depends on it."),
            "collaboration_model": gettext_lazy("The housing organisations' role and position in the project."),
            "starts_on": gettext_lazy("Leave start and end empty while they are not known."),
        }

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Project.Kind.choices
        self.fields["status"].choices = Project.Status.choices
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.order_by("name")
        organisation.empty_label = _("No organisation chosen")
        model = self.fields["collaboration_model"]
        model.queryset = CollaborationModel.objects.all()
        model.empty_label = _("No collaboration model chosen")
        if not (self.instance.pk and self.instance.is_example):
            # As for risks: only the demo's example projects carry the flag; a new project is a real one.
            del self.fields["is_example"]
        self.limit_links(plan, user)


class MilestoneForm(VersionedForm):
    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        widgets = {"due_on": _date_input(), "done_on": _date_input()}
        help_texts = {
            "title": gettext_lazy("E.g. “Local plan adopted” or “Tenants vote on the plan”."),
            "done_on": gettext_lazy("Fill in when the milestone is reached."),
        }


class DependencyForm(forms.Form):
    """That ``project`` is blocked by, or follows after, another project of its strategy."""

    kind = forms.ChoiceField(
        label=gettext_lazy("How it depends"),
        choices=ProjectDependency.Kind.choices,
        initial=ProjectDependency.Kind.BLOCKS,
        widget=forms.RadioSelect,
    )
    depends_on = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects.none())

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        # The labels are written for sentences ("… is blocked by …"); as options they start with a capital.
        self.fields["kind"].choices = [(value, capfirst(label)) for value, label in ProjectDependency.Kind.choices]
        self.fields["kind"].label = _("How does «%(project)s» depend on the other project?") % {"project": project}
        self.fields["kind"].help_text = _(
            "“Is blocked by”: it cannot go on until the other project is done. “Follows after”: it is planned to "
            "come after it."
        )
        depends_on = self.fields["depends_on"]
        depends_on.queryset = dependency_choices(project)
        depends_on.empty_label = _("Choose a project")
