#include "preview/cli/refresh_command.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <utility>

#include <fmt/format.h>

#include "preview/cli/change_wait.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/core/action_wait.hpp"
#include "preview/core/intent.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/status.hpp"
#include "preview/gather/gather.hpp"
#include "preview/gather/object_reads.hpp"
#include "preview/render/style.hpp"

namespace preview {
namespace {

// Between looks where the cluster refuses watches.
constexpr std::chrono::milliseconds kPoll{500};
// Between looks at routes read through the Argo CD API server, which streams none: one GET per
// bumped route each time.
constexpr std::chrono::milliseconds kApiPoll{2000};

std::chrono::seconds seconds_or_throw(const std::string& text) {
    auto seconds = parse_duration(text);
    if (!seconds.ok()) {
        throw Failure{seconds.error()};
    }
    return std::chrono::seconds(*seconds);
}

// How one command waits for its change to take effect: what it reads, the watch that tells a
// change of it, and the pure step that judges it (core/action_wait.hpp).
template <class T>
struct ActionWait {
    std::function<VersionedRead<T>()> read;
    std::function<std::vector<WatchPoint>(const VersionedRead<T>&)> watch;
    std::function<ActionVerdict(const T&, bool time_is_up)> judge;
};

template <class T>
struct Judged {
    ActionVerdict verdict;
    T last;  ///< what the verdict was judged from
};

// Looks (reads, judges) and, while the verdict is `waiting`, waits for a change of what was read
// (a watch from its version, polling where watches are refused or fail; ChangeWaiter) and looks
// again. The first look is always made; `timeout` counts from before it and is then the session's
// deadline, which also bounds every later read. A read the deadline cut short is no look: the
// last one is judged with the time up. Any other read error ends the command with its kind (the
// snapshot's classification: 401 after one re-authorisation, 403 permission). Nullopt at Ctrl-C.
template <class T>
std::optional<Judged<T>> wait_for(const PreviewSession& p, AppContext& ctx,
                                  std::chrono::seconds timeout, const ActionWait<T>& how,
                                  std::chrono::milliseconds poll = kPoll) {
    const auto started = std::chrono::steady_clock::now();
    VersionedRead<T> first = how.read();
    if (!first.value.ok()) {
        throw Failure{first.value.error()};
    }
    T last = std::move(first.value.value());
    std::vector<WatchPoint> points = how.watch(first);
    const CommandDeadline& deadline = *p.session->deadline;
    p.session->deadline->set(started + timeout);
    ChangeWaiter waiter(p, ctx, poll);
    while (true) {
        const bool time_is_up = deadline.passed();
        ActionVerdict verdict = how.judge(last, time_is_up);
        if (verdict.step == ActionStep::waiting && time_is_up) {
            verdict.step = ActionStep::gave_up;  // a step that would wait past the deadline
        }
        if (verdict.step != ActionStep::waiting) {
            return Judged<T>{std::move(verdict), std::move(last)};
        }
        const auto woke = waiter.wait(points, [] {});
        if (woke == ChangeWaiter::Wake::interrupted) {
            return std::nullopt;
        }
        if (woke != ChangeWaiter::Wake::changed || deadline.passed()) {
            continue;  // nothing new to read: judge the last look again
        }
        VersionedRead<T> now = how.read();
        if (!now.value.ok()) {
            if (now.value.error().cut_by_deadline) {
                continue;
            }
            throw Failure{now.value.error()};
        }
        last = std::move(now.value.value());
        points = how.watch(now);
    }
}

ExitCode wait_for_refresh(const PreviewSession& p, const RefreshOptions& options,
                          std::chrono::seconds timeout, AppContext& ctx) {
    const auto start = std::chrono::steady_clock::now();
    const Sources src = p.session->sources();
    const ActionWait<std::optional<ApplicationSet>> how{
        [&] { return gather_application_set(src, p.targets); }, application_set_watch,
        [&](const std::optional<ApplicationSet>& set, bool time_is_up) {
            return refresh_step(set, p.targets, time_is_up, options.timeout);
        }};
    const auto judged = wait_for(p, ctx, timeout, how);
    if (!judged) {
        return ExitCode::interrupted;
    }
    if (judged->verdict.step == ActionStep::reached) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        ctx.out << fmt::format("The controller re-polled in {:.1f} s.\n",
                               static_cast<double>(ms.count()) / 1000.0);
        return ExitCode::ok;
    }
    const Error& why = *judged->verdict.error;
    if (why.kind != ErrorKind::timeout) {
        throw Failure{why};
    }
    print_error(ctx.err, why);
    return ExitCode::not_achieved;
}

void print_routes(const std::vector<HttpRoute>& routes, const std::vector<std::string>& bumped,
                  const TermStyle& style, AppContext& ctx) {
    for (const auto& route : routes) {
        if (std::find(bumped.begin(), bumped.end(), route.meta.name) == bumped.end()) {
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
}

// The bumps for the routes read, the warnings printed; throws when there is none to bump.
RouteBumps plan_bumps(const std::vector<HttpRoute>& routes, const std::vector<Application>& apps,
                      const PreviewSession& p, AppContext& ctx) {
    RouteBumps plan = plan_route_bumps(routes, apps, p.targets, ctx.now());
    for (const auto& warning : plan.warnings) {
        ctx.err << "warning: " << sanitize_line(warning, kMessageWidth) << '\n';
    }
    if (plan.names.empty()) {
        throw Failure{Error(
            ErrorKind::not_found,
            fmt::format("no HTTPRoute to bump in namespace {}", p.targets.namespace_name),
            "check that the preview is deployed: preview status " + std::to_string(p.pr.number))};
    }
    return plan;
}

void print_bumped(const std::vector<Intent>& bumps, AppContext& ctx) {
    for (const auto& m : bumps) {
        ctx.out << fmt::format("Bumped {} (reconcile-bump={}).\n", sanitize_line(kind_name(m)),
                               sanitize_line(m.value));
    }
}

// What the gateway controller says once it re-evaluated the bumped routes (or when the time is
// up), and the exit code it makes.
ExitCode wait_for_routes(const PreviewSession& p, AppContext& ctx, std::chrono::seconds timeout,
                         const ActionWait<std::vector<HttpRoute>>& how,
                         const std::vector<std::string>& names, std::chrono::milliseconds poll) {
    const auto judged = wait_for(p, ctx, timeout, how, poll);
    if (!judged) {
        return ExitCode::interrupted;
    }
    print_routes(judged->last, names, p.session->style, ctx);
    return judged->verdict.step == ActionStep::reached ? ExitCode::ok : ExitCode::not_achieved;
}

// Without a kube context for the workload cluster (design §8): the routes as the Applications'
// resource trees show them, each bump a resource patch through the Application whose tree holds
// the route, and the bumped routes' live objects polled (the API server streams none).
ExitCode bump_through_argocd_api(const PreviewSession& p, std::chrono::seconds timeout,
                                 AppContext& ctx) {
    const Session& s = *p.session;
    const Sources src = s.sources();
    ApiRoutes read = gather_http_routes_through_api(src, p.targets);
    if (!read.routes.ok()) {
        throw Failure{read.routes.error()};
    }
    if (!read.applications.ok()) {
        throw Failure{read.applications.error()};
    }
    const RouteBumps plan = plan_bumps(*read.routes, *read.applications, p, ctx);
    const RoutedChanges routed = s.route(plan.bumps, p.pr, p.targets, nullptr, &read.tree_apps);
    for (const auto& why : routed.unsent) {
        ctx.err << "Not sent: " << sanitize_line(why, kMessageWidth) << '\n';
    }
    if (routed.changes.empty()) {
        throw Failure{Error(ErrorKind::config, "no HTTPRoute bump could be sent")};
    }
    apply_changes(s, routed.changes, ctx);
    std::vector<Intent> sent;
    std::vector<std::string> names;
    for (const auto& change : routed.changes) {
        sent.push_back(change.intent);
        names.push_back(change.intent.object.name);
    }
    print_bumped(sent, ctx);
    std::vector<ApiRouteRef> refs;
    for (const auto& ref : read.refs) {
        if (std::find(names.begin(), names.end(), ref.name) != names.end()) {
            refs.push_back(ref);
        }
    }
    const ActionWait<std::vector<HttpRoute>> how{
        [&] { return reread_http_routes_through_api(src, p.targets, refs); },
        [](const VersionedRead<std::vector<HttpRoute>>&) { return std::vector<WatchPoint>{}; },
        [&](const std::vector<HttpRoute>& now, bool time_is_up) {
            return bump_step(now, names, time_is_up);
        }};
    return wait_for_routes(p, ctx, timeout, how, names, kApiPoll);
}

}  // namespace

ExitCode run_refresh(const RefreshOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = seconds_or_throw(options.timeout);
    auto session = open_session(flags, ctx, std::nullopt, true);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    // The ApplicationSet's names do not depend on a PR; any number renders them.
    const PrRef any{session.value()->settings.owner, session.value()->settings.repo, 1};
    auto targets = render_targets(session.value()->settings.profile, any, "");
    if (!targets.ok()) {
        throw Failure{targets.error()};
    }
    const PreviewSession p{std::move(session.value()), any, std::move(targets.value())};
    const Session& s = *p.session;
    const RoutedChanges routed =
        s.route({value_or_throw(refresh_application_set(p.targets))}, any, p.targets, nullptr);
    if (!routed.unsent.empty()) {
        throw Failure{Error(ErrorKind::config, routed.unsent.front(),
                            "set argocd.appsetWebhook to the ApplicationSet controller's "
                            "/api/webhook URL, or pass --argocd-context for the Argo CD cluster")};
    }
    apply_changes(s, routed.changes, ctx);
    if (!routed.changes.front().observable) {
        // The controller answers once the event is queued and reports nothing after: there is
        // no annotation of ours to watch disappear.
        ctx.out << fmt::format(
            "Sent a pull_request event to the ApplicationSet controller's webhook: it re-polls "
            "every ApplicationSet whose generator names {}/{}.\n",
            sanitize_line(any.owner), sanitize_line(any.repo));
        return ExitCode::ok;
    }
    ctx.out << fmt::format("Asked ApplicationSet {}/{} to re-poll its pull requests now.\n",
                           sanitize_line(p.targets.argocd_namespace),
                           sanitize_line(p.targets.application_set));
    if (options.no_wait) {
        return ExitCode::ok;
    }
    return wait_for_refresh(p, options, timeout, ctx);
}

ExitCode run_bump_route(const BumpOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = seconds_or_throw(options.timeout);
    const PreviewSession p = open_preview(options.pr, flags, ctx);
    const Session& s = *p.session;
    const Sources src = s.sources();
    if (workload_read_through_argocd_api(src)) {
        return bump_through_argocd_api(p, timeout, ctx);
    }
    auto routes = gather_http_routes(src, p.targets);
    if (!routes.value.ok()) {
        throw Failure{routes.value.error()};
    }
    auto apps = gather_applications(src, p.targets);
    if (!apps.ok()) {
        throw Failure{apps.error()};
    }
    const RouteBumps plan = plan_bumps(*routes.value, *apps, p, ctx);
    // Through the workload cluster's kube context, whatever the Argo CD source.
    apply_changes(s, through_kubernetes(s.sources(), plan.bumps, p.pr), ctx);
    print_bumped(plan.bumps, ctx);
    const ActionWait<std::vector<HttpRoute>> how{
        [&] { return gather_http_routes(src, p.targets); }, http_routes_watch,
        [&](const std::vector<HttpRoute>& now, bool time_is_up) {
            return bump_step(now, plan.names, time_is_up);
        }};
    return wait_for_routes(p, ctx, timeout, how, plan.names, kPoll);
}

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
