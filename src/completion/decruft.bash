# bash completion for decruft(1). Installed as
# share/bash-completion/completions/decruft; to try it: source src/completion/decruft.bash
#
# Completes commands, `rules` actions, options, option values (--color,
# --format, --enable/--disable names), and file or folder names.

_decruft() {
  local cur prev words cword
  if declare -F _init_completion > /dev/null; then
    _init_completion -n = || return
  else
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi

  local commands="clean diff jsonl rules stats review"
  local actions="list check test export suggest"
  local categories="donation js-required paywall subscription login cookie newsletter
                    adblock ad social related comments attribution other"
  local options="--rules --no-default-rules --enable --disable --site --site-map --re2-max-mem --max-input-size
                 --output -o --diff --report --check --in-place --resume --include --exclude --jobs -j
                 --word-diff --unified -U --color --json --format --text-field --keep-original
                 --on-error --line-buffered --max-removed --over-removal --sample --seed --compare
                 --min-docs --quiet -q --help -h --version -V"
  # Options followed by a value (kept in step with src/cli/options.cpp).
  local valued="--rules --enable --disable --site --site-map --re2-max-mem --max-input-size --output -o --diff --report
                --include --exclude --jobs -j --unified -U --color --format --text-field --keep-original
                --on-error --max-removed --over-removal --sample --seed --compare --min-docs"
  # The shipped rule languages, for when the program cannot be run.
  local languages="any cs da de el en es fi fr hu id it ja ko lv nb nl pl pt ro ru sv tr uk zh"

  # --option=value
  if [[ $cur == --*=* ]]; then
    prev=${cur%%=*}
    cur=${cur#*=}
  fi

  case $prev in
    --color)
      COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --format)
      COMPREPLY=($(compgen -W "toml patterns" -- "$cur")); return ;;
    --enable|--disable)
      # Categories, and the languages, language/category pairs and full
      # rule ids of `decruft rules list` (with the --rules given so far)
      # when the program is at hand; else the shipped languages.
      local names="$categories" ids j rule_args=()
      for ((j = 1; j < cword; j++)); do
        [[ ${words[j]} == --rules && $((j + 1)) -lt $cword ]] && rule_args+=(--rules "${words[j+1]}")
        [[ ${words[j]} == --rules=* ]] && rule_args+=("${words[j]}")
        [[ ${words[j]} == --no-default-rules ]] && rule_args+=(--no-default-rules)
      done
      ids=$("${words[0]}" rules list "${rule_args[@]}" 2>/dev/null | awk '$1 ~ /\// { print $1 }')
      if [[ -n $ids ]]; then
        names+=" $(printf '%s\n' $ids | awk -F/ '{ print $1; print $1 "/" $2; print }' | sort -u)"
      else
        names+=" $languages"
      fi
      COMPREPLY=($(compgen -W "$names" -- "$cur")); return ;;
    --rules|--compare|--site-map)
      COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
    --output|-o|--diff|--report)
      COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
    --on-error)
      COMPREPLY=($(compgen -W "pass drop fail" -- "$cur")); return ;;
    --include|--exclude)
      return ;;
    --site|--re2-max-mem|--max-input-size|--jobs|-j|--text-field|--keep-original|--max-removed|--over-removal|--sample|--seed|--min-docs|--unified|-U)
      return ;;
  esac

  # The command (first word that is not an option or an option's value) and,
  # for `rules`, its action.
  local i w command="" action=""
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if [[ " ${valued//$'\n'/ } " == *" $w "* ]]; then
      ((i++)); continue
    fi
    [[ $w == -* ]] && continue
    if [[ -z $command ]]; then
      command=$w
    elif [[ $command == rules && -z $action ]]; then
      action=$w
    fi
  done

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
    return
  fi
  if [[ $command == rules && -z $action ]]; then
    COMPREPLY=($(compgen -W "$actions" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
  compopt -o filenames 2>/dev/null
}
complete -F _decruft decruft
