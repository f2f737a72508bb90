# Healing Haven: production image. Build: docker build -t healinghaven .
# Web:    docker run -e SECRET_KEY=... -e DATABASE_URL=... -p 8000:8000 healinghaven
# Worker: docker run ... healinghaven python manage.py db_worker
# Release step (before new code serves traffic): docker run ... healinghaven python manage.py migrate --noinput

FROM python:3.13-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements/prod.txt requirements/prod.txt
RUN python -m venv /venv \
 && /venv/bin/pip install --require-hashes -r requirements/prod.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=healinghaven.settings.production SECRET_KEY=collectstatic-only \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH="/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=healinghaven.settings.production PORT=8000
RUN useradd --system --uid 10001 --home-dir /app app
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=app:app /app /app
USER app
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn healinghaven.wsgi --bind 0.0.0.0:${PORT} --workers 3 --access-logfile -"]
