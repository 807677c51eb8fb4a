#include "core/crash_note.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <array>
#include <atomic>

namespace pyspace::core {
namespace {

constexpr std::array<int, 5> kSignals = {SIGSEGV, SIGFPE, SIGABRT, SIGBUS, SIGILL};
struct sigaction g_previous[kSignals.size()];
bool g_installed = false;
int g_fd = -1;
char g_nodeid[4096];
std::atomic<std::size_t> g_nodeid_length{0};
EmergencyFlush g_flush = nullptr;
void* g_flush_context = nullptr;

void write_all(int fd, const char* data, std::size_t length) {
  while (length > 0) {
    ssize_t written = ::write(fd, data, length);
    if (written <= 0) return;
    data += written;
    length -= static_cast<std::size_t>(written);
  }
}

void write_text(int fd, const char* text) { write_all(fd, text, strlen(text)); }

const char* signal_name(int signum) {
  switch (signum) {
    case SIGSEGV: return "Segmentation fault";
    case SIGFPE: return "Floating-point exception";
    case SIGABRT: return "Aborted";
    case SIGBUS: return "Bus error";
    case SIGILL: return "Illegal instruction";
    default: return "fatal signal";
  }
}

void on_fatal_signal(int signum) {
  if (g_flush) g_flush(g_flush_context);
  const std::size_t length = g_nodeid_length.load();
  write_text(g_fd, "\npyspace-test: fatal signal (");
  write_text(g_fd, signal_name(signum));
  if (length > 0) {
    write_text(g_fd, ") while running ");
    write_all(g_fd, g_nodeid, length);
    write_text(g_fd, "\n");
  } else {
    write_text(g_fd, ") between tests\n");
  }
  signal(signum, SIG_DFL);
  raise(signum);
}

}  // namespace

void set_emergency_flush(EmergencyFlush flush, void* context) {
  g_flush = nullptr;
  g_flush_context = context;
  g_flush = flush;
}

void install_crash_note(int fd) {
  if (g_installed) return;
  g_fd = fd;
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_NODEFER;
  for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &action, &g_previous[i]);
  g_installed = true;
}

void uninstall_crash_note() {
  if (!g_installed) return;
  for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
  g_installed = false;
}

void note_running(std::string_view nodeid) {
  g_nodeid_length.store(0);
  const std::size_t length = nodeid.size() < sizeof(g_nodeid) ? nodeid.size() : sizeof(g_nodeid);
  memcpy(g_nodeid, nodeid.data(), length);
  g_nodeid_length.store(length);
}

}  // namespace pyspace::core
