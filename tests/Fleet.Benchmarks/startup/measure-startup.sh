#!/usr/bin/env bash
# Measures Fleet's start-up: process start to the first successful /health/ready, then the first sign-in,
# the first POST /api/vehicles and the first GET of it, per code generation mode, against one PostgreSQL server
# started beforehand so that its own start-up is not counted. Each mode gets its own database, migrated by
# an unmeasured warm-up start, so the figures are those of a restart, not of a first install. Prints a Markdown table with ratios against
# Dynamic (runtime compilation) measured in the same run, and the published server's time to its first answer against that of
# a minimal host of the same stack (tests/Fleet.Benchmarks.MinimalHost: ASP.NET Core, Marten and Wolverine with Fleet's
# settings of them and one endpoint), published the same way and started in turn with the others.
#
#   tests/Fleet.Benchmarks/startup/measure-startup.sh [runs per mode, default 5] [--composite]
#
# --composite adds a mode published self-contained with the runtime and every library in one composite ReadyToRun image
# (a compile of 6 to 15 minutes on two cores): it starts faster but answers three times slower under load, and is
# therefore not how Fleet is published (docs/performance.md, start-up).
set -euo pipefail
runs=${1:-5}
modes="Dynamic Auto Published Minimal"
[ "${2:-}" = --composite ] && modes="$modes Composite"
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/fleet-startup.XXXXXX)
chmod 755 "$work"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  as_pg "$bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/samples/Fleet.Samples.DemoHost" -c Release -v q -nologo >/dev/null
dll="$root/samples/Fleet.Samples.DemoHost/bin/Release/net10.0/Fleet.Samples.DemoHost.dll"
# As a server is deployed: published for the platform with ReadyToRun code (the server's and the demo host's csproj), so the runtime starts
# from precompiled code instead of compiling every method it first calls. The precompiled images of one kind of publish
# must not be reused for the other, hence the clean intermediate folders.
publish() {
  for project in src/Fleet.Server samples/Fleet.Samples.DemoHost; do rm -rf "$root/$project/obj/Release/net10.0/linux-x64" "$root/$project/bin/Release/net10.0/linux-x64"; done
  dotnet publish "$root/samples/Fleet.Samples.DemoHost" -c Release -r linux-x64 "$@" -v q -nologo >/dev/null
}
publish --self-contained false -o "$work/published"
# The minimal host loads its adapters pre-generated too, as Fleet does: written into its folder (ignored by git), then published.
minimal_project="$root/tests/Fleet.Benchmarks.MinimalHost"
rm -rf "$minimal_project/Internal/Generated"
dotnet build "$minimal_project" -c Release -v q -nologo >/dev/null
# codegen write writes under the content root, the working folder: run from the project's own, or the code lands elsewhere
# and the published host compiles its adapters at every start.
(cd "$minimal_project" && ConnectionStrings__Fleet="Host=127.0.0.1;Database=unused" dotnet bin/Release/net10.0/Fleet.Benchmarks.MinimalHost.dll codegen write >/dev/null)
[ -f "$minimal_project/Internal/Generated/WolverineHandlers/GET_health_ready.cs" ] || { echo "the minimal host's adapters were not written" >&2; exit 1; }
rm -rf "$minimal_project/obj/Release/net10.0/linux-x64" "$minimal_project/bin/Release/net10.0/linux-x64"
dotnet publish "$minimal_project" -c Release -r linux-x64 --self-contained false -v q -nologo -o "$work/minimal" >/dev/null
rm -rf "$minimal_project/obj/Release/net10.0/linux-x64" "$minimal_project/bin/Release/net10.0/linux-x64"
case $modes in *Composite*) publish --self-contained true -p:PublishReadyToRunComposite=true -o "$work/composite" ;; esac
for project in src/Fleet.Server samples/Fleet.Samples.DemoHost; do rm -rf "$root/$project/obj/Release/net10.0/linux-x64" "$root/$project/bin/Release/net10.0/linux-x64"; done
published="$work/published/Fleet.Samples.DemoHost.dll"
composite="$work/composite/Fleet.Samples.DemoHost"

