#include "preview/core/argocd_commands.hpp"

namespace preview {

const ArgocdCommands& default_argocd_commands(const SnapshotSources& sources) {
    if (sources.argocd_kube) {
        return argocd_kubectl_commands();
    }
    return sources.argocd == ReadSource::argocd_api ? argocd_cli_commands()
                                                    : argocd_no_access_commands();
}

const ArgocdCommands& argocd_commands(const SnapshotSources& sources) {
    return sources.argocd_commands != nullptr ? *sources.argocd_commands
                                              : default_argocd_commands(sources);
}

}  // namespace preview
