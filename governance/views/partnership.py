"""(Being written.)"""

from django.http import HttpResponse


def collaboration_model_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def collaboration_model_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def collaboration_model_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def organisation_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def organisation_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def organisation_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def person_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def person_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def responsibility_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def responsibility_matrix(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def responsibility_remove(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)
