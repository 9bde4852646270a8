#include "preview/render/profiles_render.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "preview/render/style.hpp"

namespace preview {

using json = nlohmann::ordered_json;

json profiles_json(const std::vector<ProfileRow>& rows) {
    json out = json::array();
    for (const auto& row : rows) {
        const Profile& p = row.profile;
        json smoke = nullptr;
        if (p.smoke) {
            smoke = {{"send", p.smoke->send_url}, {"expect", p.smoke->expect_url}};
        }
        out.push_back({{"component", row.component},
                       {"repo", p.repo},
                       {"applicationSet", p.application_set},
                       {"application", p.application},
                       {"namespace", p.namespace_template},
                       {"url", p.url},
                       {"healthPath", p.health_path},
                       {"seedJob", p.seed_job},
                       {"smoke", std::move(smoke)}});
    }
    return out;
}

std::string render_profiles_table(const std::vector<ProfileRow>& rows) {
    // The profiles are ours, not a server's: no sanitising needed, but keep the columns aligned.
    std::vector<std::array<std::string, 5>> cells;
    cells.push_back({"COMPONENT", "REPOSITORY", "NAMESPACE", "URL", "SMOKE"});
    for (const auto& row : rows) {
        const Profile& p = row.profile;
        cells.push_back({row.component, p.repo, p.namespace_template, p.url.empty() ? "-" : p.url,
                         p.smoke ? "yes" : "-"});
    }
    std::array<std::size_t, 5> width{};
    for (const auto& line : cells) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            width[i] = std::max(width[i], display_width(line[i]));
        }
    }
    std::string out;
    for (const auto& line : cells) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            text += i + 1 < line.size() ? pad(line[i], width[i] + 2) : line[i];
        }
        out += text + '\n';
    }
    return out;
}

}  // namespace preview
