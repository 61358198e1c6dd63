# syntax=docker/dockerfile:1
# Production image for the strategy tracker: gunicorn serving Django, static files served by WhiteNoise.
# The same image runs the Celery worker and beat (see docker-compose.yml). Build: docker build -t bagsvaerd .

# --- Stage 1: front-end packages (Det Fælles Designsystem) from npm, production dependencies only ---------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- Stage 2: the application -----------------------------------------------------------------------------
FROM python:3.12-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bagsvaerd.settings

WORKDIR /app

# An unprivileged user runs the processes; the code and collected static files stay owned by root (read-only to it).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

# Pango and a font for WeasyPrint (the pixi report's PDF); the slim image has neither.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core fontconfig \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so that a code change does not reinstall them. psycopg[binary] ships wheels: no compiler needed.
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt

COPY . .
# STATICFILES_DIRS points at node_modules/dkfds/dist; kept in the image so the staticfiles check finds it.
COPY --from=assets /build/node_modules ./node_modules

# Compiled translations (.mo files are build output), then the static files into /app/staticfiles.
# The settings refuse to load without SECRET_KEY and ALLOWED_HOSTS when DEBUG is off: dummy values for this
# step only, never set as ENV, so the image carries no secret and a container must be given its own.
RUN pybabel compile -d locale -D django \
    && DEBUG=false SECRET_KEY=build-only-collectstatic-key-never-used-to-sign-anything-0123456789 ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --no-input

# Attachments to the activity log: outside the code and the static files, on a volume (docker-compose.yml).
ENV UPLOADS_DIR=/var/lib/bagsvaerd/uploads
RUN mkdir -p /var/lib/bagsvaerd/uploads && chown app:app /var/lib/bagsvaerd/uploads

USER app

EXPOSE 8000

CMD ["gunicorn", "bagsvaerd.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
