#include "preview/cli/doctor_command.hpp"

#include <algorithm>
#include <chrono>
#include <istream>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "preview/cli/actions_mode.hpp"
#include "preview/cli/comment_command.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/cli/wait.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/fix_plan.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/gather/gather.hpp"
#include "preview/render/doctor_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

ExitCode print_check_list(const GlobalFlags& flags, AppContext& ctx) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::array();
    for (const auto& info : list_checks()) {
        doc.push_back({{"id", info.id}, {"title", info.title}, {"checks", info.checks}});
    }
    switch (flags.output) {
        case OutputFormat::json:
            ctx.out << render_json(doc);
            break;
        case OutputFormat::yaml:
            ctx.out << render_yaml(doc);
            break;
        case OutputFormat::table:
            for (const auto& info : list_checks()) {
                ctx.out << fmt::format("{:<12} {}\n", info.id, info.title);
            }
            break;
    }
    return ExitCode::ok;
}

bool confirmed(const DoctorOptions& options, AppContext& ctx, std::size_t count) {
    if (options.yes) {
        return true;
    }
    ctx.err << fmt::format("Apply {} change{}? [y/N] ", count, count == 1 ? "" : "s") << std::flush;
    std::string answer;
    if (ctx.in == nullptr || !std::getline(*ctx.in, answer)) {
        return false;
    }
    return answer == "y" || answer == "Y" || answer == "yes";
}

// The preview as the re-check after --fix last read it: the snapshot and every finding.
struct Rechecked {
    std::optional<Snapshot> snap;
    std::vector<Finding> findings;  ///< all checks, before --check selects
};

// Re-reads the preview until every check that was fixed passes (or the grace runs out), so the
// report says what healed rather than what was merely sent.
Rechecked recheck(const Session& s, const PrRef& pr, const Targets& targets,
                  const std::vector<std::string>& ids, const GatherOptions& gather,
                  AppContext& ctx) {
    Rechecked latest;
    for (int attempt = 0; attempt < 15; ++attempt) {
        if (!interruptible_sleep(ctx, std::chrono::seconds(1))) {
            break;
        }
        latest.snap =
            gather_snapshot(s.sources(), s.settings.profile, pr, targets, ctx.now(), gather);
        latest.findings = diagnose(*latest.snap, s.settings.profile);
        auto fixed = select_findings(latest.findings, ids);
        if (fixed.ok() && std::all_of(fixed->begin(), fixed->end(), [](const Finding& f) {
                return f.status == CheckStatus::pass;
            })) {
            break;
        }
    }
    return latest;
}

// What --fix planned, whether it applied it, and what the re-check found: the text goes to
// stderr as it happens, and -o json/yaml get the same as the document's "fix" field.
struct FixReport {
    std::vector<Change> plan;
    std::string outcome;  ///< nothing-to-fix, not-fixable, no-terminal, declined, applied
    std::vector<std::string> refused;  ///< changes the fix leaves alone, and why
    std::vector<Finding> recheck;      ///< the fixed checks as the re-check found them
    Rechecked after;                   ///< what the re-check read last (when applied)
};

nlohmann::ordered_json fix_json(const FixReport& report) {
    nlohmann::ordered_json plan = nlohmann::ordered_json::array();
    for (const auto& m : report.plan) {
        plan.push_back({{"command", m.command}});
    }
    nlohmann::ordered_json recheck = nlohmann::ordered_json::array();
    for (const auto& f : report.recheck) {
        recheck.push_back({{"id", f.id},
                           {"status", check_status_name(f.status)},
                           {"summary", f.summary},
                           {"healed", f.status == CheckStatus::pass}});
    }
    return {{"plan", std::move(plan)},
            {"applied", report.outcome == "applied"},
            {"outcome", report.outcome},
            {"refused", report.refused},
            {"recheck", std::move(recheck)}};
}

