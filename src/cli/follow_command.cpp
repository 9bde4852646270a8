#include "preview/cli/follow_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/cli/closed_pull_request.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/cli/usage.hpp"
#include "preview/cli/wait.hpp"
#include "preview/core/appset_error.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/follow.hpp"
#include "preview/core/mutation.hpp"
#include "preview/core/revision.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/time.hpp"
#include "preview/core/timeline.hpp"
#include "preview/gather/gather.hpp"
#include "preview/render/doctor_render.hpp"
#include "preview/render/style.hpp"
#include "preview/render/timeline_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

constexpr std::int64_t kRefreshWarnAfter = 30;  // seconds until a pending refresh is suspicious
constexpr std::chrono::milliseconds kTick{200};

struct FollowCommandOptions {
    std::string pr;
    bool no_refresh = false;
    bool no_wait = false;
    std::string timeout;
    double interval_seconds = 5;
};

/// Prints progress. On a terminal: the phases passed, each with its duration, and the current one
/// redrawn in place with a spinner. Otherwise one line per phase entered (readable in CI logs), or
/// one JSON object per line with -o json.
class Progress {
  public:
    Progress(AppContext& ctx, bool json, bool live, TermStyle style)
        : ctx_(ctx), json_(json), live_(live && !json), style_(style) {}

    void note(const std::string& what, const nlohmann::ordered_json& extra = {}) {
        if (json_) {
            nlohmann::ordered_json event = {{"event", "note"}, {"message", what}};
            event.update(extra);
            ctx_.out << render_json_line(event) << std::flush;
            return;
        }
        clear_live_line();
        ctx_.out << sanitize_line(what, kMessageWidth) << '\n' << std::flush;
        draw();
    }

    void phase(const PhaseEvent& e) {
        if (json_) {
            ctx_.out << render_json_line({{"event", "phase"},
                                          {"phase", phase_name(e.phase)},
                                          {"reason", e.reason},
                                          {"elapsedSeconds", e.at}})
                     << std::flush;
            return;
        }
        if (!live_) {
            ctx_.out << fmt::format("[{:>6}] {:<19} {}\n", format_duration(e.at),
                                    phase_name(e.phase), sanitize_line(e.reason, kMessageWidth))
                     << std::flush;
            return;
        }
        finish_current(e.at);
        current_ = e;
        draw();
    }

    /// Redraws the live line (spinner and elapsed time); a no-op when not on a terminal.
    void tick(std::int64_t elapsed) {
        elapsed_ = elapsed;
        ++frame_;
        draw();
    }

    /// The last event; with a timeline (ready), where the minutes went: in the JSON event,
    /// or as lines after the message.
    void done(std::string_view event, const std::string& message, std::int64_t elapsed,
              const std::string& url = {}, const Timeline* timeline = nullptr) {
        if (json_) {
            nlohmann::ordered_json out = {
                {"event", event}, {"message", message}, {"elapsedSeconds", elapsed}};
            if (!url.empty()) {
                out["url"] = url;
            }
            if (timeline != nullptr) {
                out["timeline"] = timeline_json(*timeline);
                out["biggestWait"] = biggest_wait_json(*timeline);
            }
            ctx_.out << render_json_line(out) << std::flush;
            return;
        }
        if (live_) {
            finish_current(elapsed, event == "ready" || event == "gone");
        }
        ctx_.out << sanitize_line(message, kMessageWidth) << '\n'
                 << (timeline != nullptr ? render_timeline_lines(*timeline, style_) : "")
                 << std::flush;
    }

    /// Ctrl-C: ends the live line (so the shell prompt starts on its own line), then says what
    /// the change already made means now.
    void interrupted(const std::string& message) {
        if (json_) {
            ctx_.out
                << nlohmann::ordered_json{{"event", "interrupted"}, {"message", message}}.dump()
                << '\n'
                << std::flush;
        } else {
            finish_current(elapsed_, false);
            ctx_.out << std::flush;
        }
        ctx_.err << message << '\n' << std::flush;
    }

  private:
    // A live line must not wrap, or "\r" no longer returns to its start.
    static std::string shorten(const std::string& text) {
        constexpr std::size_t kMax = 72;
        return sanitize_line(text, kMax);
    }

    void clear_live_line() {
        if (live_ && current_) {
            ctx_.out << "\r\x1b[2K";
        }
    }

