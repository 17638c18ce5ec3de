#ifndef KAAMOS_CURSES_H
#define KAAMOS_CURSES_H
// ncursesw for Swift: stdscr/curscr are mutable globals and COLOR_PAIR, A_BOLD, getyx and the
// wide-character calls are macros, so the call view reaches them through these wrappers.
#include <stdint.h>

/// Style flags for kaamos_curses_put (combine with |).
enum {
    KAAMOS_CURSES_BOLD = 1,
    KAAMOS_CURSES_REVERSE = 2,
    KAAMOS_CURSES_DIM = 4,
    KAAMOS_CURSES_UNDERLINE = 8,
};

/// Sets the locale from the environment and starts curses on the terminal (newterm, cbreak or with
/// `raw_keys` raw, noecho, nodelay, keypad, no cursor, no insert/delete line or character
/// optimizations, short ESC delay). Returns 0, or -1 when curses could not start.
int kaamos_curses_start(int raw_keys);
/// stdscr (a global that Swift cannot import in every ncurses build), as a WINDOW pointer.
void *kaamos_curses_window(void);
/// Starts colours with the terminal's default colours as colour -1; returns the number of colour
/// pairs available, 0 when the terminal has no colours.
int kaamos_curses_start_colors(void);
/// Defines colour pair `pair` (1...) as foreground/background colour numbers (-1 = default).
int kaamos_curses_define_pair(int pair, int foreground, int background);
/// endwin(); safe to call when curses is not running.
void kaamos_curses_stop(void);
/// The size of the curses screen in cells.
void kaamos_curses_size(int *rows, int *columns);
/// Tells curses the terminal now has this size (after SIGWINCH when curses did not notice).
void kaamos_curses_resize(int rows, int columns);
/// Erases stdscr (the next refresh repaints changed cells only).
void kaamos_curses_erase(void);
/// Makes the next refresh clear the terminal and repaint everything.
void kaamos_curses_force_repaint(void);
/// Writes one character at (row, column) of stdscr with a colour pair (0 = default) and style flags.
void kaamos_curses_put(int row, int column, uint32_t character, int pair, int style);
/// wnoutrefresh(stdscr) + doupdate(); returns 0 or -1.
int kaamos_curses_refresh(void);
/// Tells curses that something else moved the terminal's cursor to the top-left cell (0, 0):
/// curses moves it on to (0, 1) from there and believes that position from then on.
void kaamos_curses_cursor_was_homed(void);
/// Reads one key without waiting. Returns 0 for nothing, 1 for a character, 2 for a function key
/// (KEY_RESIZE, KEY_BACKSPACE, KEY_ENTER...), with the code in *code.
int kaamos_curses_read_key(uint32_t *code);
/// Key codes of the function keys the view handles.
int kaamos_curses_key_resize(void);
int kaamos_curses_key_backspace(void);
int kaamos_curses_key_enter(void);

#endif
