#pragma once

// One deadline per command (design §7): `up --timeout 10s` ends in about 10 s however the servers
// behave. The HTTP client (attempts and retries) and exec credential plugins read it; the command
// sets it. Unset, only the per-request limits apply.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <optional>

namespace preview {

class CommandDeadline {
  public:
    using Clock = std::chrono::steady_clock;

    void set(Clock::time_point at) { at_ns_.store(at.time_since_epoch().count()); }

    std::optional<Clock::time_point> get() const {
        const auto ns = at_ns_.load();
        if (ns == kUnset) {
            return std::nullopt;
        }
        return Clock::time_point(Clock::duration(ns));
    }

    bool passed(Clock::time_point now = Clock::now()) const {
        const auto at = get();
        return at && now >= *at;
    }

    /// `limit`, shortened to the time left when the deadline comes first (at least 1 ms).
    std::chrono::milliseconds clamp(std::chrono::milliseconds limit,
                                    Clock::time_point now = Clock::now()) const {
        const auto at = get();
        if (!at) {
            return limit;
        }
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*at - now);
        return std::max(std::chrono::milliseconds(1), std::min(limit, left));
    }

  private:
    static constexpr Clock::rep kUnset = std::numeric_limits<Clock::rep>::min();
    std::atomic<Clock::rep> at_ns_{kUnset};
};

}  // namespace preview
