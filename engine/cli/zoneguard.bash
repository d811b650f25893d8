# SPDX-License-Identifier: MIT
# Bash completion for zoneguard: the commands, each command's options as
# its own --help lists them (so they never drift from the code), and files
# elsewhere. Installed to share/bash-completion/completions/zoneguard.
_zoneguard() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local cmds="run areas overlaps landuse encroach check reserve map report atlas info"
  if ((COMP_CWORD == 1)); then
    mapfile -t COMPREPLY < <(compgen -W "$cmds --help --help-settings --help-settings=json --version" -- "$cur")
    return
  fi
  local cmd=${COMP_WORDS[1]}
  # The options of this command that take no value: after them, another
  # option or a file; after any other option, its value (a file, mostly).
  case $prev in
    -q | --quiet | --overwrite | --append | -h | --help | --timings) ;;
    --threads | --rings | --epochs | --title | --codes | --*-field | \
      --encoding | --*-encoding | --layer | --*-layer | --s-srs | --plane-crs)
      return ;;
    -*) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
  esac
  if [[ $cur == -* ]]; then
    local opts
    opts=$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null |
      grep -oE -- '(^|[ ,])--?[a-zA-Z0-9][a-zA-Z0-9-]*' | tr -d ' ,' | sort -u)
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    return
  fi
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _zoneguard zoneguard
