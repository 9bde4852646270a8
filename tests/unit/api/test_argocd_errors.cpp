#include <string>

#include <doctest/doctest.h>

#include "preview/api/api_errors.hpp"

namespace preview {
namespace {

bool contains(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_SUITE("api::argocd_errors") {
    TEST_CASE("an expired token: auth, run argocd relogin") {
        const Error e = classify_argocd_error(
            401,
            R"({"error":"invalid session: token has invalid claims: token is expired","code":16,"message":"invalid session: token has invalid claims: token is expired"})",
            "list Applications");
        CHECK(e.kind == ErrorKind::auth);
        CHECK(contains(e.message, "cannot list Applications"));
        CHECK(contains(e.message, "token is expired"));
        CHECK(contains(e.hint, "argocd relogin"));
    }

    TEST_CASE("no token at all: log in") {
        const Error e = classify_argocd_error(
            401,
            R"({"error":"no session information","code":16,"message":"no session information"})",
            "x");
        CHECK(e.kind == ErrorKind::auth);
        CHECK(contains(e.hint, "argocd login"));
    }

    TEST_CASE("403 permission denied for a single Application: missing or hidden") {
        const std::string body =
            R"({"error":"permission denied","code":7,"message":"permission denied"})";
        const Error e = classify_argocd_error(403, body, "read Application a", true);
        CHECK(e.kind == ErrorKind::permission);
        CHECK(contains(e.message, "does not exist or you lack access"));
        const Error plain = classify_argocd_error(403, body, "read Application a");
        CHECK_FALSE(contains(plain.message, "does not exist"));
        CHECK(contains(plain.message, "permission denied"));
    }

    TEST_CASE("an RBAC denial with its subject is quoted, not called missing") {
        const Error e = classify_argocd_error(
            403,
            R"({"error":"permission denied: applicationsets, get, {{ .name }}/x, sub: proj:a:b","code":7,"message":"permission denied: applicationsets, get, {{ .name }}/x, sub: proj:a:b"})",
            "read ApplicationSet x", true);
        CHECK(contains(e.message, "applicationsets, get"));
        CHECK_FALSE(contains(e.message, "does not exist"));
    }

    TEST_CASE("plain-text 415 and HTML pages are described") {
        const Error e = classify_argocd_error(415, "Invalid content type\n", "sync");
        CHECK(e.kind == ErrorKind::api);
        CHECK(contains(e.message, "Invalid content type"));
        const Error html = classify_argocd_error(
            404, "<!doctype html><html><head><title>Argo CD</title></head></html>", "list");
        CHECK(contains(html.hint, "argocd.rootPath"));
    }

    TEST_CASE("the ApplicationSet webhook's refusals name the secret to fix") {
        const Error bad = classify_appset_webhook_error(
            400, "Webhook processing failed: HMAC verification failed\n");
        CHECK(bad.kind == ErrorKind::auth);
        CHECK(contains(bad.message, "HMAC verification failed"));
        CHECK(contains(bad.hint, "PREVIEW_APPSET_WEBHOOK_SECRET must equal webhook.github.secret"));
        const Error missing = classify_appset_webhook_error(
            400, "Webhook processing failed: missing X-Hub-Signature-256 Header\n");
        CHECK(missing.kind == ErrorKind::auth);
        CHECK(contains(missing.hint, "set PREVIEW_APPSET_WEBHOOK_SECRET"));
        const Error full =
            classify_appset_webhook_error(503, "Queue is full, discarding webhook payload");
        CHECK(full.kind == ErrorKind::api);
        CHECK(contains(full.hint, "queue is full"));
    }
}

}  // namespace preview
