#include "gather/registry_fetch.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"
#include "preview/api/oci_reference.hpp"
#include "preview/api/www_authenticate.hpp"
#include "preview/io/url.hpp"

namespace preview {
namespace {

constexpr std::string_view kManifestAccept =
    "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

struct ArtifactJob {
    const Sources* src;
    OciReference ref;
    std::string reference;
    Observed<ArtifactProbe>* out;
};

HttpRequest manifest_head(const ArtifactJob& job, const std::string& token) {
    HttpRequest request;
    request.method = "HEAD";
    request.url = fmt::format("https://{}/v2/{}/manifests/{}", job.ref.registry, job.ref.repository,
                              job.ref.tag);
    request.headers.emplace_back("Accept", std::string(kManifestAccept));
    request.bearer_token = token;
    request.tls = job.src->public_tls;
    request.timeout = job.src->timeout;
    return request;
}

Error registry_failure(const ArtifactJob& job, const HttpOutcome& outcome) {
    if (!outcome.ok()) {
        Error e = outcome.error();
        e.message = fmt::format("cannot check {}: {}", job.reference, e.message);
        return e;
    }
    const long status = outcome->status;
    if (status == 401 || status == 403) {
        return Error(ErrorKind::auth,
                     fmt::format("the registry {} refused access to {} (HTTP {})", job.ref.registry,
                                 job.ref.repository, status),
                     "the package may be private: set GH_TOKEN to a token with read:packages",
                     status);
    }
    return Error(ErrorKind::api,
                 fmt::format("the registry {} answered HTTP {} for {}", job.ref.registry, status,
                             job.reference),
                 {}, status);
}

void record_manifest(const ArtifactJob& job, const HttpOutcome& outcome) {
    if (outcome.ok() && (outcome->status == 200 || outcome->status == 404)) {
        ArtifactProbe probe;
        probe.reference = job.reference;
        probe.exists = outcome->status == 200;
        probe.digest = outcome->header("docker-content-digest").value_or("");
        *job.out = std::move(probe);
        return;
    }
    *job.out = registry_failure(job, outcome);
}

Fetch head_with_token(const ArtifactJob& job, const std::string& token) {
    HttpRequest request = manifest_head(job, token);
    return Fetch{std::move(request),
                 [job](const HttpOutcome& outcome, FetchRounds&) { record_manifest(job, outcome); },
                 nullptr};
}

// The registry's own https origin: the only place its credentials may go.
std::string registry_origin(const ArtifactJob& job) {
    return fmt::format("https://{}/", job.ref.registry);
}

// Credentials (the GitHub token as Basic password) go only to an https realm on the registry's
// own origin, as ghcr.io's is (https://ghcr.io/token). A realm elsewhere (Docker Hub's
// auth.docker.io) may still hand out anonymous tokens.
bool realm_may_get_credentials(const ArtifactJob& job, const std::string& realm) {
    return same_origin(realm, registry_origin(job));
}

Fetch fetch_token(ArtifactJob job, BearerChallenge challenge, bool with_basic) {
    // Over plain HTTP even an anonymous token could be forged on the way, and a realm with
    // "user@" in it would make libcurl send those credentials: ask only https realms.
    if (!url_origin(challenge.realm).starts_with("https://") ||
        !same_origin(challenge.realm, challenge.realm)) {
        Error refused(ErrorKind::api,
                      fmt::format("the registry {} sent clients to the token service {:?}, which "
                                  "is not a plain https:// URL; preview does not ask it",
                                  job.ref.registry, challenge.realm),
                      "the registry or a proxy in between is misconfigured or hostile");
        return Fetch{std::move(refused),
                     [job](const HttpOutcome& outcome, FetchRounds&) {
                         *job.out = registry_failure(job, outcome);
                     },
                     nullptr};
    }
    HttpRequest request;
    std::vector<std::pair<std::string, std::string>> query;
    if (!challenge.service.empty()) {
        query.emplace_back("service", challenge.service);
    }
    query.emplace_back("scope", challenge.scope.empty()
                                    ? fmt::format("repository:{}:pull", job.ref.repository)
                                    : challenge.scope);
    request.url = with_query(challenge.realm, query);
    request.tls = job.src->public_tls;
    request.timeout = job.src->timeout;
    if (with_basic && realm_may_get_credentials(job, challenge.realm)) {
        // GHCR takes a GitHub token as the Basic password; the user name is not checked.
        request.basic_user = "preview";
        request.basic_password = job.src->registry_token;
    }
    auto handle = [job, challenge, with_basic](const HttpOutcome& outcome, FetchRounds& next) {
        if (outcome.ok() && (outcome->status == 401 || outcome->status == 403) && !with_basic &&
            job.ref.registry == "ghcr.io" && !job.src->registry_token.empty() &&
            realm_may_get_credentials(job, challenge.realm)) {
            next.add(fetch_token(job, challenge, true));
            return;
        }
        if (!outcome.ok() || outcome->status != 200) {
            *job.out = registry_failure(job, outcome);
            return;
        }
        auto body = parse_json(outcome->body);
        std::string token;
        if (body.is_object()) {
            for (const char* key : {"token", "access_token"}) {
                if (body.contains(key) && body[key].is_string()) {
                    token = body[key].get<std::string>();
                    break;
                }
            }
        }
        if (token.empty()) {
            *job.out = Error(ErrorKind::api, fmt::format("the token endpoint of {} gave no token",
                                                         job.ref.registry));
            return;
        }
        next.add(head_with_token(job, token));
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

}  // namespace

Fetch fetch_artifact(const Sources& src, const std::string& reference,
                     Observed<ArtifactProbe>& out) {
    auto parsed = parse_oci_reference(reference);
    if (!parsed.ok()) {
        const Error& error = parsed.error();
        return Fetch{error, [&out](const HttpOutcome& o, FetchRounds&) { out = o.error(); },
                     nullptr};
    }
    ArtifactJob job{&src, *parsed, reference, &out};
    if (src.registry_state != nullptr) {
        if (auto known = src.registry_state->challenges.find(job.ref.registry);
            known != src.registry_state->challenges.end()) {
            BearerChallenge challenge = known->second;
            challenge.scope.clear();  // the scope of /v2/ is not the repository's
            return fetch_token(job, challenge, false);
        }
    }
    HttpRequest request = manifest_head(job, {});
    auto handle = [job](const HttpOutcome& outcome, FetchRounds& next) {
        if (outcome.ok() && outcome->status == 401) {
            auto challenge =
                parse_bearer_challenge(outcome->header("www-authenticate").value_or(""));
            if (challenge) {
                next.add(fetch_token(job, *challenge, false));
                return;
            }
        }
        record_manifest(job, outcome);
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

Fetch fetch_registry_challenge(const Sources& src, const std::string& registry) {
    HttpRequest request;
    request.url = fmt::format("https://{}/v2/", registry);
    request.tls = src.public_tls;
    request.timeout = src.timeout;
    request.max_attempts = 1;  // an optimisation only: the artifact check falls back on failure
    if (src.registry_state != nullptr) {
        ++src.registry_state->pending;
    }
    auto handle = [&src, registry](const HttpOutcome& outcome, FetchRounds& next) {
        if (outcome.ok() && outcome->status == 401 && src.registry_state != nullptr) {
            if (auto challenge =
                    parse_bearer_challenge(outcome->header("www-authenticate").value_or(""))) {
                src.registry_state->challenges.emplace(registry, *challenge);
            }
        }
        if (RegistryState* gate = src.registry_state; gate != nullptr && --gate->pending == 0) {
            auto waiting = std::move(gate->waiting);
            gate->waiting.clear();
            for (auto& schedule : waiting) {
                schedule(next);
            }
        }
    };
    return Fetch{std::move(request), std::move(handle), nullptr};
}

void after_registry_challenges(const Sources& src, FetchRounds& rounds,
                               std::function<void(FetchRounds&)> schedule) {
    if (src.registry_state != nullptr && src.registry_state->pending > 0) {
        src.registry_state->waiting.push_back(std::move(schedule));
        return;
    }
    schedule(rounds);
}

}  // namespace preview
