#include "preview/cli/list_command.hpp"

#include <algorithm>
#include <ostream>

#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/core/preview_list.hpp"
#include "preview/core/preview_list_all.hpp"
#include "preview/gather/list_all_gather.hpp"
#include "preview/gather/list_gather.hpp"
#include "preview/render/list_all_render.hpp"
#include "preview/render/list_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

// Whatever could be read is shown; the exit code says the picture is incomplete.
ExitCode read_errors_exit(const std::vector<ListError>& list_errors, std::ostream& err) {
    std::vector<Error> errors;
    for (const auto& e : list_errors) {
        const bool seen = std::any_of(errors.begin(), errors.end(), [&e](const Error& known) {
            return known.message == e.error.message;
        });
        if (!seen) {
            errors.push_back(e.error);
        }
    }
    return report_read_errors(errors, err);
}

ExitCode run_list_all(const GlobalFlags& flags, AppContext& ctx) {
    // -R names one repository; --all lists every repository the ApplicationSets name.
    if (!flags.repo.empty()) {
        throw Failure{Error(ErrorKind::usage, "--all cannot be combined with -R/--repo",
                            "drop -R to list every repository, or --all to list one")};
    }
    auto session = open_session(flags, ctx, std::nullopt, true, true);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    const Session& s = **session;
    const Profile* file = s.settings.profile.builtin ? nullptr : &s.settings.profile;
    const ListAllSnapshot snap =
        gather_list_all(s.sources(), s.settings.profile.argocd_namespace, file, ctx.now());
    if (ctx.interrupted != nullptr && ctx.interrupted->load()) {
        return ExitCode::interrupted;
    }
    const PreviewListAll all = join_all(snap, file);
    switch (s.settings.output) {
        case OutputFormat::json:
            ctx.out << render_json(list_all_json(all, snap));
            break;
        case OutputFormat::yaml:
            ctx.out << render_yaml(list_all_json(all, snap));
            break;
        case OutputFormat::table:
            ctx.out << render_list_all_table(all, snap, s.style);
            break;
    }
    ctx.out << std::flush;
    std::vector<ListError> errors = all.errors;
    for (const auto& r : all.repositories) {
        errors.insert(errors.end(), r.list.errors.begin(), r.list.errors.end());
    }
    return read_errors_exit(errors, ctx.err);
}

}  // namespace

ExitCode run_list(const GlobalFlags& flags, AppContext& ctx) {
    auto session = open_session(flags, ctx, std::nullopt, true);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    const Session& s = **session;
    const PrRef repo{s.settings.owner, s.settings.repo, 0};
    const Profile& profile = s.settings.profile;
    const ListSnapshot snap = gather_list(s.sources(), profile, repo, ctx.now());
    if (ctx.interrupted != nullptr && ctx.interrupted->load()) {
        return ExitCode::interrupted;
    }
    const PreviewList list = join_previews(snap, profile);
    switch (s.settings.output) {
        case OutputFormat::json:
            ctx.out << render_json(list_json(list, snap, profile));
            break;
        case OutputFormat::yaml:
            ctx.out << render_yaml(list_json(list, snap, profile));
            break;
        case OutputFormat::table:
            ctx.out << render_list_table(list, snap, profile, s.style);
            break;
    }
    ctx.out << std::flush;
    return read_errors_exit(list.errors, ctx.err);
}

void add_list_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code) {
    auto* cmd = app.add_subcommand(
        "list", "List every preview (labelled PRs, Applications, namespaces) and the orphans");
    cmd->footer(
        "Three requests whatever the number of previews: the open PRs with the label, the\n"
        "Applications with the PR label, the namespaces; plus the pods of each preview whose\n"
        "Application is not Synced/Healthy. Orphans are flagged with their cause.\n"
        "With --all: every ApplicationSet with a PullRequest generator in the Argo CD\n"
        "namespace, grouped by repository, with the ApplicationSets' errors; three cluster\n"
        "lists plus one PR list per repository.\n"
        "\n"
        "Examples:\n"
        "  preview list\n"
        "  preview list --all\n"
        "  preview list -R stuttgart-things/homerun2-led-catcher\n"
        "  preview list -o json | jq '.previews[] | select(.orphans != []) | .number'");
    auto all = std::make_shared<bool>(false);
    cmd->add_flag("--all", *all,
                  "every repository an ApplicationSet's PullRequest generator names, with the "
                  "ApplicationSets' errors");
    cmd->callback([flags, exit_code, all, &ctx] {
        *exit_code = *all ? run_list_all(*flags, ctx) : run_list(*flags, ctx);
    });
}

}  // namespace preview
