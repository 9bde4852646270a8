#pragma once

// Reading the api fixtures (tests/fixtures/{github,kube}/*.json) in unit tests.

#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace preview::test {

/// The text of tests/fixtures/<relative>; fails the test when it cannot be read.
inline std::string fixture(const std::string& relative) {
    const std::string path = std::string(PREVIEW_TEST_DIR) + "/fixtures/" + relative;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open fixture " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace preview::test
