"""How the OpenAPI document (drf-spectacular) describes the API's own authentication: loaded at start-up
(``BaseConfig.ready``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "base.api.TokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106 - the scheme's name
        scheme["description"] = (
            "An API key from /account/tokens/ (or `manage.py create_api_token`), sent as `Authorization: Token <key>`."
        )
        return scheme
