#include "preview/render/doctor_render.hpp"

namespace preview {

nlohmann::ordered_json doctor_json(const Snapshot& s, const std::vector<Finding>& findings) {
    using json = nlohmann::ordered_json;
    json doc = json::object();
    doc["pr"] = {{"repo", s.ref.repo_slug()},
                 {"number", s.ref.number},
                 {"headSha", s.pr.ok() ? json(s.pr->head_sha) : json(nullptr)}};
    json checks = json::array();
    for (const auto& f : findings) {
        checks.push_back({{"id", f.id},
                          {"status", check_status_name(f.status)},
                          {"title", f.title},
                          {"evidence", f.evidence},
                          {"cause", f.cause},
                          {"fix", f.fix},
                          {"autoFix", f.auto_fix}});
    }
    doc["checks"] = std::move(checks);
    const auto summary = summarize_findings(findings);
    doc["summary"] = {{"pass", summary.pass},
                      {"fail", summary.fail},
                      {"warn", summary.warn},
                      {"skip", summary.skip}};
    return doc;
}

}  // namespace preview
