#ifndef KAAMOS_TERMINAL_RESTORE_H
#define KAAMOS_TERMINAL_RESTORE_H
// Putting the terminal back when the process crashes: only a C signal handler can do that safely.

/// Remembers the terminal's modes now (call before raw mode or curses starts) and, on a crash
/// signal (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE), puts them back and leaves the
/// alternate screen before the previous handler runs, so a crash report lands on a usable screen.
void kaamos_terminal_restore_on_crash(void);
/// Stops doing so (after the terminal was restored normally).
void kaamos_terminal_forget_crash_restore(void);
#endif
