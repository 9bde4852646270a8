#include "preview/core/status_comment_plan.hpp"

#include <algorithm>

namespace preview {
namespace {

bool same_login(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

CommentWriter installation_writer(const InstallationContext& where, const PrRef& pr) {
    // A workflow's github.token reaches only its own repository: a PR elsewhere means the
    // token is some other app's.
    if (where.in_actions && !pr.repo_slug().empty() &&
        same_login(where.workflow_repository, pr.repo_slug())) {
        return CommentWriter{std::string(kWorkflowBotLogin)};
    }
    return CommentWriter{};
}

bool is_own_comment(const MarkedComment& comment, const CommentWriter& writer) {
    return !writer.login.empty() && same_login(comment.author, writer.login);
}

CommentPlan plan_status_comment(const std::vector<MarkedComment>& marked,
                                const CommentWriter& writer) {
    CommentPlan plan;
    const auto own = [&](const MarkedComment& c) { return is_own_comment(c, writer); };
    const auto kept = std::find_if(marked.begin(), marked.end(), own);
    if (kept == marked.end()) {
        return plan;
    }
    plan.update = kept->id;
    plan.html_url = kept->html_url;
    for (auto it = std::next(kept); it != marked.end(); ++it) {
        if (own(*it) && it->id != kept->id) {
            plan.remove.push_back(it->id);
        }
    }
    return plan;
}

}  // namespace preview
