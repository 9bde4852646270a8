#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "preview/render/yaml.hpp"

namespace preview {
namespace {

using json = nlohmann::ordered_json;

// Every control a hostile title can carry: C0 (ESC, BEL, CR, LF), DEL, C1 (CSI), bidi override.
const std::string kHostile =
    "t\x1b]52;c;aGk=\x07\r\n del\x7f csi\xc2\x9b"
    "2J rlo\xe2\x80\xae lri\xe2\x81\xa6 ok: é ✓";

bool has_raw_control(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7F) {
            return true;
        }
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
        const auto third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0u;
        if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            return true;
        }
        if (c == 0xE2 && ((next == 0x80 && third >= 0xAA && third <= 0xAE) ||
                          (next == 0x81 && third >= 0xA6 && third <= 0xA9))) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_SUITE("render::yaml") {
    TEST_CASE("JSON escapes C0, DEL, C1 and bidi controls and parses back to the same string") {
        const json doc = {{"title", kHostile}, {"n", 1}};
        for (const auto& text : {render_json(doc), render_json_line(doc)}) {
            CHECK_FALSE(has_raw_control(text.substr(0, text.size() - 1)));
            CHECK(text.find("\\u009b") != std::string::npos);
            CHECK(text.find("\\u202e") != std::string::npos);
            CHECK(text.find("\\u007f") != std::string::npos);
            CHECK(json::parse(text)["title"] == kHostile);
        }
        CHECK(render_json_line(doc).find('\n') == render_json_line(doc).size() - 1);
    }

    TEST_CASE("JSON leaves ordinary text alone") {
        CHECK(render_json_line({{"title", "Käse ✓ \xc2\xa0"}}) ==
              "{\"title\":\"Käse ✓ \xc2\xa0\"}\n");
    }

    TEST_CASE("YAML escapes them in double quotes and parses back to the same string") {
        const json doc = {{"title", kHostile}, {kHostile, "key from data"}};
        const auto text = render_yaml(doc);
        CHECK_FALSE(has_raw_control(text));
        CHECK(text.find("\\u202e") != std::string::npos);
        const YAML::Node back = YAML::Load(text);
        CHECK(back["title"].as<std::string>() == kHostile);
        CHECK(back[kHostile].as<std::string>() == "key from data");
    }

    TEST_CASE("invalid UTF-8 becomes U+FFFD in both, never a raw byte") {
        const json doc = {{"title", "bad \xff end"}};
        CHECK(json::parse(render_json(doc))["title"] == "bad \xef\xbf\xbd end");
        CHECK(YAML::Load(render_yaml(doc))["title"].as<std::string>() == "bad \xef\xbf\xbd end");
    }
}

}  // namespace preview