ExitCode fix(const Session& s, const PrRef& pr, const Targets& targets, const Snapshot& snap,
             const std::vector<Finding>& findings, const DoctorOptions& options,
             const GatherOptions& gather, AppContext& ctx, FixReport& report) {
    FixPlan fix_plan = plan_fixes(findings, snap, ctx.now());
    RoutedChanges routed =
        s.route(fix_plan.changes, pr, targets, &snap.application_set, &snap.sources.tree_apps);
    fix_plan.refused.insert(fix_plan.refused.end(), routed.unsent.begin(), routed.unsent.end());
    const auto& plan = routed.changes;
    report.plan = plan;
    report.refused = fix_plan.refused;
    const Summary before = summarize_findings(findings);
    if (!fix_plan.refused.empty()) {
        ctx.err << "\nThe fix leaves these alone:\n";
        for (const auto& why : fix_plan.refused) {
            ctx.err << "  " << sanitize_line(why, kMessageWidth) << '\n';
        }
    }
    if (plan.empty()) {
        report.outcome = before.fail > 0 ? "not-fixable" : "nothing-to-fix";
        ctx.err << (before.fail > 0
                        ? "Nothing here can be fixed automatically; see the fixes above.\n"
                        : "Nothing to fix.\n");
        return before.fail > 0 ? ExitCode::not_achieved : ExitCode::ok;
    }
    ctx.err << "\nThe fix makes these changes:\n";
    for (const auto& m : plan) {
        ctx.err << "  " << sanitize_line(m.command, kMessageWidth) << '\n';
    }
    const bool can_ask = ctx.stdin_is_tty && ctx.in != nullptr;
    if (!options.yes && !can_ask) {
        report.outcome = "no-terminal";
        ctx.err << "Not applied: there is no terminal to ask on; run again with --yes to apply.\n";
        return ExitCode::not_achieved;
    }
    if (!confirmed(options, ctx, plan.size())) {
        report.outcome = "declined";
        ctx.err << "Not applied.\n";
        return ExitCode::not_achieved;
    }
    apply_changes(s, plan, ctx);
    report.outcome = "applied";
    std::vector<std::string> fixed_ids;
    for (const auto& f : findings) {
        if (f.auto_fix && (f.status == CheckStatus::fail || f.status == CheckStatus::warn)) {
            fixed_ids.push_back(f.id);
        }
    }
    ctx.err << fmt::format("Applied {} change{}; checking again...\n", plan.size(),
                           plan.size() == 1 ? "" : "s");
    report.after = recheck(s, pr, targets, fixed_ids, gather, ctx);
    auto selected = select_findings(report.after.findings, fixed_ids);
    const auto after = selected.ok() ? std::move(selected.value()) : std::vector<Finding>{};
    report.recheck = after;
    bool all_healed = true;
    for (const auto& f : after) {
        const bool healed = f.status == CheckStatus::pass;
        all_healed = all_healed && healed;
        ctx.err << fmt::format("  {} {}: {}\n", healed ? "healed" : "still", f.id,
                               sanitize_line(f.summary));
    }
    // Success only when every failure was one --fix could address, and all of them healed.
    const bool only_fixable_failures =
        std::none_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.status == CheckStatus::fail && !f.auto_fix; });
    return all_healed && only_fixable_failures ? ExitCode::ok : ExitCode::not_achieved;
}

// The exit code of the checklist itself.
ExitCode verdict(const Snapshot& snap, const std::vector<Finding>& findings, bool pr_unreadable,
                 AppContext& ctx) {
    const Summary summary = summarize_findings(findings);
    if (summary.fail > 0 && !pr_unreadable) {
        return ExitCode::not_achieved;
    }
    if (summary.fail > 0) {
        return worse(ExitCode::not_achieved, report_snapshot_errors(snap, ctx.err));
    }
    // Nothing failed, but what could not be read was skipped, not passed: that is no all-clear.
    return report_snapshot_errors(snap, ctx.err);
}

}  // namespace

