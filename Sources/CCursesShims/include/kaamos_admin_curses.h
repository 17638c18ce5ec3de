#ifndef KAAMOS_ADMIN_CURSES_H
#define KAAMOS_ADMIN_CURSES_H
// Curses attributes are function-like macros that Swift cannot import; these return their values.

/// A_BOLD, A_REVERSE, A_DIM as attribute bits for wattrset.
unsigned int kaamos_admin_attr_bold(void);
unsigned int kaamos_admin_attr_reverse(void);
unsigned int kaamos_admin_attr_dim(void);
/// COLOR_PAIR(pair).
unsigned int kaamos_admin_color_pair(short pair);
#endif
