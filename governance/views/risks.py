"""(Being written.)"""

from django.http import HttpResponse


def progress_note_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def progress_note_delete(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def recommendation_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def recommendation_detail(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def recommendation_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def recommendation_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def risk_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def risk_detail(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def risk_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def risk_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def risk_reviewed(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)
