"""The REST API's views share this: conditional requests and writes through the services; and the OpenAPI
document's view (``SchemaView``).

- Every successful GET has an ``ETag`` (and ``Last-Modified`` where the data knows it) and answers ``304 Not
  Modified`` to a matching ``If-None-Match``. An object with a history (``base.history``) has its history version
  as its ETag, ``"v<version>"``, known without building the body; a view whose data changes only in known ways
  (``cheap_validators``) answers 304 without building the body too; any other answer's ETag is a digest of its body.
- A write to an object with a history needs ``If-Match: "v<version>"`` (the ETag of the GET it is based on):
  ``428`` without it, ``412`` when someone saved in between – also when two clients race with the same ETag (the
  service checks the version again under a row lock). The API never overwrites silently.
- A service's ``ValidationError`` becomes ``400`` with the messages per field (``base.api_errors``).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from .history import history_of, redact_changes
from .models import ChangeRecord


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = _(
        'Send the ETag you read with the change, as the header If-Match: "v…" (from a GET of the object), so that '
        "nobody's change is overwritten unseen."
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "conflict"
    default_detail = _(
        "Someone else has saved a change to this object since the version you sent in If-Match. Read it again, "
        "then send your change with its new ETag."
    )


def version_etag(version: int) -> str:
    return f'"v{version}"'


def latest_change(instance) -> ChangeRecord | None:
    return history_of(instance).select_related(None).only("id", "at").first()


def raise_service_error(error: DjangoValidationError):
    """A service's refusal as the API's 400 (messages per field) or, for a concurrent save, 412."""
    if getattr(error, "code", None) == "conflict":
        raise PreconditionFailed(detail=error.messages[0])
    if hasattr(error, "error_dict"):
        detail = {
            (field if field != "__all__" else "non_field_errors"): messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {"non_field_errors": error.messages}
    raise exceptions.ValidationError(detail=detail)


def _not_modified(request, etag: str | None, last_modified: datetime.datetime | None):
    """Django's evaluation of If-None-Match / If-Modified-Since: a 304 (with the validators) or None."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    answer = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if isinstance(answer, HttpResponseNotModified):
        if etag:
            answer["ETag"] = etag
        if last_modified:
            answer["Last-Modified"] = http_date(timestamp)
        return answer
    return None


