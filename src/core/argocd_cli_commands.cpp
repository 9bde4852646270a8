// The argocd CLI's commands, for a user who reaches Argo CD only through its API server: what
// the CLI cannot do (Secrets, the controller's pods) is the kubectl command behind the access it
// needs. Objects in an Application's resource tree are reached through the API too.

#include "preview/core/argo_actions.hpp"
#include "preview/core/argocd_commands.hpp"
#include "preview/core/shell_quote.hpp"

namespace preview {
namespace {

class CliCommands final : public ArgocdCommands {
  public:
    std::string describe_application(std::string_view ns, std::string_view app) const override {
        return shell_command({"argocd", "app", "get", app, "--app-namespace", ns});
    }
    std::string hard_refresh_application(std::string_view ns, std::string_view app) const override {
        return argocd_hard_refresh_command(app, ns);
    }
    std::string sync_application(std::string_view ns, std::string_view app,
                                 const std::string& revision,
                                 const std::string& target_revision) const override {
        return argocd_sync_command(std::string(app), revision, target_revision, std::string(ns));
    }
    std::string delete_application(std::string_view ns, std::string_view app) const override {
        return shell_command({"argocd", "app", "delete", app, "--app-namespace", ns});
    }
    std::string list_applications(std::string_view /*ns*/,
                                  std::string_view selector) const override {
        return shell_command({"argocd", "app", "list", "-l", selector});
    }

    // `argocd appset get` takes NAMESPACE/NAME (it has no namespace flag; a bare name means the
    // API server's own namespace).
    std::string describe_application_set(std::string_view ns,
                                         std::string_view name) const override {
        return shell_command({"argocd", "appset", "get", qualified(ns, name)});
    }
    // The argocd CLI has no `appset edit`: its spec is fetched, edited and applied again.
    std::string edit_application_set(std::string_view ns, std::string_view name) const override {
        return shell_command({"argocd", "appset", "get", qualified(ns, name), "-o", "yaml"}) +
               " > appset.yaml, edit it, then " +
               shell_command({"argocd", "appset", "create", "--upsert", "appset.yaml"});
    }
    std::string list_application_sets(std::string_view ns) const override {
        return shell_command({"argocd", "appset", "list", "--appset-namespace", ns});
    }

    std::string list_clusters(std::string_view /*ns*/) const override {
        return shell_command({"argocd", "cluster", "list"});
    }
    std::string list_projects(std::string_view /*ns*/) const override {
        return shell_command({"argocd", "proj", "list"});
    }
    std::string kubectl(std::string_view ns,
                        std::initializer_list<std::string_view> args) const override {
        return argocd_no_access_commands().kubectl(ns, args);
    }

    bool annotates_tree_objects() const override { return true; }
    std::optional<std::string> tree_previous_log(std::string_view ns, std::string_view app,
                                                 std::string_view pod,
                                                 std::string_view container) const override {
        return shell_command({"argocd", "app", "logs", app, "--kind", "Pod", "--name", pod, "-c",
                              container, "--previous", "--app-namespace", ns});
    }
    std::optional<std::string> tree_refresh_external_secret(std::string_view ns,
                                                            std::string_view app,
                                                            std::string_view name) const override {
        return shell_command({"argocd", "app", "actions", "run", app, "refresh", "--kind",
                              "ExternalSecret", "--resource-name", name, "--app-namespace", ns});
    }
    std::optional<std::string> tree_bump_route(std::string_view ns, std::string_view app,
                                               std::string_view route) const override {
        // "$(date +%s)" stands between the quoted halves of the patch.
        return shell_command({"argocd", "app", "patch-resource", app, "--kind", "HTTPRoute",
                              "--group", "gateway.networking.k8s.io", "--resource-name", route,
                              "--patch"}) +
               " " + shell_quote(R"({"metadata":{"annotations":{"reconcile-bump":")") +
               "\"$(date +%s)\"" + shell_quote(R"("}}})") + " " +
               shell_command(
                   {"--patch-type", "application/merge-patch+json", "--app-namespace", ns});
    }

  private:
    static std::string qualified(std::string_view ns, std::string_view name) {
        return std::string(ns) + "/" + std::string(name);
    }
};

}  // namespace

const ArgocdCommands& argocd_cli_commands() {
    static const CliCommands commands{};
    return commands;
}

}  // namespace preview
