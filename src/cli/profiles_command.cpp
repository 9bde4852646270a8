#include "preview/cli/profiles_command.hpp"

#include <ostream>

#include "preview/cli/session.hpp"
#include "preview/core/builtin_profiles.hpp"
#include "preview/render/profiles_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

ExitCode run_profiles(const GlobalFlags& flags, AppContext& ctx) {
    std::vector<ProfileRow> rows;
    for (const auto& builtin : builtin_profiles()) {
        rows.push_back(
            {std::string(builtin.component), value_or_throw(load_builtin_profile(builtin))});
    }
    switch (flags.output) {
        case OutputFormat::json:
            ctx.out << render_json(profiles_json(rows));
            break;
        case OutputFormat::yaml:
            ctx.out << render_yaml(profiles_json(rows));
            break;
        case OutputFormat::table:
            ctx.out << render_profiles_table(rows);
            break;
    }
    return ExitCode::ok;
}

}  // namespace

void add_profiles_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                          const std::shared_ptr<ExitCode>& exit_code) {
    auto* cmd = app.add_subcommand("profiles", "List the built-in profiles (homerun2 components)");
    cmd->footer(
        "Without a .preview.yaml (or --config / PREVIEW_CONFIG), the repository picks its "
        "built-in\n"
        "profile: -R stuttgart-things/homerun2-omni-pitcher uses omni-pitcher's names. A file\n"
        "always wins; -v names the profile in use.\n\n"
        "Examples:\n"
        "  preview profiles\n"
        "  preview profiles -o json | jq -r '.[].repo'");
    cmd->callback([flags, exit_code, &ctx] { *exit_code = run_profiles(*flags, ctx); });
}

}  // namespace preview
