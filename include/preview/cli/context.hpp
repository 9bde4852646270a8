#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <istream>
#include <string>

#include "preview/core/settings.hpp"

namespace preview {

/// What commands get from the outside world: streams, terminal facts, environment, time.
/// Tests build one with string streams and a fake clock.
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
};

}  // namespace preview
