"""A space's activity log: logging, editing and deleting an activity with its attendance counts, and attaching,
downloading and deleting images and PDF files.

Each view: access function (404 for a space the user may not see, 403 for one they may not change) → plain form →
service → redirect to the space with a message. Attachments live outside the web root and are only ever sent by
``attachment_download``, after the same access check as the space itself.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from base.forms import add_service_errors, posted, save_form
from base.request_size import accepts_files, attachments_allowance

from .. import selectors, services
from ..forms.activities import ActivityForm, AttachmentForm
from ..models import Activity, OpportunitySpace
from .spaces import _space_context

# Shown in the browser (images, PDF); anything else, should one ever be stored, is only offered as a download.
# What a downloaded file may do if a browser renders it anyway: nothing (no script, no plugin, no requests, an origin
# of its own). With "attachment" a PDF with /OpenAction JavaScript is saved, never opened in the app's origin; an
# <img> on the space's page shows an image all the same.
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


def _save_activity(request, form: ActivityForm, *, space: OpportunitySpace, activity: Activity | None):
    """The service's all-or-nothing save of the activity with its attendance and files (``save_form``)."""

    def save(*, data, by, expected_version=None):
        return services.save_activity_with_files(
            space=space,
            activity=activity,
            data=data,
            attendance=form.attendance(),
            uploads=form.cleaned_data["files"],
            by=by,
            expected_version=expected_version,
        )

    return save_form(request, form, save)


def _render_activity_form(request, form: ActivityForm, space: OpportunitySpace, activity: Activity | None):
    if request.method == "POST" and request.FILES.getlist("files") and form.summary_errors():
        # A browser cannot keep chosen files when the page is shown again; say so where the files are chosen.
        form.add_error("files", _("Choose the files again: they were not saved because of the errors."))
    return render(request, "opportunities/activity_form.html", _space_context(space, form=form, activity=activity))


@require_http_methods(["GET", "POST"])
@accepts_files(attachments_allowance)
def activity_create(request, pk: int):
    space = selectors.get_space_for_user(request.user, pk, write=True)
    form = ActivityForm(*posted(request, files=True), instance=Activity(space=space))
    activity = _save_activity(request, form, space=space, activity=None)
    if activity is not None:
        messages.success(request, _("«%(activity)s» is added to the log.") % {"activity": activity.title})
        return redirect("space_detail", pk=space.pk)
    return _render_activity_form(request, form, space, None)


@require_http_methods(["GET", "POST"])
@accepts_files(attachments_allowance)
def activity_edit(request, pk: int):
    activity = selectors.get_activity_for_user(request.user, pk, write=True)
    space = activity.space
    form = ActivityForm(*posted(request, files=True), instance=activity)
    if _save_activity(request, form, space=space, activity=activity) is not None:
        messages.success(request, _("Your changes to «%(activity)s» are saved.") % {"activity": activity.title})
        return redirect("space_detail", pk=space.pk)
    return _render_activity_form(request, form, space, activity)


@require_http_methods(["GET", "POST"])
def activity_delete(request, pk: int):
    activity = selectors.get_activity_for_user(request.user, pk, write=True)
    space = activity.space
    if request.method == "POST":
        services.delete_activity(activity=activity, by=request.user)
        messages.success(request, _("«%(activity)s» is deleted from the log.") % {"activity": activity.title})
        return redirect("space_detail", pk=space.pk)
    attachments = list(activity.attachments.all())
    return render(
        request, "opportunities/activity_delete.html", _space_context(space, activity=activity, attachments=attachments)
    )


@require_http_methods(["GET", "POST"])
@accepts_files(attachments_allowance)
def attachment_create(request, pk: int):
    activity = selectors.get_activity_for_user(request.user, pk, write=True)
    space = activity.space
    form = AttachmentForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment = services.add_attachment(activity=activity, upload=upload, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("«%(file)s» is attached to «%(activity)s».")
                % {"file": attachment.original_name, "activity": activity.title},
            )
            return redirect("space_detail", pk=space.pk)
    return render(request, "opportunities/attachment_form.html", _space_context(space, form=form, activity=activity))


@require_safe
def attachment_download(request, pk: int):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    # The original name goes into the header; FileResponse encodes it (RFC 6266), control characters are dropped.
    filename = "".join(char if char.isprintable() else "_" for char in attachment.original_name) or "file"
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk: int):
    attachment = selectors.get_attachment_for_user(request.user, pk, write=True)
    activity = attachment.activity
    space = activity.space
    if request.method == "POST":
        services.delete_attachment(attachment=attachment, by=request.user)
        messages.success(request, _("«%(file)s» is deleted.") % {"file": attachment.original_name})
        return redirect("space_detail", pk=space.pk)
    return render(
        request, "opportunities/attachment_delete.html", _space_context(space, attachment=attachment, activity=activity)
    )
