#include "preview/cli/session.hpp"

#include <filesystem>
#include <functional>
#include <iostream>
#include <string_view>
#include <vector>

#include "argocd_fallback.hpp"
#include <fmt/format.h>

#include "preview/cli/actions_mode.hpp"
#include "preview/core/argo_actions.hpp"
#include "preview/core/argocd_server.hpp"
#include "preview/core/builtin_profiles.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/gather/apply.hpp"
#include "preview/gather/argocd_sources.hpp"
#include "preview/io/bounded_file.hpp"
#include "preview/io/process.hpp"

#ifndef PREVIEW_VERSION
#define PREVIEW_VERSION "0.0.0"
#endif

namespace preview {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxProfileBytes = kMaxCredentialFileBytes;

// The top of the git checkout containing `dir` (a directory holding .git), if any.
std::optional<fs::path> git_top_level(fs::path dir) {
    std::error_code ec;
    for (; !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", ec)) {
            return dir;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return std::nullopt;
}

std::optional<PrRef> origin_repo(const AppContext& ctx) {
    ProcessSpec spec;
    spec.argv = {"git", "config", "--get", "remote.origin.url"};
    spec.stderr_mode = StderrMode::capture;
    spec.working_directory = ctx.working_directory;
    spec.timeout = std::chrono::seconds(5);
    auto result = run_process(spec);
    if (!result.ok() || !result->success()) {
        return std::nullopt;
    }
    std::string url = result->stdout_text;
    while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) {
        url.pop_back();
    }
    return repo_from_remote_url(url);
}

TlsOptions public_tls_from(const EnvMap& env) {
    TlsOptions tls;
    tls.ca_file = env_or_empty(env, "SSL_CERT_FILE");
    tls.ca_dir = env_or_empty(env, "SSL_CERT_DIR");
    return tls;
}

}  // namespace

Result<Profile> load_profile(const GlobalFlags& flags, const AppContext& ctx, bool& from_file) {
    from_file = false;
    fs::path explicit_path = flags.config_path;
    if (explicit_path.empty()) {
        explicit_path = env_or_empty(ctx.env, "PREVIEW_CONFIG");
    }
    std::vector<fs::path> candidates;
    if (explicit_path.empty()) {
        if (auto top = git_top_level(ctx.working_directory)) {
            candidates.push_back(*top / ".preview.yaml");
        }
        std::string xdg = env_or_empty(ctx.env, "XDG_CONFIG_HOME");
        if (xdg.empty() && !env_or_empty(ctx.env, "HOME").empty()) {
            xdg = env_or_empty(ctx.env, "HOME") + "/.config";
        }
        if (!xdg.empty()) {
            candidates.push_back(fs::path(xdg) / "preview" / "config.yaml");
        }
    }
    if (!explicit_path.empty()) {
        auto text = read_bounded_file(explicit_path.string(), kMaxProfileBytes);
        if (!text) {
            return Error(ErrorKind::config,
                         fmt::format("cannot read the profile {}: {}", explicit_path.string(),
                                     text.error().message),
                         "check --config / PREVIEW_CONFIG");
        }
        from_file = true;
        return parse_profile(*text, explicit_path.string());
    }
    for (const auto& path : candidates) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            continue;
        }
        auto text = read_bounded_file(path.string(), kMaxProfileBytes);
        if (!text) {
            return Error(ErrorKind::config, fmt::format("cannot read the profile {}: {}",
                                                        path.string(), text.error().message));
        }
        from_file = true;
        return parse_profile(*text, path.string());
    }
    return Profile{};
}

