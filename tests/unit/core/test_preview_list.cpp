#include <stdexcept>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/preview_list.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kPrLabel = "homerun2.stuttgart-things.com/pr";

PullRequest labelled_pr(int number) {
    PullRequest pr;
    pr.owner = "stuttgart-things";
    pr.repo = "homerun2-core-catcher";
    pr.number = number;
    pr.state = "open";
    pr.title = "PR " + std::to_string(number);
    pr.author = "dev";
    pr.labels = {"preview"};
    return pr;
}

Application pr_app(int number, std::string suffix = "", std::string sync = "Synced",
                   std::string health = "Healthy") {
    Application a = app("homerun2-core-catcher-pr-" + std::to_string(number) + suffix,
                        std::move(sync), std::move(health));
    a.meta.labels[kPrLabel] = std::to_string(number);
    return a;
}

Namespace preview_namespace(int number, std::string phase = "Active") {
    Namespace ns;
    ns.meta =
        meta("homerun2-core-catcher-pr-" + std::to_string(number), "", "2026-11-23T15:00:00Z");
    ns.phase = std::move(phase);
    return ns;
}

ListSnapshot world(std::vector<PullRequest> pulls, std::vector<Application> apps,
                   std::vector<Namespace> namespaces) {
    ListSnapshot s;
    s.repo = {"stuttgart-things", "homerun2-core-catcher", 0};
    s.now = kNow;
    s.pulls = std::move(pulls);
    s.applications = std::move(apps);
    s.namespaces = std::move(namespaces);
    return s;
}

const ListedPreview& find(const PreviewList& list, int number) {
    for (const auto& p : list.previews) {
        if (p.number == number) {
            return p;
        }
    }
    FAIL("no preview #" << number);
    throw std::logic_error("unreachable");
}

std::vector<OrphanKind> kinds(const ListedPreview& p) {
    std::vector<OrphanKind> out;
    for (const auto& o : p.orphans) {
        out.push_back(o.kind);
    }
    return out;
}

}  // namespace

