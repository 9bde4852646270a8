#include "core/profile/documents.hpp"

#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace preview::profile_detail {
namespace {

// The first node's position of each YAML document.
// yaml-cpp 0.7's LoadAll never returns when a document starts with ',' (it emits an empty document
// without consuming the token, again and again, allocating each time), so a document that starts
// where the previous one did is reported as the YAML error it is.
class DocumentMarks : public YAML::EventHandler {
  public:
    std::vector<YAML::Mark> starts;  ///< where each document begins
    std::vector<YAML::Mark> roots;   ///< where its root node begins

    void OnDocumentStart(const YAML::Mark& mark) override {
        starts.push_back(mark);
        roots.push_back(mark);
        root_seen_ = false;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  const std::string& /*value*/) override {
        node(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                         YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {
        node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                    YAML::EmitterStyle::value /*style*/) override {
        node(mark);
    }
    void OnMapEnd() override {}

  private:
    void node(const YAML::Mark& mark) {
        if (!root_seen_ && !roots.empty()) {
            roots.back() = mark;
            root_seen_ = true;
        }
    }
    bool root_seen_ = false;
};

}  // namespace

std::vector<YAML::Mark> document_roots(const std::string& text) {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentMarks marks;
    while (parser.HandleNextDocument(marks)) {
        const auto& starts = marks.starts;
        if (starts.size() >= 2 && starts.back().pos == starts[starts.size() - 2].pos) {
            const auto at = static_cast<std::size_t>(starts.back().pos);
            throw YAML::ParserException(
                starts.back(), fmt::format("unexpected {:?}",
                                           at < text.size() ? text.substr(at, 1) : std::string()));
        }
    }
    return marks.roots;
}

}  // namespace preview::profile_detail
