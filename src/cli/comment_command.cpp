#include "preview/cli/comment_command.hpp"

#include <chrono>
#include <ostream>

#include <fmt/format.h>

#include "preview/cli/actions_mode.hpp"
#include "preview/cli/output.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/core/settings.hpp"
#include "preview/gather/gather.hpp"
#include "preview/gather/status_comment.hpp"
#include "preview/render/status_markdown.hpp"

namespace preview {
namespace {

struct CommentOptions {
    std::string pr;
};

ExitCode run_comment(const CommentOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    const PreviewSession preview = open_preview(options.pr, flags, ctx);
    const Session& s = *preview.session;
    // What doctor reads, so each failing check comes with the fix doctor would print.
    GatherOptions gather;
    gather.previous_logs = true;
    gather.route_causes = true;
    gather.follow_up = true;
    gather.label_events = true;  // the timeline's "label added", for its longest wait
    const Snapshot snap = gather_snapshot(s.sources(), s.settings.profile, preview.pr,
                                          preview.targets, ctx.now(), gather);
    if (ctx.interrupted != nullptr && ctx.interrupted->load()) {
        return ExitCode::interrupted;
    }
    // A comment about a PR that does not exist, or that could not be read, would not tell the
    // truth: the PR is where it goes.
    if (!snap.pr.ok()) {
        throw Failure{snap.pr.error()};
    }
    const StatusReport report = status_report_of(snap, s.settings.profile);
    const auto findings = diagnose(snap, s.settings.profile);
    publish_to_actions(snap, report, findings, ctx);
    const ExitCode posted = post_status_comment(preview, snap, report, findings, ctx, ctx.out);
    return worse(posted, report_snapshot_errors(snap, ctx.err));
}

}  // namespace

ExitCode post_status_comment(const PreviewSession& preview, const Snapshot& snap,
                             const StatusReport& report, const std::vector<Finding>& findings,
                             AppContext& ctx, std::ostream& out) {
    const Session& s = *preview.session;
    if (s.deadline->passed()) {
        s.deadline->set(std::chrono::steady_clock::now() +
                        std::chrono::seconds(s.settings.request_timeout_seconds));
    }
    const InstallationContext where{actions_mode(ctx.env),
                                    env_or_empty(ctx.env, "GITHUB_REPOSITORY")};
    auto published = publish_status_comment(s.sources(), preview.pr, kStatusCommentMarker,
                                            render_status_comment(snap, report, findings),
                                            installation_writer(where, preview.pr));
    if (!published.ok()) {
        print_error(ctx.err, published.error());
        return exit_code_for(published.error());
    }
    out << fmt::format("{} the status comment on #{}: {}\n",
                       published->created ? "Posted" : "Updated", preview.pr.number,
                       sanitize_line(published->html_url));
    if (published->removed > 0) {
        out << fmt::format("Removed {} duplicate status comment{} (runs that posted at once)\n",
                           published->removed, published->removed == 1 ? "" : "s");
    }
    out << std::flush;
    // The comment is written: a duplicate left behind is the next run's to remove.
    if (published->cleanup_error) {
        ctx.err << "warning: " << sanitize_line(published->cleanup_error->message) << '\n'
                << std::flush;
    }
    return ExitCode::ok;
}

void add_comment_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                         const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<CommentOptions>();
    auto* cmd = app.add_subcommand(
        "comment", "Create or update the PR's one status comment: what is true now, and the fixes");
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")
        ->required();
    cmd->footer(
        "The comment carries the marker preview-status (an HTML comment) and is written by the\n"
        "token's user (a workflow's github.token: github-actions[bot]); it is updated in place,\n"
        "a duplicate from runs that raced is removed, and nobody else's comment is ever\n"
        "edited or removed (another GitHub App's token outside its workflow: posts first,\n"
        "then keeps its oldest).\n"
        "Exit status: 0 when posted; 3 when the token may not write to the PR.\n\n"
        "Examples:\n"
        "  preview comment 42\n"
        "  preview up 42 --comment");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_comment(*options, *flags, ctx); });
}

}  // namespace preview
