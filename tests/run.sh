#!/usr/bin/env bash
# The one test command (README): installs what the tests need when it is missing, then runs every
# test project in the solution and prints a one-line total.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages used by tests (real peers and servers). Installed only when missing; needs root.
packages=(
  openssl
  # Redis L2 certificate cache tests (tests/StirShaken.Identity.Tests/Certificates/Caching)
  redis-server
  # secsipidx interop (tests/StirShaken.Identity.Interop.Tests/Secsipidx)
  secsipidx
  # SIP interop (tests/StirShaken.Identity.Interop.Tests/Sip): Kamailio 5.6 + secsipid module, sipsak
  kamailio kamailio-secsipid-modules sipsak
  # HTTP service (tests/StirShaken.Identity.Server.Tests): HAProxy in front of two instances; Kamailio's
  # http_client (utils) and jansson (extra) modules as an SBC-style client; wrk for the load comparison (README)
  haproxy kamailio-utils-modules kamailio-extra-modules wrk
  # RFC 4474 interop (tests/StirShaken.Identity.Interop.Tests/Sip/KamailioAuthIdentityInteropTests.cs): auth_identity
  kamailio-tls-modules
  # consumer check (tests/consumer/check.sh): looks into the packed .nupkg files
  unzip
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "tests/run.sh: missing Debian packages: ${missing[*]} (run as root, or install them first)" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Identity.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')

# The packages as shipped (README "Packages"): pack, fresh consumer project from the folder, CLI installed as a tool.
# Skipped when a filter or other dotnet test arguments were given (a partial run).
if [ "$#" -eq 0 ]; then
  if bash tests/consumer/check.sh; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    [ "$status" -ne 0 ] || status=1
  fi
fi
echo "Tests: ${passed} passed, ${failed} failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "tests/run.sh: no test ran" >&2
  exit 1
fi
exit "$status"
