// Marks follow severity, and a summary counts every check that ran even when only the ones that
// need attention are shown.

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "preview/core/preview_list.hpp"
#include "preview/core/profile.hpp"
#include "preview/render/doctor_render.hpp"
#include "preview/render/list_render.hpp"

using namespace preview;

namespace {

Finding finding(const char* id, CheckStatus status) {
    Finding f;
    f.id = id;
    f.status = status;
    f.summary = std::string(id) + " result";
    return f;
}

// The table line of preview #n, from its mark to the end of the line.
std::string row_of(const std::string& table, int n) {
    const auto at = table.find("#" + std::to_string(n) + " ");
    REQUIRE(at != std::string::npos);
    const auto start = table.rfind('\n', at) + 1;
    return table.substr(start, table.find('\n', at) - start);
}

}  // namespace

TEST_SUITE("render::marks") {
    TEST_CASE("the summary of a partial table counts every check that ran") {
        const std::vector<Finding> ran = {
            finding("pr-open", CheckStatus::pass), finding("label", CheckStatus::pass),
            finding("ci", CheckStatus::fail),      finding("application", CheckStatus::warn),
            finding("route", CheckStatus::skip),   finding("image-pull", CheckStatus::fail)};
        std::vector<Finding> shown;
        for (const auto& f : ran) {
            if (f.status == CheckStatus::fail || f.status == CheckStatus::warn) {
                shown.push_back(f);
            }
        }
        Snapshot snap;
        snap.ref = PrRef{"o", "r", 8};
        const std::string table =
            render_doctor_table(snap, shown, TermStyle{}, summarize_findings(ran));
        CHECK(table.find("2 passed, 2 failed, 1 warning, 1 skipped (showing the 3 that need "
                         "attention)") != std::string::npos);
        CHECK(table.find("✗ ci") != std::string::npos);
        CHECK(table.find("! application") != std::string::npos);
        CHECK(table.find("pr-open") == std::string::npos);

        // Without a separate count the table's own findings are counted, as doctor does.
        const std::string full = render_doctor_table(snap, ran, TermStyle{});
        CHECK(full.find("2 passed, 2 failed, 1 warning, 1 skipped\n") != std::string::npos);
    }

    TEST_CASE("a degraded preview with an orphan keeps the red mark of its phase") {
        Profile profile;
        ListSnapshot snap;
        snap.repo = PrRef{"o", "r", 0};
        PreviewList list;
        ListedPreview degraded;
        degraded.number = 7;
        degraded.phase = Phase::degraded;
        degraded.orphans.push_back(
            Orphan{OrphanKind::application_without_namespace, "no namespace"});
        ListedPreview deploying;
        deploying.number = 8;
        deploying.phase = Phase::deploying;
        deploying.orphans.push_back(Orphan{OrphanKind::pr_without_application, "no app"});
        ListedPreview ready;
        ready.number = 9;
        ready.phase = Phase::ready;
        ready.orphans.push_back(Orphan{OrphanKind::namespace_without_pr, "no PR"});
        list.previews = {ready, deploying, degraded};
        const std::string table = render_list_table(list, snap, profile, TermStyle{});
        CHECK(row_of(table, 7).starts_with("✗ "));
        CHECK(row_of(table, 8).starts_with("! "));
        CHECK(row_of(table, 9).starts_with("! "));  // an orphan is worth a warning
    }
}
