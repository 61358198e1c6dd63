"""Placeholder: being written."""

from django.http import Http404


def need_list(request, **kwargs):
    raise Http404


def need_create(request, **kwargs):
    raise Http404


def need_edit(request, **kwargs):
    raise Http404


def match_list(request, **kwargs):
    raise Http404


def match_create_space(request, **kwargs):
    raise Http404
