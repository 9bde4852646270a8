#pragma once

// The keys a profile may set (design §3), level by level.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace preview::profile_detail {

inline constexpr std::array<std::string_view, 12> kRootKeys = {
    "repo",       "label",      "github",          "argocd",  "cluster",   "url",
    "healthPath", "httpRoutes", "externalSecrets", "seedJob", "artifacts", "smoke"};
inline constexpr std::array<std::string_view, 3> kGithubKeys = {"apiUrl", "requiredChecks",
                                                                "commentAuthor"};
inline constexpr std::array<std::string_view, 10> kArgocdKeys = {
    "context", "namespace", "applicationSet", "application", "prLabel",
    "server",  "rootPath",  "insecure",       "plainText",   "appsetWebhook"};
inline constexpr std::array<std::string_view, 2> kClusterKeys = {"context", "namespace"};
inline constexpr std::array<std::string_view, 2> kSmokeKeys = {"send", "expect"};
inline constexpr std::array<std::string_view, 4> kSmokeSendKeys = {"url", "method", "headers",
                                                                   "body"};
inline constexpr std::array<std::string_view, 4> kSmokeExpectKeys = {"url", "contains", "field",
                                                                     "timeout"};

/// Every key path ("repo", "argocd.context", ...).
std::vector<std::string> all_key_paths();

/// The key paths other than `path` whose last part is `key` (spelled loosely, see normalize_key),
/// to point at the right level when a key sits at the wrong one.
std::vector<std::string> key_paths_named_like(std::string_view key, std::string_view path);

}  // namespace preview::profile_detail
