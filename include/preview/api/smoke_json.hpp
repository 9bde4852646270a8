#pragma once

#include <string>
#include <string_view>

/// The smoke test's wire formats. Pure and exception-free.
namespace preview {

/// An error answer of the sender.
struct SmokeErrorAnswer {
    bool json_error = false;  ///< omni-pitcher's {"status":"error","message":"..."}
    std::string message;      ///< that message, else the first line of a text body (≤ 200 bytes)
};

/// Reads an error answer: the API's JSON error body, or the gateway's text (`no healthy
/// upstream`).
SmokeErrorAnswer parse_smoke_error(std::string_view body);

/// Whether an expect answer holds the message: with an empty `field`, `body` contains `text`;
/// else `body` is a JSON array (or object) with an element whose value at the dotted `field`
/// path is the string `text` (core-catcher's /export?format=json: an array of messages).
bool smoke_answer_has(std::string_view body, std::string_view text, std::string_view field);

}  // namespace preview
