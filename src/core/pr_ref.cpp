#include "preview/core/pr_ref.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>

#include <fmt/format.h>

namespace preview {
namespace {

constexpr std::string_view kAcceptedPrForms =
    "expected 42, #42, OWNER/REPO#42 or https://github.com/OWNER/REPO/pull/42";
constexpr std::string_view kAcceptedRepoForms = "expected OWNER/REPO or HOST/OWNER/REPO";
constexpr std::size_t kOwnerMax = 39;
constexpr std::size_t kRepoMax = 100;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool starts_with_icase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i];
        const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != prefix[i]) {
            return false;
        }
    }
    return true;
}

// Removes "http://" or "https://"; nullopt when `text` is not such a URL.
std::optional<std::string_view> strip_http_scheme(std::string_view text) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (starts_with_icase(text, scheme)) {
            return text.substr(scheme.size());
        }
    }
    return std::nullopt;
}

Error usage_error(std::string message) {
    Error error;
    error.kind = ErrorKind::usage;
    error.message = std::move(message);
    return error;
}

Error pr_error(std::string_view input, std::string_view reason) {
    if (input.empty()) {
        return usage_error(fmt::format("empty pull request reference: {}", kAcceptedPrForms));
    }
    return usage_error(
        fmt::format("invalid pull request {:?}: {}; {}", input, reason, kAcceptedPrForms));
}

// A positive decimal int without sign, padding or trailing garbage; the reason otherwise.
std::optional<int> parse_number(std::string_view text, std::string& reason) {
    if (text.empty()) {
        reason = "the pull request number is missing";
        return std::nullopt;
    }
    for (char c : text) {
        if (!is_digit(c)) {
            reason = fmt::format("{:?} is not a pull request number", text);
            return std::nullopt;
        }
    }
    if (text.front() == '0') {
        reason = text.size() == 1 ? "pull request numbers start at 1"
                                  : "the pull request number must not have leading zeros";
        return std::nullopt;
    }
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        reason = fmt::format("the pull request number {} is too large (at most {})", text,
                             std::numeric_limits<int>::max());
        return std::nullopt;
    }
    return value;
}

// Empty when `owner` is a valid GitHub account name, else why not.
std::string owner_problem(std::string_view owner) {
    if (owner.empty()) {
        return "the owner is missing";
    }
    if (owner.size() > kOwnerMax) {
        return fmt::format("owner {:?} is longer than {} characters", owner, kOwnerMax);
    }
    for (char c : owner) {
        if (!is_alnum(c) && c != '-') {
            return fmt::format("owner {:?} may contain only letters, digits and '-'", owner);
        }
    }
    if (owner.front() == '-') {
        return fmt::format("owner {:?} must not start with '-'", owner);
    }
    return {};
}

// Empty when `repo` is a valid GitHub repository name, else why not.
std::string repo_problem(std::string_view repo) {
    if (repo.empty()) {
        return "the repository name is missing";
    }
    if (repo.size() > kRepoMax) {
        return fmt::format("repository name {:?} is longer than {} characters", repo, kRepoMax);
    }
    if (repo == "." || repo == "..") {
        return fmt::format("{:?} is not a repository name", repo);
    }
    // parse_repo_slug drops one ".git"; a second one cannot be part of a GitHub name either, and
    // accepting it would make "o/r.git" mean "o/r.git" here but "o/r" when read again.
    if (repo.ends_with(".git")) {
        return fmt::format(
            "repository name {:?} ends in \".git\", which is a clone URL suffix, "
            "not part of the name",
            repo);
    }
    for (char c : repo) {
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.') {
            return fmt::format(
                "repository name {:?} may contain only letters, digits, '-', '_' and '.'", repo);
        }
    }
    return {};
}

// Splits "OWNER/REPO" and validates both parts; the reason is set on failure.
std::optional<PrRef> split_slug(std::string_view slug, std::string& reason) {
    const auto slash = slug.find('/');
    if (slash == std::string_view::npos) {
        reason = fmt::format("{:?} names no repository (OWNER/REPO)", slug);
        return std::nullopt;
    }
    const auto owner = slug.substr(0, slash);
    const auto repo = slug.substr(slash + 1);
    if (reason = owner_problem(owner); !reason.empty()) {
        return std::nullopt;
    }
    if (reason = repo_problem(repo); !reason.empty()) {
        return std::nullopt;
    }
    return PrRef{std::string(owner), std::string(repo), 0};
}

