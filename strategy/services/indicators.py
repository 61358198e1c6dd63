"""Writes of the targets' indicator definitions: the formula is parsed (never evaluated as code) on save, and a
bad formula is refused with a message that points at the offending token."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from base.models import User
from base.services.audit import save_audited

from ..formulas import FormulaError, parse_formula
from ..models import IndicatorDefinition, Variable

INDICATOR_FIELDS = (
    "code",
    "name_da",
    "name_en",
    "unit",
    "direction",
    "formula",
    "target",
    "area",
    "baseline_year",
    "baseline_value",
    "target_value",
    "deadline",
)


def check_formula(text: str) -> None:
    try:
        parse_formula(text, known_variables=set(Variable.objects.values_list("code", flat=True)))
    except FormulaError as error:
        raise ValidationError({"formula": error.message}, code="formula") from None


@transaction.atomic
def save_indicator_definition(
    *,
    definition: IndicatorDefinition | None = None,
    data: Mapping[str, Any],
    by: User | None,
    expected_version: int | None = None,
) -> IndicatorDefinition:
    """Create (``definition`` None or unsaved) or change an indicator definition, with history; with
    ``expected_version`` a change over someone else's newer one is refused (see ``save_audited``)."""
    if "formula" in data:
        check_formula(data["formula"])
    definition = definition or IndicatorDefinition()
    target = data.get("target", definition.target if definition.pk else None)
    plan_id = target.plan_id if target is not None else None
    save_audited(
        instance=definition,
        data=data,
        by=by,
        plan_id=plan_id,
        allowed=INDICATOR_FIELDS,
        expected_version=expected_version,
    )
    return definition


VARIABLE_FIELDS = ("code", "name_da", "name_en", "unit", "description", "is_person_count")


@transaction.atomic
def create_variable(*, data: Mapping[str, Any], by: User | None) -> Variable:
    """Add a variable to the data dictionary (planners extend it; the shipped ones stay as they are)."""
    variable = Variable(is_builtin=False)
    save_audited(instance=variable, data=data, by=by, plan_id=None, allowed=VARIABLE_FIELDS)
    return variable
