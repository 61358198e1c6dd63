"""(Being written.)"""

from django.http import HttpResponse


def action_item_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def action_item_delete(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def action_item_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def agenda_item_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def agenda_item_delete(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def agenda_item_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def decision_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def decision_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def decision_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def meeting_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def meeting_detail(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def meeting_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def meeting_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def meeting_minutes(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def meeting_next(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def overdue_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def steering_group_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def steering_group_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def steering_group_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def steering_member_add(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def steering_member_remove(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)
