#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags: define what ncursesw needs before including it,
// or cchar_t, setcchar and mvadd_wch are missing.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <curses.h>
#include <term.h>
#undef lines
#undef columns

// Swift 6 rejects mutable C globals (stdscr, COLOR_PAIRS, LINES, COLS) and cannot import
// function-like macros (A_BOLD, getmaxyx, BUTTON1_PRESSED…): expose them as static inline functions.
static inline WINDOW *nnviz_stdscr(void) { return stdscr; }
static inline FILE *nnviz_stdout(void) { return stdout; }
static inline FILE *nnviz_stdin(void) { return stdin; }
static inline int nnviz_lines(void) { return LINES; }
static inline int nnviz_cols(void) { return COLS; }
static inline int nnviz_colors(void) { return COLORS; }
static inline int nnviz_color_pairs(void) { return COLOR_PAIRS; }
static inline int nnviz_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int nnviz_getmaxx(WINDOW *w) { return getmaxx(w); }

static inline attr_t nnviz_a_normal(void) { return A_NORMAL; }
static inline attr_t nnviz_a_bold(void) { return A_BOLD; }
static inline attr_t nnviz_a_dim(void) { return A_DIM; }
static inline attr_t nnviz_a_underline(void) { return A_UNDERLINE; }
static inline attr_t nnviz_a_reverse(void) { return A_REVERSE; }

static inline mmask_t nnviz_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t nnviz_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t nnviz_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t nnviz_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t nnviz_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t nnviz_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t nnviz_button_shift(void) { return BUTTON_SHIFT; }

static inline int nnviz_key_code_yes(void) { return KEY_CODE_YES; }
static inline int nnviz_key_up(void) { return KEY_UP; }
static inline int nnviz_key_down(void) { return KEY_DOWN; }
static inline int nnviz_key_left(void) { return KEY_LEFT; }
static inline int nnviz_key_right(void) { return KEY_RIGHT; }
static inline int nnviz_key_home(void) { return KEY_HOME; }
static inline int nnviz_key_end(void) { return KEY_END; }
static inline int nnviz_key_ppage(void) { return KEY_PPAGE; }
static inline int nnviz_key_npage(void) { return KEY_NPAGE; }
static inline int nnviz_key_btab(void) { return KEY_BTAB; }
static inline int nnviz_key_backspace(void) { return KEY_BACKSPACE; }
static inline int nnviz_key_enter(void) { return KEY_ENTER; }
static inline int nnviz_key_resize(void) { return KEY_RESIZE; }
static inline int nnviz_key_mouse(void) { return KEY_MOUSE; }
static inline int nnviz_key_f0(void) { return KEY_F0; }

#if defined(__APPLE__)
// macOS (best effort, unverified): its ncurses 5.7 has no alloc_pair and no extended colour pairs through
// setcchar's `opts`, so pairs are numbered here with init_pair, within 256 (and COLOR_PAIRS); further
// colour combinations fall back to pair 0 (the terminal's default colours).

/// Writes one character cell with a pair < 256.
static inline int nnviz_put_cell(int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cc;
    wchar_t wch[2] = { ch, 0 };
    if (setcchar(&cc, wch, attrs, (short)(pair > 255 || pair < 0 ? 0 : pair), NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

/// The pair for fg/bg: an earlier one, else the next free number (init_pair), else 0. Needs start_color().
static inline int nnviz_alloc_pair(int fg, int bg) {
    static short fgs[256], bgs[256];
    static int used = 1;  // pair 0 is the terminal's default
    for (int p = 1; p < used; p++) if (fgs[p] == fg && bgs[p] == bg) return p;
    int limit = COLOR_PAIRS < 256 ? COLOR_PAIRS : 256;
    if (used >= limit || init_pair((short)used, (short)fg, (short)bg) != OK) return 0;
    fgs[used] = (short)fg; bgs[used] = (short)bg;
    return used++;
}
#else
/// Writes one character cell. The colour pair goes through setcchar's `opts` pointer (an int), so
/// pairs beyond 255 work (the short pair argument cannot hold them).
static inline int nnviz_put_cell(int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cc;
    wchar_t wch[2] = { ch, 0 };
    if (setcchar(&cc, wch, attrs, (short)(pair > 255 ? 0 : pair), &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

/// alloc_pair needs start_color() first (it crashes otherwise): callers check has_colors().
static inline int nnviz_alloc_pair(int fg, int bg) { return alloc_pair(fg, bg); }
#endif

/// 1 when the terminal can address the cursor (a "dumb" terminal cannot draw a dashboard).
static inline int nnviz_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
#endif
