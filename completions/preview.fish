# fish completion for preview
#
# Load it with   preview completion fish | source
# or install it: preview completion fish > ~/.config/fish/completions/preview.fish
#
# PR numbers, kube contexts and doctor check ids come from `preview __complete KIND`, which
# prints "value<TAB>description" lines from a cache.

# Prints the subcommand on the command line (or an empty line) and the number of its positionals.
function __preview_parse
    set -l tokens (commandline -opc)
    set -l cmd ''
    set -l positionals 0
    set -l expect 0
    set -l dashdash 0
    for token in $tokens[2..-1]
        if test $expect = 1
            set expect 0
        else if test $dashdash = 0; and string match -qr -- '^-.' $token
            switch $token
                case --
                    set dashdash 1
                case -R --repo -c --config --kubeconfig --context --argocd-context \
                    --argocd-server --github-api-url -o --output --request-timeout --timeout --interval --check \
                    --smoke-env
                    set expect 1
            end
        else if test -z "$cmd"
            set cmd $token
        else
            set positionals (math $positionals + 1)
        end
    end
    printf '%s\n' $cmd $positionals
end

function __preview_needs_command
    set -l parsed (__preview_parse)
    test -z "$parsed[1]"
end

# True when the subcommand is one of the arguments.
function __preview_using
    set -l parsed (__preview_parse)
    contains -- "$parsed[1]" $argv
end

# True when the subcommand is one of the arguments and its first positional comes next.
function __preview_first_positional
    set -l parsed (__preview_parse)
    contains -- "$parsed[1]" $argv; and test "$parsed[2]" = 0
end

# The lines of `preview __complete KIND`, passing on the global options already on the command
# line that change the answer.
function __preview_complete -a kind
    set -l tokens (commandline -opc)
    set -l bin (string replace -r '^~/' "$HOME/" -- $tokens[1])
    command -q -- $bin; or set bin preview
    set -l forward
    set -l count (count $tokens)
    set -l i 2
    while test $i -le $count
        switch $tokens[$i]
            case -R --repo -c --config --kubeconfig --context --github-api-url
                if test $i -lt $count
                    set -a forward $tokens[$i] (string replace -r '^~/' "$HOME/" -- $tokens[(math $i + 1)])
                    set i (math $i + 1)
                end
            case '--repo=*' '--config=*' '--kubeconfig=*' '--context=*' '--github-api-url=*'
                set -a forward (string replace -r '=~/' "=$HOME/" -- $tokens[$i])
        end
        set i (math $i + 1)
    end
    command $bin __complete $kind $forward 2>/dev/null
end

complete -c preview -f

# Subcommands.
complete -c preview -n __preview_needs_command -a up -d 'Label the PR, re-poll now, follow it until ready'
complete -c preview -n __preview_needs_command -a status -d 'Show everything a preview consists of'
complete -c preview -n __preview_needs_command -a doctor -d 'Run the troubleshooting checklist'
complete -c preview -n __preview_needs_command -a down -d 'Remove the label, follow the teardown'
complete -c preview -n __preview_needs_command -a list -d 'List every preview and labelled PR'
complete -c preview -n __preview_needs_command -a open -d 'Open the preview URL in the browser'
complete -c preview -n __preview_needs_command -a refresh -d 'Make the ApplicationSet re-poll now'
complete -c preview -n __preview_needs_command -a bump-route -d 'Make the gateway re-evaluate the HTTPRoutes'
complete -c preview -n __preview_needs_command -a comment -d 'Create or update the PR status comment'
complete -c preview -n __preview_needs_command -a smoke -d 'Prove that data flows end to end'
complete -c preview -n __preview_needs_command -a profiles -d 'List the built-in profiles'
complete -c preview -n __preview_needs_command -a completion -d 'Print a shell completion script'
complete -c preview -n __preview_needs_command -a version -d 'Print the version and library versions'
complete -c preview -n __preview_needs_command -a help -d 'Show the help of preview or of one command'

# Global options: accepted before and after the subcommand.
complete -c preview -s R -l repo -x -d 'Repository OWNER/NAME (env GH_REPO)'
complete -c preview -s c -l config -r -F -d 'Profile file (env PREVIEW_CONFIG)'
complete -c preview -l kubeconfig -r -F -d 'Kubeconfig file (env KUBECONFIG)'
complete -c preview -l context -x -a '(__preview_complete contexts)' -d 'Kube context of the workload cluster'
complete -c preview -l argocd-context -x -a '(__preview_complete contexts)' -d 'Kube context of the Argo CD cluster'
complete -c preview -l argocd-server -x -d 'Argo CD API server (env ARGOCD_SERVER)'
complete -c preview -l github-api-url -x -d 'GitHub API base URL (env GITHUB_API_URL, GH_HOST)'
complete -c preview -s o -l output -x -a 'table\t"for people" json\tJSON yaml\tYAML' -d 'Output format'
complete -c preview -l no-color -d 'No colours (also NO_COLOR)'
complete -c preview -s v -l verbose -d 'One line per HTTP request on stderr'
complete -c preview -l request-timeout -x -d 'Per-request time limit in seconds (default 30)'
complete -c preview -s h -l help -d 'Print help and exit'
complete -c preview -s V -l version -d 'Print the version and exit'

# Subcommand options.
complete -c preview -n '__preview_using up down' -l no-refresh -d 'Do not ask the ApplicationSet to re-poll'
complete -c preview -n '__preview_using up down refresh' -l no-wait -d 'Make the change and return'
complete -c preview -n '__preview_using up down refresh bump-route smoke' -l timeout -x -d 'Give up after this long (e.g. 90s, 15m)'
complete -c preview -n '__preview_using up down status smoke' -l interval -x -d 'Seconds between polls'
complete -c preview -n '__preview_using smoke' -l smoke-env -x -d 'Let a profile file read this variable'
complete -c preview -n '__preview_using list' -l all -d 'Every repository the ApplicationSets name'
complete -c preview -n '__preview_using status' -s w -l watch -d 'Redraw whenever something changes'
complete -c preview -n '__preview_using doctor' -l check -x -a '(__preview_complete checks)' -d 'Run only this check (repeatable)'
complete -c preview -n '__preview_using doctor' -l list-checks -d 'List the checks and exit'
complete -c preview -n '__preview_using doctor' -l fix -d 'Apply the safe fixes after showing them'
complete -c preview -n '__preview_using doctor' -s y -l yes -d 'With --fix: do not ask'
complete -c preview -n '__preview_using up doctor' -l comment -d 'Also create or update the PR status comment'

# Positionals: the pull request, the shell.
complete -c preview -n '__preview_first_positional up' -a '(__preview_complete open-prs)'
complete -c preview -n '__preview_first_positional status doctor down bump-route open comment smoke' -a '(__preview_complete prs)'
complete -c preview -n '__preview_first_positional help' -a 'up status doctor down list open refresh bump-route comment smoke profiles completion version help'
complete -c preview -n '__preview_first_positional completion' -a 'bash zsh fish'
