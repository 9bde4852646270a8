#include <cstdint>
#include <optional>
#include <string>

#include "body_text.hpp"
#include "json_fields.hpp"

#include "preview/api/api_errors.hpp"
#include "preview/api/json_parse.hpp"

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kTokenHint =
    "set GH_TOKEN or GITHUB_TOKEN to a valid token, or run `gh auth login`";

std::string header(const HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (api_detail::equals_nocase(key, name)) {
            return std::string(api_detail::trim(value));
        }
    }
    return {};
}

// A non-negative decimal integer; nullopt for anything else (including overflow).
std::optional<std::int64_t> parse_seconds(std::string_view text) {
    if (text.empty() || text.size() > 15) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string two_digits(std::int64_t v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

// "14:05:09 UTC (in 12 min)"
std::string reset_time(std::int64_t reset_unix, std::int64_t now_unix) {
    const std::int64_t of_day = ((reset_unix % 86400) + 86400) % 86400;
    std::string out = two_digits(of_day / 3600) + ":" + two_digits(of_day / 60 % 60) + ":" +
                      two_digits(of_day % 60) + " UTC";
    const std::int64_t wait = reset_unix - now_unix;
    if (wait <= 0) {
        out += " (now)";
    } else {
        out += " (in " + std::to_string((wait + 59) / 60) + " min)";
    }
    return out;
}

// GitHub's {message, documentation_url, errors?}.
struct GithubBody {
    std::string message;
    std::vector<std::string> errors;
};

GithubBody read_body(const Json& doc) {
    Fields f("GitHub error");
    const Node root{&doc, ""};
    GithubBody b;
    b.message = f.str(root, "message");
    const auto it = doc.find("errors");
    if (it == doc.end() || !it->is_array()) {
        return b;
    }
    for (const Json& item : *it) {
        if (item.is_string()) {
            b.errors.push_back(item.get<std::string>());
            continue;
        }
        if (!item.is_object()) {
            continue;
        }
        const Node node{&item, ""};
        const std::string message = f.str(node, "message");
        const std::string resource = f.str(node, "resource");
        const std::string field = f.str(node, "field");
        const std::string code = f.str(node, "code");
        std::string where = resource;
        if (!field.empty()) {
            where += (where.empty() ? "" : ".") + field;
        }
        std::string text = message.empty() ? code : message;
        if (!where.empty()) {
            text = where + (text.empty() ? "" : ": " + text);
        }
        if (!text.empty()) {
            b.errors.push_back(std::move(text));
        }
    }
    return b;
}

Error rate_limited(Error e, const std::string& prefix, const GithubBody& body,
                   const HeaderList& headers, std::int64_t now_unix) {
    e.kind = ErrorKind::api;
    e.reason = "RateLimitExceeded";
    e.message = prefix + "GitHub API rate limit exhausted";
    if (const auto reset = parse_seconds(header(headers, "x-ratelimit-reset"))) {
        e.message += "; resets at " + reset_time(*reset, now_unix);
    }
    if (api_detail::contains_nocase(body.message, "authenticated requests get a higher")) {
        e.hint = "requests without a token have a low limit: " + std::string(kTokenHint);
    } else {
        // Quoted only when it is the number GitHub sends: a raw header could be anything,
        // including bytes that are not UTF-8 and would break `-o json` output.
        const auto limit = parse_seconds(header(headers, "x-ratelimit-limit"));
        e.hint = "wait for the reset" +
                 (limit ? " (this token may send " + std::to_string(*limit) + " requests per hour)"
                        : std::string());
    }
    return e;
}

Error secondary_limited(Error e, const std::string& prefix, const HeaderList& headers,
                        std::int64_t now_unix) {
    e.kind = ErrorKind::api;
    e.reason = "SecondaryRateLimit";
    e.message = prefix + "GitHub secondary rate limit hit";
    const auto retry_after = parse_seconds(header(headers, "retry-after"));
    const auto reset = parse_seconds(header(headers, "x-ratelimit-reset"));
    if (retry_after) {
        e.message += "; retry after " + std::to_string(*retry_after) + " s";
    } else if (header(headers, "x-ratelimit-remaining") == "0" && reset) {
        e.message += "; retry at " + reset_time(*reset, now_unix);
    } else {
        e.message += "; wait at least a minute before retrying";
    }
    e.hint =
        "GitHub limits bursts of requests (especially concurrent and mutating ones); wait "
        "and retry";
    return e;
}

std::string permission_hint(const HeaderList& headers) {
    const std::string needed = header(headers, "x-accepted-github-permissions");
    if (!needed.empty()) {
        return "the token lacks a permission this needs (" + needed +
               "): grant it to the token, or use another one (GH_TOKEN / GITHUB_TOKEN)";
    }
    const std::string accepted = header(headers, "x-accepted-oauth-scopes");
    if (!accepted.empty()) {
        const std::string has = header(headers, "x-oauth-scopes");
        return "the token needs one of the scopes " + accepted +
               (has.empty() ? std::string() : " (it has: " + has + ")") +
               "; refresh with `gh auth refresh -s repo` or use another token";
    }
    return "the token lacks access: a classic token needs the `repo` scope for private "
           "repositories, a fine-grained token needs Pull requests and Issues access";
}

}  // namespace

Error classify_github_error(long http_status, const HeaderList& headers, std::string_view body,
                            std::string_view what, std::int64_t now_unix) {
    Error e;
    e.http_status = http_status;
    e.kind = ErrorKind::api;
    const std::string prefix = api_detail::cannot(what);
    const Json doc = parse_json(body);
    const GithubBody gh = doc.is_object() ? read_body(doc) : GithubBody{};
    const bool exhausted = header(headers, "x-ratelimit-remaining") == "0";
    const bool secondary = api_detail::contains_nocase(gh.message, "secondary rate limit");

    if ((http_status == 403 || http_status == 429) && secondary) {
        return secondary_limited(e, prefix, headers, now_unix);
    }
    if ((http_status == 403 || http_status == 429) && exhausted) {
        return rate_limited(e, prefix, gh, headers, now_unix);
    }
    if (http_status == 429) {
        return secondary_limited(e, prefix, headers, now_unix);
    }

    if (!doc.is_object()) {
        const api_detail::BodyShape shape = api_detail::describe_body(body);
        if (shape.kind == api_detail::BodyKind::html) {
            e.reason = "UnexpectedBody";
            e.message = prefix + "expected a GitHub API answer but got " + shape.description +
                        " (HTTP " + std::to_string(http_status) + ")";
            e.hint = http_status >= 500
                         ? "GitHub (or a proxy in between) has a problem; retry later, and check "
                           "--github-api-url / GH_HOST and the proxy settings"
                         : "check --github-api-url / GH_HOST and the proxy settings";
            return e;
        }
    }

    const std::string detail =
        gh.message.empty() ? "HTTP " + std::to_string(http_status) : gh.message;
    switch (http_status) {
        case 401:
            e.kind = ErrorKind::auth;
            e.reason = "Unauthorized";
            e.message = prefix + "GitHub rejected the credentials (" + detail + ")";
            e.hint = std::string(kTokenHint);
            return e;
        case 403:
            e.kind = ErrorKind::permission;
            e.reason = "Forbidden";
            e.message = prefix + "GitHub denied access (" + detail + ")";
            e.hint = permission_hint(headers);
            return e;
        case 404:
            e.kind = ErrorKind::not_found;
            e.reason = "NotFound";
            e.message = prefix + "GitHub answered " + detail;
            e.hint =
                "check the repository and number; the repository may be private, which "
                "needs a token with access to it (GH_TOKEN / GITHUB_TOKEN or `gh auth "
                "login`)";
            return e;
        case 422: {
            e.reason = "ValidationFailed";
            e.message = prefix + "GitHub refused the request (" + detail + ")";
            std::string errors;
            for (const std::string& item : gh.errors) {
                errors += (errors.empty() ? "" : "; ") + item;
            }
            if (!errors.empty()) {
                e.message += ": " + errors;
            }
            return e;
        }
        default:
            break;
    }
    e.reason = http_status >= 500 ? "ServerError" : "HTTP" + std::to_string(http_status);
    e.message = prefix + "GitHub answered HTTP " + std::to_string(http_status);
    if (!gh.message.empty()) {
        e.message += " (" + gh.message + ")";
    } else if (!doc.is_object() && !api_detail::trim(body).empty()) {
        e.message += " with \"" + api_detail::excerpt(body, 60) + "\"";
    }
    if (http_status >= 500) {
        e.hint = "GitHub has a problem of its own; retry later (https://www.githubstatus.com)";
    }
    return e;
}

}  // namespace preview
