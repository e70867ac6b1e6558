#!/usr/bin/env bash
# Side by side on this machine, same signatures: our full verification (stir-identity bench, chain validation on)
# and secsipidx's C library (SecSIPIDCheckFullPubKey: signature + claims, no chain). README "Performance".
# Needs: cc, libsecsipid-dev (Debian). Usage: compare.sh [SECONDS] [MESSAGES]
set -euo pipefail
seconds=${1:-10}
messages=${2:-1000}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/secsipid_loop" "$root/tests/StirShaken.Identity.Benchmarks/Secsipid/secsipid_loop.c" -lsecsipid
dotnet build "$root/src/StirShaken.Identity.Cli" -c Release -v q -o "$work/cli" >/dev/null
echo "# stir-identity bench, 1 thread"
dotnet "$work/cli/stir-identity.dll" bench --seconds "$seconds" --threads 1 --messages "$messages" --write-identities "$work/peer"
echo "# libsecsipid in-process loop, 1 thread, same identities"
"$work/secsipid_loop" "$work/peer/identities.txt" "$work/peer/signer-public.pem" "$seconds"
echo "# stir-identity bench, 1 thread (again, to bracket the secsipid run)"
dotnet "$work/cli/stir-identity.dll" bench --seconds "$seconds" --threads 1 --messages "$messages"
