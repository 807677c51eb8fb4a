// Supervised runs (docs/reliability.md): the tests run in a child forked after collection, and
// this process reports what the child sends. A child that dies (a signal, os._exit, abort)
// loses only the test it was running, which fails with the child's last words; a new child,
// forked from the same collected state, goes on with the tests after it.
#include <signal.h>

#include <chrono>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/crash_note.h"
#include "core/errors.h"
#include "core/wire.h"
#include "python/error.h"
#include "run/item_reports.h"
#include "run/test_runner.h"

namespace pyspace::run {
namespace {

using Clock = std::chrono::steady_clock;

struct ChildError {
  WorkerError kind;
  std::string type, message, traceback;
};

[[noreturn]] void rethrow(const ChildError& error) {
  switch (error.kind) {
    case WorkerError::Python: throw python::PythonError(error.type, error.message, error.traceback);
    case WorkerError::SpaceBroken: throw core::SpaceBroken(error.message);
    case WorkerError::Usage: throw core::UsageError(error.message);
    case WorkerError::Internal: break;
  }
  throw std::runtime_error(error.message);
}

void send_error(WorkerOutput& out, WorkerError kind, const std::string& type, const std::string& message,
                const std::string& traceback) {
  core::WireWriter w;
  w.u32(static_cast<std::uint32_t>(kind));
  w.text(type);
  w.text(message);
  w.text(traceback);
  out.send(WorkerMessage::Error, w.take());
}

constexpr auto kInterruptGrace = std::chrono::milliseconds(500);

}  // namespace

std::string TestRunner::session_timeout_reason() const {
  return fmt::format("session timeout of {}s exceeded", seconds_text(options_.session_timeout));
}

bool TestRunner::execute(const std::vector<FileItems>& files, RunSpace& owner, bool settle,
                         const std::string& space_file, core::RunSummary& summary) {
  // --isolate file: the files' spaces share the root one after the other in this process, as
  // pytest's tests share its one process (a shared module a test changed is changed for the
  // next file); a child per file would lose that.
  if (options_.supervise && options_.isolation == Isolation::Run)
    return supervise(files, owner, settle, space_file, summary);
  return run_here(files, settle ? &owner : nullptr, summary, {});
}

void TestRunner::run_in_child(WorkerOutput& out, const std::vector<FileItems>& files, RunSpace& owner, bool settle,
                              const std::string& space_file, ItemAt from) {
  core::RunSummary counts;  // this child's copy of what keep_going() reads
  try {
    auto session = sessions_.open_session();
    const bool ack = session->writes_to_terminal();
    bool go_on = true;
    for (std::size_t f = from.file; f < files.size() && go_on; ++f) {
      const auto& items = files[f].items;
      for (std::size_t i = f == from.file ? from.item : 0; i < items.size() && go_on; ++i) {
        const Item* next = i + 1 < items.size() ? &items[i + 1] : nullptr;
        for (std::size_t g = f + 1; !next && g < files.size(); ++g)
          if (!files[g].items.empty()) next = &files[g].items.front();
        double limit = 0;
        std::vector<core::TestReport> reports;
        try {
          limit = session->timeout_of(items[i], options_.timeout);
        } catch (const python::PythonError& error) {
          if (error.type() != "_pyspace.run.timeouts.InvalidTimeout") throw;
          reports = {setup_error(items[i], fmt::format("ValueError: {}", error.message()))};
        }
        // The parent knows which test runs next (the order is its own): a Start is sent only
        // when the parent must act before the test runs (a time limit, the terminal).
        if (reports.empty() && (ack || limit > 0)) {
          core::WireWriter start;
          start.f64(limit);
          start.u32(ack ? 1 : 0);
          out.send(WorkerMessage::Start, start.take());
          if (ack) out.wait_ack();
        }
        if (reports.empty()) {
          core::note_running(items[i].nodeid);
          reports = session->run(items[i], next);
          core::note_running({});
        }
        go_on = keep_going(reports, counts);
        const bool expired = session_deadline_ && Clock::now() >= *session_deadline_;
        if (expired) go_on = false;
        auto reason = session->exit_reason();
        core::WireWriter done;
        done.u32(static_cast<std::uint32_t>(f));
        done.u32(static_cast<std::uint32_t>(i));
        done.reports(reports);
        done.u32(reason ? 1 : 0);
        done.text(reason.value_or(""));
        done.u32(expired ? 1 : 0);
        out.send(WorkerMessage::Reports, done.take());
        if (ack) out.wait_ack();
        session->reported();
        if (reason) go_on = false;
      }
      if (settle && !items.empty()) {
        out.send(WorkerMessage::Between, {});
        std::vector<std::string> lines;
        for (const auto& change : owner.settle())
          lines.push_back(fmt::format("{} by tests in {}", change, files[f].file->relpath));
        core::WireWriter w;  // sent even when empty: the file is settled, the next test runs
        w.texts(lines);
        out.send(WorkerMessage::Warnings, w.take());
      }
    }
    out.send(WorkerMessage::Between, {});
    auto finished = session->finish();
    core::WireWriter finish;
    finish.reports(finished);
    finish.texts(session->finish_live_log());
    out.send(WorkerMessage::Finish, finish.take());
    session->close();
    owner.deactivate();
    core::WireWriter teardown;
    teardown.texts(teardown_warnings(owner.close(options_.check_leaks), space_file));
    out.send(WorkerMessage::Teardown, teardown.take());
  } catch (const python::PythonError& error) {
    send_error(out, WorkerError::Python, error.type(), error.message(), error.traceback());
  } catch (const core::SpaceBroken& error) {
    send_error(out, WorkerError::SpaceBroken, "", error.what(), "");
  } catch (const core::UsageError& error) {
    send_error(out, WorkerError::Usage, "", error.what(), "");
  } catch (const std::exception& error) {
    send_error(out, WorkerError::Internal, "", error.what(), "");
  }
  out.send(WorkerMessage::Done, {});
}

bool TestRunner::supervise(const std::vector<FileItems>& files, RunSpace& owner, bool settle,
                           const std::string& space_file, core::RunSummary& summary) {
  // The first item at or after `at` (files without items skipped); at.file == files.size(): none.
  auto first_from = [&](ItemAt at) {
    while (at.file < files.size() && at.item >= files[at.file].items.size()) at = {at.file + 1, 0};
    return at;
  };
  ItemAt from = first_from({});
  bool go_on = true;
  while (from.file < files.size()) {
    std::string why;
    auto child = WorkerProcess::start([&](int crash_fd, int channel_fd) { return sessions_.fork_process(crash_fd, channel_fd); },
                                      [&](WorkerOutput& out) { run_in_child(out, files, owner, settle, space_file, from); },
                                      why);
    if (!child) {
      if (errno != ENOSYS)
        reporter_.warning(fmt::format("cannot start a process for the tests ({}): they run unsupervised", why));
      return run_here(files, settle ? &owner : nullptr, summary, from);
    }
    // The test the child runs now: the next in order after the last it reported, until it says
    // it is between tests (settling a file, finishing the session).
    ItemAt running = from;
    bool between = false, started = false, ack = false, done = false;
    Clock::time_point started_at = Clock::now();
    double limit = 0;  // the running test's, from its Start
    std::optional<Clock::time_point> test_deadline;
    bool stopped = false, stopped_by_session = false;  // stop_with_stacks() was called
    ItemAt stopped_at;  // the test that was running then (it may have finished meanwhile)
    std::optional<ChildError> error;
    std::optional<Clock::time_point> interrupted_at;
    bool forwarded = false;
    for (bool open = true; open;) {
      WorkerProcess::Message message;
      // Wake up at the first of: the running test's deadline, the run's, a Ctrl-C's grace.
      std::optional<Clock::time_point> wake;
      auto sooner = [&](std::optional<Clock::time_point> at) {
        if (at && (!wake || *at < *wake)) wake = at;
      };
      if (!stopped) {
        sooner(test_deadline);
        sooner(session_deadline_);
      }
      if (interrupted_at && !forwarded) sooner(*interrupted_at + kInterruptGrace);
      int timeout = -1;
      if (wake) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*wake - Clock::now()).count();
        timeout = static_cast<int>(std::max<long long>(left, 0));
      }
      switch (child->next(message, timeout, -1)) {
        case WorkerProcess::Wait::Ended:
          open = false;
          continue;
        case WorkerProcess::Wait::Woken:
        case WorkerProcess::Wait::Timeout:
          // Ctrl-C reaches the child too (one process group) and ends its test with
          // KeyboardInterrupt, which it reports; a signal sent to this process alone is
          // handed on after a moment; a second one ends the child.
          if (sessions_.interrupted()) {
            if (interrupted_at) child->kill(SIGKILL);
            else interrupted_at = Clock::now();
          }
          if (interrupted_at && !forwarded && Clock::now() - *interrupted_at >= kInterruptGrace) {
            child->kill(SIGINT);
            forwarded = true;
          }
          if (!stopped && !interrupted_at) {
            const auto now = Clock::now();
            const bool test_late = test_deadline && now >= *test_deadline;
            const bool run_late = session_deadline_ && now >= *session_deadline_;
            if (test_late || run_late) {
              stopped = true;
              stopped_by_session = run_late && !test_late;
              stopped_at = running;
              child->stop_with_stacks();
            }
          }
          continue;
        case WorkerProcess::Wait::Message:
          break;
      }
      core::WireReader in(message.payload);
      switch (message.kind) {
        case WorkerMessage::Start: {
          const auto& item = files.at(running.file).items.at(running.item);
          limit = in.f64();
          ack = in.u32() != 0;
          started = true;
          started_at = Clock::now();
          if (limit > 0) test_deadline = started_at + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit));
          reporter_.test_start(item.nodeid, item.file);
          if (ack) child->ack();
          break;
        }
        case WorkerMessage::Reports: {
          ItemAt at{in.u32(), in.u32()};
          auto reports = in.reports();
          const bool has_exit = in.u32() != 0;
          auto reason = in.text();
          const bool expired = in.u32() != 0;
          const auto& item = files.at(at.file).items.at(at.item);
          last_file_ = files[at.file].file->relpath;
          if (!started) reporter_.test_start(item.nodeid, item.file);
          go_on = record(reports, summary);
          reporter_.test_finish(item.nodeid);
          if (has_exit) {
            summary.interrupted = true;
            summary.exit_banner = exit_banner(reason);
            go_on = false;
          }
          if (expired && go_on) {
            summary.interrupted = true;  // pytest's session.shouldstop: exit 2, "Interrupted: ..."
            summary.stop_reason = session_timeout_reason();
            go_on = false;
          }
          if (ack) child->ack();
          running = first_from({at.file, at.item + 1});
          started = false;
          ack = false;
          limit = 0;
          test_deadline.reset();
          started_at = Clock::now();
          break;
        }
        case WorkerMessage::Between:
          between = true;
          break;
        case WorkerMessage::Warnings:
          for (const auto& line : in.texts()) reporter_.warning(line);
          between = false;
          break;
        case WorkerMessage::Finish: {
          auto finished = in.reports();
          auto live = in.texts();
          if (!live.empty()) reporter_.live_log("sessionfinish", live);
          record(finished, summary);
          break;
        }
        case WorkerMessage::Teardown:
          for (const auto& line : in.texts()) reporter_.warning(line);
          space_closed_by_child_ = true;
          break;
        case WorkerMessage::Error: {
          ChildError e{static_cast<WorkerError>(in.u32()), {}, {}, {}};
          e.type = in.text();
          e.message = in.text();
          e.traceback = in.text();
          error = std::move(e);
          break;
        }
        case WorkerMessage::Done:
          done = true;
          break;
      }
    }
    if (done && !error) {
      child->detach();
      return go_on;
    }
    const std::string how = child->reap();
    if (error) rethrow(*error);
    if (interrupted_at) throw python::PythonError("KeyboardInterrupt", "", "");
    // The child died or was stopped. The test it was running fails; a new child goes on after it.
    if (between || running.file >= files.size()) {
      if (stopped_by_session) {
        summary.interrupted = true;
        summary.stop_reason = session_timeout_reason();
        return false;
      }
      // Settling a file or finishing the session: no test fails; the tests not run yet go on.
      reporter_.warning(fmt::format("the process running the tests died ({}) between tests{}", how,
                                    running.file < files.size() ? ", before " + files[running.file].items[running.item].nodeid
                                                                : std::string(", after the last test")));
      if (running.file >= files.size() || !go_on) return go_on;
      from = running;
      continue;
    }
    if (stopped && (running.file != stopped_at.file || running.item != stopped_at.item)) {
      // The late test finished before the kill landed: the test the kill hit is not at fault;
      // it runs again in the next child (unless the run's time is up).
      if (stopped_by_session) {
        summary.interrupted = true;
        summary.stop_reason = session_timeout_reason();
        return false;
      }
      from = running;
      continue;
    }
    const auto& item = files[running.file].items[running.item];
    const double ran_s = std::chrono::duration<double>(Clock::now() - started_at).count();
    if (!started) reporter_.test_start(item.nodeid, item.file);
    if (stopped) {
      const double shown = stopped_by_session ? options_.session_timeout : limit;
      go_on = record({timeout_report(item, shown, child->crash_text(), ran_s, stopped_by_session)}, summary);
    } else {
      go_on = record({crash_report(item, how, child->crash_text(), ran_s)}, summary);
    }
    reporter_.test_finish(item.nodeid);
    if (stopped_by_session && summary.stop_reason.empty()) {
      summary.interrupted = true;
      summary.stop_reason = session_timeout_reason();
      go_on = false;
    }
    if (!go_on) return false;
    from = first_from({running.file, running.item + 1});
  }
  return go_on;
}

}  // namespace pyspace::run