void apply_changes(const Session& session, const std::vector<Change>& changes, AppContext& ctx) {
    if (session.settings.verbose) {
        for (const auto& m : changes) {
            ctx.err << "# " << sanitize_line(m.command, kMessageWidth) << '\n';
        }
    }
    const auto results = send_changes(session.sources(), changes);
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].ok()) {
            continue;
        }
        // A multi-step change stops at its first failure: say what was done and what was not
        // (in the hint, so stderr keeps its "preview: " / "hint: " shape).
        Error error = results[i].error();
        if (changes.size() > 1) {
            std::string steps = fmt::format("step {} of {} failed", i + 1, changes.size());
            for (std::size_t done = 0; done < i; ++done) {
                steps += (done == 0 ? "; done: " : ", ") + changes[done].command;
            }
            for (std::size_t rest = i + 1; rest < changes.size(); ++rest) {
                steps += (rest == i + 1 ? "; not attempted: " : ", ") + changes[rest].command;
            }
            error.hint = error.hint.empty() ? steps : steps + "; " + error.hint;
        }
        throw Failure{std::move(error)};
    }
}

Sources Session::sources() const {
    return Sources{.http = *http,
                   .github = *github,
                   .argocd = *argocd_source,
                   .workload = workload,
                   .public_tls = public_tls,
                   .timeout = std::chrono::seconds(settings.request_timeout_seconds),
                   .registry_token = registry_token,
                   .registry_state = nullptr,
                   .argocd_api = argocd_api ? &*argocd_api : nullptr};
}

RoutedChanges Session::route(const std::vector<Intent>& intents, const PrRef& pr,
                             const Targets& targets,
                             const Observed<std::optional<ApplicationSet>>* appset,
                             const std::map<std::string, std::string>* tree_apps) const {
    ChangeRoute route = action_route;
    if (tree_apps != nullptr) {
        route.tree_apps = *tree_apps;
    }
    route.argocd_namespace = targets.argocd_namespace;
    return route_changes(sources(), intents, route, pr, appset);
}