    void draw() {
        if (!live_ || !current_) {
            return;
        }
        static constexpr const char* kSpinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼",
                                                   "⠴", "⠦", "⠧", "⠇", "⠏"};
        clear_live_line();
        ctx_.out << fmt::format(
                        "{} {:<19} {}  {}", paint(style_, Tone::accent, kSpinner[frame_ % 10]),
                        phase_name(current_->phase), shorten(current_->reason),
                        paint(style_, Tone::muted,
                              format_duration(std::max<std::int64_t>(0, elapsed_ - current_->at))))
                 << std::flush;
    }

    // Replaces the live line of the phase just left by its final line with its duration.
    void finish_current(std::int64_t now, bool reached_goal = true) {
        if (!current_) {
            return;
        }
        clear_live_line();
        ctx_.out << fmt::format("{} {:<19} {}\n",
                                mark(style_, reached_goal ? Tone::good : Tone::bad),
                                phase_name(current_->phase),
                                paint(style_, Tone::muted, format_duration(now - current_->at)));
        current_.reset();
    }

    AppContext& ctx_;
    bool json_;
    bool live_;
    TermStyle style_;
    std::optional<PhaseEvent> current_;
    std::int64_t elapsed_ = 0;
    std::size_t frame_ = 0;
};

Snapshot snapshot_of(const PreviewSession& p, AppContext& ctx) {
    Snapshot snap = gather_snapshot(p.session->sources(), p.session->settings.profile, p.pr,
                                    p.targets, ctx.now(), GatherOptions{});
    if (!snap.pr.ok()) {
        throw Failure{snap.pr.error()};
    }
    return snap;
}

void apply_and_report(const PreviewSession& p, const std::vector<Mutation>& mutations,
                      AppContext& ctx, Progress& progress) {
    if (mutations.empty()) {
        return;
    }
    apply_changes(*p.session, p.pr, mutations, ctx);
    for (const auto& m : mutations) {
        progress.note(
            m.kind == MutationKind::annotate
                ? fmt::format("Asked {} to re-poll.", m.kind_name)
                : fmt::format("{} the \"{}\" label {} #{}.",
                              m.kind == MutationKind::add_label ? "Added" : "Removed", m.label,
                              m.kind == MutationKind::add_label ? "to" : "from", p.pr.number),
            {{"command", m.command}});
    }
}

// The doctor's findings that explain why the goal was not reached (failures and warnings). For a
// teardown only the namespace check speaks: the others judge a preview that should exist.
// With the deadline passed there is no time for a fresh look: the last snapshot is judged.
void print_findings(const PreviewSession& p, Goal goal, const Snapshot& last, AppContext& ctx) {
    GatherOptions gather;
    gather.previous_logs = true;
    gather.route_causes = true;
    gather.follow_up = true;
    const Snapshot snap = p.session->deadline->passed()
                              ? last
                              : gather_snapshot(p.session->sources(), p.session->settings.profile,
                                                p.pr, p.targets, ctx.now(), gather);
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
        return;
    }
    if (p.session->settings.output == OutputFormat::json) {
        ctx.out << render_json_line(doctor_json(snap, relevant));
    } else {
        ctx.out << '\n'
                << render_doctor_table(snap, relevant, p.session->style, summarize_findings(ran));
    }
    ctx.out << std::flush;
}

