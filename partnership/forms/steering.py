"""Forms of the steering group's pages. They only shape input; the services (``governance.services.steering``)
validate and write, and the views put the services' errors back on the form (``add_service_errors``).

Edit forms of objects with history carry ``version`` (``base.history.version_of``): the history version the
form was opened at, passed to the service as ``expected_version`` so that a concurrent edit is not lost.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import VersionedForm

from ..models import ActionItem, AgendaItem, Decision, Meeting, SteeringGroup, SteeringGroupMember
from ..models.steering import WorkStatus
from ..selectors.records import people
from ..services.steering import ACTION_FIELDS, AGENDA_FIELDS, DECISION_FIELDS, GROUP_FIELDS, MEETING_FIELDS
from . import ElementLinksMixin


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; the value in the ISO form it expects."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SteeringGroupForm(VersionedForm):
    class Meta:
        model = SteeringGroup
        fields = GROUP_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"description": gettext_lazy("What the group decides on, and who it reports to.")}


class SteeringMemberForm(forms.ModelForm):
    """Add a person of the partnership to a steering group."""

    class Meta:
        model = SteeringGroupMember
        fields = ("person", "function")
        labels = {"person": gettext_lazy("Person")}
        widgets = {"function": forms.RadioSelect}
        help_texts = {
            "person": gettext_lazy(
                "A member who has a user account and the steering-group role may record minutes, decisions and "
                "action items for the group's meetings."
            )
        }

    def __init__(self, *args, group: SteeringGroup, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.queryset = people().exclude(steering_memberships__group=group)
        person.empty_label = _("Choose a person")
        self.fields["function"].choices = SteeringGroupMember.Function.choices

    def _post_clean(self):
        pass  # the service checks membership


class MeetingForm(VersionedForm):
    """Plan a meeting (with its steering group) or change its time, place and status."""

    group = forms.ModelChoiceField(queryset=SteeringGroup.objects.none(), label=gettext_lazy("Steering group"))

    class Meta:
        model = Meeting
        fields = ("group", *MEETING_FIELDS)
        widgets = {"starts_at": DateTimeLocalInput(), "status": forms.RadioSelect}
        labels = {"starts_at": gettext_lazy("Date and time")}
        help_texts = {"location": gettext_lazy("E.g. “Gladsaxe Rådhus, mødelokale 2” or “Online (Teams)”.")}

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Meeting.Status.choices
        if self.instance.pk is not None:
            del self.fields["group"]  # a meeting stays with its group
            return
        group = self.fields["group"]
        group.queryset = groups
        choices = list(groups[:2])
        if len(choices) == 1:
            group.empty_label = None
            self.initial["group"] = self.initial.get("group") or choices[0].pk
        else:
            group.empty_label = _("Choose a steering group")


class MinutesForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ("minutes",)
        widgets = {"minutes": forms.Textarea(attrs={"rows": 16})}
        help_texts = {
            "minutes": gettext_lazy(
                "What was discussed, point by point. Record the decisions and action items separately, so their "
                "owners and due dates can be followed up."
            )
        }


class AgendaItemForm(ElementLinksMixin, VersionedForm):
    class Meta:
        model = AgendaItem
        fields = AGENDA_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"position": gettext_lazy("Left empty: the item goes last on the agenda.")}

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].widget.attrs.update({"min": 1, "inputmode": "numeric"})
        self.limit_links(meeting.group.plan, user)

    def service_data(self) -> dict:
        data = super().service_data()
        if data.get("position") is None:
            data.pop("position", None)  # the service puts a new item last
        return data


class _WorkForm(ElementLinksMixin, VersionedForm):
    """What decisions and action items share: an owner among the partnership's people, a due date, a status and
    the date it was carried out."""

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = people()
        owner.empty_label = _("No one yet")
        self.fields["status"].choices = WorkStatus.choices
        self.fields["done_on"].help_text = _("Only when it is carried out. Left empty: today.")
        self.limit_links(meeting.group.plan, user)


class DecisionForm(_WorkForm):
    class Meta:
        model = Decision
        fields = DECISION_FIELDS
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "due_on": _date_input(),
            "done_on": _date_input(),
            "status": forms.RadioSelect,
        }
        labels = {"owner": gettext_lazy("Responsible")}
        help_texts = {"text": gettext_lazy("What the steering group decided, so that it can be followed up.")}

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        super().__init__(*args, meeting=meeting, user=user, **kwargs)
        agenda_item = self.fields["agenda_item"]
        agenda_item.queryset = meeting.agenda_items.order_by("position", "id")
        agenda_item.empty_label = _("Not tied to an agenda item")
        if self.instance.agenda_item_id is None and not agenda_item.queryset.exists():
            del self.fields["agenda_item"]  # nothing to choose from


class ActionItemForm(_WorkForm):
    class Meta:
        model = ActionItem
        fields = ACTION_FIELDS
        widgets = {
            "due_on": _date_input(),
            "done_on": _date_input(),
            "status": forms.RadioSelect,
        }
        labels = {"text": gettext_lazy("What is to be done"), "owner": gettext_lazy("Responsible")}
        help_texts = {"text": gettext_lazy("E.g. “Send the draft to the residents' board”.")}

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        super().__init__(*args, meeting=meeting, user=user, **kwargs)
        decision = self.fields["decision"]
        decision.queryset = meeting.decisions.order_by("id")
        decision.empty_label = _("Not tied to a decision")
        if self.instance.decision_id is None and not decision.queryset.exists():
            del self.fields["decision"]  # nothing to choose from
