#include "core/profile/keys.hpp"

#include <fmt/format.h>

#include "preview/core/suggest.hpp"

namespace preview::profile_detail {

std::vector<std::string> all_key_paths() {
    std::vector<std::string> paths(kRootKeys.begin(), kRootKeys.end());
    const auto add = [&paths](std::string_view prefix, const auto& keys) {
        for (std::string_view key : keys) {
            paths.push_back(fmt::format("{}.{}", prefix, key));
        }
    };
    add("github", kGithubKeys);
    add("argocd", kArgocdKeys);
    add("cluster", kClusterKeys);
    add("smoke", kSmokeKeys);
    add("smoke.send", kSmokeSendKeys);
    add("smoke.expect", kSmokeExpectKeys);
    return paths;
}

std::vector<std::string> key_paths_named_like(std::string_view key, std::string_view path) {
    std::vector<std::string> found;
    for (const auto& candidate : all_key_paths()) {
        const auto dot = candidate.rfind('.');
        const auto leaf = dot == std::string::npos ? candidate : candidate.substr(dot + 1);
        if (candidate != path && normalize_key(leaf) == normalize_key(key)) {
            found.push_back(candidate);
        }
    }
    return found;
}

}  // namespace preview::profile_detail
