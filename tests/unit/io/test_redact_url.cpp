#include <string>

#include <doctest/doctest.h>

#include "preview/io/http.hpp"

using preview::redact_url;

TEST_SUITE("io::http") {
    TEST_CASE("redact_url leaves URLs without credentials byte-identical") {
        for (const std::string url :
             {"https://kube.example:6443/api/v1/namespaces?labelSelector=a%3Db&limit=500",
              "HTTPS://Example.com", "http://[::1]:8080/x?y#frag", "/relative/path?page=2",
              "https://host/path?tokens=keep&monkey=keep&=x&&flag", ""}) {
            CHECK(redact_url(url) == url);
        }
    }

    TEST_CASE("redact_url replaces userinfo") {
        CHECK(redact_url("https://alice:s3cret@host:443/p") ==
              "https://REDACTED:REDACTED@host:443/p");
        CHECK(redact_url("https://ghp_abc@github.com/o/r.git") ==
              "https://REDACTED@github.com/o/r.git");
        CHECK(redact_url("https://user:p@ss@host/") == "https://REDACTED:REDACTED@host/");
        CHECK(redact_url("https://host/path@not-userinfo") == "https://host/path@not-userinfo");
    }

    TEST_CASE("redact_url replaces the values of credential query parameters") {
        CHECK(redact_url("https://h/p?token=abc&page=2") == "https://h/p?token=REDACTED&page=2");
        CHECK(redact_url("https://h/p?a=1&Access_Token=x&b=2#frag") ==
              "https://h/p?a=1&Access_Token=REDACTED&b=2#frag");
        CHECK(
            redact_url("https://h/p?password=&secret=s&sig=x&signature=y&key=k&client_secret=c") ==
            "https://h/p?password=REDACTED&secret=REDACTED&sig=REDACTED&signature=REDACTED"
            "&key=REDACTED&client_secret=REDACTED");
        CHECK(redact_url("https://h/p?access%5Ftoken=x") == "https://h/p?access%5Ftoken=REDACTED");
        CHECK(redact_url("https://s3/blob?X-Amz-Signature=abc&X-Amz-Date=1") ==
              "https://s3/blob?X-Amz-Signature=REDACTED&X-Amz-Date=1");
        CHECK(redact_url("https://u:p@h/p?token=t") ==
              "https://REDACTED:REDACTED@h/p?token=REDACTED");
    }
}
