#pragma once

#include <map>
#include <optional>
#include <string>

#include "preview/core/pr_ref.hpp"
#include "preview/core/profile.hpp"
#include "preview/core/result.hpp"

namespace preview {

/// Output formats of status, doctor and list.
enum class OutputFormat { table, json, yaml };

/// The global options as given on the command line (empty = not given).
struct GlobalFlags {
    std::string repo;
    std::string config_path;
    std::string kubeconfig;
    std::string context;
    std::string argocd_context;
    std::string argocd_server;  ///< --argocd-server: read Argo CD through its API server
    std::string github_api_url;
    OutputFormat output = OutputFormat::table;
    bool no_color = false;
    bool verbose = false;
    int request_timeout_seconds = 30;
};

/// The process environment as plain data (so precedence rules stay pure and testable).
using EnvMap = std::map<std::string, std::string>;

/// Returns the variable's value, or "" when unset.
std::string env_or_empty(const EnvMap& env, const std::string& name);

/// Everything a command needs to know, after applying flag > environment > profile > default.
struct Settings {
    Profile profile;
    std::string owner;           ///< repository owner
    std::string repo;            ///< repository name
    std::string repo_source;     ///< where the repository came from, for messages
    std::string github_api_url;  ///< without trailing slash
    std::string github_host;     ///< host the token belongs to (github.com for api.github.com)
    /// True when only the profile file named the API (no flag, GITHUB_API_URL or GH_HOST): that
    /// host must not receive GH_TOKEN / GITHUB_TOKEN (design §7).
    bool github_host_from_profile = false;
    /// True when the profile's names (ApplicationSet, namespace, URL, ...) belong to
    /// `profile.repo`: the built-in profile, or a file that sets `repo`. A file without `repo`
    /// describes whichever repository the command is pointed at.
    bool profile_pins_repo = false;
    std::string workload_context;  ///< empty = the kubeconfig's current context
    std::string argocd_context;    ///< empty = the workload context
    OutputFormat output = OutputFormat::table;
    bool verbose = false;
    int request_timeout_seconds = 30;
};

/// Applies the precedence rules of design §2. The GitHub API URL must be https:// without user
/// information (ErrorKind::config otherwise, naming where it came from). `origin_repo` is the git
/// origin remote's OWNER/REPO when known. The PR reference's own repository (OWNER/REPO#N) is
/// applied later by the caller.
Result<Settings> resolve_settings(const GlobalFlags& flags, const EnvMap& env, Profile profile,
                                  bool profile_from_file, const std::optional<PrRef>& origin_repo);

/// The error when the chosen repository (after the PR reference's own, if any) is not the one
/// the profile's names belong to: `-R homerun2-led-catcher` with core-catcher's profile would
/// look for core-catcher's ApplicationSet and namespaces and report them as led-catcher's.
std::optional<Error> repository_mismatch(const Settings& s);

/// The repository named by a git remote URL (https://github.com/o/r.git, git@github.com:o/r.git,
/// ssh://git@host/o/r), or nullopt.
std::optional<PrRef> repo_from_remote_url(std::string_view url);

}  // namespace preview