namespace {

// The settings, credentials and endpoints, each choice where it is made; open_session then
// builds the Argo CD source from what they came to.
Result<std::unique_ptr<Session>> open_endpoints(const GlobalFlags& flags, AppContext& ctx,
                                                const std::optional<PrRef>& pr, bool need_kube,
                                                bool every_repository) {
    bool from_file = false;
    auto profile = load_profile(flags, ctx, from_file);
    if (!profile.ok()) {
        return profile.error();
    }
    // The git origin only matters when nothing else names the repository; asking git costs a
    // process start, so ask only then.
    std::optional<PrRef> origin;
    const bool repo_named = !flags.repo.empty() || !env_or_empty(ctx.env, "GH_REPO").empty() ||
                            profile->sets("repo") || (pr && !pr->owner.empty());
    if (!repo_named && !every_repository) {
        origin = origin_repo(ctx);
    }
    const auto resolve = [&](Profile chosen) -> Result<Settings> {
        auto settings = resolve_settings(flags, ctx.env, std::move(chosen), from_file, origin);
        if (settings.ok() && pr && !pr->owner.empty()) {
            settings->owner = pr->owner;
            settings->repo = pr->repo;
            settings->repo_source = "the PR reference";
        }
        return settings;
    };
    auto settings = resolve(std::move(profile.value()));
    if (!settings.ok()) {
        return settings.error();
    }
    if (!from_file) {
        // No file: the repository, however it was named, picks its built-in profile.
        const auto slug = fmt::format("{}/{}", settings->owner, settings->repo);
        if (const auto* builtin = builtin_profile_for(slug)) {
            auto chosen = load_builtin_profile(*builtin);
            if (!chosen.ok()) {
                return chosen.error();
            }
            settings = resolve(std::move(chosen.value()));
            if (!settings.ok()) {
                return settings.error();
            }
        }
    }
    if (flags.verbose) {
        ctx.err << "# profile: " << sanitize_line(settings->profile.source, kMessageWidth)
                << (from_file ? "" : " (no .preview.yaml found)") << '\n';
    }
    auto session = std::make_unique<Session>();
    session->settings = std::move(settings.value());
    // `list --all` serves every repository with its own names: no one repository to check.
    if (auto mismatch = repository_mismatch(session->settings); mismatch && !every_repository) {
        return *mismatch;
    }
    session->style.color = ctx.stdout_is_tty && !flags.no_color &&
                           ctx.env.find("NO_COLOR") == ctx.env.end() &&
                           env_or_empty(ctx.env, "TERM") != "dumb" && !actions_mode(ctx.env);
    session->public_tls = public_tls_from(ctx.env);

    HttpClientOptions http_options;
    http_options.user_agent = fmt::format("preview/{}", PREVIEW_VERSION);
    http_options.interrupted = ctx.interrupted;
    http_options.deadline = session->deadline;
    if (flags.verbose) {
        std::ostream* err = &ctx.err;
        http_options.log = [err](const std::string& line) {
            *err << sanitize_line(line, kMessageWidth) << '\n' << std::flush;
        };
    }
    session->http = ctx.http_client(std::move(http_options));
    session->github_token = resolve_github_token(ctx.env, session->settings.github_host,
                                                 session->settings.github_host_from_profile
                                                     ? GithubHostTrust::profile_only
                                                     : GithubHostTrust::user_named);
    if (session->settings.github_host == "github.com") {
        session->registry_token = session->github_token;
    } else {
        for (const char* name : {"GH_TOKEN", "GITHUB_TOKEN"}) {
            if (session->registry_token.empty()) {
                session->registry_token = env_or_empty(ctx.env, name);
            }
        }
    }
    session->github = std::make_unique<GithubClient>(
        session->settings.github_api_url, session->github_token,
        std::chrono::seconds(session->settings.request_timeout_seconds), session->public_tls);
    auto argocd_server =
        argocd_server_from(flags.argocd_server, ctx.env, session->settings.profile);
    if (!argocd_server.ok()) {
        return argocd_server.error();
    }
    if (argocd_server->has_value()) {
        auto endpoint = resolve_argocd_endpoint(
            **argocd_server, ctx.env, session->public_tls,
            std::chrono::seconds(session->settings.request_timeout_seconds));
        if (!endpoint.ok()) {
            return endpoint.error();
        }
        session->argocd_api = std::move(endpoint.value());
    }
    ChangeRoute& route = session->action_route;
    route.github_api_url = session->settings.github_api_url;
    if (const auto& webhook = session->settings.profile.appset_webhook; !webhook.empty()) {
        auto url = appset_webhook_url(webhook);
        if (!url.ok()) {
            return url.error();
        }
        route.appset_webhook = std::move(url.value());
    }
    session->appset_webhook_secret = env_or_empty(ctx.env, "PREVIEW_APPSET_WEBHOOK_SECRET");
    if (!need_kube) {
        return session;
    }

    auto kubeconfig = load_kubeconfig(kubeconfig_source_from_environment(flags.kubeconfig));
    if (!kubeconfig.ok()) {
        if (flags.argocd_context.empty() && argocd_api_or_cli_config(*session, ctx) &&
            workload_through_argocd_api(*session, flags, kubeconfig.error())) {
            return session;
        }
        return kubeconfig.error();
    }
    std::ostream* err = &ctx.err;
    auto warn = [err](const std::string& message) {
        *err << "warning: " << sanitize_line(message, kMessageWidth) << '\n';
    };
    if (!flags.argocd_context.empty() && kubeconfig->contexts.count(flags.argocd_context) == 0) {
        // Asked for by name: a typo must not switch the source to the argocd CLI's context.
        Error e = resolve_endpoint(*kubeconfig, flags.argocd_context, warn).error();
        e.message = "--argocd-context: " + e.message;
        return e;
    }
    KubeAuthOptions auth_options;
    auth_options.interrupted = ctx.interrupted;
    auth_options.deadline = session->deadline;
    // A credential plugin gets what a request gets (--request-timeout, 30 s by default).
    auth_options.exec_timeout = std::chrono::seconds(session->settings.request_timeout_seconds);
    session->workload =
        resolve_endpoint(*kubeconfig, session->settings.workload_context, warn, auth_options);
    if (!session->workload.ok()) {
        const Error why = session->workload.error();
        if (argocd_api_or_cli_config(*session, ctx) &&
            workload_through_argocd_api(*session, flags, why)) {
            // Both the workload namespace and Argo CD are now read through the API server.
            warn_profile_context_fallback(*kubeconfig, "cluster.context",
                                          session->settings.workload_context, &why,
                                          session->settings, *session->argocd_api, warn);
            if (flags.argocd_context.empty()) {
                warn_profile_context_fallback(*kubeconfig, "argocd.context",
                                              session->settings.argocd_context, nullptr,
                                              session->settings, *session->argocd_api, warn);
            }
            return session;
        }
        return session->workload.error();
    }
    const std::string argocd_context = session->settings.argocd_context.empty()
                                           ? session->workload->context
                                           : session->settings.argocd_context;
    if (session->argocd_api && session->settings.argocd_context.empty()) {
        // Reads go to the API server; nothing about Argo CD goes to the workload cluster.
        session->argocd = Error(
            ErrorKind::config,
            fmt::format("Argo CD is read through its API server {} (from {}), and no kube context "
                        "for the Argo CD cluster is set",
                        session->argocd_api->server.base_url, session->argocd_api->server.source),
            "pass --argocd-context (or set argocd.context) for what the Argo CD API cannot do");
    } else if (argocd_context == session->workload->context) {
        session->argocd = session->workload;
    } else {
        session->argocd = resolve_endpoint(*kubeconfig, argocd_context, warn, auth_options);
        // With a server named, its API reads Argo CD and this context only serves what the
        // API cannot do: the error waits for that.
        const bool server_named = session->argocd_api.has_value();
        if (!session->argocd.ok() && server_named && flags.argocd_context.empty()) {
            // The actions this context was for go through the API server instead.
            warn_profile_context_fallback(*kubeconfig, "argocd.context", argocd_context,
                                          &session->argocd.error(), session->settings,
                                          *session->argocd_api, warn);
        }
        if (!session->argocd.ok() && !server_named) {
            if (!argocd_api_or_cli_config(*session, ctx)) {
                return session->argocd.error();
            }
            if (flags.argocd_context.empty()) {
                warn_profile_context_fallback(*kubeconfig, "argocd.context", argocd_context,
                                              &session->argocd.error(), session->settings,
                                              *session->argocd_api, warn);
            }
            session->argocd = Error(
                ErrorKind::config,
                fmt::format("Argo CD is read through its API server {} (from {}): {}",
                            session->argocd_api->server.base_url,
                            session->argocd_api->server.source, session->argocd.error().message),
                "add that context to the kubeconfig for what the Argo CD API cannot do");
        }
    }
    for (auto* endpoint : {&session->workload, &session->argocd}) {
        if (!endpoint->ok()) {
            continue;
        }
        KubeEndpoint& ep = endpoint->value();
        ep.tls.ca_file = ep.tls.ca_pem.empty() ? session->public_tls.ca_file : "";
        ep.timeout = std::chrono::seconds(session->settings.request_timeout_seconds);
    }
    return session;
}

}  // namespace

