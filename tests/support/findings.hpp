#pragma once

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"

namespace preview::testing {

/// The finding with this id for the default profile (fails the test when there is none).
inline Finding check(const Snapshot& s, std::string_view id) {
    for (auto& f : diagnose(s, Profile{})) {
        if (f.id == id) {
            return f;
        }
    }
    FAIL("no finding " << id);
    return {};
}

/// The finding with this id, checked to have `status`.
inline Finding check(const Snapshot& s, std::string_view id, CheckStatus status) {
    Finding f = check(s, id);
    INFO("finding ", id);
    CHECK(f.status == status);
    return f;
}

inline bool has_evidence(const Finding& f, std::string_view part) {
    for (const auto& line : f.evidence) {
        if (line.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

inline bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace preview::testing
