# syntax=docker/dockerfile:1
# Healing Haven: the production image. docs/deploy.md has the whole story.
#   Build:    docker build -t healinghaven .
#   Release:  docker run --rm --env-file prod.env healinghaven python manage.py migrate --noinput
#   Web:      docker run --env-file prod.env -p 8000:8000 healinghaven
#   Worker:   docker run --env-file prod.env healinghaven python manage.py run_worker

# --- build: install the locked dependencies into a virtual environment, collect static files
FROM python:3.13-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY requirements/prod.txt requirements/prod.txt
# Every wheel is pinned by hash in the lock file; none needs a compiler.
RUN python -m venv /venv \
 && /venv/bin/pip install --no-compile --require-hashes --only-binary=:all: -r requirements/prod.txt
COPY . .
# Hashed, compressed static files, made once here (WhiteNoise serves them). The key only
# lets the settings load: it is never used to sign anything.
RUN DJANGO_SETTINGS_MODULE=healinghaven.settings.production SECRET_KEY=collectstatic-only-not-a-secret \
    /venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && rm -rf tests docs node_modules package.json package-lock.json .ci requirements/dev.txt \
 && /venv/bin/python -m compileall -q /app /venv

# --- runtime: the slim base, the virtual environment and the app; no compilers, no pip cache
FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=healinghaven.settings.production \
    PORT=8000 \
    MEDIA_ROOT=/data/media
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /data/media \
 && chown 10001:10001 /data/media
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
USER 10001:10001
# Uploaded images and documents: mount a volume here (or move them to object storage).
VOLUME ["/data/media"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
# The web process. The task worker runs the same image with `python manage.py run_worker`.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "healinghaven.wsgi"]