[ "$(id -u)" = 0 ] && chown postgres "$work"
as_pg "$bin/initdb" -D "$work/pg" -U fleet --auth=trust --no-sync >/dev/null
pgport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w -o "-p $pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
ms() { echo $(( $(date +%s%N) / 1000000 )); }

measure() { # mode run
  local mode=$1 run=$2 port db="startup_${1,,}" program="dotnet $dll" generated=$1
  if [ "$mode" = Published ]; then program="dotnet $published"; generated=Auto; fi
  if [ "$mode" = Composite ]; then program=$composite; generated=Auto; fi
  if [ "$mode" = Minimal ]; then program="dotnet $work/minimal/Fleet.Benchmarks.MinimalHost.dll"; generated=Auto; fi
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  local t0; t0=$(ms)
  ConnectionStrings__Fleet="Host=127.0.0.1;Port=$pgport;Username=fleet;Database=$db" \
  Fleet__GeneratedCode=$generated Fleet__Demo__Enabled=true Fleet__Demo__Size=accounts ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Logging__LogLevel__Default=Warning $program >"$work/server.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.02; done
  local t1; t1=$(ms)
  if [ "$mode" = Minimal ]; then # one endpoint: nothing to sign in to
    kill -TERM "$server"; wait "$server" || true; server=
    echo "$mode $((t1 - t0)) 0 0 0"
    return
  fi
  local token
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/auth/token" -H 'content-type: application/json' \
    -d '{"loginName":"jiangan.fleetadmin","password":"fleet-demo-2026"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["accessToken"])')
  local t1b; t1b=$(ms)
  local id
  id=$(curl -sf -X POST "http://127.0.0.1:$port/api/vehicles" -H 'content-type: application/json' -H "Authorization: Bearer $token" \
    -d '{"plate":"鄂A·'"$((10000 + run))"'","category":"GeneralOfficial","class":"Sedan","seats":5,"energyType":"Gasoline"}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["vehicleId"])')
  local t2; t2=$(ms)
  curl -sf "http://127.0.0.1:$port/api/vehicles/$id" -H "Authorization: Bearer $token" >/dev/null
  local t3; t3=$(ms)
  kill -TERM "$server"; wait "$server" || true; server=
  echo "$mode $((t1 - t0)) $((t1b - t1)) $((t2 - t1b)) $((t3 - t2))"
}

results="$work/results"
for mode in $modes; do
  as_pg "$bin/psql" -h 127.0.0.1 -p "$pgport" -U fleet -d postgres -qc "create database startup_${mode,,}" >/dev/null
  measure "$mode" 0 >/dev/null
done
for run in $(seq 1 "$runs"); do
  for mode in $modes; do measure "$mode" "$run" >>"$results"; done
done

python3 - "$results" $modes <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {}
modes = sys.argv[2:]
for mode in modes:
    r = [list(map(int, x[1:])) for x in rows if x[0] == mode]
    med[mode] = [statistics.median(c) for c in zip(*r)]
print(f"| mode | ready (ms) | first sign-in (ms) | first POST (ms) | first GET (ms) | start to first answered command (ms) | ratio to Dynamic |")
print("|---|---:|---:|---:|---:|---:|---:|")
for mode in (m for m in modes if m != "Minimal"):
    ready, sign_in, post, get = med[mode]
    total = ready + sign_in + post
    base = sum(med["Dynamic"][:3])
    print(f"| {mode} | {ready:.0f} | {sign_in:.0f} | {post:.0f} | {get:.0f} | {total:.0f} | {total / base:.2f} |")
print(f"\nMedians of {len(rows)//len(modes)} runs per mode.")
if "Minimal" in med:
    fleet, minimal = med["Published"][0], med["Minimal"][0]
    spread = lambda mode: "–".join(str(x) for x in (min(r), max(r))) if (r := [int(x[1]) for x in rows if x[0] == mode]) else ""
    print()
    print("| process start to the first 200 of /health/ready, published | median ms | runs (min–max) | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| minimal host of the same stack (one endpoint, Fleet's settings) | {minimal:.0f} | {spread('Minimal')} | 1.00 |")
    print(f"| Fleet | {fleet:.0f} | {spread('Published')} | {fleet / minimal:.2f} |")
PY
