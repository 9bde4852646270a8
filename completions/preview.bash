# bash completion for preview                                   -*- shell-script -*-
#
# Load it with   source <(preview completion bash)
# or install it: preview completion bash > /usr/share/bash-completion/completions/preview
#
# PR numbers, kube contexts and doctor check ids come from `preview __complete KIND`, which
# prints "value<TAB>description" lines from a cache (bash shows only the values).

# The options of each subcommand, without the global ones.
__preview_command_options() {
    case $1 in
        up) echo "--no-refresh --no-wait --timeout --interval --comment" ;;
        down) echo "--no-refresh --no-wait --timeout --interval" ;;
        status) echo "-w --watch --interval" ;;
        doctor) echo "--check --list-checks --fix -y --yes --comment" ;;
        refresh) echo "--no-wait --timeout" ;;
        bump-route) echo "--timeout" ;;
        smoke) echo "--timeout --interval --smoke-env" ;;
        list) echo "--all" ;;
    esac
}

# Options that take their value in the next word.
__preview_takes_value() {
    case $1 in
        -R | --repo | -c | --config | --kubeconfig | --context | --argocd-context | \
            --argocd-server | --github-api-url | -o | --output | --request-timeout | --timeout | --interval | \
            --check | --smoke-env) return 0 ;;
    esac
    return 1
}

# Global options that change what `preview __complete` answers, so they are passed on to it.
__preview_forwarded() {
    case $1 in
        -R | --repo | -c | --config | --kubeconfig | --context | --github-api-url) return 0 ;;
    esac
    return 1
}

# A word as the program will see it: without surrounding quotes, with a leading ~/ expanded.
__preview_dequote() {
    REPLY=$1
    case $REPLY in
        \'*\' | \"*\") REPLY=${REPLY:1:${#REPLY}-2} ;;
        \~/*) REPLY=$HOME/${REPLY:2} ;;
        *) REPLY=${REPLY//\\/} ;;
    esac
}

# COMP_WORDS is split at COMP_WORDBREAKS, so "--output=js" and "arn:aws:eks:..." arrive in
# pieces. Sets `words` and `cword` to the words as typed (up to the cursor): a piece made of
# = or : is joined with its neighbours when nothing separates them in COMP_LINE.
__preview_words() {
    local line=${COMP_LINE:0:COMP_POINT} piece prev="" i trimmed
    words=()
    cword=-1
    for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
        piece=${COMP_WORDS[i]}
        trimmed=${line#"${line%%[![:space:]]*}"}
        if ((i == COMP_CWORD)); then
            piece=$trimmed # only the part before the cursor
        fi
        if ((cword >= 0)) && [[ ${#trimmed} -eq ${#line} ]] &&
            [[ $piece =~ ^[=:]+$ || $prev =~ ^[=:]+$ ]]; then
            words[cword]+=$piece
        else
            words[++cword]=$piece
        fi
        line=${trimmed:${#piece}}
        prev=$piece
    done
}

# Appends the values of `preview __complete KIND` that start with $2 to `candidates`.
__preview_dynamic() {
    local kind=$1 want=$2 bin line
    __preview_dequote "${words[0]}"
    bin=$REPLY
    type -P -- "$bin" >/dev/null 2>&1 || bin=preview
    while IFS= read -r line; do
        line=${line%%$'\t'*}
        [[ -n $line && $line == "$want"* ]] && candidates+=("$line")
    done < <("$bin" __complete "$kind" "${forward[@]}" 2>/dev/null)
}

# Appends the words of $1 that start with $2 to `candidates`.
__preview_words_matching() {
    local word
    for word in $1; do
        [[ $word == "$2"* ]] && candidates+=("$word")
    done
}

# Candidates for the value of option $1, given the value typed so far ($2).
__preview_option_values() {
    case $1 in
        -o | --output) __preview_words_matching "table json yaml" "$2" ;;
        --context | --argocd-context) __preview_dynamic contexts "$2" ;;
        --check) __preview_dynamic checks "$2" ;;
        -c | --config | --kubeconfig)
            compopt -o filenames 2>/dev/null
            local file
            while IFS= read -r file; do candidates+=("$file"); done < <(compgen -f -- "$2")
            ;;
    esac
}

_preview() {
    local -a words candidates=() forward=()
    local cword cur cmd="" positionals=0 expect="" dashdash=0 i word
    __preview_words
    cur=${words[cword]}

    # Find the subcommand, count its positionals, and collect the options to pass on.
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        if [[ -n $expect ]]; then
            if __preview_forwarded "$expect"; then
                __preview_dequote "$word"
                forward+=("$expect" "$REPLY")
            fi
            expect=""
        elif ((dashdash)) || [[ $word != -?* ]]; then
            if [[ -z $cmd ]]; then cmd=$word; else ((positionals++)); fi
        elif [[ $word == -- ]]; then
            dashdash=1
        elif [[ $word == --*=* ]]; then
            if __preview_forwarded "${word%%=*}"; then
                __preview_dequote "${word#*=}"
                forward+=("${word%%=*}=$REPLY")
            fi
        elif __preview_takes_value "$word"; then
            expect=$word
        fi
    done

    if [[ -n $expect ]]; then
        __preview_option_values "$expect" "$cur"
    elif ((!dashdash)) && [[ $cur == --*=* ]]; then
        local -a values=()
        candidates=()
        __preview_option_values "${cur%%=*}" "${cur#*=}"
        for word in "${candidates[@]}"; do values+=("${cur%%=*}=$word"); done
        candidates=("${values[@]}")
    elif ((!dashdash)) && [[ $cur == -* ]]; then
        __preview_words_matching "-R --repo -c --config --kubeconfig --context --argocd-context
            --argocd-server --github-api-url -o --output --no-color -v --verbose --request-timeout -h --help
            -V --version $(__preview_command_options "$cmd")" "$cur"
    elif [[ -z $cmd ]]; then
        __preview_words_matching "up status doctor down list open refresh bump-route comment
            smoke profiles completion version help" "$cur"
    elif ((positionals == 0)); then
        case $cmd in
            up) __preview_dynamic open-prs "$cur" ;;
            status | doctor | down | bump-route | open | comment | smoke) __preview_dynamic prs "$cur" ;;
            completion) __preview_words_matching "bash zsh fish" "$cur" ;;
            help)
                __preview_words_matching "up status doctor down list open refresh bump-route
                    comment smoke profiles completion version help" "$cur"
                ;;
        esac
    fi

    # Readline replaces only the text after the last = or : that splits words; drop the rest.
    local breaks=${COMP_WORDBREAKS//[^=:]/} prefix=""
    if [[ -n $breaks && $cur == *["$breaks"]* ]]; then
        prefix=${cur%"${cur##*["$breaks"]}"}
    fi
    COMPREPLY=()
    for word in "${candidates[@]}"; do COMPREPLY+=("${word#"$prefix"}"); done
}

complete -F _preview preview
