#pragma once

// Internal to the api layer: typed, exception-free access to parsed wire JSON.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "preview/core/result.hpp"

namespace preview::api_detail {

using Json = nlohmann::json;

/// A JSON value and the path it was reached by ("status.conditions[1]"), for messages.
struct Node {
    const Json* value = nullptr;  ///< null when the field is absent or JSON null
    std::string path;

    explicit operator bool() const { return value != nullptr; }
};

/// Reads typed fields below a Node by dotted path ("status.sync.status"). Absent and null fields
/// read as the fallback; a wrong type also reads as the fallback but records the first failure,
/// naming the subject and the field.
class Fields {
  public:
    explicit Fields(std::string subject) : subject_(std::move(subject)) {}

    /// What the fields belong to in messages, e.g. `Pod "redis-stack-node-0"`.
    void set_subject(std::string subject) { subject_ = std::move(subject); }

    std::string str(const Node& at, std::string_view path);
    std::int64_t int64(const Node& at, std::string_view path, std::int64_t fallback = 0);
    int int32(const Node& at, std::string_view path, int fallback = 0);
    std::optional<int> opt_int32(const Node& at, std::string_view path);
    bool boolean(const Node& at, std::string_view path, bool fallback = false);
    /// The object at `path`; an empty Node when absent.
    Node object(const Node& at, std::string_view path);
    /// The elements of the array of objects at `path`.
    std::vector<Node> objects(const Node& at, std::string_view path);
    std::vector<std::string> strings(const Node& at, std::string_view path);
    std::map<std::string, std::string> string_map(const Node& at, std::string_view path);
    /// Whether `path` exists below `at` (JSON null counts as present).
    bool has_key(const Node& at, std::string_view path) const;

    /// Records a failure that is not a type mismatch ("has no metadata.name").
    void fail(const std::string& what);
    bool failed() const { return !failure_.empty(); }
    /// `Pod "x": field spec.replicas is a string, expected an integer`.
    const std::string& failure() const { return failure_; }

  private:
    // The non-null value at `path`, or nullptr; records a failure when an intermediate is not
    // an object.
    const Json* find(const Node& at, std::string_view path, std::string& full_path);
    void wrong_type(const std::string& path, const Json& value, std::string_view expected);

    std::string subject_;
    std::string failure_;
};

/// Parses `body` as a JSON object; otherwise an unexpected_body() error for `what`
/// ("read the Pod list").
Result<Json> parse_object(std::string_view body, std::string_view what);

/// Parses `body` as a JSON array; otherwise an unexpected_body() error for `what`.
Result<Json> parse_array(std::string_view body, std::string_view what);

/// The error for a body that parsed but whose fields do not have the expected shape:
/// "cannot read <failure>" (the failure names the subject, see Fields::failure()).
Error shape_error(const std::string& failure);

/// `Pod "x"`.
std::string quoted_subject(std::string_view kind, std::string_view name);

/// "a string", "an array", ... for messages.
std::string_view type_name(const Json& value);

/// Joins a base path and a relative one with a dot.
std::string join_path(std::string_view base, std::string_view rel);

}  // namespace preview::api_detail
