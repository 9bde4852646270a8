#include "preview/cli/smoke_command.hpp"

#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "preview/cli/session.hpp"
#include "preview/cli/usage.hpp"
#include "preview/cli/wait.hpp"
#include "preview/core/intent.hpp"
#include "preview/gather/smoke_run.hpp"
#include "preview/render/smoke_render.hpp"
#include "preview/render/yaml.hpp"

namespace preview {
namespace {

struct SmokeOptions {
    std::string pr;
    std::string timeout;    ///< overrides smoke.expect.timeout when set
    double interval = 1.0;  ///< seconds between polls
    /// --smoke-env: variables a profile file's headers may read beyond PREVIEW_SMOKE_*.
    std::vector<std::string> allowed_env;
};

ExitCode run_smoke_command(const SmokeOptions& options, const GlobalFlags& flags, AppContext& ctx) {
    auto ref = value_or_throw(parse_pr_ref(options.pr));
    // No cluster and no GitHub request: the profile and the preview's own URLs are enough.
    auto session = value_or_throw(open_session(flags, ctx, ref, false));
    const Settings& settings = session->settings;
    const PrRef pr{settings.owner, settings.repo, ref.number};
    const EnvMap& env = ctx.env;
    auto plan = value_or_throw(plan_smoke(
        settings.profile, pr, unique_smoke_title(pr.number),
        [&env](std::string_view name) -> std::optional<std::string> {
            const auto found = env.find(std::string(name));
            if (found == env.end()) {
                return std::nullopt;
            }
            return found->second;
        },
        options.allowed_env));
    if (!options.timeout.empty()) {
        const auto seconds = value_or_throw(parse_duration(options.timeout));
        if (seconds <= 0 || seconds > 3600) {
            throw Failure{Error(ErrorKind::usage, "--timeout must be between 1s and 1h")};
        }
        plan.timeout_seconds = static_cast<int>(seconds);
    }
    SmokeRunOptions run_options;
    run_options.tls = session->public_tls;
    run_options.request_timeout = std::chrono::seconds(settings.request_timeout_seconds);
    run_options.interval =
        std::chrono::milliseconds(static_cast<std::int64_t>(options.interval * 1000));
    run_options.sleep = [&ctx](std::chrono::milliseconds wait) {
        return interruptible_sleep(ctx, wait);
    };
    const SmokeRun run = run_smoke(*session->http, plan, run_options);
    if (interrupted(ctx)) {
        throw Failure{Error(ErrorKind::interrupted, "interrupted")};
    }
    const SmokeVerdict verdict = judge_smoke(plan, pr, run.send, run.receive);
    switch (settings.output) {
        case OutputFormat::json:
            ctx.out << render_json(smoke_json(pr, plan, run, verdict));
            break;
        case OutputFormat::yaml:
            ctx.out << render_yaml(smoke_json(pr, plan, run, verdict));
            break;
        case OutputFormat::table:
            ctx.out << render_smoke_table(pr, plan, run, verdict, session->style);
            break;
    }
    if (verdict.passed) {
        return ExitCode::ok;
    }
    return verdict.credentials ? ExitCode::auth : ExitCode::not_achieved;
}

}  // namespace

std::string unique_smoke_title(int number) {
    std::random_device device;
    std::uniform_int_distribution<std::uint64_t> digits(0, (std::uint64_t{1} << 48U) - 1);
    return fmt::format("preview-smoke-{}-{:012x}", number, digits(device));
}

void add_smoke_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                       const std::shared_ptr<ExitCode>& exit_code) {
    auto options = std::make_shared<SmokeOptions>();
    auto* cmd = app.add_subcommand("smoke", "Prove that data flows through the preview end to end");
    cmd->add_option("pr", options->pr, "Pull request: 42, #42, OWNER/REPO#42 or its URL")
        ->required();
    cmd->add_option("--timeout", options->timeout,
                    "Wait this long for the message (default: the profile's, e.g. 30s)");
    cmd->add_option("--interval", options->interval,
                    "Seconds between two polls of the expect URL (default 1)")
        ->type_name("SECONDS")
        ->check(seconds_between("interval", 0.01, 60));
    cmd->add_option("--smoke-env", options->allowed_env,
                    "Let a profile file's smoke headers read this environment variable "
                    "(repeatable; PREVIEW_SMOKE_* need no flag)")
        ->type_name("NAME")
        ->allow_extra_args(false);
    cmd->footer(
        "Sends one message with a unique title as the profile's smoke: section says (homerun2:\n"
        "POST /pitch to the preview's omni-pitcher, with the token from $OMNI_PITCHER_TOKEN), "
        "then\n"
        "polls the expect URL (core-catcher's /export?format=json) until the message is there.\n"
        "Prints the latency, or the failing step with its likely cause and a fix. Exit 0 when\n"
        "data flows, 1 when a step fails, 2 without a smoke: section, 3 when the sender refuses\n"
        "the token.\n\n"
        "A profile file (.preview.yaml, maybe from a repository) may read only PREVIEW_SMOKE_*\n"
        "variables and those --smoke-env names, and send only to hosts of this PR's preview.\n\n"
        "Examples:\n"
        "  OMNI_PITCHER_TOKEN=... preview smoke 42\n"
        "  preview smoke 42 -o json | jq .latencyMs");
    cmd->callback([options, flags, exit_code, &ctx] {
        *exit_code = run_smoke_command(*options, *flags, ctx);
    });
}

}  // namespace preview
