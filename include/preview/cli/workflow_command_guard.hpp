#pragma once

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

#include "preview/render/workflow_command_filter.hpp"

namespace preview {

/// In GitHub Actions, stands between a stream and its buffer and passes everything written
/// through one WorkflowCommandFilter, so no server or repository text on stdout or stderr
/// becomes a workflow command, however the writes split a line. Restores the stream's own
/// buffer (flushing it) when destroyed.
class WorkflowCommandGuard final : public std::streambuf {
  public:
    explicit WorkflowCommandGuard(std::ostream& stream);
    ~WorkflowCommandGuard() override;
    WorkflowCommandGuard(const WorkflowCommandGuard&) = delete;
    WorkflowCommandGuard& operator=(const WorkflowCommandGuard&) = delete;

  protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

  private:
    void emit(std::string_view text);

    std::ostream& stream_;
    std::streambuf* target_;
    WorkflowCommandFilter filter_;
};

}  // namespace preview
