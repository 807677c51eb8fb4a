// A supervised child (docs/reliability.md, "A test that kills the process"): a process forked
// from the one holding the warm root, the active space and the collected items, that runs tests
// and sends what they report through a socket; the parent reports it, so a child that dies
// loses only the test it was running. C++ only: what is forked is the caller's business
// (SessionFactory::fork_process makes the interpreter's fork).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pyspace::run {

enum class WorkerMessage : std::uint8_t {
  Start = 1,  // the next test is about to run; the child waits for an ack (it writes to the terminal)
  Reports,    // u32 file, u32 item, reports, u32 has_exit, text exit_reason: it ran
  Between,    // no test runs until the next Reports: a file is settled, the session finished
  Warnings,   // texts: what a file's tests changed (after a Between: the file is settled)
  Finish,     // reports, texts live_log: the session's own teardown
  Teardown,   // texts: what closing the space found
  Error,      // u32 kind (WorkerError), text type, text message, text traceback: the run ends so
  Done,       // the child has sent everything; u32 count, (u32 fd, text) each: what its atexit callbacks wrote
  Record,     // text: what the child recorded (watch: SessionFactory::child_record()), before a Reports or Done
  // -n workers (run/worker_pool.cpp): the child asks for tests, the parent answers
  WantWork,    // child: its queue is about to run dry
  Work,        // parent: u32 count, (u32 file, u32 item) each: tests to run after those it has
  NoMoreWork,  // parent: nothing more will come; finish the queue and the session
  StopWork,    // parent: the run stops (--maxfail, pytest.exit()): no test after the running one
  Ack,         // parent: the Start or Reports that asked for it has been handled
};

// One framed message (u32 length, u8 kind, payload), and the bytes received until one is whole.
struct WorkerFrame {
  WorkerMessage kind{};
  std::string payload;
};
class FrameBuffer {
 public:
  // The next whole message received, if any.
  bool pop(WorkerFrame& frame);
  bool ready() const;  // pop() would give one
  void append(const char* data, std::size_t size);

 private:
  std::string buffer_;  // messages from read_at_ on not handed out yet
  std::size_t read_at_ = 0;
};

enum class WorkerError : std::uint32_t { Python = 1, SpaceBroken, Usage, Internal };

// The signal that makes a child write the stacks of all its threads to its crash file
// (SessionFactory::fork_process registers faulthandler for it): a real-time signal, which tests
// leave alone.
int stack_dump_signal();

// The child's end. Every send is one write of a framed message (u32 length, u8 kind, payload).
class WorkerOutput {
 public:
  explicit WorkerOutput(int fd) : fd_(fd) {}
  // A failed write means the parent is gone: the child exits at once (_exit(1)).
  void send(WorkerMessage kind, const std::string& payload);
  // Blocks until the parent has handled the last message (a Start with wants_ack): what the
  // test writes to the terminal comes after what the parent wrote for it.
  void wait_ack();
  // The next message from the parent other than Ack (blocks when `wait`; else false when none
  // has arrived). The parent gone: _exit(1).
  bool receive(WorkerFrame& frame, bool wait);

 private:
  bool read_frame(WorkerFrame& frame, bool wait);
  int fd_;
  FrameBuffer received_;
  std::deque<WorkerFrame> deferred_;  // what came while wait_ack() waited
};

// The parent's end of one child.
class WorkerProcess {
 public:
  // Makes the socket and the crash file, then `fork(crash_fd, channel_fd)`: in the child, `child` runs with
  // its end and the process ends with _exit(0) (no destructor, no interpreter finalization).
  // In the parent: the child's handle, or nullptr with `error` set (and errno kept: ENOSYS when
  // `fork` does not fork at all) when no child could be made.
  // The child dies with the parent (PR_SET_PDEATHSIG).
  static std::unique_ptr<WorkerProcess> start(const std::function<int(int crash_fd, int channel_fd)>& fork,
                                              const std::function<void(WorkerOutput&)>& child,
                                              std::string& error);
  ~WorkerProcess();  // a child still running is killed (SIGKILL) and reaped
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  using Message = WorkerFrame;
  enum class Wait { Message, Ended, Timeout, Woken };
  // The next message; Ended once the child closed its end (it exited or died), Timeout after
  // `timeout_ms` (-1: none), Woken when `wake_fd` (-1: none) became readable or a signal came.
  Wait next(Message& message, int timeout_ms, int wake_fd);
  void ack();
  // -n workers: a message to the child (Work, NoMoreWork, StopWork). A child gone is not an
  // error here: its end shows as Ended.
  void send(WorkerMessage kind, const std::string& payload);
  // The first of `processes` with a message to read (or whose child ended), after up to
  // `timeout_ms` (-1: none); -1 on a timeout or a signal. Then next(message, 0, -1) on it.
  static int wait_any(const std::vector<WorkerProcess*>& processes, int timeout_ms);
  void kill(int signal);
  // A test past its time: the child writes its threads' stacks (stack_dump_signal()), which is
  // given up to a second to finish, then is killed (SIGKILL). Ended follows.
  void stop_with_stacks();
  // After Ended: reaps the child and says how it ended: "SIGSEGV" (a signal), "exit status 0".
  std::string reap();
  // A child that sent everything and is exiting is left to exit: not killed, not waited for.
  void detach();
  // What the child's fatal-signal handler and faulthandler wrote (the Python stacks).
  std::string crash_text() const;
  int pid() const { return pid_; }

 private:
  WorkerProcess() = default;
  int pid_ = -1;
  int socket_ = -1;
  int crash_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  FrameBuffer received_;
};

}  // namespace pyspace::run
