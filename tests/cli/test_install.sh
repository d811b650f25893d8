# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The package: `cpack -G DEB` of this build, unpacked into a staging root,
# runs the demo from another folder on the installed data alone (not the
# source tree's); the shared library has its SONAME and is found beside
# the command; a C program builds against the installed header through
# pkg-config and uses the library without registering GDAL itself; the
# man page and the bash completion are there and work.
. "$(dirname "$0")/lib.sh"
B=$(dirname "$ZG")
(cd "$B" && cpack -G DEB -B "$T/pkg") >"$T/cpack.log" 2>&1 ||
  { tail -20 "$T/cpack.log"; bad "cpack -G DEB"; finish; }
deb=$(find "$T/pkg" -maxdepth 1 -name 'zoneguard_*.deb' -print -quit)
expect_true "a .deb is made" test -n "$deb"
deps=$(dpkg-deb -f "$deb" Depends)
for p in libgdal libgeos-c libproj libspatialite libsqlite3-mod-spatialite proj-data libcairo2; do
  expect_true "Depends names Debian's $p" grep -q "$p" <<<"$deps"
done
dpkg-deb -x "$deb" "$T/root"
R="$T/root/usr"
lib=$(find "$R" -name 'libzoneguard.so.0' -print -quit)
expect_true "libzoneguard.so.0 installed" test -n "$lib"
expect_eq "its SONAME" "libzoneguard.so.0" \
  "$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')"
for f in bin/zoneguard include/zoneguard.h share/zoneguard/codes/tt08_2024.csv \
  share/zoneguard/rules/hanoi_ccn.csv share/zoneguard/demo/hanoi.scenario \
  share/man/man1/zoneguard.1 share/bash-completion/completions/zoneguard; do
  expect_true "$f installed" test -s "$R/$f"
done
# Exported: only the public header's functions.
bad_syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDB]$/ && $3 !~ /^(zg_|_)/ {print $3}')
expect_eq "only zg_ symbols exported" "" "$bad_syms"

# From another folder, without ZG_DATA_DIR: the installed command finds
# the installed library and data (the source tree would also do, so the
# test asks which it took).
mkdir -p "$T/elsewhere"
cd "$T/elsewhere"
expect_true "the command loads the installed library" \
  grep -q "libzoneguard.so.0 => $R" <<<"$(env -u LD_LIBRARY_PATH ldd "$R/bin/zoneguard")"
expect_eq "data folder: the installed one" "data: $(realpath "$R/share/zoneguard")" \
  "$(env -u ZG_DATA_DIR "$R/bin/zoneguard" --version | tail -1)"
rc=0
env -u ZG_DATA_DIR "$R/bin/zoneguard" run -o out -q >"$T/run.log" 2>&1 || rc=$?
expect_eq "zoneguard run (the installed demo) exits 0" 0 "$rc"
[[ $rc -eq 0 ]] || tail -5 "$T/run.log"
expect_eq "the demo's 36 clusters" 36 "$(q out/results.sqlite "SELECT count(*) FROM clusters" 2>/dev/null || echo none)"
expect_eq "every input read from the installed data" 0 \
  "$(q out/results.sqlite "SELECT count(*) FROM run_inputs WHERE path NOT LIKE '$(realpath "$R/share/zoneguard")/%'" 2>/dev/null || echo none)"

# A host program: pkg-config's flags, the installed header and library,
# no GDALAllRegister of its own.
pc=$(dirname "$(find "$R" -name zoneguard.pc -print -quit)")
cat >"$T/host.c" <<'C'
#include <gdal.h>
#include <stdio.h>
#include <zoneguard.h>
int main(void)
{
    zg_ctx *ctx = NULL;
    if (zg_ctx_new(NULL, &ctx) != ZG_OK)
        return 1;
    printf("%s %d\n", zg_version(), GDALGetDriverCount() > 0);
    zg_ctx_free(ctx);
    return 0;
}
C
if cc "$T/host.c" -o "$T/host" $(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs zoneguard) \
    $(pkg-config --cflags --libs gdal) -Wl,-rpath,"$(dirname "$lib")" 2>"$T/cc.log"; then
  ok "a host program builds with pkg-config --cflags --libs zoneguard"
  expect_eq "it runs, and the library registered GDAL's drivers" "0.1.0 1" "$("$T/host")"
else
  bad "a host program builds: $(head -c 300 "$T/cc.log")"
fi

expect_true "the man page renders" grep -q "ZG_DATA_DIR" \
  <<<"$(MANWIDTH=80 man -l "$R/share/man/man1/zoneguard.1" 2>/dev/null)"
# Completion: the command names, then a command's options from its --help.
complete_words() {
  # shellcheck disable=SC1091
  . "$R/share/bash-completion/completions/zoneguard"
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _zoneguard
  echo "${COMPREPLY[*]}"
}
expect_eq "completion: 'zoneguard are'" "areas" "$(complete_words "$R/bin/zoneguard" are)"
expect_eq "completion: 'zoneguard areas --geo'" "--geojson" \
  "$(complete_words "$R/bin/zoneguard" areas --geo)"
finish
