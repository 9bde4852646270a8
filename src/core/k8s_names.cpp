#include "preview/core/k8s_names.hpp"

#include <fmt/format.h>

namespace preview {
namespace {

constexpr std::size_t kLabelMax = 63;
constexpr std::size_t kSubdomainMax = 253;

bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_alnum(char c) {
    return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

// The caller shows the name, and with it the length, next to the reason.
std::string too_long(std::size_t max) {
    return fmt::format("must be at most {} characters", max);
}

// Shows the offending character escaped, so a tab or a non-ASCII byte is visible in the message.
std::string show(char c) {
    return fmt::format("{:?}", c);
}

std::optional<std::string> label_like_problem(std::string_view name, std::string_view what) {
    for (char c : name) {
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.') {
            return fmt::format("{}must contain only letters, digits, '-', '_' and '.' (found {})",
                               what, show(c));
        }
    }
    if (!is_alnum(name.front()) || !is_alnum(name.back())) {
        return fmt::format("{}must start and end with a letter or digit", what);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> dns1123_label_problem(std::string_view name) {
    if (name.empty()) {
        return "must not be empty";
    }
    if (name.size() > kLabelMax) {
        return too_long(kLabelMax);
    }
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') {
            return fmt::format("must be lowercase (found {})", show(c));
        }
        if (!is_lower_alnum(c) && c != '-') {
            return fmt::format("must contain only lowercase letters, digits and '-' (found {})",
                               show(c));
        }
    }
    if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) {
        return "must start and end with a lowercase letter or digit";
    }
    return std::nullopt;
}

std::optional<std::string> dns1123_subdomain_problem(std::string_view name) {
    if (name.empty()) {
        return "must not be empty";
    }
    if (name.size() > kSubdomainMax) {
        return too_long(kSubdomainMax);
    }
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') {
            return fmt::format("must be lowercase (found {})", show(c));
        }
        if (!is_lower_alnum(c) && c != '-' && c != '.') {
            return fmt::format(
                "must contain only lowercase letters, digits, '-' and '.' (found {})", show(c));
        }
    }
    if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) {
        return "must start and end with a lowercase letter or digit";
    }
    for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
         dot = name.find('.', dot + 1)) {
        if (!is_lower_alnum(name[dot - 1]) || !is_lower_alnum(name[dot + 1])) {
            return "must have a lowercase letter or digit on both sides of every '.'";
        }
    }
    return std::nullopt;
}

std::optional<std::string> label_key_problem(std::string_view key) {
    if (key.empty()) {
        return "must not be empty";
    }
    std::string_view name = key;
    const auto slash = key.find('/');
    if (slash != std::string_view::npos) {
        const auto prefix = key.substr(0, slash);
        name = key.substr(slash + 1);
        if (prefix.empty()) {
            return "must not have an empty prefix before '/'";
        }
        if (auto problem = dns1123_subdomain_problem(prefix)) {
            return fmt::format("prefix \"{}\" {}", prefix, *problem);
        }
        if (name.find('/') != std::string_view::npos) {
            return "must contain at most one '/'";
        }
    }
    if (name.empty()) {
        return "must have a name after the prefix";
    }
    if (name.size() > kLabelMax) {
        return fmt::format("name part \"{}\" {}", name, too_long(kLabelMax));
    }
    return label_like_problem(name, slash == std::string_view::npos ? "" : "name part ");
}

std::optional<std::string> label_value_problem(std::string_view value) {
    if (value.empty()) {
        return std::nullopt;
    }
    if (value.size() > kLabelMax) {
        return too_long(kLabelMax);
    }
    return label_like_problem(value, "");
}

}  // namespace preview
