#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# check_layout.sh ROOT [OBJDIR]: the engine's calls go one way (README,
# "Layout"). Fails on
#  - an #include "..." of engine/ that reaches a module above the file's
#    own (the order is LAYERS below; engine/include is the public header,
#    open to all; core/zg_int.h is the umbrella of core, crs, geom and io,
#    as sqliteInt.h is SQLite's), which also keeps the products out of
#    engine/run/, and cli/ to the public header;
#  - with OBJDIR (the library's object folder, CMakeFiles/zoneguard_obj.dir
#    of a build): a symbol with external linkage not named zg_/ZG_, not
#    declared in a header of the module that defines it or in the public
#    header, or declared in another module's header.
# A grep, not a parser: a declaration is a line that starts at column 0.
set -uo pipefail
ROOT=${1:?usage: check_layout.sh ROOT [OBJDIR]}
OBJDIR=${2:-}
LAYERS=(core crs geom io codes overlay output analyses products run cli)
fail=0

declare -A RANK
for i in "${!LAYERS[@]}"; do RANK[${LAYERS[$i]}]=$i; done
# A relative path with its "dir/.." pairs taken out.
# (Functions answer in REPLY: no fork, there are hundreds of includes.)
resolve() {
    local out=() part
    local IFS=/
    for part in $1; do
        if [[ $part == .. && ${#out[@]} -gt 0 ]]; then
            unset 'out[${#out[@]}-1]'
        elif [[ $part != . ]]; then
            out+=("$part")
        fi
    done
    REPLY="${out[*]}"
}
# The module of a path relative to ROOT under engine/: its first folder.
module() { local p=${1#engine/}; REPLY=${p%%/*}; }

cd "$ROOT" || exit 2
ROOT=$(pwd)
while IFS= read -r f; do
    module "$f"; own=$REPLY
    rown=${RANK[$own]:--1}
    [[ $rown -lt 0 || $f == engine/core/zg_int.h ]] && continue
    while IFS= read -r inc; do
        resolve "${f%/*}/$inc"; target=$REPLY
        [[ -e $target ]] || continue # "zoneguard.h", through -I
        [[ $target == engine/* ]] || continue
        module "$target"; to=$REPLY
        rto=${RANK[$to]:--1}
        if [[ $rto -gt $rown ]]; then
            echo "check_layout: $f includes $inc: $own may not reach" \
                 "$to (above it)" >&2
            fail=1
        fi
        if [[ $own == cli && $to != cli ]]; then
            echo "check_layout: $f includes $inc: the command uses the" \
                 "public header only" >&2
            fail=1
        fi
        if [[ $own == products && $to == run ]]; then
            echo "check_layout: $f includes $inc: the products see the" \
                 "run through the public API only" >&2
            fail=1
        fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$ROOT/$f")
done < <(find engine -name '*.[ch]' | sort)

if [[ -n $OBJDIR ]]; then
    # Every name a header declares, "name header" a line, in one pass.
    declare -A declared
    while read -r name h; do
        declared[$name]+=" $h"
    done < <(find engine -name '*.h' | sort | xargs grep -E '^[^ /*#]' |
             sed -nE 's/^([^:]*):[^([]*[^A-Za-z0-9_([]([A-Za-z_][A-Za-z0-9_]*) *[([].*/\2 \1/p')
    nobj=0
    while IFS= read -r o; do
        rel=${o#"$OBJDIR"/}
        # A build folder keeps the objects of sources moved or removed
        # since: only those of sources that exist count.
        [[ -e ${rel%.o} ]] || continue
        nobj=$((nobj + 1))
        module "$rel"; own=$REPLY
        while read -r _ _ sym; do
            [[ -n $sym ]] || continue
            if [[ $sym != zg_* && $sym != ZG_* ]]; then
                echo "check_layout: $rel defines $sym: not named zg_ or" \
                     "ZG_ (make it static?)" >&2
                fail=1
                continue
            fi
            home=0
            for h in ${declared[$sym]:-}; do
                module "$h"; hm=$REPLY
                if [[ $hm == include || $hm == "$own" ]]; then
                    home=1
                else
                    echo "check_layout: $sym (defined in $own) is declared" \
                         "in $h, another module's header" >&2
                    fail=1
                fi
            done
            if [[ $home == 0 ]]; then
                echo "check_layout: $sym (in $rel) is declared in no header" \
                     "of $own: make it static or declare it there" >&2
                fail=1
            fi
        done < <(nm -g --defined-only "$o" 2>/dev/null)
    done < <(find "$OBJDIR" -path '*/engine/*' -name '*.o' | sort)
    if [[ $nobj == 0 ]]; then
        echo "check_layout: no object file under $OBJDIR" >&2
        fail=1
    fi
fi
exit $fail
