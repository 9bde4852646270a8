#include "preview/cli/app.hpp"

#include <ostream>

#include "preview/cli/comment_command.hpp"
#include "preview/cli/complete_command.hpp"
#include "preview/cli/completion_command.hpp"
#include "preview/cli/doctor_command.hpp"
#include "preview/cli/follow_command.hpp"
#include "preview/cli/help_command.hpp"
#include "preview/cli/list_command.hpp"
#include "preview/cli/open_command.hpp"
#include "preview/cli/output.hpp"
#include "preview/cli/profiles_command.hpp"
#include "preview/cli/refresh_command.hpp"
#include "preview/cli/smoke_command.hpp"
#include "preview/cli/status_command.hpp"
#include "preview/cli/usage.hpp"
#include "preview/cli/version_command.hpp"

namespace preview {
namespace {

void add_global_options(CLI::App& app, GlobalFlags& flags) {
    // Global options are accepted before or after the subcommand (fallthrough), as in kubectl.
    app.fallthrough();
    app.add_option("-R,--repo", flags.repo, "Repository OWNER/NAME (env GH_REPO)");
    app.add_option("-c,--config", flags.config_path, "Profile file (env PREVIEW_CONFIG)");
    app.add_option("--kubeconfig", flags.kubeconfig, "Kubeconfig file (env KUBECONFIG)");
    app.add_option("--context", flags.context, "Kube context of the workload cluster");
    app.add_option("--argocd-context", flags.argocd_context, "Kube context of the Argo CD cluster");
    app.add_option("--argocd-server", flags.argocd_server,
                   "Read Argo CD through its API server (env ARGOCD_SERVER)")
        ->type_name("SERVER");
    app.add_option("--github-api-url", flags.github_api_url,
                   "GitHub API base URL (env GITHUB_API_URL, GH_HOST)");
    // Indexes in the order of OutputFormat's enumerators.
    app.add_option("-o,--output", flags.output, "Output format: table (default), json or yaml")
        ->type_name("FORMAT")
        ->transform(one_of("output format", {"table", "json", "yaml"}, true));
    app.add_flag("--no-color", flags.no_color,
                 "No colours (also NO_COLOR, or when not a terminal)");
    app.add_flag("-v,--verbose", flags.verbose,
                 "One line per HTTP request on stderr (credentials redacted)");
    app.add_option("--request-timeout", flags.request_timeout_seconds,
                   "Per-request time limit in seconds, 1 to 3600 (default 30)")
        ->type_name("SECONDS")
        ->check(seconds_between("request timeout", 1, 3600));
}

}  // namespace

App build_app(AppContext& ctx) {
    App app;
    app.cli = std::make_unique<CLI::App>(
        "preview: bring up, check, fix and tear down per-PR preview environments "
        "(GitHub + Argo CD + Kubernetes)",
        "preview");
    app.flags = std::make_shared<GlobalFlags>();
    app.exit_code = std::make_shared<ExitCode>(ExitCode::ok);
    app.cli->require_subcommand(1);
    app.cli->formatter(help_formatter());  // before the commands, which copy it
    app.cli->set_version_flag(
        "-V,--version",
        [] {
            std::string text = version_text();
            text.pop_back();  // CLI11 ends the line itself
            return text;
        },
        "Print the version, as preview version does");
    app.cli->footer(
        "Examples:\n"
        "  preview up 42                 label PR 42, re-poll now, follow it until ready\n"
        "  preview status 42 -o json     one snapshot of everything PR 42's preview consists of\n"
        "  preview doctor 42             the troubleshooting checklist: evidence, cause, fix\n"
        "  preview down 42               remove the label and follow the teardown\n"
        "  preview list                  every preview and labelled PR, with orphans\n\n"
        "Global options go before or after the subcommand. See man preview.");
    add_global_options(*app.cli, *app.flags);
    add_up_command(*app.cli, ctx, app.flags, app.exit_code);
    add_status_command(*app.cli, ctx, app.flags, app.exit_code);
    add_doctor_command(*app.cli, ctx, app.flags, app.exit_code);
    add_down_command(*app.cli, ctx, app.flags, app.exit_code);
    add_list_command(*app.cli, ctx, app.flags, app.exit_code);
    add_comment_command(*app.cli, ctx, app.flags, app.exit_code);
    add_open_command(*app.cli, ctx, app.flags, app.exit_code);
    add_refresh_command(*app.cli, ctx, app.flags, app.exit_code);
    add_bump_route_command(*app.cli, ctx, app.flags, app.exit_code);
    add_smoke_command(*app.cli, ctx, app.flags, app.exit_code);
    add_profiles_command(*app.cli, ctx, app.flags, app.exit_code);
    add_completion_command(*app.cli, ctx, app.flags, app.exit_code);
    add_version_command(*app.cli, ctx, app.flags, app.exit_code);
    add_help_command(*app.cli, ctx, app.flags, app.exit_code);
    add_complete_command(*app.cli, ctx, app.flags, app.exit_code);
    return app;
}

int run_app(int argc, const char* const* argv, AppContext& ctx) {
    App app = build_app(ctx);
    try {
        app.cli->parse(argc, argv);
        return static_cast<int>(*app.exit_code);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help, --version
            return app.cli->exit(e, ctx.out, ctx.err);
        }
        print_error(ctx.err, usage_error(*app.cli, e));
        return static_cast<int>(ExitCode::usage);
    } catch (const Failure& failure) {
        print_error(ctx.err, failure.error);
        return static_cast<int>(exit_code_for(failure.error));
    }
}

}  // namespace preview
