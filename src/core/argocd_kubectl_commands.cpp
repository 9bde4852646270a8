// The kubectl commands against the Argo CD cluster: as they are where a kube context reaches it
// (argocd_kubectl_commands), behind the access they need where nothing does
// (argocd_no_access_commands). Workload objects are kubectl's too: no tree commands.

#include "preview/core/argo_actions.hpp"
#include "preview/core/argocd_commands.hpp"
#include "preview/core/shell_quote.hpp"

namespace preview {
namespace {

class KubectlCommands final : public ArgocdCommands {
  public:
    /// `needs`: what stands before every command ("" with a kube context).
    explicit KubectlCommands(std::string_view needs) : needs_(needs) {}

    std::string describe_application(std::string_view ns, std::string_view app) const override {
        return kubectl(ns, {"describe", "application", app});
    }
    std::string hard_refresh_application(std::string_view ns, std::string_view app) const override {
        return needs(
            kubectl_annotate_command(ns, "application", app, kAppRefreshAnnotation, "hard"));
    }
    std::string sync_application(std::string_view ns, std::string_view app,
                                 const std::string& revision,
                                 const std::string& /*target_revision*/) const override {
        return needs(kubectl_sync_command(ns, app, revision));
    }
    std::string delete_application(std::string_view ns, std::string_view app) const override {
        return kubectl(ns, {"delete", "application", app});
    }
    std::string list_applications(std::string_view ns, std::string_view selector) const override {
        return kubectl(ns, {"get", "applications", "-l", selector});
    }

    std::string describe_application_set(std::string_view ns,
                                         std::string_view name) const override {
        return kubectl(ns, {"describe", "applicationset", name});
    }
    std::string edit_application_set(std::string_view ns, std::string_view name) const override {
        return kubectl(ns, {"edit", "applicationset", name});
    }
    std::string list_application_sets(std::string_view ns) const override {
        return kubectl(ns, {"get", "applicationsets"});
    }

    std::string list_clusters(std::string_view ns) const override {
        return kubectl(ns, {"get", "secrets", "-l", "argocd.argoproj.io/secret-type=cluster",
                            "--show-labels"});
    }
    std::string list_projects(std::string_view ns) const override {
        return kubectl(ns, {"get", "appprojects"});
    }
    std::string kubectl(std::string_view ns,
                        std::initializer_list<std::string_view> args) const override {
        return needs(shell_command({"kubectl", "-n", ns}) + " " + shell_command(args));
    }

    bool annotates_tree_objects() const override { return false; }
    std::optional<std::string> tree_previous_log(std::string_view /*ns*/, std::string_view /*app*/,
                                                 std::string_view /*pod*/,
                                                 std::string_view /*container*/) const override {
        return std::nullopt;
    }
    std::optional<std::string> tree_refresh_external_secret(
        std::string_view /*ns*/, std::string_view /*app*/,
        std::string_view /*name*/) const override {
        return std::nullopt;
    }
    std::optional<std::string> tree_bump_route(std::string_view /*ns*/, std::string_view /*app*/,
                                               std::string_view /*route*/) const override {
        return std::nullopt;
    }

  private:
    std::string needs(const std::string& command) const { return std::string(needs_) + command; }

    std::string_view needs_;
};

}  // namespace

const ArgocdCommands& argocd_kubectl_commands() {
    static const KubectlCommands commands("");
    return commands;
}

const ArgocdCommands& argocd_no_access_commands() {
    static const KubectlCommands commands(
        "needs a kube context for the Argo CD cluster (pass --argocd-context NAME): ");
    return commands;
}

}  // namespace preview
