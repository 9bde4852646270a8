// Argo CD through the Kubernetes API of its cluster: Applications and ApplicationSets as
// argoproj.io/v1alpha1 custom resources, watched with `?watch=1`, changed with merge patches.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gather/argocd_source.hpp"
#include "gather/kube_change.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/core/kube_path.hpp"

namespace preview {
namespace {

const GroupVersion kArgo{"argoproj.io", "v1alpha1"};

// Keeps the version under `key` when the reads want it (a follow watches from there).
Fetch versioned_if(Fetch fetch, const ArgocdReads& reads, const std::string& key) {
    if (reads.list_versions == nullptr) {
        return fetch;
    }
    return versioned(std::move(fetch), *reads.list_versions, key);
}

// Hands what `out` holds once its read answered to `reads.listed`, as a list.
template <class Out, class AsList>
Fetch tell_listed(Fetch fetch, const ArgocdReads& reads, Out& out, AsList as_list) {
    if (!reads.listed) {
        return fetch;
    }
    auto inner = std::move(fetch.handle);
    fetch.handle = [inner, listed = reads.listed, &out, as_list](const HttpOutcome& outcome,
                                                                 FetchRounds& next) {
        inner(outcome, next);
        listed(as_list(out), next);
    };
    return fetch;
}

class KubeArgocdSource final : public ArgocdSource {
  public:
    explicit KubeArgocdSource(const Result<KubeEndpoint>& cluster) : cluster_(cluster) {}

    ReadSource read_source() const override { return ReadSource::kubernetes; }
    bool kube_context() const override { return cluster_.ok(); }
    // Without its cluster nothing reaches Argo CD: the kubectl commands name the access needed.
    const ArgocdCommands& commands() const override {
        return cluster_.ok() ? argocd_kubectl_commands() : argocd_no_access_commands();
    }

    void add_preview_reads(FetchRounds& rounds, const Targets& t,
                           ArgocdReads reads) const override {
        if (reads.application_set != nullptr) {
            rounds.add(read_application_set(t, *reads.application_set, reads.list_versions));
        }
        Fetch parent = get_object<Application>(
            cluster_, KubePath::object(kArgo, "applications", t.argocd_namespace, t.application),
            fmt::format("read Application {}/{}", t.argocd_namespace, t.application),
            [](std::string_view body) { return parse_application(body); }, reads.parent);
        rounds.add(versioned_if(tell_listed(std::move(parent), reads, reads.parent,
                                            [](const Observed<std::optional<Application>>& found)
                                                -> Result<std::vector<Application>> {
                                                if (!found.ok()) {
                                                    return found.error();
                                                }
                                                return found->has_value()
                                                           ? std::vector<Application>{**found}
                                                           : std::vector<Application>{};
                                            }),
                                reads, "application"));
        Fetch children = list_objects<Application>(
            cluster_, KubePath::collection(kArgo, "applications", t.argocd_namespace),
            {{"labelSelector", fmt::format("{}={}", t.pr_label, t.pr_label_value)}},
            fmt::format("list Applications in namespace {}", t.argocd_namespace),
            [](std::string_view body) { return parse_application_list(body); }, reads.children);
        rounds.add(versioned_if(
            tell_listed(std::move(children), reads, reads.children,
                        [](const Observed<std::vector<Application>>& found) { return found; }),
            reads, "applications"));
    }

    Fetch read_application_set(const Targets& t, Observed<std::optional<ApplicationSet>>& out,
                               std::map<std::string, std::string>* versions) const override {
        Fetch fetch = get_object<ApplicationSet>(
            cluster_,
            KubePath::object(kArgo, "applicationsets", t.argocd_namespace, t.application_set),
            fmt::format("read ApplicationSet {}/{}", t.argocd_namespace, t.application_set),
            [](std::string_view body) { return parse_application_set(body); }, out);
        return versions == nullptr ? fetch
                                   : versioned(std::move(fetch), *versions, "applicationset");
    }

    Fetch list_applications(const std::string& argocd_namespace, const std::string& selector,
                            Observed<std::vector<Application>>& out) const override {
        QueryParams query;
        if (!selector.empty()) {
            query.emplace_back("labelSelector", selector);
        }
        const std::string labelled =
            selector.empty() ? std::string() : fmt::format(" labelled {}", selector);
        return list_objects<Application>(
            cluster_, KubePath::collection(kArgo, "applications", argocd_namespace),
            std::move(query),
            fmt::format("list the Applications{} in namespace {}", labelled, argocd_namespace),
            [](std::string_view body) { return parse_application_list(body); }, out);
    }

    Fetch list_application_sets(const std::string& argocd_namespace,
                                Observed<std::vector<ApplicationSet>>& out) const override {
        return list_objects<ApplicationSet>(
            cluster_, KubePath::collection(kArgo, "applicationsets", argocd_namespace), {},
            fmt::format("list the ApplicationSets in namespace {}", argocd_namespace),
            [](std::string_view body) { return parse_application_set_list(body); }, out);
    }

    // The Applications by label; the parent and the ApplicationSet by name.
    Result<WatchRequest> watch_request(const Targets& t, const WatchPoint& point,
                                       std::chrono::seconds timeout) const override {
        QueryParams selectors;
        std::string plural = "applications";
        if (point.key == "applications") {
            selectors.emplace_back("labelSelector",
                                   fmt::format("{}={}", t.pr_label, t.pr_label_value));
        } else if (point.key == "application") {
            selectors.emplace_back("fieldSelector", "metadata.name=" + t.application);
        } else if (point.key == "applicationset") {
            selectors.emplace_back("fieldSelector", "metadata.name=" + t.application_set);
            plural = "applicationsets";
        } else {
            return Error(ErrorKind::config, "nothing to watch as " + point.key);
        }
        return kube_watch_request(cluster_, KubePath::collection(kArgo, plural, t.argocd_namespace),
                                  point.resource_version, timeout, selectors);
    }

    // Argo CD's objects as merge patches on its cluster; a workload object is the workload
    // cluster's (whose error, when no context reaches it, is the answer).
    bool route(const Intent& intent, const ChangeRoute&, const PrRef&,
               const Observed<std::optional<ApplicationSet>>*, RoutedChanges& out) const override {
        if (!on_argocd(intent)) {
            return false;
        }
        out.changes.push_back(kube_form(intent, cluster_));
        return true;
    }

    Change through_kubernetes(const Intent& intent) const override {
        return kube_form(intent, cluster_);
    }

  private:
    const Result<KubeEndpoint>& cluster_;
};

}  // namespace

std::shared_ptr<const ArgocdSource> argocd_through_kubernetes(const Result<KubeEndpoint>& cluster) {
    return std::make_shared<KubeArgocdSource>(cluster);
}

}  // namespace preview
