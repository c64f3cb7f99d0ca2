# The portal's image: one image for web, worker and beat (compose.yaml picks the command).
# Not built on the machine this was written on (no container engine there): see README
# "Deployment kit". Build: docker build -t portal .
#
# Stage 1 installs the pinned runtime requirements into a virtualenv and collects the static
# files (whitenoise serves them, hashed); stage 2 copies both into a clean slim image that
# runs as an unprivileged user.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt && /opt/venv/bin/pip check
WORKDIR /app
COPY . .
# collectstatic reads the settings but opens no connection: placeholder URLs and keys do.
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    PERSONAL_DATA_KEYS=build-only PERSONAL_DATA_HASH_KEY=build-only \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    WEB_HOST=0.0.0.0 PORT=8000 \
    MEDIA_ROOT=/data/media PRIVATE_STORAGE_ROOT=/data/private
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /data/media /data/private \
    && chown -R portal:portal /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=portal:portal /app /app
WORKDIR /app
# var/ holds beat's schedule file (Procfile); the code itself stays read-only to the user.
RUN mkdir -p /app/var && chown portal:portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi"]
