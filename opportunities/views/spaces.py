"""Placeholder: being written."""

from django.http import Http404


def space_list(request, **kwargs):
    raise Http404


def space_board(request, **kwargs):
    raise Http404


def space_map(request, **kwargs):
    raise Http404


def space_create(request, **kwargs):
    raise Http404


def space_detail(request, **kwargs):
    raise Http404


def space_edit(request, **kwargs):
    raise Http404


def space_stage(request, **kwargs):
    raise Http404


def space_history(request, **kwargs):
    raise Http404


def activity_create(request, **kwargs):
    raise Http404


def activity_edit(request, **kwargs):
    raise Http404


def activity_delete(request, **kwargs):
    raise Http404


def attachment_create(request, **kwargs):
    raise Http404


def attachment_download(request, **kwargs):
    raise Http404


def attachment_delete(request, **kwargs):
    raise Http404
