// The child's side of supervised runs and of -n's workers (supervised_run.cpp is the parent's):
// a process forked after collection, with the active space and the collected items, that runs
// the tests its parent gives it and sends what they report (run/worker_process.h).
// CONTRACT: runs in the forked child only; the space `owner` is active on entry; nothing may
// unwind out of work_in_child (child_errors sends it).
#include <deque>

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

void send_error(WorkerOutput& out, WorkerError kind, const std::string& type, const std::string& message,
                const std::string& traceback) {
  core::WireWriter w;
  w.u32(static_cast<std::uint32_t>(kind));
  w.text(type);
  w.text(message);
  w.text(traceback);
  out.send(WorkerMessage::Error, w.take());
}

}  // namespace

void TestRunner::work_in_child(WorkerOutput& out, const std::vector<FileItems>& files, RunSpace& owner, bool settle,
                               const std::string& space_file, const std::string& worker_id) {
  child_errors(out, [&] {
    if (!worker_id.empty()) sessions_.enter_worker(worker_id, options_.workers, testrun_uid_);
    core::RunSummary counts;  // this child's copy of what keep_going() reads
    auto session = sessions_.open_session();
    const bool ack = session->writes_to_terminal();
    std::deque<ItemAt> queue;  // given by the parent, not run yet
    bool no_more = false, stop = false, asked = false;
    auto take = [&](const WorkerFrame& frame) {
      core::WireReader in(frame.payload);
      switch (frame.kind) {
        case WorkerMessage::Work:
          for (std::uint32_t n = in.u32(); n > 0; --n) {
            const std::size_t file = in.u32();
            queue.push_back({file, in.u32()});
          }
          asked = false;
          break;
        case WorkerMessage::NoMoreWork: no_more = true; break;
        case WorkerMessage::StopWork: stop = true; break;
        default: break;
      }
    };
    auto read = [&](bool wait) {
      WorkerFrame frame;
      for (bool block = wait; out.receive(frame, block); block = false) take(frame);
    };
    // More is asked for while two tests are left: the answer comes while they run.
    auto ask = [&] {
      if (asked || no_more || queue.size() > 2) return;
      out.send(WorkerMessage::WantWork, {});
      asked = true;
    };
    for (bool go_on = true; go_on;) {
      ask();
      read(false);
      // A test runs once the one after it is known (what its scoped fixtures' teardown needs).
      while (!stop && !no_more && queue.size() < 2) {
        ask();
        read(true);
      }
      if (stop || queue.empty()) break;
      const ItemAt at = queue.front();
      const Item* next = queue.size() > 1 ? &files[queue[1].file].items[queue[1].item] : nullptr;
      go_on = child_test(out, *session, files[at.file].items[at.item], next, at, ack, counts);
      queue.pop_front();
      if (settle && (queue.empty() || queue.front().file != at.file))
        child_settle(out, owner, files[at.file].file->relpath);
    }
    child_finish(out, *session, owner, space_file);
  });
}

bool TestRunner::child_test(WorkerOutput& out, Executor& session, const Item& item, const Item* next, ItemAt at,
                            bool ack, core::RunSummary& counts) {
  double limit = 0;
  std::vector<core::TestReport> reports;
  try {
    limit = session.timeout_of(item, options_.timeout);
  } catch (const python::PythonError& error) {
    if (error.type() != "_pyspace.run.timeouts.InvalidTimeout") throw;
    reports = {setup_error(item, fmt::format("ValueError: {}", error.message()))};
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
    core::note_running(item.nodeid);
    // Each attempt of --reruns has the whole limit, as under pytest-timeout: a new Start.
    reports = run_item(session, item, next, [&] {
      if (limit <= 0) return;
      core::WireWriter again;
      again.f64(limit);
      again.u32(ack ? 1 : 0);
      out.send(WorkerMessage::Start, again.take());
      if (ack) out.wait_ack();
    });
    core::note_running({});
  }
  bool go_on = keep_going(reports, counts);
  const bool expired = session_deadline_ && Clock::now() >= *session_deadline_;
  if (expired) go_on = false;
  auto reason = session.exit_reason();
  send_child_record(out);
  core::WireWriter done;
  done.u32(static_cast<std::uint32_t>(at.file));
  done.u32(static_cast<std::uint32_t>(at.item));
  done.reports(reports);
  done.u32(reason ? 1 : 0);
  done.text(reason.value_or(""));
  done.u32(expired ? 1 : 0);
  out.send(WorkerMessage::Reports, done.take());
  if (ack) out.wait_ack();
  session.reported();
  return go_on && !reason;
}

void TestRunner::child_settle(WorkerOutput& out, RunSpace& owner, const std::string& relpath) {
  out.send(WorkerMessage::Between, {});
  std::vector<std::string> lines;
  for (const auto& change : owner.settle()) lines.push_back(fmt::format("{} by tests in {}", change, relpath));
  core::WireWriter w;  // sent even when empty: the file is settled, the next test runs
  w.texts(lines);
  out.send(WorkerMessage::Warnings, w.take());
}

void TestRunner::child_finish(WorkerOutput& out, Executor& session, RunSpace& owner, const std::string& space_file) {
  out.send(WorkerMessage::Between, {});
  auto finished = session.finish();
  core::WireWriter finish;
  finish.reports(finished);
  finish.texts(session.finish_live_log());
  out.send(WorkerMessage::Finish, finish.take());
  session.close();
  owner.deactivate();
  core::WireWriter teardown;
  // No leak check here: the run's collected items, which hold its modules, live until the child
  // exits. The parent checks its copy (close_space).
  teardown.texts(teardown_warnings(owner.close(false), space_file));
  out.send(WorkerMessage::Teardown, teardown.take());
}

void TestRunner::child_errors(WorkerOutput& out, const std::function<void()>& body) {
  try {
    body();
  } catch (const python::PythonError& error) {
    send_error(out, WorkerError::Python, error.type(), error.message(), error.traceback());
  } catch (const core::SpaceBroken& error) {
    send_error(out, WorkerError::SpaceBroken, "", error.what(), "");
  } catch (const core::UsageError& error) {
    send_error(out, WorkerError::Usage, "", error.what(), "");
  } catch (const std::exception& error) {
    send_error(out, WorkerError::Internal, "", error.what(), "");
  }
  try {
    sessions_.save_child_coverage();  // --cov: before the child exits (it ends with _exit)
  } catch (const std::exception& error) {
    send_error(out, WorkerError::Internal, "", fmt::format("--cov: {}", error.what()), "");
  }
  try {
    send_child_record(out);
  } catch (const std::exception& error) {
    send_error(out, WorkerError::Internal, "", fmt::format("recording what the tests used: {}", error.what()), "");
  }
  core::WireWriter done;  // what the child's atexit callbacks wrote
  try {
    const auto written = sessions_.run_child_exit_callbacks();
    done.u32(static_cast<std::uint32_t>(written.size()));
    for (const auto& [fd, text] : written) {
      done.u32(static_cast<std::uint32_t>(fd));
      done.text(text);
    }
  } catch (const std::exception& error) {
    send_error(out, WorkerError::Internal, "", fmt::format("atexit callbacks: {}", error.what()), "");
    done = core::WireWriter();
  }
  out.send(WorkerMessage::Done, done.take());
}

void TestRunner::send_child_record(WorkerOutput& out) {
  std::string record = sessions_.child_record();
  if (record.empty()) return;
  core::WireWriter w;
  w.text(record);
  out.send(WorkerMessage::Record, w.take());
}

}  // namespace pyspace::run
