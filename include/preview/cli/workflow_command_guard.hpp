#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace preview {

/// In GitHub Actions, stands between a stream and its buffer and passes every line through
/// guard_workflow_commands, so no server or repository text on stdout or stderr becomes a
/// workflow command. Restores the stream's own buffer (flushing what is left) when destroyed.
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
    void emit_line();

    std::ostream& stream_;
    std::streambuf* target_;
    std::string line_;
};

}  // namespace preview
