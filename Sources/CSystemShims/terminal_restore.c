#include "kaamos_terminal_restore.h"
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
#define CRASH_SIGNAL_COUNT (int)(sizeof(crash_signals) / sizeof(crash_signals[0]))
static struct sigaction previous_crash_actions[CRASH_SIGNAL_COUNT];
static struct termios saved_modes;
static volatile sig_atomic_t crash_restore_armed = 0;

static void restore_after_crash(int number) {
    if (crash_restore_armed) {
        crash_restore_armed = 0;
        // Only async-signal-safe calls: end synchronized output, reset colours, show the cursor,
        // leave the alternate screen, and put the saved line discipline back.
        static const char reset[] = "\033[?2026l\033[0m\033[?25h\033[?1049l\r\n";
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
        (void)ignored;
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    }
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        if (crash_signals[i] == number) sigaction(number, &previous_crash_actions[i], NULL);
    }
    // Blocked until this handler returns, then delivered to the previous handler.
    raise(number);
}

void kaamos_terminal_restore_on_crash(void) {
    if (tcgetattr(STDIN_FILENO, &saved_modes) != 0) return;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = restore_after_crash;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) sigaction(crash_signals[i], &action, &previous_crash_actions[i]);
    crash_restore_armed = 1;
}

void kaamos_terminal_forget_crash_restore(void) {
    if (!crash_restore_armed) return;
    crash_restore_armed = 0;
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) sigaction(crash_signals[i], &previous_crash_actions[i], NULL);
}
