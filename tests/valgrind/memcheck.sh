#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# memcheck.sh: run the zoneguard command under valgrind memcheck, for the
# tests labelled "memcheck" (see tests/CMakeLists.txt): the CLI test sets
# ZG to this script and ZG_REAL to the command. Any memory error, or any
# leak ("definitely" or "indirectly" lost) not suppressed by
# tests/valgrind/zoneguard.supp, makes the command exit 99, which the test
# sees as a wrong exit code and fails on. The command is linked with
# tcmalloc: --soname-synonyms has memcheck replace its malloc as it does
# glibc's, or it would see neither leaks nor bad frees. tcmalloc's
# operator delete[] is one function with its free(), so memcheck would
# call every C++ delete[] of PROJ a "mismatched free": that check is off
# (zoneguard is C; it has no delete to mismatch).
exec valgrind -q --tool=memcheck --error-exitcode=99 \
  --soname-synonyms=somalloc='*tcmalloc*' --show-mismatched-frees=no \
  --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect \
  --suppressions="$ZG_ROOT/tests/valgrind/zoneguard.supp" \
  --child-silent-after-fork=yes \
  "$ZG_REAL" "$@"
