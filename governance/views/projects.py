"""(Being written.)"""

from django.http import HttpResponse


def dependency_add(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def dependency_remove(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def milestone_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def milestone_delete(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def milestone_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def project_create(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def project_detail(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def project_edit(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def project_list(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)


def project_timeline(request, **kwargs):  # placeholder until the view is written
    return HttpResponse(status=501)
