#include "preview/api/www_authenticate.hpp"

#include "body_text.hpp"
#include "header_tokens.hpp"

namespace preview {

std::optional<BearerChallenge> parse_bearer_challenge(std::string_view header) {
    // Grammar (RFC 9110 §11.6.1): challenges separated by commas, each a scheme followed by
    // either a token68 or comma-separated name=value parameters. A token followed by "=" and a
    // value is a parameter of the current challenge; any other token starts a new challenge.
    api_detail::HeaderLexer lex(header);
    bool in_bearer = false;
    std::optional<BearerChallenge> found;
    BearerChallenge current;
    auto finish = [&] {
        if (in_bearer && !found && !current.realm.empty()) {
            found = current;
        }
        in_bearer = false;
        current = BearerChallenge{};
    };
    while (!lex.done()) {
        lex.skip_space();
        if (lex.peek() == ',') {
            lex.advance();
            continue;
        }
        const std::string_view word = lex.token();
        if (word.empty()) {
            lex.advance();  // a stray delimiter
            continue;
        }
        lex.skip_space();
        if (lex.peek() != '=') {
            finish();
            in_bearer = api_detail::equals_nocase(word, "bearer");
            continue;
        }
        lex.advance();
        lex.skip_space();
        if (lex.done() || lex.peek() == '=' || lex.peek() == ',') {
            while (lex.peek() == '=') {  // token68 padding ("abc=="): not a parameter
                lex.advance();
            }
            continue;
        }
        const std::string value = lex.value();
        if (!in_bearer) {
            continue;
        }
        if (api_detail::equals_nocase(word, "realm")) {
            current.realm = value;
        } else if (api_detail::equals_nocase(word, "service")) {
            current.service = value;
        } else if (api_detail::equals_nocase(word, "scope")) {
            current.scope += (current.scope.empty() ? "" : " ") + value;
        } else if (api_detail::equals_nocase(word, "error")) {
            current.error = value;
        }
    }
    finish();
    return found;
}

}  // namespace preview
