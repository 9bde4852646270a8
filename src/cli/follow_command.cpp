#include "preview/cli/follow_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/cli/actions_mode.hpp"
#include "preview/cli/change_wait.hpp"
#include "preview/cli/closed_pull_request.hpp"
#include "preview/cli/comment_command.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/progress.hpp"
#include "preview/cli/session.hpp"
#include "preview/cli/usage.hpp"
#include "preview/cli/wait.hpp"
#include "preview/core/appset_error.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/follow.hpp"
#include "preview/core/intent.hpp"
#include "preview/core/revision.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/status_report.hpp"
#include "preview/core/time.hpp"
#include "preview/core/timeline.hpp"
#include "preview/gather/gather.hpp"
#include "preview/io/conditional_client.hpp"
#include "preview/render/doctor_render.hpp"
#include "preview/render/style.hpp"
#include "preview/render/timeline_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

constexpr std::int64_t kRefreshWarnAfter = 30;  // seconds until a pending refresh is suspicious

Snapshot snapshot_of(const PreviewSession& p, AppContext& ctx) {
    GatherOptions gather;
    gather.route_claims =
        true;  // the judgement status makes: another route's hostname is not ready
    Snapshot snap = gather_snapshot(p.session->sources(), p.session->settings.profile, p.pr,
                                    p.targets, ctx.now(), gather);
    if (!snap.pr.ok()) {
        throw Failure{snap.pr.error()};
    }
    return snap;
}

std::string applied_note(const PreviewSession& p, const Change& c) {
    const Intent& m = c.intent;
    if (m.kind == IntentKind::add_label || m.kind == IntentKind::remove_label) {
        return fmt::format("{} the \"{}\" label {} #{}.",
                           m.kind == IntentKind::add_label ? "Added" : "Removed", m.label,
                           m.kind == IntentKind::add_label ? "to" : "from", p.pr.number);
    }
    if (!c.via.empty()) {
        return fmt::format("Asked {} to re-poll ({}).", kind_name(m), c.via);
    }
    return fmt::format("Asked {} to re-poll.", kind_name(m));
}

// Sends the changes the way this session acts on Argo CD; says what it cannot send (the
// ApplicationSet refresh without Kubernetes or a webhook) and when that happens anyway.
void apply_and_report(const PreviewSession& p, const std::vector<Intent>& intents,
                      const Snapshot& first, AppContext& ctx, Progress& progress) {
    const RoutedChanges routed = p.session->route(intents, p.pr, p.targets, &first.application_set);
    for (const auto& why : routed.unsent) {
        progress.note(why + ".");
    }
    if (routed.changes.empty()) {
        return;
    }
    apply_changes(*p.session, routed.changes, ctx);
    for (const auto& m : routed.changes) {
        progress.note(applied_note(p, m), {{"command", m.command}});
    }
}

// The doctor's findings that explain why the goal was not reached (failures and warnings). For a
// teardown only the namespace check speaks: the others judge a preview that should exist.
// With the deadline passed there is no time for a fresh look: the last snapshot is judged.
// Returns the snapshot it judged.
Snapshot print_findings(const PreviewSession& p, Goal goal, const Snapshot& last, AppContext& ctx) {
    GatherOptions gather;
    gather.previous_logs = true;
    gather.route_causes = true;
    gather.follow_up = true;
    Snapshot snap = p.session->deadline->passed()
                        ? last
                        : gather_snapshot(p.session->sources(), p.session->settings.profile, p.pr,
                                          p.targets, ctx.now(), gather);
    std::vector<Finding> ran;  // what judges this goal; of those, the ones needing attention
    std::vector<Finding> relevant;
    for (auto& f : diagnose(snap, p.session->settings.profile)) {
        if (goal == Goal::ready || f.id == "namespace") {
            if (f.status == CheckStatus::fail || f.status == CheckStatus::warn) {
                relevant.push_back(f);
            }
            ran.push_back(std::move(f));
        }
    }
    if (relevant.empty()) {
        return snap;
    }
    if (p.session->settings.output == OutputFormat::json) {
        ctx.out << render_json_line(doctor_json(snap, relevant));
    } else {
        ctx.out << '\n'
                << render_doctor_table(snap, relevant, p.session->style, summarize_findings(ran));
    }
    ctx.out << std::flush;
    return snap;
}