// `started` is when the command started (Unix seconds), `timeout` counts from there, as the
// session's deadline does.
ExitCode follow(const PreviewSession& p, Goal goal, const FollowCommandOptions& options,
                std::int64_t started, std::int64_t timeout, AppContext& ctx, Progress& progress) {
    FollowOptions follow_options;
    follow_options.timeout_seconds = timeout;
    FollowState state;
    state.started = started;
    bool refresh_warned = false;
    const auto interval = std::chrono::milliseconds(
        static_cast<std::int64_t>(std::llround(options.interval_seconds * 1000)));
    const CommandDeadline& deadline = *p.session->deadline;
    std::optional<Snapshot> last;
    bool waited = false;  // the follow saw the preview on its way, so "URL healthy" is live
    while (true) {
        Snapshot snap;
        if (last && deadline.passed()) {
            // No time left for another poll (every request would fail at once): judge the last
            // one, now that its time is up.
            snap = std::move(*last);
            snap.now = std::max(ctx.now(), started + timeout);
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
                return ExitCode::ok;
            case FollowOutcome::failed:
            case FollowOutcome::timed_out: {
                progress.done(outcome == FollowOutcome::failed ? "failed" : "timeout",
                              fmt::format("Preview #{}: {}", p.pr.number, state.failure), elapsed);
                print_findings(p, goal, snap, ctx);
                // What could not be read is reported as such (exit 4, or 3 for credentials):
                // never as "does not exist yet".
                return outcome == FollowOutcome::timed_out
                           ? worse(ExitCode::not_achieved,
                                   report_snapshot_errors(snap, ctx.err, /*deadline_reached=*/true))
                           : ExitCode::not_achieved;
            }
        }
        // Sleep in short steps so the spinner and elapsed time stay alive on a terminal; never
        // past the deadline.
        auto pause = interval;
        if (const auto at = deadline.get()) {
            pause = std::min(pause, std::max(std::chrono::milliseconds(0),
                                             std::chrono::ceil<std::chrono::milliseconds>(
                                                 *at - std::chrono::steady_clock::now())));
        }
        last = std::move(snap);
        for (auto left = pause; left.count() > 0; left -= kTick) {
            if (!interruptible_sleep(ctx, std::min(left, kTick))) {
                return ExitCode::interrupted;
            }
            progress.tick(ctx.now() - state.started);
        }
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
                              std::int64_t timeout, AppContext& ctx, Progress& progress) {
    try {
        const ExitCode code = follow(p, goal, options, started, timeout, ctx, progress);
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

ExitCode run_up(const FollowCommandOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = timeout_or_throw(options.timeout);
    PreviewSession p = open_preview(options.pr, flags, ctx);
    const std::int64_t started = ctx.now();
    p.session->deadline->set(std::chrono::steady_clock::now() + std::chrono::seconds(timeout));
    Progress progress(ctx, p.session->settings.output == OutputFormat::json, ctx.stdout_is_tty,
                      p.session->style);
    Snapshot first = snapshot_of(p, ctx);
    const PullRequest& pr = *first.pr;
    if (pr.state != "open") {
        throw Failure{closed_pull_request_error(pr)};
    }
    if (phase_of(first, p.session->settings.profile).phase == Phase::ready) {
        progress.done("ready",
                      fmt::format("Preview #{} is already ready: {}", pr.number, p.targets.url), 0,
                      p.targets.url);
        return ExitCode::ok;
    }
    std::vector<Mutation> mutations;
    if (!has_label(pr, p.targets.label)) {
        mutations.push_back(add_label(p.pr, p.targets.label));
    }
    if (!options.no_refresh) {
        mutations.push_back(value_or_throw(refresh_application_set(p.targets)));
    }
    apply_and_report(p, mutations, ctx, progress);
    if (options.no_wait) {
        return ExitCode::ok;
    }
    return follow_interruptibly(p, Goal::ready, options, started, timeout, ctx, progress);
}

ExitCode run_down(const FollowCommandOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const auto timeout = timeout_or_throw(options.timeout);
    PreviewSession p = open_preview(options.pr, flags, ctx);
    const std::int64_t started = ctx.now();
    p.session->deadline->set(std::chrono::steady_clock::now() + std::chrono::seconds(timeout));
    Progress progress(ctx, p.session->settings.output == OutputFormat::json, ctx.stdout_is_tty,
                      p.session->style);
    Snapshot first = snapshot_of(p, ctx);
    std::vector<Mutation> mutations;
    if (has_label(*first.pr, p.targets.label)) {
        mutations.push_back(remove_label(p.pr, p.targets.label));
    } else {
        progress.note(fmt::format("PR #{} has no \"{}\" label; nothing to remove.", p.pr.number,
                                  p.targets.label));
    }
    const Phase phase = phase_of(first, p.session->settings.profile).phase;
    const bool anything_left = phase != Phase::gone && phase != Phase::not_requested;
    if (!options.no_refresh && anything_left) {
        mutations.push_back(value_or_throw(refresh_application_set(p.targets)));
    }
    apply_and_report(p, mutations, ctx, progress);
    if (options.no_wait) {
        return ExitCode::ok;
    }
    return follow_interruptibly(p, Goal::gone, options, started, timeout, ctx, progress);
}

CLI::App* add_follow_options(CLI::App* cmd, const std::shared_ptr<FollowCommandOptions>& options) {
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")
        ->required();
    cmd->add_flag("--no-refresh", options->no_refresh,
                  "Do not ask the ApplicationSet to re-poll (wait for its own poll)");
    cmd->add_flag("--no-wait", options->no_wait, "Make the change and return");
    cmd->add_option("--timeout", options->timeout, "Give up after this long (e.g. 90s, 15m)")
        ->capture_default_str();
    cmd->add_option("--interval", options->interval_seconds, "Seconds between polls, 0.1 to 600")
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
        "  preview up 42 --timeout 20m -o json");
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
