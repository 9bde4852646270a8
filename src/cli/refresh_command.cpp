#include "preview/cli/refresh_command.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>

#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/cli/wait.hpp"
#include "preview/core/appset_error.hpp"
#include "preview/core/argo_actions.hpp"
#include "preview/core/fix_plan.hpp"
#include "preview/core/kube_path.hpp"
#include "preview/core/mutation.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/shell_quote.hpp"
#include "preview/core/status.hpp"
#include "preview/gather/gather.hpp"
#include "preview/render/style.hpp"

namespace preview {
namespace {

constexpr std::chrono::milliseconds kPoll{500};

struct RefreshOptions {
    bool no_wait = false;
    std::string timeout = "30s";
};

struct BumpOptions {
    std::string pr;
    std::string timeout = "20s";
};

std::int64_t seconds_or_throw(const std::string& text) {
    auto seconds = parse_duration(text);
    if (!seconds.ok()) {
        throw Failure{seconds.error()};
    }
    return *seconds;
}

// Reads the ApplicationSet once; the controller has taken the refresh when the annotation is gone.
Result<ApplicationSet> read_application_set(const Session& s, const Targets& t) {
    auto refresh = refresh_application_set(t);
    if (!refresh.ok()) {
        return refresh.error();
    }
    auto request = s.argocd.ok() ? s.argocd->request("GET", refresh->api_path.str())
                                 : Result<HttpRequest>(s.argocd.error());
    if (!request.ok()) {
        return request.error();
    }
    auto outcome = s.http->perform(std::move(request.value()));
    if (!outcome.ok()) {
        return outcome.error();
    }
    if (outcome->status != 200) {
        return Error(ErrorKind::api, fmt::format("cannot read ApplicationSet {}: HTTP {}",
                                                 t.application_set, outcome->status));
    }
    return parse_application_set(outcome->body);
}

bool refresh_pending(const ApplicationSet& set) {
    return set.meta.annotations.count("argocd.argoproj.io/application-set-refresh") > 0;
}

// Why the refresh never completes (failure-modes B6): the controller removes the annotation only
// after generation succeeds, so its error condition is the answer (print_error sanitises).
Error refresh_blocked(const ApplicationSet& set, const Targets& t, const std::string& timeout) {
    const auto* err = appset_error_condition(set);
    const auto why = explain_appset_error(*err, set, {t.argocd_namespace}, 0);
    return Error(ErrorKind::timeout,
                 fmt::format("the refresh cannot complete within {}: ApplicationSet {} reports {} "
                             "(the controller removes the refresh annotation only after "
                             "generation succeeds)",
                             timeout, set.meta.name, appset_error_line(set)),
                 why.cause + (why.fix.empty() ? std::string() : "; fix: " + why.fix));
}

ExitCode run_refresh(const RefreshOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = seconds_or_throw(options.timeout);
    auto session = open_session(flags, ctx, std::nullopt, true);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    const Session& s = **session;
    // The ApplicationSet's names do not depend on a PR; any number renders them.
    const PrRef any{s.settings.owner, s.settings.repo, 1};
    auto targets = render_targets(s.settings.profile, any, "");
    if (!targets.ok()) {
        throw Failure{targets.error()};
    }
    const RoutedChanges routed =
        s.route({value_or_throw(refresh_application_set(*targets))}, any, nullptr);
    if (!routed.unsent.empty()) {
        throw Failure{Error(ErrorKind::config, routed.unsent.front(),
                            "set argocd.appsetWebhook to the ApplicationSet controller's "
                            "/api/webhook URL, or pass --argocd-context for the Argo CD cluster")};
    }
    apply_changes(s, any, routed.changes, ctx);
    if (routed.changes.front().kind == MutationKind::appset_webhook) {
        // The controller answers once the event is queued and reports nothing after: there is
        // no annotation of ours to watch disappear.
        ctx.out << fmt::format(
            "Sent a pull_request event to the ApplicationSet controller's webhook: it re-polls "
            "every ApplicationSet whose generator names {}/{}.\n",
            sanitize_line(any.owner), sanitize_line(any.repo));
        return ExitCode::ok;
    }
    ctx.out << fmt::format("Asked ApplicationSet {}/{} to re-poll its pull requests now.\n",
                           sanitize_line(targets->argocd_namespace),
                           sanitize_line(targets->application_set));
    if (options.no_wait) {
        return ExitCode::ok;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::seconds(timeout);
    std::optional<ApplicationSet> last;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!interruptible_sleep(ctx, kPoll)) {
            return ExitCode::interrupted;
        }
        auto set = read_application_set(s, *targets);
        if (!set.ok()) {
            throw Failure{set.error()};
        }
        last = std::move(set.value());
        if (!refresh_pending(*last)) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start);
            ctx.out << fmt::format("The controller re-polled in {:.1f} s.\n",
                                   static_cast<double>(ms.count()) / 1000.0);
            return ExitCode::ok;
        }
    }
    if (last && appset_error_condition(*last) != nullptr) {
        print_error(ctx.err, refresh_blocked(*last, *targets, options.timeout));
        return ExitCode::not_achieved;
    }
    print_error(
        ctx.err,
        Error(ErrorKind::timeout,
              fmt::format("the ApplicationSet controller has not taken the refresh within {} "
                          "(the annotation argocd.argoproj.io/application-set-refresh is "
                          "still set)",
                          options.timeout),
              "check that the applicationset-controller is running: " +
                  shell_command({"kubectl", "-n", targets->argocd_namespace, "get", "pods", "-l",
                                 "app.kubernetes.io/name=argocd-applicationset-controller"})));
    return ExitCode::not_achieved;
}