// `started` is when the command started (Unix seconds), `timeout` counts from there, as the
// session's deadline does. `judged` gets the snapshot the outcome was judged from.
ExitCode follow(const PreviewSession& p, Goal goal, const FollowCommandOptions& options,
                std::int64_t started, std::int64_t timeout, AppContext& ctx, Progress& progress,
                std::optional<Snapshot>& judged) {
    FollowOptions follow_options;
    follow_options.timeout_seconds = timeout;
    FollowState state;
    state.started = started;
    bool refresh_warned = false;
    const auto interval = std::chrono::milliseconds(
        static_cast<std::int64_t>(std::llround(options.interval_seconds * 1000)));
    const CommandDeadline& deadline = *p.session->deadline;
    // Repeated GitHub reads go out conditionally: an unchanged answer is a 304, free of the
    // rate limit.
    p.session->http =
        make_conditional_client(std::move(p.session->http), p.session->github->api_base());
    ChangeWaiter waiter(p, ctx, interval);
    std::optional<Snapshot> last;
    bool waited = false;  // the follow saw the preview on its way, so "URL healthy" is live
    bool quiet = false;   // the last wait saw no change: judge the last snapshot again
    while (true) {
        Snapshot snap;
        if (last && deadline.passed()) {
            // No time left for another poll (every request would fail at once): judge the last
            // one, now that its time is up.
            snap = std::move(*last);
            snap.now = std::max(ctx.now(), started + timeout);
        } else if (last && quiet) {
            // Nothing changed, but time passed: grace periods and the refresh warning move.
            snap = std::move(*last);
            snap.now = ctx.now();
        } else {
            snap = snapshot_of(p, ctx);
        }
        if (interrupted(ctx)) {
            return ExitCode::interrupted;
        }
        std::optional<PhaseEvent> entered;
        const auto outcome =
            follow_step(state, snap, p.session->settings.profile, goal, follow_options, &entered);
        if (entered) {
            progress.phase(*entered);
        }
        const std::int64_t elapsed = snap.now - state.started;
        if (!refresh_warned && !options.no_refresh && elapsed >= kRefreshWarnAfter &&
            snap.application_set.ok() && snap.application_set->has_value() &&
            (*snap.application_set)
                ->meta.annotations.count("argocd.argoproj.io/application-set-refresh")) {
            refresh_warned = true;
            const ApplicationSet& set = **snap.application_set;
            if (appset_error_condition(set) != nullptr) {
                // The controller removes the annotation only after generation succeeds (B6).
                progress.note(fmt::format(
                    "warning: the refresh cannot complete: ApplicationSet {} reports {}",
                    set.meta.name, appset_error_line(set)));
            } else {
                progress.note(fmt::format(
                    "warning: the ApplicationSet controller has not taken the refresh after {} s; "
                    "the {} at its next regular poll (within {} s)",
                    elapsed, goal == Goal::ready ? "preview appears" : "teardown starts",
                    appset_poll_seconds(set)));
            }
        }
        switch (outcome) {
            case FollowOutcome::waiting:
                waited = true;
                break;
            case FollowOutcome::reached:
                if (goal == Goal::ready) {
                    const std::string rolled = state.rolled_from.empty()
                                                   ? std::string()
                                                   : fmt::format(" (rolled from {} to {})",
                                                                 short_commit(state.rolled_from),
                                                                 short_commit(state.head_sha));
                    // The label events are read once, here, not on every poll.
                    snap.label_events = gather_label_events(p.session->sources(), p.pr);
                    const Timeline timeline = timeline_of(snap, {p.targets.label, waited});
                    progress.done("ready",
                                  fmt::format("Preview #{} is ready after {}{}: {}", p.pr.number,
                                              format_duration(elapsed), rolled, p.targets.url),
                                  elapsed, p.targets.url, &timeline);
                } else {
                    progress.done("gone",
                                  fmt::format("Preview #{} is gone after {}.", p.pr.number,
                                              format_duration(elapsed)),
                                  elapsed);
                }
                judged = snap;
                return ExitCode::ok;
            case FollowOutcome::failed:
            case FollowOutcome::timed_out: {
                progress.done(outcome == FollowOutcome::failed ? "failed" : "timeout",
                              fmt::format("Preview #{}: {}", p.pr.number, state.failure), elapsed);
                judged = print_findings(p, goal, snap, ctx);
                // What could not be read is reported as such (exit 4, or 3 for credentials):
                // never as "does not exist yet".
                return outcome == FollowOutcome::timed_out
                           ? worse(ExitCode::not_achieved,
                                   report_snapshot_errors(snap, ctx.err, /*deadline_reached=*/true))
                           : ExitCode::not_achieved;
            }
        }
        // Wait for a change (watches; GitHub and the URL re-read only while pending), keeping
        // the spinner and elapsed time alive on a terminal; never past the deadline.
        last = std::move(snap);
        const auto woke = waiter.wait(*last, poll_needs(*last, p.session->settings.profile, goal),
                                      [&] { progress.tick(ctx.now() - state.started); });
        if (woke == ChangeWaiter::Wake::interrupted) {
            return ExitCode::interrupted;
        }
        quiet = woke == ChangeWaiter::Wake::elapsed;
    }
}

