#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <istream>
#include <memory>
#include <string>

#include "preview/core/settings.hpp"
#include "preview/io/http.hpp"

namespace preview {

/// Makes the HTTP client a command sends every request with (gh's Factory.HttpClient).
using HttpClientFactory = std::function<std::unique_ptr<HttpClient>(HttpClientOptions)>;

/// What commands get from the outside world: streams, terminal facts, environment, time, the
/// network. Tests build one with string streams, a fake clock and an in-memory transport.
struct AppContext {
    AppContext(std::ostream& out_stream, std::ostream& err_stream)
        : out(out_stream), err(err_stream) {}

    std::ostream& out;
    std::ostream& err;
    std::istream* in = nullptr;  ///< answers to confirmation prompts
    EnvMap env;
    bool stdout_is_tty = false;
    bool stdin_is_tty = false;
    std::string working_directory;
    const std::atomic<bool>* interrupted = nullptr;
    std::function<std::int64_t()> now;  ///< Unix seconds
    /// How interruptible_sleep waits; unset, the thread sleeps. Tests pass one that returns at
    /// once, so a command's pauses (doctor --fix's re-check, a follow's polls) take no time.
    std::function<void(std::chrono::milliseconds)> sleep;
    HttpClientFactory http_client = make_curl_http_client;
};

}  // namespace preview
