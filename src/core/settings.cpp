#include "preview/core/settings.hpp"

#include <cctype>

#include <fmt/format.h>

namespace preview {

std::string env_or_empty(const EnvMap& env, const std::string& name) {
    auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

namespace {

std::string ascii_lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

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
    rest = rest.substr(0, rest.find_first_of("/?#"));
    std::string host = ascii_lower(std::string(rest));
    if (host.starts_with("api.")) {
        host.erase(0, 4);
    }
    return host;
}

struct ApiUrl {
    std::string url;
    std::string source;  ///< for messages
    bool from_profile = false;
};

ApiUrl github_api_candidate(const GlobalFlags& flags, const EnvMap& env, const Profile& profile) {
    if (!flags.github_api_url.empty()) {
        return {flags.github_api_url, "--github-api-url"};
    }
    if (auto url = env_or_empty(env, "GITHUB_API_URL"); !url.empty()) {
        return {url, "GITHUB_API_URL"};
    }
    if (auto host = env_or_empty(env, "GH_HOST"); !host.empty()) {
        return {host == "github.com" ? "https://api.github.com"
                                     : fmt::format("https://{}/api/v3", host),
                "GH_HOST"};
    }
    if (!profile.github_api_url.empty()) {
        return {profile.github_api_url, fmt::format("github.apiUrl in {}", profile.source), true};
    }
    return {"https://api.github.com", "the default"};
}

Result<ApiUrl> github_api_from(const GlobalFlags& flags, const EnvMap& env,
                               const Profile& profile) {
    ApiUrl api = github_api_candidate(flags, env, profile);
    const auto scheme_end = api.url.find("://");
    const std::string scheme =
        ascii_lower(api.url.substr(0, scheme_end == std::string::npos ? 0 : scheme_end));
    if (scheme == "http") {
        // Plain HTTP would show the token to everyone on the path, and let anyone there forge
        // the PR, its checks and the preview URL that preview acts on: no anonymous fallback.
        return Error{ErrorKind::config,
                     fmt::format("the GitHub API URL \"{}\" (from {}) uses http://: preview talks "
                                 "to GitHub only over https://",
                                 api.url, api.source),
                     "use the https:// address of the GitHub API"};
    }
    if (scheme != "https") {
        return Error{ErrorKind::config,
                     fmt::format("the GitHub API URL \"{}\" (from {}) must start with https://",
                                 api.url, api.source),
                     "set --github-api-url, GITHUB_API_URL or github.apiUrl to a full URL"};
    }
    if (host_of_api(api.url).find('@') != std::string::npos) {
        return Error{ErrorKind::config,
                     fmt::format("the GitHub API URL \"{}\" (from {}) names a user before the "
                                 "host",
                                 api.url, api.source),
                     "give the token in GH_TOKEN or GH_ENTERPRISE_TOKEN, not in the URL"};
    }
    api.url = strip_trailing_slashes(std::move(api.url));
    return api;
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

std::optional<Error> repository_mismatch(const Settings& s) {
    const std::string chosen = fmt::format("{}/{}", s.owner, s.repo);
    if (!s.profile_pins_repo || s.profile.repo.empty() ||
        ascii_lower(chosen) == ascii_lower(s.profile.repo)) {
        return std::nullopt;
    }
    return Error{ErrorKind::config,
                 fmt::format("{} describes the previews of {}, not of {} (from {})",
                             s.profile.source == "built-in defaults"     ? "the built-in profile"
                             : s.profile.source.starts_with("built-in ") ? "the " + s.profile.source
                                                                         : s.profile.source,
                             s.profile.repo, chosen, s.repo_source),
                 fmt::format("its ApplicationSet {}, namespaces and URL would be the wrong ones; "
                             "pass --config with a profile for {} (README: \"Configuration\"; "
                             "`preview profiles` lists the built-in ones), or leave out the other "
                             "repository",
                             s.profile.application_set, chosen)};
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
    s.github_api_url = api->url;
    s.github_host = host_of_api(s.github_api_url);
    s.github_host_from_profile = api->from_profile;

    s.workload_context = !flags.context.empty() ? flags.context : profile.cluster_context;
    s.argocd_context =
        !flags.argocd_context.empty() ? flags.argocd_context : profile.argocd_context;
    s.profile_pins_repo = !profile_from_file || profile.sets("repo");
    s.profile = std::move(profile);
    return s;
}

}  // namespace preview
