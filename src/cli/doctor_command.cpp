#include "preview/cli/doctor_command.hpp"

#include <ostream>

#include <fmt/format.h>

#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/core/diagnosis.hpp"
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

}  // namespace

void add_doctor_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                        const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<DoctorOptions>();
    auto* cmd = app.add_subcommand(
        "doctor",
        "Run the troubleshooting checklist: evidence, likely cause and fix for each check");
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL");
    cmd->add_option("--check", options->checks,
                    "Run only this check (repeatable; see --list-checks)");
    cmd->add_flag("--list-checks", options->list_checks, "List the checks and exit");
    cmd->footer(
        "Exit status: 0 when no check fails (warnings allowed), 1 when one does.\n\n"
        "Examples:\n"
        "  preview doctor 42\n"
        "  preview doctor 42 --check secrets --check route\n"
        "  preview doctor 42 -o json");
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
    auto ref = parse_pr_ref(options.pr);
    if (!ref.ok()) {
        throw Failure{ref.error()};
    }
    auto session = open_session(flags, ctx, *ref, true);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    Session& s = **session;
    PrRef pr{s.settings.owner, s.settings.repo, ref->number};
    auto targets = render_targets(s.settings.profile, pr, "");
    if (!targets.ok()) {
        throw Failure{targets.error()};
    }
    GatherOptions gather;
    gather.previous_logs = true;
    Snapshot snap =
        gather_snapshot(s.sources(), s.settings.profile, pr, *targets, ctx.now(), gather);
    if (ctx.interrupted != nullptr && ctx.interrupted->load()) {
        return ExitCode::interrupted;
    }
    // Without the PR nothing can be judged, except that it does not exist (pr-open fails).
    if (!snap.pr.ok() && snap.pr.error().kind != ErrorKind::not_found) {
        throw Failure{snap.pr.error()};
    }
    auto findings = select_findings(diagnose(snap, s.settings.profile), options.checks);
    if (!findings.ok()) {
        throw Failure{findings.error()};
    }
    switch (s.settings.output) {
        case OutputFormat::json:
            ctx.out << render_json(doctor_json(snap, *findings));
            break;
        case OutputFormat::yaml:
            ctx.out << render_yaml(doctor_json(snap, *findings));
            break;
        case OutputFormat::table:
            ctx.out << render_doctor_table(snap, *findings, s.style);
            break;
    }
    ctx.out << std::flush;
    const Summary summary = summarize_findings(*findings);
    return summary.fail > 0 ? ExitCode::not_achieved : ExitCode::ok;
}

}  // namespace preview
