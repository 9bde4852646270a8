#include "preview/gather/change_watch.hpp"

#include <algorithm>
#include <utility>

namespace preview {
namespace {

constexpr std::chrono::milliseconds kTick{200};
constexpr std::chrono::milliseconds kReopenPause{1000};

bool same_answer(const Observed<UrlProbe>& before, const Observed<UrlProbe>& now) {
    if (before.ok() != now.ok()) {
        return false;
    }
    return !before.ok() ||
           (before->http_status == now->http_status && before->error.empty() == now->error.empty());
}

}  // namespace

ChangeWatch::ChangeWatch(ChangeWatchHooks hooks, const Targets& targets, const PrRef& pr,
                         const CommandDeadline& deadline, ChangeWatchTimes times)
    : hooks_(std::move(hooks)),
      targets_(targets),
      pr_(pr),
      deadline_(deadline),
      poll_interval_(times.poll_interval),
      fixed_reread_(times.fixed_reread),
      reread_interval_(fixed_reread_.value_or(
          std::max<std::chrono::milliseconds>(kGithubInterval, poll_interval_))),
      url_step_(fixed_reread_.value_or(kUrlFirst)),
      github_due_(Clock::now() + reread_interval_),
      resync_interval_(times.resync) {}

ChangeWatch::Wake ChangeWatch::pause_ticking(std::chrono::milliseconds pause,
                                             const std::function<void()>& tick) {
    for (auto left = pause; left.count() > 0; left -= kTick) {
        if (!hooks_.pause(std::min(left, kTick))) {
            return Wake::interrupted;
        }
        tick();
    }
    return Wake::changed;
}

ChangeWatch::Wake ChangeWatch::sleep_interval(const std::function<void()>& tick) {
    auto pause = poll_interval_;
    if (const auto at = deadline_.get()) {
        pause = std::min(
            pause, std::max(std::chrono::milliseconds(0),
                            std::chrono::ceil<std::chrono::milliseconds>(*at - Clock::now())));
    }
    return pause_ticking(pause, tick);
}

// GitHub and the URL have no stream: re-read them on an interval, and only while needed.
bool ChangeWatch::reread_due(const Snapshot& snap, PollNeeds needs, Clock::time_point now) {
    const Sources src = hooks_.sources();
    if (needs.github && now >= github_due_) {
        github_due_ = now + reread_interval_;
        if (github_changed(src, pr_, snap.pr.ok() ? snap.pr->head_sha : std::string())) {
            return true;
        }
    }
    if (needs.url && url_due_ && now >= *url_due_) {
        const bool moved = !same_answer(
            snap.url, probe_url(src, snap.targets.health_url, std::chrono::milliseconds(10000)));
        // Probed soon after a change, then less often while it keeps the same answer.
        url_step_ = moved ? fixed_reread_.value_or(kUrlFirst)
                          : fixed_reread_.value_or(
                                std::min<std::chrono::milliseconds>(url_step_ * 2, kUrlLongest));
        url_due_ = Clock::now() + url_step_;
        return moved;
    }
    return false;
}

ChangeWatch::Wake ChangeWatch::wait(const Snapshot& snap, PollNeeds needs,
                                    const std::function<void()>& tick) {
    return wait_from([&snap] { return watch_points(snap); }, snap, needs, tick);
}

ChangeWatch::Wake ChangeWatch::wait(const std::vector<WatchPoint>& points,
                                    const std::function<void()>& tick) {
    const Snapshot nothing;  // nothing is re-read on an interval: the needs are none
    return wait_from([&points] { return points; }, nothing, PollNeeds{}, tick);
}

ChangeWatch::Wake ChangeWatch::wait_from(const std::function<std::vector<WatchPoint>()>& points_of,
                                         const Snapshot& snap, PollNeeds needs,
                                         const std::function<void()>& tick) {
    if (!resync_due_) {
        // The first wait after a snapshot: its watches start where its reads did. Later waits
        // of the same snapshot (after a quiet re-judge) resume where the last one got to, so a
        // watch by name that fell back to its list stays there.
        resync_due_ = Clock::now() + resync_interval_;
        points_ = points_of();
    }
    const Wake wake = wait_for_change(snap, needs, tick);
    if (wake == Wake::changed) {
        resync_due_.reset();  // a snapshot follows
    }
    return wake;
}

ChangeWatch::Wake ChangeWatch::wait_for_change(const Snapshot& snap, PollNeeds needs,
                                               const std::function<void()>& tick) {
    std::erase_if(points_, [this](const WatchPoint& p) { return refused_.contains(p.key); });
    std::vector<WatchPoint>& points = points_;
    if (points.empty()) {
        return sleep_interval(tick);
    }
    const auto rejudge_at = Clock::now() + kRejudgeAfter;
    // What the server refuses to watch is polled: a snapshot every interval, while the rest
    // still streams.
    std::optional<Clock::time_point> poll_at;
    if (!refused_.empty()) {
        poll_at = Clock::now() + poll_interval_;
    }
    if (!needs.url) {
        url_due_.reset();
        url_step_ = fixed_reread_.value_or(kUrlFirst);
    } else if (!url_due_) {
        url_due_ = Clock::now() + url_step_;
    }
    while (true) {
        const Sources src = hooks_.sources();
        std::vector<WatchRequest> requests;
        std::vector<std::size_t> of_request;  // index into points
        for (std::size_t i = 0; i < points.size(); ++i) {
            auto request = watch_request(src, targets_, points[i], kWatchSeconds);
            if (request.ok()) {
                requests.push_back(std::move(request.value()));
                of_request.push_back(i);
            }
        }
        if (requests.empty()) {
            return sleep_interval(tick);
        }
        const auto round_started = Clock::now();
        auto until = std::min(
            {round_started + kWatchSeconds + std::chrono::seconds(5), rejudge_at, *resync_due_});
        if (needs.github) {
            until = std::min(until, github_due_);
        }
        if (needs.url) {
            until = std::min(until, *url_due_);
        }
        if (poll_at) {
            until = std::min(until, *poll_at);
        }
        if (const auto at = deadline_.get()) {
            until = std::min(until, *at);
        }
        const auto reports = src.http.watch(std::move(requests), until, [this, &tick] {
            tick();
            return !hooks_.interrupted();
        });
        if (hooks_.interrupted()) {
            return Wake::interrupted;
        }
        bool changed = false;
        bool expired = false;
        bool failed = false;
        bool closed = false;
        bool refused = false;
        // Every report is read before deciding: a refusal that came in the same round as a
        // change must still be remembered, or the next wait asks for it again.
        for (std::size_t r = 0; r < reports.size(); ++r) {
            const WatchReport& report = reports[r];
            if (!report.resource_version.empty()) {
                points[of_request[r]].resource_version = report.resource_version;
            }
            switch (report.end) {
                case WatchEnd::changed:
                    changed = true;
                    break;
                case WatchEnd::expired:
                    if (auto& point = points[of_request[r]]; !point.fallback_version.empty()) {
                        // An object unchanged for longer than the server's watch history:
                        // resume from its cluster's list instead, reopened at once (only once
                        // per point, so never a loop).
                        point.resource_version = std::exchange(point.fallback_version, {});
                    } else {
                        expired = true;
                    }
                    break;
                case WatchEnd::refused:
                    refused_.insert(points[of_request[r]].key);
                    refused = true;
                    break;
                case WatchEnd::failed:
                    failed = true;
                    break;
                case WatchEnd::closed:  // opened again below, from its last resourceVersion
                    closed = true;
                    break;
                case WatchEnd::open:
                    break;
            }
        }
        if (changed) {
            expired_last_time_ = false;
            return Wake::changed;
        }
        if (expired) {
            // Too old to resume: a fresh list (snapshot) it is. A server that calls the fresh
            // list's resourceVersion too old as well gets an interval, not a storm.
            if (std::exchange(expired_last_time_, true)) {
                return sleep_interval(tick);
            }
            return Wake::changed;
        }
        if (failed) {
            // The stream broke: one polling interval, then a fresh look.
            return sleep_interval(tick);
        }
        if (refused) {
            // Nothing streams: poll. Some still do: the snapshot taken as this round ends (a
            // change, or the re-judge time) is the first poll of what was refused; the next
            // waits poll it every interval.
            const bool none_streams =
                std::all_of(points.begin(), points.end(),
                            [this](const auto& p) { return refused_.contains(p.key); });
            return none_streams ? sleep_interval(tick) : Wake::changed;
        }
        // A stream the server closes at once (a proxy, an overloaded server) is reopened from
        // its resourceVersion after a pause, not in a tight loop.
        if (closed && Clock::now() - round_started < kReopenPause &&
            pause_ticking(kReopenPause, tick) == Wake::interrupted) {
            return Wake::interrupted;
        }
        const auto now = Clock::now();
        if (deadline_.passed(now) || (poll_at && now >= *poll_at) || now >= *resync_due_ ||
            reread_due(snap, needs, now)) {
            return Wake::changed;
        }
        if (now >= rejudge_at) {
            return Wake::elapsed;
        }
    }
}

}  // namespace preview
