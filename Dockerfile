# Sa Bàn production image: Debian 12 + Python 3.11, as on the team's machines.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu poppler-utils libnss3-tools gettext \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The world generator compiled to C (fake_portal/population/native.py); gcc only to build.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && python -m fake_portal.population.native \
 && apt-get purge -y --auto-remove gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
RUN DEBUG=1 python manage.py compilemessages --ignore=.venv \
 && DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --create-home saban && mkdir -p /app/var && chown -R saban /app/var
USER saban
EXPOSE 8000
CMD ["uvicorn", "sandbox.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--ws-per-message-deflate", "false"]
