#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "kaamos_curses.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static int running = 0;

int kaamos_curses_start(int raw_keys) {
    setlocale(LC_ALL, "");
    // newterm, unlike initscr, returns NULL on an unknown TERM instead of exiting the process.
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return -1;
    set_term(screen);
    running = 1;
    if (raw_keys) raw(); else cbreak();
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

void *kaamos_curses_window(void) { return stdscr; }

int kaamos_curses_key_resize(void) { return KEY_RESIZE; }
int kaamos_curses_key_backspace(void) { return KEY_BACKSPACE; }
int kaamos_curses_key_enter(void) { return KEY_ENTER; }
