"""The main menu, rendered once per language, plan, current page and section in each process: every logged-in page
shows it twice (the bar and the phone drawer), and its links are the same for every reader."""

import functools

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override

from bagsvaerd.context_processors import NAV_ITEMS

register = template.Library()


@functools.lru_cache(maxsize=1024)
def _menu(language: str, prefix: str, plan_slug: str, current: str, section: str) -> SafeString:
    with override(language):
        return render_to_string(
            "includes/nav_items.html", {"nav_items": NAV_ITEMS, "plan_slug": plan_slug, "cur": current, "sec": section}
        )


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    """The menu's items for this page (``nav_current``, ``nav_section``) pointing at ``current_plan``."""
    return _menu(
        get_language() or "",
        get_script_prefix(),
        context["current_plan"].slug,
        context.get("nav_current") or "",
        context.get("nav_section") or "",
    )