// What a Ctrl-C leaves behind: the label change stays, and Argo CD goes on acting on it.
std::string interrupted_note(const PreviewSession& p, Goal goal) {
    const int n = p.pr.number;
    const std::string& label = p.targets.label;
    if (goal == Goal::ready) {
        return fmt::format(
            "Interrupted. The \"{}\" label stays on #{}, so its preview keeps coming up.\n"
            "To remove it: preview down {}  (or: gh pr edit {} --remove-label {})",
            label, n, n, n, label);
    }
    return fmt::format(
        "Interrupted. The \"{}\" label stays removed from #{}, so the teardown goes on.\n"
        "To follow it again: preview down {}; to bring the preview back: preview up {}",
        label, n, n, n);
}

ExitCode follow_interruptibly(const PreviewSession& p, Goal goal,
                              const FollowCommandOptions& options, std::int64_t started,
                              std::int64_t timeout, AppContext& ctx, Progress& progress,
                              std::optional<Snapshot>& judged) {
    try {
        const ExitCode code = follow(p, goal, options, started, timeout, ctx, progress, judged);
        if (code == ExitCode::interrupted) {
            progress.interrupted(interrupted_note(p, goal));
        }
        return code;
    } catch (const Failure& failure) {
        if (failure.error.kind == ErrorKind::interrupted) {
            progress.interrupted(interrupted_note(p, goal));
        }
        throw;
    }
}

std::int64_t timeout_or_throw(const std::string& text) {
    auto seconds = parse_duration(text);
    if (!seconds.ok()) {
        throw Failure{seconds.error()};
    }
    return *seconds;
}

ExitCode bring_up(const PreviewSession& p, const FollowCommandOptions& options,
                  std::int64_t timeout, AppContext& ctx, std::optional<Snapshot>& judged) {
    const std::int64_t started = ctx.now();
    Progress progress(ctx, p.session->settings.output == OutputFormat::json,
                      ctx.stdout_is_tty && !actions_mode(ctx.env), p.session->style);
    Snapshot first = snapshot_of(p, ctx);
    const PullRequest& pr = *first.pr;
    if (pr.state != "open") {
        throw Failure{closed_pull_request_error(pr)};
    }
    if (phase_of(first, p.session->settings.profile).phase == Phase::ready) {
        progress.done("ready",
                      fmt::format("Preview #{} is already ready: {}", pr.number, p.targets.url), 0,
                      p.targets.url);
        judged = std::move(first);
        return ExitCode::ok;
    }
    std::vector<Intent> intents;
    if (!has_label(pr, p.targets.label)) {
        intents.push_back(add_label(p.targets.label));
    }
    if (!options.no_refresh) {
        intents.push_back(value_or_throw(refresh_application_set(p.targets)));
    }
    apply_and_report(p, intents, first, ctx, progress);
    if (options.no_wait) {
        return ExitCode::ok;
    }
    return follow_interruptibly(p, Goal::ready, options, started, timeout, ctx, progress, judged);
}

}  // namespace

