# bash completion for cdcgen. Commands and options come from cdcgen itself
# (--list-commands, COMMAND --help, --list-targets), so they never drift.
# Install: make install (share/bash-completion/completions/cdcgen), or
# source this file.
_cdcgen()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(cdcgen --list-commands 2>/dev/null) --help --version --list-commands --list-targets --list-operators" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    case $prev in
    -t | --target)
        COMPREPLY=($(compgen -W "$(cdcgen --list-targets 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
        return ;;
    --format)
        local formats="text json github sarif markdown"
        case $cmd in
        diff) formats="text json markdown github" ;;
        graph) formats="dot mermaid" ;;
        test) formats="$formats junit" ;;
        esac
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return ;;
    explain)
        COMPREPLY=($(compgen -W "$(cdcgen explain --list 2>/dev/null | cut -d' ' -f1) --list" -- "$cur"))
        return ;;
    -W)
        COMPREPLY=($(compgen -W "error" -- "$cur"))
        return ;;
    -c | --config | -f | --filters | -o | --output | --against | --allow | --min-coverage)
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(cdcgen "$cmd" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _cdcgen cdcgen
