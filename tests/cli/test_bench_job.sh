# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The benchmark's whole-job scene (scripts/bench/make_scene.py --job):
# parcels and clusters stay the bytes they are without --job (run_bench.sh
# and the tests that use the scene keep their numbers), the job's files
# are the same bytes on a second run, `zoneguard run job.scenario` runs
# every analysis on it, and each proposal fires the rule it was built for
# (field `kind`; the expected verdicts follow from how the generator
# placed it, e.g. 6 ha for R1, 5 m from the nearest house for R9).
. "$(dirname "$0")/lib.sh"
MS="$ZG_ROOT/scripts/bench/make_scene.py"
for d in plain job job2; do
  a=(); [[ $d == plain ]] || a=(--job)
  if ! /usr/bin/python3 "$MS" --size small --out "$T/$d" "${a[@]}" 2>"$T/ms.err"; then
    bad "make_scene.py ${a[*]} failed: $(tail -n 2 "$T/ms.err")"; finish; exit 1
  fi
done
for f in parcels.gpkg clusters.gpkg scene.json; do
  expect_true "$f: same bytes with and without --job" cmp -s "$T/plain/$f" "$T/job/$f"
done
for f in housing_2020.gpkg housing_2025.gpkg proposals.gpkg job.scenario job.json; do
  expect_true "$f: same bytes on a second run" cmp -s "$T/job/$f" "$T/job2/$f"
done

# housing: the later date is the earlier one minus the cleared plus the new
n1=$(ogrinfo -ro -so -al "$T/job/housing_2020.gpkg" | awk -F': ' '/^Feature Count/ { print $2 }')
n2=$(ogrinfo -ro -so -al "$T/job/housing_2025.gpkg" | awk -F': ' '/^Feature Count/ { print $2 }')
read -r both cleared new < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["housing_both"], d["housing_cleared"], d["housing_new"])' "$T/job/job.json")
expect_eq "houses 2020 = kept + cleared" "$n1" "$((both + cleared))"
expect_eq "houses 2025 = kept + new" "$n2" "$((both + new))"
expect_true "about 40 houses a cluster at 2020 (3 600..4 400 for 100)" test "$n1" -ge 3600 -a "$n1" -le 4400

rc=0
"$ZG" run "$T/job/job.scenario" -o "$T/out" -q 2>"$T/err" || rc=$?
expect_eq "zoneguard run job.scenario" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 2000 "$T/err"
db="$T/out/results.sqlite"
expect_eq "encroachment: 100 clusters x 4 zones x 2 dates" 800 "$(q "$db" "SELECT count(*) FROM encroachment")"
expect_eq "20 proposals" 20 "$(q "$db" "SELECT count(*) FROM proposals")"

# kind -> the rule and verdict it was built for
verdict() { q "$db" "SELECT verdict FROM proposal_checks WHERE proposal_id = '$1' AND rule_id = '$2'"; }
while IFS=$'\t' read -r ma kind; do
  case $kind in
    pass) expect_eq "$ma ($kind): verdict" pass "$(q "$db" "SELECT verdict FROM proposals WHERE proposal_id = '$ma'")" ;;
    too_small_R1|too_large_R1) expect_eq "$ma ($kind): R1" fail "$(verdict "$ma" R1)" ;;
    craft_village_R2_pass) expect_eq "$ma ($kind): R2" pass "$(verdict "$ma" R2)"
                           expect_eq "$ma ($kind): R1" n/a "$(verdict "$ma" R1)" ;;
    mountain_too_small_R2) expect_eq "$ma ($kind): R2" fail "$(verdict "$ma" R2)" ;;
    residents_inside_R4) expect_eq "$ma ($kind): R4" fail "$(verdict "$ma" R4)" ;;
    rice_land_R7) expect_eq "$ma ($kind): R7" warn "$(verdict "$ma" R7)" ;;
    overlaps_cluster_R12|overlaps_proposal_R12) expect_eq "$ma ($kind): R12" fail "$(verdict "$ma" R12)" ;;
    expansion_R3_pass) expect_eq "$ma ($kind): R3" pass "$(verdict "$ma" R3)"
                       expect_eq "$ma ($kind): R12 (the expanded cluster is no overlap)" pass "$(verdict "$ma" R12)" ;;
    expansion_too_big_R3) expect_eq "$ma ($kind): R3" fail "$(verdict "$ma" R3)" ;;
    expansion_unknown_R3_skipped) expect_eq "$ma ($kind): R3" skipped "$(verdict "$ma" R3)" ;;
    near_housing_R10) expect_eq "$ma ($kind): R10" fail "$(verdict "$ma" R10)"
                      expect_eq "$ma ($kind): R9" pass "$(verdict "$ma" R9)" ;;
    in_green_belt_R9) expect_eq "$ma ($kind): R9" fail "$(verdict "$ma" R9)" ;;
    hazard_III_near_R10) expect_eq "$ma ($kind): R10" fail "$(verdict "$ma" R10)" ;;
    hazard_IV_far_R10_pass) expect_eq "$ma ($kind): R10" pass "$(verdict "$ma" R10)" ;;
    growth_in_rings_R13) expect_eq "$ma ($kind): R13" warn "$(verdict "$ma" R13)" ;;
    repaired_bowtie) expect_eq "$ma ($kind): repaired" 1 "$(q "$db" "SELECT repaired FROM proposals WHERE proposal_id = '$ma'")" ;;
    *) bad "$ma: unknown kind '$kind'" ;;
  esac
done < <(python3 -c 'import json,sys; [print("%s\t%s" % kv) for kv in sorted(json.load(open(sys.argv[1]))["proposals"].items())]' "$T/job/job.json")
finish