// The routes of the preview as they are now (one namespace-scoped list).
Result<std::vector<HttpRoute>> read_routes(const Session& s, const Targets& t) {
    auto path = KubePath::collection(GroupVersion{"gateway.networking.k8s.io", "v1"}, "httproutes",
                                     t.namespace_name);
    if (!path.ok()) {
        return path.error();
    }
    auto request = s.workload.ok() ? s.workload->request("GET", path->str())
                                   : Result<HttpRequest>(s.workload.error());
    if (!request.ok()) {
        return request.error();
    }
    auto outcome = s.http->perform(std::move(request.value()));
    if (!outcome.ok()) {
        return outcome.error();
    }
    if (outcome->status != 200) {
        return Error(ErrorKind::api, fmt::format("cannot list HTTPRoutes in namespace {}: HTTP {}",
                                                 t.namespace_name, outcome->status));
    }
    return parse_http_route_list(outcome->body);
}

ExitCode run_bump_route(const BumpOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = seconds_or_throw(options.timeout);
    const PreviewSession preview = open_preview(options.pr, flags, ctx);
    const Session& s = *preview.session;
    const PrRef& pr = preview.pr;
    const Targets& targets = preview.targets;
    auto routes = read_routes(s, targets);
    if (!routes.ok()) {
        throw Failure{routes.error()};
    }
    // Only the routes the profile names or the preview's Applications own: a route someone else
    // put in the namespace is not ours to touch.
    auto apps = gather_applications(s.sources(), targets);
    if (!apps.ok()) {
        throw Failure{apps.error()};
    }
    std::vector<std::string> names;
    std::vector<Mutation> bumps;
    for (const auto& route : *routes) {
        if (!in_preview_scope(*apps, targets, "gateway.networking.k8s.io", "HTTPRoute",
                              route.meta.name, targets.http_routes) ||
            std::find(names.begin(), names.end(), route.meta.name) != names.end()) {
            continue;
        }
        auto bump = bump_route(targets, route.meta.name, ctx.now());
        if (!bump.ok()) {
            ctx.err << "warning: " << sanitize_line(bump.error().message, kMessageWidth)
                    << '\n';  // an owned, invalid name: the server chose it
            continue;
        }
        names.push_back(route.meta.name);
        bumps.push_back(std::move(bump.value()));
    }
    if (names.empty()) {
        throw Failure{Error(
            ErrorKind::not_found,
            fmt::format("no HTTPRoute to bump in namespace {}", targets.namespace_name),
            "check that the preview is deployed: preview status " + std::to_string(pr.number))};
    }
    apply_changes(s, pr, bumps, ctx);
    for (const auto& m : bumps) {
        ctx.out << fmt::format("Bumped {} (reconcile-bump={}).\n", sanitize_line(m.kind_name),
                               sanitize_line(m.value));
    }

    // Give the gateway controller a moment to re-evaluate, then report what it says.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
    std::vector<HttpRoute> latest;
    bool healthy = false;
    do {
        if (!interruptible_sleep(ctx, kPoll)) {
            return ExitCode::interrupted;
        }
        auto now_routes = read_routes(s, targets);
        if (!now_routes.ok()) {
            throw Failure{now_routes.error()};
        }
        latest = std::move(now_routes.value());
        healthy = std::all_of(latest.begin(), latest.end(), [&](const HttpRoute& r) {
            const auto state = route_state(r);
            const bool bumped = std::find(names.begin(), names.end(), r.meta.name) != names.end();
            return !bumped || (state.accepted && state.resolved_refs);
        });
    } while (!healthy && std::chrono::steady_clock::now() < deadline);

    TermStyle style = s.style;
    for (const auto& route : latest) {
        if (std::find(names.begin(), names.end(), route.meta.name) == names.end()) {
            continue;
        }
        const auto state = route_state(route);
        const bool ok = state.accepted && state.resolved_refs;
        ctx.out << fmt::format("{} HTTPRoute {}: Accepted={}, ResolvedRefs={}{}\n",
                               mark(style, ok ? Tone::good : Tone::bad),
                               sanitize_line(route.meta.name), state.accepted ? "True" : "False",
                               state.resolved_refs ? "True" : "False",
                               ok ? "" : " (" + sanitize_line(state.message) + ")");
    }
    return healthy ? ExitCode::ok : ExitCode::not_achieved;
}

}  // namespace

