#!/usr/bin/env bash
# A long property-testing campaign: the property files `npm test` runs (test/properties), with many more runs
# per property — 200000 by default, a campaign of some twenty minutes on two cores.
#
#   scripts/fuzz-long.sh                          every property, H1REF_PROPERTY_RUNS (default 200000) runs each
#   H1REF_PROPERTY_RUNS=50000 scripts/fuzz-long.sh  a shorter campaign
#   scripts/fuzz-long.sh -t "split invariance"    extra arguments go to vitest (here: one group of properties)
#
# A failure prints fast-check's seed and path; replay exactly that case with
#   H1REF_PROPERTY_SEED=<seed> H1REF_PROPERTY_PATH=<path> npx vitest run test/properties -t "<property name>"
set -euo pipefail
cd "$(dirname "$0")/.."
export H1REF_PROPERTY_RUNS="${H1REF_PROPERTY_RUNS:-200000}"
echo "h1ref property campaign: ${H1REF_PROPERTY_RUNS} runs per property" >&2
exec npx vitest run test/properties "$@"
