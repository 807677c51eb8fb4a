// Supervised runs (docs/reliability.md) and -n's workers: the tests run in children forked after
// collection, and this process reports what they send. A child that dies (a signal, os._exit,
// abort) loses only the test it was running, which fails with the child's last words; a new
// child, forked from the same collected state, goes on with the tests it had not run.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// pytest-xdist's testrun_uid: uuid4().hex's shape, 32 hex digits.
std::string random_uid() {
  std::random_device random;
  std::string uid;
  for (int i = 0; i < 4; ++i) uid += fmt::format("{:08x}", random());
  return uid;
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
  if (options_.supervise && options_.isolation == Isolation::Run) {
    // Threads collection started (a module that starts one when imported) are not in a forked
    // child: where nothing needs a child, the tests run here, with those threads, as in pytest.
    const auto threads = sessions_.running_threads();
    if (threads.empty()) return supervise(files, owner, settle, space_file, summary);
    const std::string names = fmt::format("{}", fmt::join(threads, ", "));
    if (options_.workers > 0 || options_.timeout > 0 || options_.session_timeout > 0) {
      reporter_.warning(fmt::format("collection started threads ({}): the tests run in child processes, which do "
                                    "not have them", names));
      return supervise(files, owner, settle, space_file, summary);
    }
    reporter_.warning(fmt::format("the tests run in this process, not in a supervised child: collection started "
                                  "threads ({}), which a child process would not have (a crash ends the run)", names));
  }
  return run_here(files, settle ? &owner : nullptr, summary, {});
}

// One supervised run's parent: its children (one, or -n's N), the tests not handed out yet, and
// what it reports. CONTRACT: GIL held, the space `owner` active (children fork from it).
class TestRunner::Supervisor {
 public:
  Supervisor(TestRunner& runner, const std::vector<FileItems>& files, RunSpace& owner, bool settle,
             const std::string& space_file, core::RunSummary& summary);
  bool run();  // false when the run must stop (supervise()'s contract)

 private:
  struct Worker {
    std::unique_ptr<WorkerProcess> process;
    std::string id;              // "gw0" (-n), "" for the one child of a run without -n
    std::deque<ItemAt> queue;    // given and not reported: front() runs unless `between`
    bool between = false, started = false, ack = false, done = false;
    Clock::time_point started_at = Clock::now();
    double limit = 0;            // the running test's, from its Start
    std::optional<Clock::time_point> deadline;
    bool stopped = false, stopped_by_session = false;  // stop_with_stacks() was called
    ItemAt stopped_at;           // the test that was running then (it may have finished meanwhile)
    std::optional<ChildError> error;
    int serial = 0;              // this run's n-th child
    int reported = 0;            // tests it has reported
  };

  bool start_worker();  // false (a warning said why) when no child could be made
  void handle(Worker& worker, WorkerProcess::Message& message);
  void on_reports(Worker& worker, core::WireReader& in);
  void ended(std::size_t index);  // the child closed its end: reaped, its test failed if it died
  void give_work(Worker& worker);
  void stop(std::string_view reason = {});  // no test starts after the running ones
  void check_clock();  // deadlines (--timeout, --session-timeout) and Ctrl-C
  void check_staleness();  // watch mode: a save or `q` (SessionFactory::staleness())
  bool running_when_stale_reported() const;
  int poll_timeout() const;
  void record_one(Worker& worker, core::TestReport report, const Item& item);
  const Item& item_at(ItemAt at) const { return files_[at.file].items[at.item]; }
  bool run_rest_here();  // no child can be made: what no child ran runs in this process

  TestRunner& runner_;
  const std::vector<FileItems>& files_;
  RunSpace& owner_;
  bool settle_;
  const std::string& space_file_;
  core::RunSummary& summary_;
  const bool named_;  // -n: reports carry their worker's name
  const int wanted_;  // children at once
  WorkQueue work_;
  std::vector<std::unique_ptr<Worker>> workers_;
  int next_id_ = 0;
  bool go_on_ = true;  // false: stopping, no more tests handed out
  bool forks_ = true;  // false once no child could be made
  std::optional<ChildError> error_;
  std::optional<Clock::time_point> interrupted_at_;
  bool forwarded_ = false;
  std::vector<std::string> teardown_said_;
  int serials_ = 0;
  // A save seen during the run: (serial, reported) of each child that had a test running then.
  std::optional<std::vector<std::pair<int, int>>> stale_since_;
  bool stale_stopped_ = false;  // a save made the run stale: it ends as on Ctrl-C
};