void add_doctor_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                        const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<DoctorOptions>();
    auto* cmd = app.add_subcommand(
        "doctor",
        "Run the troubleshooting checklist: evidence, likely cause and fix for each check");
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL");
    // One id per --check, so `doctor --check secrets 42` leaves 42 to the PR positional.
    cmd->add_option("--check", options->checks,
                    "Run only this check (repeatable; see --list-checks)")
        ->allow_extra_args(false);
    cmd->add_flag("--list-checks", options->list_checks, "List the checks and exit");
    cmd->add_flag("--fix", options->fix,
                  "Apply the safe fixes (add label, refresh ApplicationSet, bump HTTPRoute, "
                  "force-sync ExternalSecret, hard-refresh or sync an Application) after "
                  "showing them");
    cmd->add_flag("-y,--yes", options->yes, "With --fix: do not ask");
    cmd->add_flag("--comment", options->comment,
                  "Also create or update the PR's status comment (see preview comment)");
    cmd->footer(
        "Exit status: 0 when no check fails (warnings allowed), 1 when one does; else 4 (3 for "
        "credentials) when an input could not be read.\n\n"
        "Examples:\n"
        "  preview doctor 42\n"
        "  preview doctor 42 --check secrets --check route\n"
        "  preview doctor 42 -o json\n"
        "  preview doctor 42 --fix\n"
        "  preview doctor 42 --comment");
    cmd->callback(
        [options, flags, exit_code, &ctx] { *exit_code = run_doctor(*options, *flags, ctx); });
}

ExitCode run_doctor(const DoctorOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    if (options.list_checks) {
        return print_check_list(flags, ctx);
    }
    if (options.pr.empty()) {
        throw Failure{Error(ErrorKind::usage,
                            "doctor needs a pull request (e.g. preview doctor 42)",
                            "or --list-checks to see the checks")};
    }
    if (auto valid = validate_check_ids(options.checks); !valid.ok()) {
        throw Failure{valid.error()};
    }
    const PreviewSession preview = open_preview(options.pr, flags, ctx);
    const Session& s = *preview.session;
    const PrRef& pr = preview.pr;
    const Targets& targets = preview.targets;
    GatherOptions gather;
    gather.previous_logs = true;
    gather.route_causes = true;
    gather.follow_up = true;
    // The comment and the job summary name the timeline's longest wait, which needs "label added".
    gather.label_events = options.comment || actions_mode(ctx.env);
    Snapshot snap =
        gather_snapshot(s.sources(), s.settings.profile, pr, targets, ctx.now(), gather);
    if (ctx.interrupted != nullptr && ctx.interrupted->load()) {
        return ExitCode::interrupted;
    }
    // Without the PR (no token, GitHub down) the checks that need it skip with the reason and
    // the cluster's checks still run: the exit code then says the picture is incomplete.
    const bool pr_unreadable = !snap.pr.ok() && snap.pr.error().kind != ErrorKind::not_found;
    auto findings = select_findings(diagnose(snap, s.settings.profile), options.checks);
    if (!findings.ok()) {
        throw Failure{findings.error()};
    }
    if (s.settings.output == OutputFormat::table) {
        ctx.out << render_doctor_table(snap, *findings, s.style) << std::flush;
    }
    std::optional<ExitCode> fixed;
    FixReport report;
    if (options.fix) {
        fixed = fix(s, pr, targets, snap, *findings, options, gather, ctx, report);
    }
    if (s.settings.output != OutputFormat::table) {
        // After --fix, so the document holds the plan, what was applied and the re-check.
        auto doc = doctor_json(snap, *findings);
        if (options.fix) {
            doc["fix"] = fix_json(report);
        }
        ctx.out << (s.settings.output == OutputFormat::json ? render_json(doc) : render_yaml(doc))
                << std::flush;
    }
    // The comment and the job summary tell what is true now: after applied fixes, what the
    // re-check read last.
    const bool refreshed = report.after.snap.has_value();
    const Snapshot& now = refreshed ? *report.after.snap : snap;
    auto now_findings = refreshed ? select_findings(report.after.findings, options.checks)
                                  : Result<std::vector<Finding>>(*findings);
    if (!now_findings.ok()) {
        throw Failure{now_findings.error()};
    }
    const StatusReport status = status_report_of(now, s.settings.profile);
    publish_to_actions(now, status, *now_findings, ctx);
    ExitCode posted = ExitCode::ok;
    if (options.comment) {
        posted = post_status_comment(preview, now, status, *now_findings, ctx, ctx.err);
    }
    return worse(posted, fixed ? *fixed : verdict(snap, *findings, pr_unreadable, ctx));
}

}  // namespace preview
