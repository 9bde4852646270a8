#include "preview/cli/status_command.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "preview/cli/actions_mode.hpp"
#include "preview/cli/change_wait.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/cli/usage.hpp"
#include "preview/cli/wait.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/status_report.hpp"
#include "preview/core/time.hpp"
#include "preview/gather/gather.hpp"
#include "preview/io/conditional_client.hpp"
#include "preview/render/status_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

std::string render(const Snapshot& snap, const StatusReport& report, const Session& session) {
    const Profile& profile = session.settings.profile;
    switch (session.settings.output) {
        case OutputFormat::json:
            return render_json(status_json(snap, report, profile));
        case OutputFormat::yaml:
            return render_yaml(status_json(snap, report, profile));
        case OutputFormat::table:
            break;
    }
    return render_status_table(snap, report, profile, session.style);
}

// Everything unreadable makes the picture incomplete; two sources that contradict each other
// make it untrustworthy, which is most often a configuration error (the wrong Argo CD).
ExitCode report_status_errors(const Snapshot& snap, const StatusReport& report, std::ostream& err) {
    ExitCode code = report_snapshot_errors(snap, err);
    if (!report.contradiction.empty()) {
        print_error(err, Error(ErrorKind::config, report.contradiction,
                               "pass the Argo CD cluster's context with --argocd-context (or set "
                               "argocd.context in the profile)"));
        code = worse(code, ExitCode::usage);
    }
    return code;
}

}  // namespace

void add_status_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                        const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<StatusOptions>();
    auto* cmd =
        app.add_subcommand("status", "Show everything a preview consists of, in one snapshot");
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")
        ->required();
    cmd->add_flag("-w,--watch", options->watch, "Redraw whenever something changes (Ctrl-C stops)");
    cmd->add_option("--interval", options->interval_seconds,
                    "Seconds between polls with --watch where the cluster refuses watches, 1 to "
                    "3600")
        ->type_name("SECONDS")
        ->check(seconds_between("interval", 1, 3600));
    cmd->footer(
        "Examples:\n"
        "  preview status 42\n"
        "  preview status stuttgart-things/homerun2-core-catcher#42 -o json\n"
        "  preview status 42 --watch");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_status(*options, *flags, ctx); });
}

ExitCode run_status(const StatusOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    PreviewSession preview = open_preview(options.pr, flags, ctx);
    const Session& s = *preview.session;
    const PrRef& pr = preview.pr;
    const Targets& targets = preview.targets;

    std::string previous;  // the last frame drawn, rendered without its timings
    std::optional<ChangeWaiter> waiter;
    if (options.watch) {
        // Repeated GitHub reads go out conditionally (a 304 is free of the rate limit).
        preview.session->http =
            make_conditional_client(std::move(preview.session->http), s.github->api_base());
        waiter.emplace(preview, ctx, std::chrono::seconds(options.interval_seconds));
    }
    std::optional<Snapshot> quiet;  // the last snapshot, when the wait saw no change since
    while (true) {
        GatherOptions gather;
        gather.label_events = true;  // the timeline's "label added"
        gather.route_claims = true;  // another route taking the hostname is not "ready"
        Snapshot snap;
        if (quiet) {
            // Nothing changed, but time passed: the judgement's own clocks move.
            snap = std::move(*quiet);
            snap.now = ctx.now();
        } else {
            snap = gather_snapshot(s.sources(), s.settings.profile, pr, targets, ctx.now(), gather);
        }
        quiet.reset();
        if (ctx.interrupted != nullptr && ctx.interrupted->load()) {
            return ExitCode::interrupted;
        }
        // A PR that does not exist is the user's mistake; an unreadable one is not a reason to
        // hide what the clusters said.
        if (!snap.pr.ok() && snap.pr.error().kind == ErrorKind::not_found && !options.watch) {
            throw Failure{snap.pr.error()};
        }
        const StatusReport report = status_report_of(snap, s.settings.profile);
        std::string text = render(snap, report, s);
        if (!options.watch) {
            ctx.out << text << std::flush;
            publish_to_actions(snap, report, diagnose(snap, s.settings.profile), ctx);
            return report_status_errors(snap, report, ctx.err);
        }
        // A new frame only when the facts change: the URL's response time differs on every
        // poll and alone must not redraw (or pile frames into a pipe).
        Snapshot untimed = snap;
        if (untimed.url.ok()) {
            untimed.url->elapsed_ms = 0;
        }
        std::string key = render(untimed, status_report_of(untimed, s.settings.profile), s);
        if (key != previous) {
            if (ctx.stdout_is_tty) {
                ctx.out << "\x1b[H\x1b[J";  // home + clear to the end: in place, no scrollback
            } else if (!previous.empty()) {
                ctx.out << "\n";
            }
            ctx.out << text << std::flush;
            previous = std::move(key);
        }
        // On a terminal the last line says how fresh the frame is; it is redrawn on its own and
        // never counts as a change.
        const std::int64_t taken = snap.now;
        const auto show_age = [&ctx, taken] {
            if (ctx.stdout_is_tty) {
                ctx.out << "\r\x1b[2K"
                        << fmt::format("updated {} ago", format_duration(std::max<std::int64_t>(
                                                             0, ctx.now() - taken)))
                        << std::flush;
            }
        };
        show_age();
        const auto woke =
            waiter->wait(snap, poll_needs(snap, s.settings.profile, Goal::ready), show_age);
        if (woke == ChangeWaiter::Wake::interrupted) {
            return ExitCode::interrupted;
        }
        if (woke == ChangeWaiter::Wake::elapsed) {
            quiet = std::move(snap);
        }
        if (ctx.stdout_is_tty) {
            ctx.out << "\r\x1b[2K" << std::flush;
        }
    }
}

}  // namespace preview
