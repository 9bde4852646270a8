#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preview/core/pr_ref.hpp"
#include "preview/core/result.hpp"

namespace preview {

/// One header of the smoke test's send request; `value` may name environment variables as
/// `${VAR}` (the only place a profile reads the environment: tokens never live in a file).
struct SmokeHeader {
    std::string name;
    std::string value;
};

/// The profile's `smoke:` section: how `preview smoke` proves that data flows end to end. Every
/// template may use {number}, {owner}, {repo} and {title} (a unique title made for each run).
struct SmokeSpec {
    std::string send_url;  ///< https:// on the preview's own host (or a sibling of it)
    std::string send_method = "POST";
    std::vector<SmokeHeader> send_headers;
    std::string send_body;
    std::string expect_url;                   ///< polled until the message shows up
    std::string expect_contains = "{title}";  ///< what the answer must contain
    /// When set, the answer is a JSON array (or one object) and an element's field at this
    /// dotted path must equal `expect_contains`; else a plain substring search.
    std::string expect_field;
    int timeout_seconds = 30;
};

/// The `.preview.yaml` profile. Every field has the homerun2 core-catcher default; templates may
/// use {number}, {sha}, {short_sha}, {owner} and {repo}.
struct Profile {
    std::string source = "built-in defaults";  ///< the file it came from, for messages
    /// True for a profile compiled into the binary (the defaults, the built-in profiles); false
    /// for one read from a file, which may come from a repository checkout (design §7).
    bool builtin = true;

    std::string repo = "stuttgart-things/homerun2-core-catcher";
    std::string label = "preview";
    std::string github_api_url;  ///< empty = not set in the file
    std::vector<std::string> required_checks = {"build-pr", "push-kustomize"};
    /// The login whose marked comment is the sticky preview comment; empty = any GitHub App.
    std::string comment_author;

    std::string argocd_context;
    std::string argocd_namespace = "argocd";
    std::string application_set = "homerun2-core-catcher-pr-preview";
    std::string application = "homerun2-core-catcher-pr-{number}";
    std::string pr_label = "homerun2.stuttgart-things.com/pr";
    /// The Argo CD API server (design §8), as the argocd CLI's --server takes it; empty = none.
    std::string argocd_server;
    std::string argocd_root_path;    ///< --grpc-web-root-path: a path prefix of the API
    bool argocd_insecure = false;    ///< skip TLS verification of the Argo CD server
    bool argocd_plain_text = false;  ///< http:// instead of https:// (the token in the clear)
    /// The ApplicationSet controller's /api/webhook URL (design §8): the only way to refresh the
    /// ApplicationSet without Kubernetes; empty = none.
    std::string appset_webhook;

    std::string cluster_context;
    std::string namespace_template = "homerun2-core-catcher-pr-{number}";

    std::string url = "https://cc-pr-{number}.homerun2-dev.sthings-vsphere.labul.sva.de";
    std::string health_path = "/health";
    std::vector<std::string> http_routes = {"homerun2-core-catcher"};
    std::vector<std::string> external_secrets = {"homerun2-omni-pitcher-token",
                                                 "homerun2-omni-pitcher-redis", "redis-stack-auth",
                                                 "homerun2-core-catcher-redis"};
    std::string seed_job = "seed-test-events";
    std::vector<std::string> artifacts = {
        "ghcr.io/stuttgart-things/homerun2-core-catcher:pr-{number}-{sha}",
        "ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:pr-{number}-{sha}"};
    /// Absent when the profile has no `smoke:` section (`preview smoke` then exits 2).
    std::optional<SmokeSpec> smoke;

    /// The keys the file sets, by full path ("argocd.context") with their 1-based line, so callers
    /// can tell "set in the file" from "default" (flag > env > file > default) and messages can
    /// point at the line.
    std::map<std::string, int, std::less<>> key_lines;

    /// True when the file sets `key_path` ("repo", "cluster.context", ...).
    bool sets(std::string_view key_path) const {
        return key_lines.find(key_path) != key_lines.end();
    }
};

/// Parses a profile from YAML text. Keys not in design §3 are an ErrorKind::config error that
/// names the key, its line and `source_name`; so are wrong types (a string where a list belongs),
/// malformed YAML and malformed templates. A null value (`url:`) means the same as empty.
/// `repo` is normalised to "OWNER/REPO" (`repo: ""` = not set); `github.apiUrl` loses trailing '/'.
Result<Profile> parse_profile(std::string_view yaml_text, std::string_view source_name);

/// The profile's names rendered for one PR.
struct Targets {
    int number = 0;
    std::string label;
    std::string argocd_namespace;
    std::string application_set;
    std::string application;
    std::string pr_label;        ///< label key on child Applications
    std::string pr_label_value;  ///< its value: the PR number
    std::string namespace_name;
    std::string url;         ///< empty when the profile has no URL
    std::string health_url;  ///< url + health path; empty when no URL
    std::vector<std::string> http_routes;
    std::vector<std::string> external_secrets;
    std::string seed_job;
    std::vector<std::string> artifacts;  ///< empty until the head SHA is known
};

/// Replaces {number}, {sha}, {short_sha} (first 8 of the SHA), {owner}, {repo}. An unknown
/// placeholder or an unclosed '{' is an ErrorKind::config error naming it; so is a placeholder
/// whose value is empty (no SHA yet, no repository), rather than rendering a wrong name.
Result<std::string> render_template(std::string_view tmpl, const PrRef& pr, std::string_view sha);

/// Renders every name for `pr` and checks each against Kubernetes naming rules (namespace: DNS-1123
/// label; objects: DNS-1123 subdomain; label key: qualified name) before any request is sent.
/// With an empty `sha`, artifacts stay empty. Errors are ErrorKind::config and name the profile
/// key, the rendered value and the rule.
Result<Targets> render_targets(const Profile& profile, const PrRef& pr, std::string_view sha);

}  // namespace preview
