"""When a browser session began and was last used: what ``bagsvaerd.middleware.SessionTimeoutMiddleware`` ends it
by. Kept in the session itself (seconds since the epoch)."""

import time

STARTED = "_auth_started"
SEEN = "_auth_last_seen"


def start_session_clock(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` (connected in ``BaseConfig.ready``): the session's age counts from the login."""
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now