void add_refresh_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<RefreshOptions>();
    auto* cmd = app.add_subcommand(
        "refresh",
        "Make the ApplicationSet re-poll its pull requests now (instead of at its next poll)");
    cmd->add_flag("--no-wait", options->no_wait, "Do not wait for the controller to take it");
    cmd->add_option("--timeout", options->timeout, "How long to wait (default 30s)");
    cmd->footer(
        "Sends one merge patch setting argocd.argoproj.io/application-set-refresh: \"true\"; the\n"
        "controller removes it when it has re-polled.\n\nExamples:\n  preview refresh\n"
        "  preview refresh --no-wait");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_refresh(*options, *flags, ctx); });
}

void add_bump_route_command(CLI::App& app, AppContext& ctx,
                            const std::shared_ptr<GlobalFlags>& flags,
                            const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<BumpOptions>();
    auto* cmd = app.add_subcommand(
        "bump-route", "Make the gateway re-evaluate the preview's HTTPRoutes (reconcile-bump)");
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")
        ->required();
    cmd->add_option("--timeout", options->timeout,
                    "How long to wait for Accepted/ResolvedRefs (default 20s)");
    cmd->footer(
        "Sets the annotation reconcile-bump=<unix seconds> (overwriting it) on each HTTPRoute,\n"
        "then reports Accepted and ResolvedRefs. Exit 1 when a route is still not resolved.\n\n"
        "Examples:\n  preview bump-route 42\n"
        "  preview bump-route 42 --timeout 1m --context dev");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_bump_route(*options, *flags, ctx); });
}

}  // namespace preview