TestRunner::Supervisor::Supervisor(TestRunner& runner, const std::vector<FileItems>& files, RunSpace& owner,
                                   bool settle, const std::string& space_file, core::RunSummary& summary)
    : runner_(runner), files_(files), owner_(owner), settle_(settle), space_file_(space_file), summary_(summary),
      named_(runner.options_.workers > 0), wanted_(std::max(runner.options_.workers, 1)),
      work_([&] {
        std::vector<TestAt> tests;
        std::vector<std::string> nodeids;
        for (std::size_t f = 0; f < files.size(); ++f)
          for (std::size_t i = 0; i < files[f].items.size(); ++i) {
            tests.push_back({f, i});
            nodeids.push_back(files[f].items[i].nodeid);
          }
        return WorkQueue(runner.options_.workers > 0 ? runner.options_.dist : Dist::Whole, std::move(tests), nodeids,
                         std::max(runner.options_.workers, 1));
      }()) {}

bool TestRunner::Supervisor::start_worker() {
  auto worker = std::make_unique<Worker>();
  if (named_) worker->id = fmt::format("gw{}", next_id_);
  std::string why;
  Worker& child = *worker;
  child.process = WorkerProcess::start(
      [&](int crash_fd, int channel_fd) { return runner_.sessions_.fork_process(crash_fd, channel_fd); },
      [&](WorkerOutput& out) { runner_.work_in_child(out, files_, owner_, settle_, space_file_, child.id); }, why);
  if (!child.process) {
    forks_ = false;
    if (errno == ENOSYS) return false;  // this implementation runs the tests in this process
    if (!named_)
      runner_.reporter_.warning(fmt::format("cannot start a process for the tests ({}): they run unsupervised", why));
    else if (workers_.empty())
      runner_.reporter_.warning(fmt::format("cannot start worker {} ({}): the tests run in this process", child.id, why));
    else
      runner_.reporter_.warning(fmt::format("cannot start worker {} ({}): {} worker{} run{} the tests", child.id, why,
                                            workers_.size(), workers_.size() == 1 ? "" : "s",
                                            workers_.size() == 1 ? "s" : ""));
    return false;
  }
  ++next_id_;
  child.serial = ++serials_;
  workers_.push_back(std::move(worker));
  return true;
}

void TestRunner::Supervisor::give_work(Worker& worker) {
  auto unit = go_on_ ? work_.take() : std::vector<TestAt>{};
  if (unit.empty()) {
    worker.process->send(WorkerMessage::NoMoreWork, {});
    return;
  }
  core::WireWriter w;
  w.u32(static_cast<std::uint32_t>(unit.size()));
  for (const auto& at : unit) {
    w.u32(static_cast<std::uint32_t>(at.file));
    w.u32(static_cast<std::uint32_t>(at.item));
    worker.queue.push_back(at);
  }
  worker.process->send(WorkerMessage::Work, w.take());
}

void TestRunner::Supervisor::stop(std::string_view reason) {
  if (!reason.empty() && summary_.stop_reason.empty() && summary_.exit_banner.empty()) {
    summary_.interrupted = true;  // pytest's session.shouldstop: exit 2, "Interrupted: ..."
    summary_.stop_reason = std::string(reason);
  }
  if (named_ && runner_.stopped_by_maxfail_ && summary_.exit_banner.empty()) {
    // pytest-xdist ends a run that reached --maxfail by raising its Interrupted: exit 2.
    summary_.interrupted = true;
    summary_.exit_banner = "xdist.dsession.Interrupted: " + summary_.should_fail;
  }
  if (!go_on_) return;
  go_on_ = false;
  for (auto& worker : workers_) worker->process->send(WorkerMessage::StopWork, {});
}