// "HOST/OWNER/REPO/pull/N[/...]" after the scheme; query and fragment already removed.
Result<PrRef> parse_pr_url(std::string_view input, std::string_view rest) {
    std::string_view parts[4];
    std::size_t count = 0;
    const auto host_end = rest.find('/');
    if (host_end == 0 || host_end == std::string_view::npos) {
        return pr_error(input, "the URL has no host or path");
    }
    rest.remove_prefix(host_end + 1);
    while (count < 4) {
        const auto slash = rest.find('/');
        parts[count++] = rest.substr(0, slash);
        if (slash == std::string_view::npos) {
            rest = {};
            break;
        }
        rest.remove_prefix(slash + 1);
    }
    if (count < 4 || parts[2] != "pull") {
        return pr_error(input, "the URL is not a pull request URL (HOST/OWNER/REPO/pull/NUMBER)");
    }
    std::string reason;
    auto ref = split_slug(fmt::format("{}/{}", parts[0], parts[1]), reason);
    if (!ref) {
        return pr_error(input, reason);
    }
    const auto number = parse_number(parts[3], reason);
    if (!number) {
        return pr_error(input, reason);
    }
    ref->number = *number;
    return *ref;
}

}  // namespace

Result<PrRef> parse_pr_ref(std::string_view text) {
    const auto input = trim(text);
    if (input.empty()) {
        return pr_error(input, "");
    }
    std::string reason;
    if (const auto rest = strip_http_scheme(input)) {
        // Anything after the number ("/files", "?w=1", "#discussion_r1") still names the PR.
        return parse_pr_url(input, rest->substr(0, rest->find_first_of("?#")));
    }
    const auto hash = input.find('#');
    if (hash == std::string_view::npos) {
        if (const auto number = parse_number(input, reason)) {
            return PrRef{{}, {}, *number};
        }
        return pr_error(input, reason);
    }
    const auto number = parse_number(input.substr(hash + 1), reason);
    if (!number) {
        return pr_error(input, reason);
    }
    if (hash == 0) {
        return PrRef{{}, {}, *number};
    }
    auto ref = split_slug(input.substr(0, hash), reason);
    if (!ref) {
        return pr_error(input, reason);
    }
    ref->number = *number;
    return *ref;
}

Result<PrRef> parse_repo_slug(std::string_view text) {
    const auto input = trim(text);
    const auto fail = [&](std::string_view reason) {
        if (input.empty()) {
            return usage_error(fmt::format("empty repository: {}", kAcceptedRepoForms));
        }
        return usage_error(
            fmt::format("invalid repository {:?}: {}; {}", input, reason, kAcceptedRepoForms));
    };
    if (input.empty()) {
        return fail("");
    }
    auto slug = input;
    const auto after_scheme = strip_http_scheme(slug);
    if (after_scheme) {
        slug = *after_scheme;
        while (!slug.empty() && slug.back() == '/') {
            slug.remove_suffix(1);
        }
    }
    if (slug.size() > 4 && slug.substr(slug.size() - 4) == ".git") {
        slug.remove_suffix(4);
    }
    std::size_t slashes = 0;
    for (char c : slug) {
        slashes += c == '/' ? 1 : 0;
    }
    if (slashes == 2 || after_scheme) {
        const auto host_end = slug.find('/');
        if (slashes != 2 || host_end == 0) {
            return fail("a URL must have the form https://HOST/OWNER/REPO");
        }
        slug.remove_prefix(host_end + 1);
    } else if (slashes != 1) {
        return fail(slashes == 0 ? "the owner or the repository name is missing"
                                 : "it has too many '/'");
    }
    std::string reason;
    auto ref = split_slug(slug, reason);
    if (!ref) {
        return fail(reason);
    }
    return *ref;
}

}  // namespace preview
