"""How the OpenAPI document (drf-spectacular) describes what every operation shares: the API key, the one error
shape, 304s and If-Match (``ApiAutoSchema``, the schema class of every view). The key's description is registered
at start-up (``BaseConfig.ready``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "base.api.TokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106 - the scheme's name
        scheme["description"] = (
            "An API key from /account/tokens/ (or `manage.py create_api_token`), sent as `Authorization: Token <key>`."
        )
        return scheme


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, as in the answer's status line.")
    code = serializers.CharField(help_text='A stable code for programs, e.g. "not_found", "conflict", "invalid".')
    message = serializers.CharField(help_text="What went wrong, for people: Danish, or English by Accept-Language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="A refused write's messages per input field (empty otherwise).",
    )


class ErrorSerializer(serializers.Serializer):
    """Every 4xx and 5xx answer of the API."""

    error = ErrorDetailSerializer()


ERRORS = {
    "400": "The input (a filter or a write's body) was refused: see error.fields.",
    "401": "No valid API key (or session) was sent.",
    "403": "The key's user may not do this, or the key may only read.",
    "404": "There is no such object (or page), or it is not visible to the key's user.",
    "405": "The method is not offered for this object.",
    "412": "Someone else saved the object after the version sent in If-Match.",
    "415": "The body is not in a format this operation reads (see its request body).",
    "428": "A write must send the ETag it is based on in If-Match.",
    "429": "Too many requests for this key or user: wait the seconds in Retry-After.",
}


class ApiAutoSchema(AutoSchema):
    """The OpenAPI document's operations, with what every operation of this API shares: the error answers in their
    one shape, 304 for a revalidated GET, and ``If-Match`` on every write to an existing object."""

    def _writes_existing(self) -> bool:
        return "{" in self.path and self.method in ("PUT", "PATCH", "DELETE", "POST")

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._writes_existing():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description='The ETag of the object as last read ("v<version>"): 428 without it, 412 when '
                    "someone saved since.",
                )
            )
        elif self.method == "GET":
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="The ETag of an earlier answer: 304 without a body if nothing changed since.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        codes = ["400", "401", "403", "404", "429"]  # a list's 404: a page beyond the last
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if self._writes_existing():
            codes += ["412", "428"]
        if self.method == "GET":
            bodies.setdefault("304", {"description": "Not modified: the ETag sent in If-None-Match is current."})
        for code in codes:
            if code not in bodies:
                bodies[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]), code
                )
        return bodies