void TestRunner::Supervisor::record_one(Worker& worker, core::TestReport report, const Item& item) {
  report.worker = worker.id;
  runner_.last_file_ = report.file;
  if (!worker.started) runner_.reporter_.test_start(item.nodeid, item.file);
  if (!runner_.record({report}, summary_)) stop();
  runner_.reporter_.test_finish(item.nodeid);
}

void TestRunner::Supervisor::on_reports(Worker& worker, core::WireReader& in) {
  ItemAt at{in.u32(), in.u32()};
  auto reports = in.reports();
  const bool has_exit = in.u32() != 0;
  auto reason = in.text();
  const bool expired = in.u32() != 0;
  const auto& item = item_at(at);
  runner_.last_file_ = files_.at(at.file).file->relpath;
  if (!worker.started) runner_.reporter_.test_start(item.nodeid, item.file);
  for (auto& report : reports) report.worker = worker.id;
  if (!runner_.record(reports, summary_)) stop();
  runner_.reporter_.test_finish(item.nodeid);
  if (has_exit) {
    summary_.interrupted = true;
    summary_.exit_banner = exit_banner(reason);
    stop();
  }
  if (expired) stop(runner_.session_timeout_reason());
  if (worker.ack) worker.process->ack();
  ++worker.reported;
  if (!worker.queue.empty() && worker.queue.front() == at) worker.queue.pop_front();
  worker.started = worker.ack = false;
  worker.limit = 0;
  worker.deadline.reset();
  worker.started_at = Clock::now();
}

void TestRunner::Supervisor::handle(Worker& worker, WorkerProcess::Message& message) {
  core::WireReader in(message.payload);
  switch (message.kind) {
    case WorkerMessage::WantWork:
      give_work(worker);
      break;
    case WorkerMessage::Start: {
      const auto& item = item_at(worker.queue.at(0));
      worker.limit = in.f64();
      worker.ack = in.u32() != 0;
      const bool again = worker.started;  // a --reruns attempt of the test already started
      worker.started = true;
      worker.started_at = Clock::now();
      if (worker.limit > 0)
        worker.deadline = worker.started_at + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(worker.limit));
      if (!again) runner_.reporter_.test_start(item.nodeid, item.file);
      if (worker.ack) worker.process->ack();
      break;
    }
    case WorkerMessage::Reports:
      on_reports(worker, in);
      break;
    case WorkerMessage::Between:
      worker.between = true;
      break;
    case WorkerMessage::Warnings:
      for (const auto& line : in.texts()) runner_.reporter_.warning(line);
      worker.between = false;
      break;
    case WorkerMessage::Finish: {
      auto finished = in.reports();
      auto live = in.texts();
      if (!live.empty()) runner_.reporter_.live_log("sessionfinish", live);
      for (auto& report : finished) report.worker = worker.id;
      runner_.record(finished, summary_);
      break;
    }
    case WorkerMessage::Teardown:
      // Each worker closes its copy of the space: what they all found is said once.
      for (const auto& line : in.texts()) {
        if (std::find(teardown_said_.begin(), teardown_said_.end(), line) != teardown_said_.end()) continue;
        teardown_said_.push_back(line);
        runner_.reporter_.warning(line);
      }
      runner_.space_closed_by_child_ = true;
      break;
    case WorkerMessage::Error: {
      ChildError e{static_cast<WorkerError>(in.u32()), {}, {}, {}};
      e.type = in.text();
      e.message = in.text();
      e.traceback = in.text();
      worker.error = std::move(e);
      break;
    }
    case WorkerMessage::Done:
      worker.done = true;
      if (!message.payload.empty()) {  // what its atexit callbacks wrote: after the summary
        for (std::uint32_t n = in.u32(); n > 0; --n) {
          const int fd = static_cast<int>(in.u32());
          runner_.exit_output_.emplace_back(fd, in.text());
        }
      }
      break;
    case WorkerMessage::Record:
      runner_.sessions_.take_child_record(in.text());
      break;
    default:
      break;
  }
}

