# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# ctest's fixture demo_run (tests/CMakeLists.txt): `zoneguard run
# --timings` of the bundled demo, once per ctest run, into $ZG_DEMO_RUN
# (its stderr, with the step times, in $ZG_DEMO_RUN.err), for the tests that only read what it wrote (lib.sh's
# demo_run). `fixture_demo_run.sh check` is the fixture's cleanup: the
# tests share the folder, so it fails when one of them changed it (a test
# that writes there must copy it first).
. "$(dirname "$0")/lib.sh"
: "${ZG_DEMO_RUN:?set ZG_DEMO_RUN to the fixture folder}"
sums() { (cd "$ZG_DEMO_RUN" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum); }

if [[ ${1:-} == check ]]; then
  expect_eq "demo run folder unchanged by the tests that read it" "" \
    "$(sums | diff "$ZG_DEMO_RUN.sha256" - | grep '^[<>]' || true)"
  finish
  exit
fi
rm -rf "$ZG_DEMO_RUN" "$ZG_DEMO_RUN.err" "$ZG_DEMO_RUN.sha256"
rc=0
"$ZG" run -o "$ZG_DEMO_RUN" --timings >/dev/null 2>"$ZG_DEMO_RUN.err" || rc=$?
expect_eq "zoneguard run of the bundled demo" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$ZG_DEMO_RUN.err"
sums > "$ZG_DEMO_RUN.sha256"
finish
