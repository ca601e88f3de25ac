#!/usr/bin/env bash
# Runs every Fleet test on a machine of this kind, installing first what the tests need and the machine lacks:
# the PostgreSQL server programs (the tests start their own clusters), Debian's Chromium with a CJK font (browser
# tests), npm (the pages' chart library), RabbitMQ (exchange push tests), jq and OpenSSL (the digest file check),
# aiosmtpd for Debian's Python (the SMTP server the e-mail channel's tests send to).
# Arguments are passed on to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Trips".
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\n== %s\n' "$*" >&2; }

missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  say "Installing ${missing[*]}"
  # Packages must not start services of their own (RabbitMQ's would take port 5672, PostgreSQL's 5432):
  # the tests start what they use, on free loopback ports.
  own_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  trap '[ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL refuses to run as root, so a root run needs an unprivileged account to own the test clusters.
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
say "Running: dotnet test Fleet.sln $*"
exec dotnet test Fleet.sln "$@"