class ConditionalMixin(APIView):  # an APIView, so that the schema generator sees it as a view
    """Validators and 304s for GETs; ``If-Match`` for writes to an object with a history."""

    # Whether the objects have a history (ChangeRecords): their version is their ETag, and writes need If-Match.
    versioned = False

    def cheap_validators(self, request) -> tuple[str, datetime.datetime | None] | None:
        """(an ETag, Last-Modified) that changes whenever this answer would, known without building it; None when
        there is no such shortcut. The ETag must tell apart everything the answer depends on (query, format)."""
        return None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions and throttling first
        self._validators = None
        if request.method in ("GET", "HEAD"):
            self._validators = self.cheap_validators(request)

    def handle_conditional_get(self, request):
        """A 304 before the body is built, when the cheap validators say nothing changed; else None."""
        if self._validators is None:
            return None
        return _not_modified(request, *self._validators)

    def list(self, request, *args, **kwargs):
        return self.handle_conditional_get(request) or super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        if self.versioned:
            instance = self.get_object()
            change = latest_change(instance)
            etag = version_etag(change.pk if change else 0)
            self._validators = (etag, change.at if change else None)
            return _not_modified(request, *self._validators) or self._retrieve(instance)
        return self.handle_conditional_get(request) or super().retrieve(request, *args, **kwargs)

    def _retrieve(self, instance):
        return Response(self.get_serializer(instance).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization", "Cookie"))
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response["Cache-Control"] = "private, no-cache"  # per user; a client may keep it but must revalidate
        validators = getattr(self, "_validators", None)
        if validators is not None:
            etag, last_modified = validators
            response["ETag"] = etag
            if last_modified:
                response["Last-Modified"] = http_date(int(last_modified.timestamp()))
            return response
        # No shortcut: the body's digest, and a 304 if the client has it already (saves the transfer).
        response.render()
        set_response_etag(response)
        return _not_modified(request, response["ETag"], None) or response

    # --- Writes -------------------------------------------------------------------------------------------------

    def expected_version(self, instance) -> int:
        """The version in ``If-Match`` (428 without it); 412 when the object has changed since."""
        header = self.request.headers.get("If-Match", "").strip()
        if not header or header == "*":
            raise PreconditionRequired()
        change = latest_change(instance)
        current = change.pk if change else 0
        sent = [tag.strip() for tag in header.split(",")]
        if version_etag(current) not in sent:
            raise PreconditionFailed()
        return current


def cheap_etag(*parts) -> str:
    """An ETag from the values an answer depends on."""
    digest = hashlib.blake2b("\x1f".join(str(part) for part in parts).encode(), digest_size=16).hexdigest()
    return quote_etag(digest)


class SlugRelatedField(serializers.SlugRelatedField):
    """An object named by its short name or code. A name with a NUL character names nothing (the database cannot
    even be asked about it)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class ChangeRecordSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        source="id", help_text='The object\'s version after this change: its ETag is "v<version>".'
    )
    changes = serializers.ListField(
        child=serializers.DictField(), help_text='Each changed field: {"field": name, "old": value, "new": value}.'
    )

    class Meta:
        model = ChangeRecord
        fields = ["version", "action", "actor_name", "at", "changes"]


class HistoryMixin:
    """``GET …/<id>/history/``: the object's change records, newest first, as on its history page (a reader of only
    their own organisation's spaces does not see the changes that name other spaces)."""

    @extend_schema(responses=ChangeRecordSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, *args, **kwargs):
        records = list(history_of(self.get_object()))
        redact_changes(records, request.user)
        return Response(ChangeRecordSerializer(records, many=True).data)


class ServiceViewSet(HistoryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """An object type the API reads and writes as the browser does: the serializer checks the input's form, the
    app's service validates and saves it with its history, and the same access functions as the pages decide.

    A subclass names the queryset the user may *see* (``get_queryset``: an object outside it is 404, as in the
    browser) and implements ``may_create``, ``may_change``, ``create_object``, ``update_object`` and
    ``delete_object``.
    """

    versioned = True
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def may_create(self, request, data) -> bool:
        """Whether the user may create this object; ``data`` is None before the input is validated (may they create
        such objects at all?), then the validated input (e.g. for the organisation it is created for)."""
        raise NotImplementedError

    def may_change(self, request, instance) -> bool:
        raise NotImplementedError

    def create_object(self, data, by):
        raise NotImplementedError

    def update_object(self, instance, data, by, expected_version: int):
        raise NotImplementedError

    def delete_object(self, instance, by) -> None:
        raise NotImplementedError

    def _answer(self, instance, code: int) -> Response:
        change = latest_change(instance)
        headers = {"ETag": version_etag(change.pk if change else 0)}
        return Response(self.get_serializer(instance).data, status=code, headers=headers)

    def create(self, request, *args, **kwargs):
        if not self.may_create(request, None):
            self.permission_denied(request)  # before the input is looked at: a 403 says nothing of the data
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not self.may_create(request, serializer.validated_data):
            self.permission_denied(request)
        try:
            with transaction.atomic():
                instance = self.create_object(serializer.validated_data, request.user)
        except DjangoValidationError as error:
            raise_service_error(error)
        return self._answer(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        if not self.may_change(request, instance):
            self.permission_denied(request)
        version = self.expected_version(instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                instance = self.update_object(instance, serializer.validated_data, request.user, version)
        except DjangoValidationError as error:
            raise_service_error(error)
        return self._answer(instance, status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        if not self.may_change(request, instance):
            self.permission_denied(request)
        try:
            with transaction.atomic():
                type(instance).objects.select_for_update().filter(pk=instance.pk).first()  # one delete at a time
                self.expected_version(instance)
                self.delete_object(instance, request.user)
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SchemaView(SpectacularAPIView):
    """``/api/v1/schema/``: the OpenAPI document, generated and rendered once per process, language and format.

    It describes the code, which a process runs unchanged (a release starts new ones), and the same for every
    reader (``SERVE_PUBLIC``); generating it takes a few hundred milliseconds and rendering it as YAML (1 MB) about
    as long, so building it on each request would let anyone, without logging in, keep a worker busy for half a
    second per request. The key is bounded: the languages the app speaks (``?lang=`` outside them is ignored, the
    reader's own then serves) and the four renderers (whatever parameters an Accept header adds); the API has one
    version, so ``?version=`` is not read."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        languages = dict(settings.LANGUAGES)
        language = request.GET.get("lang") if request.GET.get("lang") in languages else translation.get_language()
        # The renderer's own media type, not the one the client asked for: an Accept header may carry any parameters.
        renderer = request.accepted_renderer
        key = f"api-schema:{language}:{type(renderer).__name__}"
        kept = caches["process"].get(key)
        if kept is None:
            with translation.override(language):
                response = self._get_schema_response(request)
                response.accepted_renderer = renderer
                response.accepted_media_type = renderer.media_type
                response.renderer_context = self.get_renderer_context()
                response.render()
            kept = (response.content, response["Content-Type"], response["Content-Disposition"])
            caches["process"].set(key, kept, timeout=None)
        content, content_type, disposition = kept
        return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})

    def _get_version_parameter(self, request):
        return None
