#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "kaamos_curses.h"
#include <locale.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static int running = 0;
static volatile sig_atomic_t caught_signal = 0;

int kaamos_curses_start(void) {
    setlocale(LC_ALL, "");
    // newterm, unlike initscr, returns NULL on an unknown TERM instead of exiting the process.
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return -1;
    set_term(screen);
    running = 1;
    cbreak();
    noecho();
    nonl();
    nodelay(stdscr, TRUE);
    keypad(stdscr, TRUE);
    // Video is written straight to the terminal between refreshes: curses must never shift
    // screen contents around (insert/delete line or character, scrolling) behind its back.
    idlok(stdscr, FALSE);
    idcok(stdscr, FALSE);
    scrollok(stdscr, FALSE);
    leaveok(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    return 0;
}

int kaamos_curses_start_colors(void) {
    if (!has_colors()) return 0;
    start_color();
    use_default_colors();
    return COLOR_PAIRS;
}

int kaamos_curses_define_pair(int pair, int foreground, int background) {
    return init_pair((short)pair, (short)foreground, (short)background) == OK ? 0 : -1;
}

void kaamos_curses_stop(void) {
    if (!running) return;
    running = 0;
    endwin();
}

void kaamos_curses_size(int *rows, int *columns) {
    int y = 0, x = 0;
    getmaxyx(stdscr, y, x);
    *rows = y;
    *columns = x;
}

void kaamos_curses_resize(int rows, int columns) {
    resizeterm(rows, columns);
}

void kaamos_curses_erase(void) { werase(stdscr); }

void kaamos_curses_force_repaint(void) { clearok(curscr, TRUE); }

void kaamos_curses_put(int row, int column, uint32_t character, int pair, int style) {
    attr_t attributes = A_NORMAL;
    if (style & KAAMOS_CURSES_BOLD) attributes |= A_BOLD;
    if (style & KAAMOS_CURSES_REVERSE) attributes |= A_REVERSE;
    if (style & KAAMOS_CURSES_DIM) attributes |= A_DIM;
    if (style & KAAMOS_CURSES_UNDERLINE) attributes |= A_UNDERLINE;
    wchar_t text[2] = { (wchar_t)character, L'\0' };
    cchar_t cell;
    memset(&cell, 0, sizeof(cell));
    setcchar(&cell, text, attributes, (short)pair, NULL);
    // The bottom-right cell reports ERR (the cursor cannot advance) but is still drawn.
    mvwadd_wch(stdscr, row, column, &cell);
}

int kaamos_curses_refresh(void) {
    if (wnoutrefresh(stdscr) == ERR) return -1;
    return doupdate() == ERR ? -1 : 0;
}

void kaamos_curses_cursor_was_homed(void) {
    // mvcur records the new position as the terminal's cursor; a move to the same cell would be
    // skipped, so it moves one cell on. mvcur writes through stdio: flush so the move happens now.
    mvcur(0, 0, 0, 1);
    fflush(stdout);
}

int kaamos_curses_read_key(uint32_t *code) {
    wint_t key = 0;
    int result = wget_wch(stdscr, &key);
    if (result == ERR) return 0;
    *code = (uint32_t)key;
    return result == KEY_CODE_YES ? 2 : 1;
}

int kaamos_curses_key_resize(void) { return KEY_RESIZE; }
int kaamos_curses_key_backspace(void) { return KEY_BACKSPACE; }
int kaamos_curses_key_enter(void) { return KEY_ENTER; }

static void remember_signal(int number) { caught_signal = number; }

void kaamos_curses_catch_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = remember_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

int kaamos_curses_take_signal(void) {
    int number = caught_signal;
    caught_signal = 0;
    return number;
}

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

void kaamos_curses_restore_terminal_on_crash(void) {
    if (tcgetattr(STDIN_FILENO, &saved_modes) != 0) return;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = restore_after_crash;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) sigaction(crash_signals[i], &action, &previous_crash_actions[i]);
    crash_restore_armed = 1;
}

void kaamos_curses_forget_crash_restore(void) {
    if (!crash_restore_armed) return;
    crash_restore_armed = 0;
    for (int i = 0; i < CRASH_SIGNAL_COUNT; i++) sigaction(crash_signals[i], &previous_crash_actions[i], NULL);
}
