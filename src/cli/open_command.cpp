#include "preview/cli/open_command.hpp"

#include <ostream>

#include <fmt/format.h>

#include "preview/cli/session.hpp"
#include "preview/io/process.hpp"

namespace preview {
namespace {

constexpr std::chrono::seconds kOpenerTimeout{30};  // xdg-open returns once the browser has it

bool has_value(const EnvMap& env, const std::string& name) {
    const auto found = env.find(name);
    return found != env.end() && !found->second.empty();
}

ExitCode run_open(const std::string& pr_text, const GlobalFlags& flags, AppContext& ctx) {
    auto ref = parse_pr_ref(pr_text);
    if (!ref.ok()) {
        throw Failure{ref.error()};
    }
    // No cluster is needed to know the URL: only the profile and the repository.
    auto session = open_session(flags, ctx, *ref, false);
    if (!session.ok()) {
        throw Failure{session.error()};
    }
    const Settings& settings = (*session)->settings;
    const PrRef pr{settings.owner, settings.repo, ref->number};
    auto targets = render_targets(settings.profile, pr, "");
    if (!targets.ok()) {
        throw Failure{targets.error()};
    }
    const std::string& url = targets->url;
    if (url.empty()) {
        throw Failure{
            Error(ErrorKind::config,
                  fmt::format("the profile ({}) gives previews no URL", settings.profile.source),
                  "set url: in .preview.yaml, e.g. url: https://pr-{number}.example.com")};
    }
    const std::string opener = url_opener(ctx.env);
    if (opener.empty()) {
        ctx.out << url << '\n' << std::flush;  // no display: the URL, for the user or a script
        return ExitCode::ok;
    }
    ctx.err << fmt::format("Opening {} in your browser.\n", url) << std::flush;
    ProcessSpec spec;
    spec.argv = {opener, url};  // no shell: the URL is one argument whatever it contains
    spec.timeout = kOpenerTimeout;
    spec.interrupted = ctx.interrupted;
    const auto result = run_process(spec);
    if (!result.ok()) {
        ctx.out << url << '\n' << std::flush;
        throw Failure{
            Error(result.error().kind, result.error().message, "open the URL above yourself")};
    }
    if (!result->success()) {
        ctx.out << url << '\n' << std::flush;
        throw Failure{Error(
            ErrorKind::config,
            fmt::format("{} could not open the URL (exit status {})", opener, result->exit_code),
            "open the URL above yourself")};
    }
    return ExitCode::ok;
}

}  // namespace

std::string url_opener(const EnvMap& env) {
#ifdef __APPLE__
    (void)env;
    return "open";
#else
    return has_value(env, "DISPLAY") || has_value(env, "WAYLAND_DISPLAY") ? "xdg-open" : "";
#endif
}

void add_open_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                      const std::shared_ptr<ExitCode>& exit_code) {
    auto pr = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("open", "Open the preview's URL in the browser");
    cmd->add_option("pr", *pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")->required();
    cmd->footer(
        "Runs xdg-open (open on macOS) on the URL the profile gives the preview. Without a\n"
        "display (no DISPLAY or WAYLAND_DISPLAY) it prints the URL instead.\n\n"
        "Examples:\n"
        "  preview open 42\n"
        "  curl -s \"$(DISPLAY= preview open 42)/health\"");
    cmd->callback([pr, flags, exit_code, &ctx] { *exit_code = run_open(*pr, *flags, ctx); });
}

}  // namespace preview
