# zgw-gateway container image: the package installed with the pinned versions of constraints.txt,
# run as an unprivileged user. On start it brings its own database (ZGW_GATEWAY_DATABASE_URL) to
# the latest schema, then serves on 0.0.0.0:8000. Configuration: ZGW_GATEWAY_* variables (README).
#
#   docker build -t zgw-gateway:0.1.0 .
#
# Not built on the machine this was written on (no Docker engine there); see README.

FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# what `pip install .` needs: the project metadata, the pins and the packages (see .dockerignore)
COPY pyproject.toml constraints.txt README.md ./
COPY gateway ./gateway
COPY registries ./registries
COPY subscriptions ./subscriptions
COPY policies ./policies
RUN pip install --upgrade pip \
    && pip install --constraint constraints.txt .

FROM python:3.11-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --home-dir /app --no-create-home gateway \
    && mkdir /app && chown gateway:gateway /app

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
USER gateway:gateway
EXPOSE 8000

# /healthz answers 200 while the process serves; /readyz also checks the database
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["sh", "-c", "zgw-gateway migrate && exec zgw-gateway serve --host 0.0.0.0 --port 8000"]
