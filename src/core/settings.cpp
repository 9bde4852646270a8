#include "preview/core/settings.hpp"

#include <fmt/format.h>

namespace preview {

std::string env_or_empty(const EnvMap& env, const std::string& name) {
    auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

namespace {

std::string strip_trailing_slashes(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

// https://api.github.com -> github.com; https://ghe.example/api/v3 -> ghe.example.
std::string host_of_api(std::string_view url) {
    auto scheme = url.find("://");
    std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find('/'));
    if (rest.starts_with("api.")) {
        rest.remove_prefix(4);
    }
    return std::string(rest);
}

Result<std::string> github_api_from(const GlobalFlags& flags, const EnvMap& env,
                                    const Profile& profile) {
    std::string url = flags.github_api_url;
    if (url.empty()) {
        url = env_or_empty(env, "GITHUB_API_URL");
    }
    if (url.empty()) {
        if (auto host = env_or_empty(env, "GH_HOST"); !host.empty()) {
            url = host == "github.com" ? "https://api.github.com"
                                       : fmt::format("https://{}/api/v3", host);
        }
    }
    if (url.empty()) {
        url = profile.github_api_url;
    }
    if (url.empty()) {
        url = "https://api.github.com";
    }
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
        return Error{ErrorKind::config,
                     fmt::format("the GitHub API URL \"{}\" must start with https://", url),
                     "set --github-api-url, GITHUB_API_URL or github.apiUrl to a full URL"};
    }
    return strip_trailing_slashes(std::move(url));
}

}  // namespace

std::optional<PrRef> repo_from_remote_url(std::string_view url) {
    std::string_view path;
    if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
        auto rest = url.substr(scheme + 3);
        auto slash = rest.find('/');
        if (slash == std::string_view::npos) {
            return std::nullopt;
        }
        path = rest.substr(slash + 1);
    } else if (auto colon = url.find(':'); colon != std::string_view::npos) {
        path = url.substr(colon + 1);  // scp-like: git@github.com:owner/repo.git
    } else {
        return std::nullopt;
    }
    if (path.ends_with(".git")) {
        path.remove_suffix(4);
    }
    while (path.ends_with("/")) {
        path.remove_suffix(1);
    }
    auto parsed = parse_repo_slug(path);
    if (!parsed.ok()) {
        return std::nullopt;
    }
    return *parsed;
}

Result<Settings> resolve_settings(const GlobalFlags& flags, const EnvMap& env, Profile profile,
                                  bool profile_from_file, const std::optional<PrRef>& origin_repo) {
    Settings s;
    s.output = flags.output;
    s.verbose = flags.verbose;
    if (flags.request_timeout_seconds <= 0) {
        return Error{
            ErrorKind::usage, "--request-timeout must be a positive number of seconds", {}};
    }
    s.request_timeout_seconds = flags.request_timeout_seconds;

    // Repository: flag, GH_REPO, the profile file, the git origin, the built-in default.
    struct Candidate {
        std::string value;
        std::string source;
    };
    const std::string origin_slug = origin_repo ? origin_repo->repo_slug() : std::string();
    const Candidate candidates[] = {
        {flags.repo, "--repo"},
        {env_or_empty(env, "GH_REPO"), "GH_REPO"},
        {profile_from_file && profile.sets("repo") ? profile.repo : std::string(), profile.source},
        {origin_slug, "the git origin remote"},
        {profile.repo, profile.source},
    };
    for (const auto& c : candidates) {
        if (c.value.empty()) {
            continue;
        }
        auto slug = parse_repo_slug(c.value);
        if (!slug.ok()) {
            return Error{ErrorKind::usage,
                         fmt::format("{} (from {})", slug.error().message, c.source),
                         slug.error().hint};
        }
        s.owner = slug->owner;
        s.repo = slug->repo;
        s.repo_source = c.source;
        break;
    }

    auto api = github_api_from(flags, env, profile);
    if (!api.ok()) {
        return api.error();
    }
    s.github_api_url = *api;
    s.github_host = host_of_api(s.github_api_url);

    s.workload_context = !flags.context.empty() ? flags.context : profile.cluster_context;
    s.argocd_context =
        !flags.argocd_context.empty() ? flags.argocd_context : profile.argocd_context;
    s.profile = std::move(profile);
    return s;
}

}  // namespace preview