TEST_SUITE("core::preview_list") {
    TEST_CASE("a healthy preview joins PR, Applications and namespace by number") {
        auto child = pr_app(42, "-core-catcher");
        child.source_revision = std::string("pr-42-") + kSha;
        auto pr = labelled_pr(42);
        pr.head_sha = kSha;
        const auto list =
            join_previews(world({pr}, {child, pr_app(42)}, {preview_namespace(42)}), Profile{});
        REQUIRE(list.previews.size() == 1);
        const auto& p = list.previews.front();
        CHECK(p.number == 42);
        CHECK(p.phase == Phase::ready);
        CHECK(p.sha == kSha);
        CHECK(p.age_seconds == 3600);
        CHECK(p.url == "https://cc-pr-42.homerun2-dev.sthings-vsphere.labul.sva.de");
        REQUIRE(p.applications.size() == 2);
        CHECK(p.applications.front().meta.name == "homerun2-core-catcher-pr-42");  // parent first
        CHECK(p.orphans.empty());
        CHECK(list.errors.empty());
        // list reads no route, Job or URL: its ready says what it rests on, not "everything is up".
        CHECK_MESSAGE(p.reason.find("Synced and Healthy and the PR head runs") != std::string::npos,
                      p.reason);
        CHECK(p.reason.find("`preview status 42`") != std::string::npos);
        CHECK(p.report.reason == "everything is up");
    }

    TEST_CASE("another component's Applications share the PR label key but are not ours") {
        const std::string ours = "homerun2-core-catcher-pr-preview";
        auto parent = pr_app(12);
        parent.meta.owners.push_back({"ApplicationSet", ours});
        const auto child = pr_app(12, "-core-catcher");  // unowned, named after our parent
        auto other = app("homerun2-omni-pitcher-pr-12");
        other.meta.labels[kPrLabel] = "12";
        other.meta.owners.push_back({"ApplicationSet", "homerun2-omni-pitcher-pr-preview"});
        auto other_child = app("homerun2-omni-pitcher-pr-12-omni-pitcher");
        other_child.meta.labels[kPrLabel] = "12";
        Profile profile;
        profile.application_set = ours;
        const auto kept = own_applications({parent, child, other, other_child}, profile,
                                           {"stuttgart-things", "homerun2-core-catcher", 0});
        std::vector<std::string> names;
        for (const auto& a : kept) {
            names.push_back(a.meta.name);
        }
        CHECK(names == std::vector<std::string>{"homerun2-core-catcher-pr-12",
                                                "homerun2-core-catcher-pr-12-core-catcher"});
    }

    TEST_CASE("previews come newest first; unrelated namespaces are ignored") {
        auto s = world({labelled_pr(7), labelled_pr(42)}, {pr_app(7), pr_app(42)},
                       {preview_namespace(7), preview_namespace(42)});
        Namespace other;
        other.meta = meta("kube-system", "");
        s.namespaces->push_back(other);
        const auto list = join_previews(s, Profile{});
        REQUIRE(list.previews.size() == 2);
        CHECK(list.previews[0].number == 42);
        CHECK(list.previews[1].number == 7);
    }

    TEST_CASE("each orphan kind is flagged with its names") {
        const auto list =
            join_previews(world({labelled_pr(5), labelled_pr(9)}, {pr_app(9), pr_app(11)},
                                {preview_namespace(3), preview_namespace(11)}),
                          Profile{});
        CHECK(kinds(find(list, 3)) == std::vector{OrphanKind::namespace_without_pr});
        CHECK(find(list, 3).phase == Phase::tearing_down);
        CHECK(find(list, 3).orphans[0].message.find("homerun2-core-catcher-pr-3") !=
              std::string::npos);
        CHECK(kinds(find(list, 5)) == std::vector{OrphanKind::pr_without_application});
        CHECK(find(list, 5).phase == Phase::waiting_for_argocd);
        CHECK(kinds(find(list, 9)) == std::vector{OrphanKind::application_without_namespace});
        CHECK(find(list, 9).phase == Phase::deploying);
        CHECK(kinds(find(list, 11)) ==
              std::vector{OrphanKind::namespace_without_pr, OrphanKind::application_without_pr});
    }

    TEST_CASE("teardown in progress is not an orphan") {
        auto deleting = pr_app(3);
        deleting.meta.deletion_timestamp = "2026-11-23T15:59:00Z";
        const auto list = join_previews(
            world({}, {deleting}, {preview_namespace(3, "Terminating"), preview_namespace(4)}),
            Profile{});
        CHECK(find(list, 3).phase == Phase::tearing_down);
        CHECK(find(list, 3).orphans.empty());
        CHECK(kinds(find(list, 4)) == std::vector{OrphanKind::namespace_without_pr});
    }

    TEST_CASE("an unreadable list never makes the other side look orphaned") {
        auto s = world({}, {pr_app(9)}, {preview_namespace(3)});
        s.pulls = Error(ErrorKind::auth, "GitHub rejected the token");
        const auto list = join_previews(s, Profile{});
        REQUIRE(list.errors.size() == 1);
        CHECK(list.errors[0].source == "pulls");
        CHECK(find(list, 3).orphans.empty());
        CHECK(find(list, 9).orphans.size() == 1);  // app without namespace: both lists were read
        // Without the PRs, open/labelled/merged is unknown: said so, with what is deployed.
        CHECK(find(list, 9).phase == Phase::unknown);
        CHECK(find(list, 9).reason.find("GitHub rejected the token") != std::string::npos);
        CHECK(find(list, 9).reason.find("deploying") != std::string::npos);
        CHECK(find(list, 3).phase == Phase::unknown);
        CHECK(find(list, 3).reason.find("without an Application") != std::string::npos);

        auto t = world({labelled_pr(5)}, {}, {});
        t.applications = Error(ErrorKind::permission, "forbidden");
        t.namespaces = Error(ErrorKind::network, "reset");
        const auto other = join_previews(t, Profile{});
        CHECK(other.errors.size() == 2);
        CHECK(find(other, 5).orphans.empty());
    }

    TEST_CASE("degraded comes from Application errors and health") {
        auto broken = pr_app(7, "-core-catcher", "OutOfSync", "Missing");
        broken.conditions.push_back(cond("ComparisonError", "", "", "oci: not found"));
        const auto list = join_previews(
            world({labelled_pr(7)}, {pr_app(7), broken}, {preview_namespace(7)}), Profile{});
        CHECK(find(list, 7).phase == Phase::degraded);
        CHECK(find(list, 7).reason.find("oci: not found") != std::string::npos);

        const auto progressing =
            join_previews(world({labelled_pr(8)}, {pr_app(8, "", "Synced", "Progressing")},
                                {preview_namespace(8)}),
                          Profile{});
        CHECK(find(progressing, 8).phase == Phase::deploying);
        CHECK(find(progressing, 8).reason.find("Synced/Progressing") != std::string::npos);
    }

    TEST_CASE("pods are read only in the namespaces of unhealthy previews that exist") {
        auto s = world({labelled_pr(42), labelled_pr(8), labelled_pr(9)},
                       {pr_app(42), pr_app(8, "", "Synced", "Progressing"),
                        pr_app(9, "", "OutOfSync", "Missing")},
                       {preview_namespace(42), preview_namespace(8)});
        // 42 is healthy; 9's namespace does not exist, so it has no pods to read.
        CHECK(list_pod_namespaces(s, Profile{}) ==
              std::vector<std::string>{"homerun2-core-catcher-pr-8"});
        s.namespaces = Error(ErrorKind::permission, "forbidden");
        CHECK(list_pod_namespaces(s, Profile{}) ==
              std::vector<std::string>{"homerun2-core-catcher-pr-8", "homerun2-core-catcher-pr-9"});
    }

    TEST_CASE("an unreadable namespace's pods concern only its preview") {
        auto s =
            world({labelled_pr(7), labelled_pr(8)},
                  {pr_app(7, "", "Synced", "Progressing"), pr_app(8, "", "Synced", "Progressing")},
                  {preview_namespace(7), preview_namespace(8)});
        s.pods.emplace("homerun2-core-catcher-pr-7",
                       std::vector<Pod>{waiting_pod("cc-1", "img", "CrashLoopBackOff", "", 3)});
        s.pods.emplace("homerun2-core-catcher-pr-8",
                       Error(ErrorKind::permission, "cannot list pods in namespace x: forbidden"));
        const auto list = join_previews(s, Profile{});
        CHECK(find(list, 7).phase == Phase::degraded);
        const auto pods_of = [&](int number) {
            for (const auto& v : find(list, number).report.verdicts) {
                if (v.piece == "pods") {
                    return v.state;
                }
            }
            return PieceState::ok;
        };
        CHECK(pods_of(7) == PieceState::failing);
        CHECK(pods_of(8) == PieceState::unknown);
        REQUIRE(list.errors.size() == 1);
        CHECK(list.errors[0].source == "pods");
        CHECK(list.errors[0].error.message.find("forbidden") != std::string::npos);
    }

    TEST_CASE("namespaces and pods the source cannot show are not gathered, never absent") {
        // Through the Argo CD API (no kube context for the workload cluster) list reads no
        // namespace and no pods: not an error, no namespace orphan, and Synced and Healthy
        // Applications vouch for what they deploy, so the healthy preview is ready.
        auto healthy = pr_app(42, "-core-catcher");
        healthy.source_revision = std::string("pr-42-") + kSha;
        auto pr = labelled_pr(42);
        pr.head_sha = kSha;
        auto s = world({pr, labelled_pr(8)},
                       {pr_app(42), healthy, pr_app(8, "", "Synced", "Progressing")}, {});
        s.namespaces = Snapshot::not_read("the Argo CD API does not list namespaces: needs x");
        s.pods.emplace("homerun2-core-catcher-pr-8",
                       Snapshot::not_read("the Argo CD API does not list the pods: needs x"));
        const auto list = join_previews(s, Profile{});
        CHECK(list.errors.empty());
        const auto& ready = find(list, 42);
        CHECK(ready.phase == Phase::ready);
        CHECK(ready.orphans.empty());
        CHECK_MESSAGE(
            ready.reason.find("Synced and Healthy and the PR head runs") != std::string::npos,
            ready.reason);
        CHECK_MESSAGE(ready.reason.find("nor the namespace (the Argo CD API does not list "
                                        "namespaces") != std::string::npos,
                      ready.reason);
        CHECK(ready.reason.find("does not exist") == std::string::npos);
        // Argo CD's Progressing, and the pods that could tell a crash loop were not read.
        const auto& progressing = find(list, 8);
        CHECK(progressing.phase == Phase::deploying);
        CHECK_MESSAGE(
            progressing.reason.find("Synced/Progressing; list did not read its pods "
                                    "(the Argo CD API does not list the pods") != std::string::npos,
            progressing.reason);
        CHECK(progressing.reason.find("does not exist") == std::string::npos);
        CHECK(progressing.orphans.empty());
    }

    TEST_CASE("an Application without the PR label is placed by its name") {
        Application unlabelled = app("homerun2-core-catcher-pr-12");
        const auto list = join_previews(world({labelled_pr(12)}, {unlabelled}, {}), Profile{});
        CHECK(find(list, 12).applications.size() == 1);
    }

    TEST_CASE("revision_sha finds a 40-hex commit, not a digest") {
        CHECK(revision_sha(std::string("pr-42-") + kSha) == kSha);
        CHECK(revision_sha(kSha) == kSha);
        CHECK(revision_sha("main").empty());
        CHECK(revision_sha("sha256:" + std::string(kSha) + "abcdef0123456789abcdef01").empty());
        CHECK(revision_sha(std::string(kSha).substr(0, 39)).empty());
    }
}
