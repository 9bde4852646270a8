#include "preview/cli/complete_command.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "preview/cli/session.hpp"
#include "preview/core/diagnosis.hpp"
#include "preview/core/sanitize.hpp"
#include "preview/gather/list_gather.hpp"
#include "preview/io/completion_cache.hpp"
#include "preview/io/kubeconfig.hpp"

namespace preview {
namespace {

constexpr std::int64_t kFreshSeconds = 60;         // answer from the cache without asking
constexpr std::int64_t kStaleSeconds = 24 * 3600;  // still better than nothing when offline
constexpr int kRequestSeconds = 2;                 // TAB must never hang on a dead network
// Every open labelled PR (2,000 at most): the shell filters by prefix, so a sample would hide
// the oldest PRs. A fresh cache answers the TABs that follow.
constexpr int kMaxPages = 20;

// Tabs and newlines would break the one-candidate-per-line protocol, and the shell shows the
// description on the terminal: no controls.
std::string one_line(std::string_view text) {
    std::string out = sanitize_line(text);
    std::replace(out.begin(), out.end(), '\t', ' ');
    return out;
}

std::string pr_candidates(const std::vector<PullRequest>& pulls) {
    std::string out;
    for (const auto& pr : pulls) {
        out += fmt::format("{}\t{}\n", pr.number, one_line(pr.title));
    }
    return out;
}

// `prs`: open PRs with the gate label (what status, doctor and down act on); `open-prs`: every
// open PR, most recently updated first (what up can be pointed at).
void complete_prs(GlobalFlags flags, AppContext& ctx, const std::string& kind) {
    flags.request_timeout_seconds = kRequestSeconds;
    flags.verbose = false;
    std::ostringstream quiet;  // session warnings must not reach the prompt
    AppContext silent(ctx.out, quiet);
    silent.env = ctx.env;
    silent.working_directory = ctx.working_directory;
    silent.interrupted = ctx.interrupted;
    silent.now = ctx.now;
    auto session = open_session(flags, silent, std::nullopt, false);
    if (!session.ok()) {
        return;
    }
    const Session& s = **session;
    const PrRef repo{s.settings.owner, s.settings.repo, 0};
    const std::string dir = completion_cache_dir(ctx.env);
    const std::string path =
        dir.empty()
            ? std::string()
            : completion_cache_path(dir, kind,
                                    fmt::format("{}|{}|{}", s.settings.github_api_url,
                                                repo.repo_slug(), s.settings.profile.label));
    const std::int64_t now = ctx.now();
    const auto cached = path.empty() ? std::nullopt : read_completion_cache(path);
    if (cached && now - cached->written_at >= 0 && now - cached->written_at < kFreshSeconds) {
        ctx.out << cached->text;
        return;
    }
    auto pulls = kind == "prs" ? fetch_labelled_pulls(s.sources(), repo, s.settings.profile.label,
                                                      kMaxPages, 1)
                               : fetch_open_pulls(s.sources(), repo, 1);
    if (pulls.ok()) {
        const std::string text = pr_candidates(pulls.value());
        if (!path.empty()) {
            write_completion_cache(path, now, text);
        }
        ctx.out << text;
    } else if (cached && now - cached->written_at < kStaleSeconds) {
        ctx.out << cached->text;
    }
}

void complete_contexts(const GlobalFlags& flags, AppContext& ctx) {
    auto config = load_kubeconfig(kubeconfig_source_from_environment(flags.kubeconfig));
    if (!config.ok()) {
        return;
    }
    for (const auto& [name, context] : config->contexts) {
        ctx.out << fmt::format(
            "{}\t{}\n", one_line(name),
            one_line(name == config->current_context ? "current, cluster " + context.cluster
                                                     : "cluster " + context.cluster));
    }
}

void complete_checks(AppContext& ctx) {
    for (const auto& check : list_checks()) {
        ctx.out << fmt::format("{}\t{}\n", check.id, one_line(check.title));
    }
}

}  // namespace

void add_complete_command(CLI::App& app, AppContext& ctx, const std::shared_ptr<GlobalFlags>& flags,
                          const std::shared_ptr<ExitCode>& exit_code) {
    auto kind = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("__complete", "Candidates for shell completion (internal)");
    cmd->group("");  // hidden from --help
    cmd->add_option("kind", *kind, "prs, open-prs, contexts or checks")->required();
    cmd->allow_extras();  // whatever else the shell passes along is not our concern
    cmd->callback([kind, flags, exit_code, &ctx] {
        *exit_code = ExitCode::ok;
        try {
            if (*kind == "prs" || *kind == "open-prs") {
                complete_prs(*flags, ctx, *kind);
            } else if (*kind == "contexts") {
                complete_contexts(*flags, ctx);
            } else if (*kind == "checks") {
                complete_checks(ctx);
            }
        } catch (...) {  // NOLINT(bugprone-empty-catch)
            // Completion never fails loudly.
        }
        ctx.out << std::flush;
    });
}

}  // namespace preview