Result<std::unique_ptr<Session>> open_session(const GlobalFlags& flags, AppContext& ctx,
                                              const std::optional<PrRef>& pr, bool need_kube,
                                              bool every_repository) {
    auto session = open_endpoints(flags, ctx, pr, need_kube, every_repository);
    if (!session.ok()) {
        return session;
    }
    Session& s = *session.value();
    // Known only now: the argocd CLI fallback may set the API server late (design §8).
    s.argocd_source = make_argocd_source(ArgocdEndpoints{
        .cluster = s.argocd,
        .server = s.argocd_api,
        .webhook = AppsetWebhookOptions{s.appset_webhook_secret, s.public_tls,
                                        std::chrono::seconds(s.settings.request_timeout_seconds)},
    });
    return session;
}

PreviewSession open_preview(const std::string& pr_text, const GlobalFlags& flags, AppContext& ctx) {
    auto ref = parse_pr_ref(pr_text);
    if (!ref.ok()) {
        throw Failure{ref.error()};
    }
    auto session = open_session(flags, ctx, *ref, true);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    PreviewSession p;
    p.session = std::move(session.value());
    p.pr = PrRef{p.session->settings.owner, p.session->settings.repo, ref->number};
    auto targets = render_targets(p.session->settings.profile, p.pr, "");
    if (!targets.ok()) {
        throw Failure{targets.error()};
    }
    p.targets = std::move(targets.value());
    return p;
}

}  // namespace preview
