#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "preview/core/preview_list.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// The `list -o json` document: {repo, label, previews: [...], orphans: N, errors: [...]}.
nlohmann::ordered_json list_json(const PreviewList& list, const ListSnapshot& snapshot,
                                 const Profile& profile);

/// One line per preview (PR, title, author, SHA, phase, age, URL), then the orphans, each with
/// its explanation.
std::string render_list_table(const PreviewList& list, const ListSnapshot& snapshot,
                              const Profile& profile, const TermStyle& style);

}  // namespace preview
