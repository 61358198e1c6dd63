"""Test data, built through the same services the app uses (so it carries history like real data)."""

from strategy.models import MainMove, Move, OpeningMove, Perspective, Principle, Strategy, Target, Vision
from strategy.services import create_strategy_object, upsert_area, upsert_plan


def build_plan(
    *,
    slug: str = "testplan",
    title: str = "Testby i social balance",
    targets: int = 4,
    principles: int = 5,
    moves_per_strategy: int = 3,
):
    """A complete plan: vision, targets, principles, three strategies with moves, main move, opening move."""
    area = upsert_area(code=f"{slug}-dk", name="Danmark", kind="country", parent=None)
    plan = upsert_plan(slug=slug, title=title, summary="Testdata.", area=area)
    create_strategy_object(model=Vision, parent=plan, data={"statement": f"Visionen for {title}."}, by=None)
    target_objs = [
        create_strategy_object(model=Target, parent=plan, data={"number": n, "title": f"Pejlemærke {n}"}, by=None)
        for n in range(1, targets + 1)
    ]
    principle_objs = [
        create_strategy_object(model=Principle, parent=plan, data={"number": n, "title": f"Princip {n}"}, by=None)
        for n in range(1, principles + 1)
    ]
    perspectives = list(Perspective.objects.all())
    moves = []
    for kind, label in Strategy.Kind.choices:
        strategy = create_strategy_object(
            model=Strategy, parent=plan, data={"kind": kind, "title": f"{label} ({slug})"}, by=None
        )
        for n in range(1, moves_per_strategy + 1):
            data = {
                "number": n,
                "title": f"Greb {kind} {n}",
                "targets": target_objs[(n - 1) % len(target_objs) :][:2] if target_objs else [],
                "principles": principle_objs[(n - 1) % len(principle_objs) :][:2] if principle_objs else [],
                "perspectives": perspectives[:2],
            }
            moves.append(create_strategy_object(model=Move, parent=strategy, data=data, by=None))
    main_move = create_strategy_object(
        model=MainMove,
        parent=plan,
        data={"title": f"Hovedgreb for {title}", "moves": moves[:2], "targets": target_objs[:2]},
        by=None,
    )
    create_strategy_object(model=OpeningMove, parent=main_move, data={"title": "Åbningstræk"}, by=None)
    return plan
