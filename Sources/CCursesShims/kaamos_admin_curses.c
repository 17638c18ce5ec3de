#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include "kaamos_admin_curses.h"

unsigned int kaamos_admin_attr_bold(void) { return (unsigned int)A_BOLD; }
unsigned int kaamos_admin_attr_reverse(void) { return (unsigned int)A_REVERSE; }
unsigned int kaamos_admin_attr_dim(void) { return (unsigned int)A_DIM; }
unsigned int kaamos_admin_color_pair(short pair) { return (unsigned int)COLOR_PAIR(pair); }
