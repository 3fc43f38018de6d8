# bash completion for cdcgen. Commands and options come from cdcgen itself
# (--list-commands, COMMAND --list-options, --list-targets, the --format
# values COMMAND accepts), so they never drift; diff --against completes git
# revisions; topics its actions (plan, apply); schema its subcommands (pull, ddl).
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
        # The formats the command accepts: each one it does not refuse.
        local f formats=
        for f in text json github sarif markdown junit dot mermaid; do
            cdcgen "$cmd" --format "$f" --help >/dev/null 2>&1 && formats="$formats $f"
        done
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return ;;
    --against)
        # A git revision (branches, tags, remotes, HEAD~N by hand) or a directory.
        COMPREPLY=($(compgen -W "HEAD $(git for-each-ref --format='%(refname:short)' 2>/dev/null)" -- "$cur")
                   $(compgen -d -- "$cur"))
        return ;;
    explain)
        COMPREPLY=($(compgen -W "$(cdcgen explain --list 2>/dev/null | cut -d' ' -f1) --list" -- "$cur"))
        return ;;
    topics)
        COMPREPLY=($(compgen -W "plan apply" -- "$cur"))
        return ;;
    schema)
        # Its subcommand (cdcgen schema pull CONNINFO, cdcgen schema ddl).
        [ "$COMP_CWORD" -eq 2 ] && { COMPREPLY=($(compgen -W "pull ddl" -- "$cur")); return; } ;;
    -W)
        COMPREPLY=($(compgen -W "error" -- "$cur"))
        return ;;
    -c | --config | --schema | -f | --filters | -o | --output | --allow | --min-coverage | --manifest | --kafka-config | --dump)
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(cdcgen "$cmd" --list-options 2>/dev/null | tr ' ' '\n' | sort -u)" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _cdcgen cdcgen