void TestRunner::Supervisor::ended(std::size_t index) {
  std::unique_ptr<Worker> gone = std::move(workers_[index]);
  workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(index));
  Worker& worker = *gone;
  if (worker.done && !worker.error) {
    worker.process->detach();
    return;
  }
  const std::string how = worker.process->reap();
  if (worker.error) {
    if (!error_) error_ = worker.error;
    stop();
    return;
  }
  if (interrupted_at_) return;
  std::string who = named_ ? fmt::format("worker {}", worker.id) : std::string("the process running the tests");
  if (worker.between || worker.queue.empty()) {
    if (worker.stopped_by_session) return stop(runner_.session_timeout_reason());
    // Settling a file or finishing the session: no test fails; the tests not run yet go on.
    runner_.reporter_.warning(fmt::format(
        "{} died ({}) between tests{}", who, how,
        !worker.queue.empty() ? ", before " + item_at(worker.queue.front()).nodeid
                              : std::string(named_ ? ", after its last test" : ", after the last test")));
    work_.give_back({worker.queue.begin(), worker.queue.end()});
    return;
  }
  if (worker.stopped && !(worker.queue.front() == worker.stopped_at)) {
    // The late test finished before the kill landed: the test the kill hit is not at fault; it
    // runs again in a new child (unless the run's time is up).
    if (worker.stopped_by_session) return stop(runner_.session_timeout_reason());
    work_.give_back({worker.queue.begin(), worker.queue.end()});
    return;
  }
  const ItemAt at = worker.queue.front();
  worker.queue.pop_front();
  work_.give_back({worker.queue.begin(), worker.queue.end()});
  const auto& item = item_at(at);
  const double ran_s = std::chrono::duration<double>(Clock::now() - worker.started_at).count();
  if (worker.stopped) {
    const double shown = worker.stopped_by_session ? runner_.options_.session_timeout : worker.limit;
    record_one(worker, timeout_report(item, shown, worker.process->crash_text(), ran_s, worker.stopped_by_session),
               item);
  } else {
    record_one(worker, crash_report(item, how, worker.process->crash_text(), ran_s), item);
  }
  if (worker.stopped_by_session) stop(runner_.session_timeout_reason());
}

int TestRunner::Supervisor::poll_timeout() const {
  // Wake up at the first of: a running test's deadline, the run's, a Ctrl-C's grace.
  std::optional<Clock::time_point> wake;
  auto sooner = [&](std::optional<Clock::time_point> at) {
    if (at && (!wake || *at < *wake)) wake = at;
  };
  for (const auto& worker : workers_) {
    if (worker->stopped) continue;
    sooner(worker->deadline);
    sooner(runner_.session_deadline_);
  }
  if (interrupted_at_ && !forwarded_) sooner(*interrupted_at_ + kInterruptGrace);
  if (runner_.sessions_.polls_staleness() && !stale_stopped_ && !forwarded_)
    sooner(Clock::now() + std::chrono::milliseconds(kStalenessPollMs));
  if (!wake) return -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*wake - Clock::now()).count();
  return static_cast<int>(std::max<long long>(left, 0));
}

bool TestRunner::Supervisor::running_when_stale_reported() const {
  for (const auto& [serial, reported] : *stale_since_)
    for (const auto& worker : workers_)
      if (worker->serial == serial && worker->reported == reported) return false;
  return true;
}

void TestRunner::Supervisor::check_staleness() {
  if (stale_stopped_ || forwarded_ || !runner_.sessions_.polls_staleness()) return;
  switch (runner_.sessions_.staleness()) {
    case Staleness::Fresh:
      stale_since_.reset();  // what was saved was the tests' own output
      return;
    case Staleness::Quit:
      // `q`: its SIGINT reached this process only; the running tests get KeyboardInterrupt now.
      runner_.sessions_.interrupted();  // that SIGINT, if it came already, is this quit
      if (!interrupted_at_) interrupted_at_ = Clock::now();
      forwarded_ = true;
      for (auto& worker : workers_) worker->process->kill(SIGINT);
      return;
    case Staleness::Saved:
      break;
  }
  // The run stops between tests, as in one process: once the tests running now have reported,
  // what they wrote is known as theirs, and staleness() asked again says whether a save remains.
  // Every child counts as running one: this process's view lags (a child between two files
  // may have started its next test), and a child finishing its session reports nothing more
  // but ends.
  if (!stale_since_) {
    stale_since_.emplace();
    for (const auto& worker : workers_)
      if (!worker->done) stale_since_->emplace_back(worker->serial, worker->reported);
  }
  if (!running_when_stale_reported()) return;
  stale_stopped_ = true;
  stop();
}

