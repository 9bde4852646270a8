#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "preview/core/preview_list_all.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// The `list --all -o json` document: {argocdNamespace, repositories: [{repo, profile,
/// applicationSets: [{name, errors: [...]}], list: <the `list -o json` document>}], skipped,
/// orphans: N, errors: [...]}.
nlohmann::ordered_json list_all_json(const PreviewListAll& all, const ListAllSnapshot& snapshot);

/// Per repository: a heading (repository, ApplicationSets, where the names come from), the
/// ApplicationSets' generation errors, then the `preview list` table and orphans; last the
/// generators that are not shown.
std::string render_list_all_table(const PreviewListAll& all, const ListAllSnapshot& snapshot,
                                  const TermStyle& style);

}  // namespace preview