// --comment and Actions mode tell how `up` ended, whatever the result (not after Ctrl-C), from
// the snapshot that result was judged from: no extra reads unless nothing was followed.
ExitCode run_up(const FollowCommandOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = timeout_or_throw(options.timeout);
    PreviewSession p = open_preview(options.pr, flags, ctx);
    p.session->deadline->set(std::chrono::steady_clock::now() + std::chrono::seconds(timeout));
    std::optional<Snapshot> judged;
    const ExitCode code = bring_up(p, options, timeout, ctx, judged);
    if (code == ExitCode::interrupted || (!options.comment && !actions_mode(ctx.env))) {
        return code;
    }
    Snapshot snap = judged ? std::move(*judged) : snapshot_of(p, ctx);
    // Already ready, or not ready: the follow read no label events, and the timeline's longest
    // wait (comment, job summary) needs "label added".
    if (!snap.label_events.ok() && snap.label_events.error().not_gathered) {
        snap.label_events = gather_label_events(p.session->sources(), p.pr);
    }
    const Profile& profile = p.session->settings.profile;
    const StatusReport report = status_report_of(snap, profile);
    const auto findings = diagnose(snap, profile);
    publish_to_actions(snap, report, findings, ctx);
    if (!options.comment) {
        return code;
    }
    return worse(code, post_status_comment(p, snap, report, findings, ctx, ctx.err));
}

ExitCode run_down(const FollowCommandOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = timeout_or_throw(options.timeout);
    PreviewSession p = open_preview(options.pr, flags, ctx);
    const std::int64_t started = ctx.now();
    p.session->deadline->set(std::chrono::steady_clock::now() + std::chrono::seconds(timeout));
    Progress progress(ctx, p.session->settings.output == OutputFormat::json,
                      ctx.stdout_is_tty && !actions_mode(ctx.env), p.session->style);
    Snapshot first = snapshot_of(p, ctx);
    std::vector<Intent> intents;
    if (has_label(*first.pr, p.targets.label)) {
        intents.push_back(remove_label(p.targets.label));
    } else {
        progress.note(fmt::format("PR #{} has no \"{}\" label; nothing to remove.", p.pr.number,
                                  p.targets.label));
    }
    const Phase phase = phase_of(first, p.session->settings.profile).phase;
    const bool anything_left = phase != Phase::gone && phase != Phase::not_requested;
    if (!options.no_refresh && anything_left) {
        intents.push_back(value_or_throw(refresh_application_set(p.targets)));
    }
    apply_and_report(p, intents, first, ctx, progress);
    if (options.no_wait) {
        return ExitCode::ok;
    }
    std::optional<Snapshot> judged;
    return follow_interruptibly(p, Goal::gone, options, started, timeout, ctx, progress, judged);
}

namespace {

CLI::App* add_follow_options(CLI::App* cmd, const std::shared_ptr<FollowCommandOptions>& options) {
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")
        ->required();
    cmd->add_flag("--no-refresh", options->no_refresh,
                  "Do not ask the ApplicationSet to re-poll (wait for its own poll)");
    cmd->add_flag("--no-wait", options->no_wait, "Make the change and return");
    cmd->add_option("--timeout", options->timeout, "Give up after this long (e.g. 90s, 15m)")
        ->capture_default_str();
    cmd->add_option("--interval", options->interval_seconds,
                    "Seconds between polls where the cluster refuses watches, 0.1 to 600")
        ->type_name("SECONDS")
        ->check(seconds_between("interval", 0.1, 600))
        ->capture_default_str();
    return cmd;
}

}  // namespace

void add_up_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                    const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<FollowCommandOptions>();
    options->timeout = "15m";
    auto* cmd = add_follow_options(
        app.add_subcommand("up", "Label the PR, make Argo CD re-poll now, follow it until ready"),
        options);
    cmd->footer(
        "Adds the gate label (only when missing), refreshes the ApplicationSet, then follows the\n"
        "phases with their elapsed time and prints the URL. On failure or timeout it prints the\n"
        "doctor's findings and exits 1.\n\nExamples:\n  preview up 42\n"
        "  preview up 42 --timeout 20m -o json\n"
        "  preview up 42 --comment");
    cmd->add_flag("--comment", options->comment,
                  "When it ends, whatever the result, create or update the PR's status comment");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_up(*options, *flags, ctx); });
}

void add_down_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<FollowCommandOptions>();
    options->timeout = "10m";
    auto* cmd = add_follow_options(
        app.add_subcommand("down", "Remove the label and follow the teardown until it is gone"),
        options);
    cmd->footer(
        "Removes only the gate label, refreshes the ApplicationSet, and follows the teardown. If\n"
        "the namespace stays Terminating it names what blocks it and exits 1. It never deletes\n"
        "anything and never removes finalizers.\n\nExamples:\n  preview down 42\n"
        "  preview down 42 --no-wait\n"
        "  preview down 42 --timeout 20m -o json");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_down(*options, *flags, ctx); });
}

}  // namespace preview
