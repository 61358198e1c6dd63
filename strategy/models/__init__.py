"""The strategy app's models, split by sub-domain: the plan and its elements; statistics; indicators and criteria."""

from .indicators import (
    Classification,
    CriterionResult,
    IndicatorDefinition,
    IndicatorValue,
    RecomputeRun,
    RuleCriterion,
    RuleSet,
)
from .plan import (
    Area,
    MainMove,
    Move,
    OpeningMove,
    Perspective,
    Principle,
    Strategy,
    StrategyPlan,
    Target,
    Vision,
)
from .statistics import Observation, StatisticsImport, StatisticsUpload, Variable

__all__ = [
    "Area",
    "Classification",
    "CriterionResult",
    "IndicatorDefinition",
    "IndicatorValue",
    "MainMove",
    "Move",
    "Observation",
    "OpeningMove",
    "Perspective",
    "Principle",
    "RecomputeRun",
    "RuleCriterion",
    "RuleSet",
    "StatisticsImport",
    "StatisticsUpload",
    "Strategy",
    "StrategyPlan",
    "Target",
    "Variable",
    "Vision",
]
