"""The shared form markup (``templates/includes/form.html`` and ``field.html``)."""

from django import forms
from django.template.loader import render_to_string

from base.models import Organisation


class _Choices(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Organisationer", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(label="Slags", choices=[], widget=forms.RadioSelect)


def test_a_list_of_choices_with_nothing_to_choose_from_renders_and_says_so(db):
    form = _Choices(data={})
    assert not form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})
    assert html.count("Der er endnu intet at vælge mellem.") == 2
    assert '<a href="#id_organisations">Organisationer: Dette felt er påkrævet.</a>' in html