void TestRunner::Supervisor::check_clock() {
  check_staleness();
  // Ctrl-C reaches the children too (one process group) and ends their tests with
  // KeyboardInterrupt, which they report; a signal sent to this process alone is handed on
  // after a moment; a second one ends the children.
  if (runner_.sessions_.interrupted()) {
    if (interrupted_at_) {
      for (auto& worker : workers_) worker->process->kill(SIGKILL);
    } else {
      interrupted_at_ = Clock::now();
    }
  }
  if (interrupted_at_ && !forwarded_ && Clock::now() - *interrupted_at_ >= kInterruptGrace) {
    for (auto& worker : workers_) worker->process->kill(SIGINT);
    forwarded_ = true;
  }
  if (interrupted_at_) return;
  const auto now = Clock::now();
  const bool run_late = runner_.session_deadline_ && now >= *runner_.session_deadline_;
  for (auto& worker : workers_) {
    if (worker->stopped) continue;
    const bool test_late = worker->deadline && now >= *worker->deadline;
    // The run's time is up: each child is stopped where it is (between tests it just ends).
    if (!test_late && !run_late) continue;
    worker->stopped = true;
    worker->stopped_by_session = run_late && !test_late;
    worker->stopped_at = worker->queue.empty() ? ItemAt{files_.size(), 0} : worker->queue.front();
    worker->process->stop_with_stacks();
  }
}

bool TestRunner::Supervisor::run_rest_here() {
  std::vector<TestAt> rest = work_.take_all();
  if (rest.empty()) return go_on_;
  std::vector<FileItems> files;
  for (const auto& at : rest) {
    if (files.empty() || files.back().file != files_[at.file].file) files.push_back({files_[at.file].file, {}});
    files.back().items.push_back(item_at(at));
  }
  return runner_.run_here(files, settle_ ? &owner_ : nullptr, summary_, {});
}

bool TestRunner::Supervisor::run() {
  if (named_ && runner_.testrun_uid_.empty()) runner_.testrun_uid_ = random_uid();
  if (work_.empty()) return runner_.run_here(files_, settle_ ? &owner_ : nullptr, summary_, {});
  while (static_cast<int>(workers_.size()) < wanted_ && start_worker()) {
  }
  if (workers_.empty()) return run_rest_here();
  while (!workers_.empty()) {
    std::vector<WorkerProcess*> processes;
    for (auto& worker : workers_) processes.push_back(worker->process.get());
    const int ready = WorkerProcess::wait_any(processes, poll_timeout());
    if (ready < 0) {  // a deadline, or a signal
      check_clock();
      continue;
    }
    Worker& worker = *workers_[static_cast<std::size_t>(ready)];
    WorkerProcess::Message message;
    switch (worker.process->next(message, 0, -1)) {
      case WorkerProcess::Wait::Message:
        handle(worker, message);
        break;
      case WorkerProcess::Wait::Ended:
        ended(static_cast<std::size_t>(ready));
        // A new child goes on with what the one that died had not run.
        if (go_on_ && !error_ && !interrupted_at_ && forks_ && !work_.empty() &&
            static_cast<int>(workers_.size()) < wanted_)
          start_worker();
        break;
      default:
        break;
    }
    check_clock();  // messages may keep the wait from timing out
  }
  if (error_) rethrow(*error_);
  if (interrupted_at_) throw python::PythonError("KeyboardInterrupt", "", "");
  if (stale_stopped_) throw python::PythonError("KeyboardInterrupt", "a save made this run stale", "");
  if (go_on_ && !work_.empty()) return run_rest_here();
  return go_on_;
}

bool TestRunner::supervise(const std::vector<FileItems>& files, RunSpace& owner, bool settle,
                           const std::string& space_file, core::RunSummary& summary) {
  Supervisor supervisor(*this, files, owner, settle, space_file, summary);
  return supervisor.run();
}

}  // namespace pyspace::run
