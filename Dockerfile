# syntax=docker/dockerfile:1
# Healing Haven: the production image. docs/deploy.md has the whole story.
#   Build:    docker build --build-arg RELEASE="$(git rev-parse --short HEAD)" -t healinghaven .
#   (or all of it on one host: docker compose up -d, see compose.yaml)
#   Release:  docker run --rm --env-file prod.env healinghaven python manage.py migrate --noinput
#   Web:      docker run --env-file prod.env -p 8000:8000 healinghaven
#   Worker:   docker run --env-file prod.env healinghaven python manage.py run_worker

# --- build: install the locked dependencies into a virtual environment, collect static files
FROM python:3.13-slim-trixie AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY requirements/prod.txt requirements/prod.txt
# Every wheel is pinned by hash in the lock file; none needs a compiler.
RUN python -m venv /venv \
 && /venv/bin/pip install --no-compile --require-hashes --only-binary=:all: -r requirements/prod.txt
COPY . .
# What this build is, when no RELEASE build argument names it: a digest of the code, the
# templates and the static files, in the RELEASE file the settings read (a cache key part).
ARG RELEASE=""
RUN /venv/bin/python -c "import hashlib, os, pathlib; d = hashlib.sha256(); [d.update(bytes(p) + p.read_bytes()) for p in sorted(pathlib.Path('.').rglob('*')) if p.is_file() and p.suffix in {'.py', '.html', '.css', '.js', '.svg'}]; print(os.environ.get('RELEASE') or d.hexdigest()[:12])" > RELEASE
# Hashed, compressed static files, made once here (WhiteNoise serves them). The key only
# lets the settings load: it is never used to sign anything. Of docs/, the editor guide
# and its screenshots stay: the admin shows them.
RUN DJANGO_SETTINGS_MODULE=healinghaven.settings.production SECRET_KEY=collectstatic-only-not-a-secret \
    /venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && rm -rf tests node_modules package.json package-lock.json .ci requirements/dev.txt \
 && find docs -mindepth 1 -not -path 'docs/img*' -not -name editor-guide.md -delete \
 && /venv/bin/python -m compileall -q /app /venv

# --- runtime: the slim base, the virtual environment and the app; no compilers, no pip cache
FROM python:3.13-slim-trixie
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
# What this build is (e.g. the git commit): part of the cache keys, so pages rendered by an
# older release are never served by this one. compose.yaml passes it as a build argument;
# without one, the RELEASE file written above names it.
ARG RELEASE=""
ENV RELEASE=${RELEASE}
# Uploaded images and documents: mount a volume here (or move them to object storage).
VOLUME ["/data/media"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
# The web process. The task worker runs the same image with `python manage.py run_worker`.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "healinghaven.wsgi"]
