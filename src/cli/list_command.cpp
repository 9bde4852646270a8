#include "preview/cli/list_command.hpp"

#include <ostream>

#include "preview/cli/output.hpp"
#include "preview/cli/session.hpp"
#include "preview/core/preview_list.hpp"
#include "preview/gather/list_gather.hpp"
#include "preview/render/list_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

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
    // Whatever could be read is shown; the exit code says the picture is incomplete.
    std::vector<Error> errors;
    for (const auto& e : list.errors) {
        errors.push_back(e.error);
    }
    return report_read_errors(errors, ctx.err);
}

}  // namespace

void add_list_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code) {
    auto* cmd = app.add_subcommand(
        "list", "List every preview (labelled PRs, Applications, namespaces) and the orphans");
    cmd->footer(
        "Three requests whatever the number of previews: the open PRs with the label, the\n"
        "Applications with the PR label, the namespaces; plus the pods of each preview whose\n"
        "Application is not Synced/Healthy. Orphans are flagged with their cause.\n"
        "\n"
        "Examples:\n"
        "  preview list\n"
        "  preview list -R stuttgart-things/homerun2-led-catcher\n"
        "  preview list -o json | jq '.previews[] | select(.orphans != []) | .number'");
    cmd->callback([flags, exit_code, &ctx] { *exit_code = run_list(*flags, ctx); });
}

}  // namespace preview
