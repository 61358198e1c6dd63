from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login unless its view says otherwise; the REST API authenticates itself (a key or the
    session) and answers 401 or 403 in its own error shape instead of redirecting to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class LanguageMiddleware:
    """Danish unless the user chose another language with the switch (stored in the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a planner whose browser is
    set to English still gets the Danish the product speaks by default, and English only on request. A program
    calling the REST API (no session) is answered in the language of its Accept-Language, Danish by default; a
    person in the browser gets the API's documentation, and its "Try it out", in the site's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        in_browser = settings.SESSION_COOKIE_NAME in request.COOKIES
        if chosen not in self.supported and request.path.startswith(API_PREFIX) and not in_browser:
            # A program asks for its language: the API answers by Accept-Language (Danish by default).
            language = translation.get_language_from_request(request)
            language = language if language in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
