/*
 * The program test/gdb_test.sh debugs (built for ARM and for Thumb).
 *   (no argument)  calls bump() three times, which increments counter, then
 *                  exits with status 3: breakpoints, stepping, watchpoints.
 *   spin           loops until release_flag becomes non-zero (the debugger
 *                  writes it), then exits with status 4: Ctrl-C, attaching
 *                  to a running program.
 *   undef          executes an undefined instruction with no vector
 *                  installed: the stub must report SIGILL, not exit.
 */
#include <string.h>

volatile unsigned counter;
volatile unsigned release_flag;
unsigned pattern[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};

__attribute__((noinline)) void bump(void)
{
    counter = counter + 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "spin") == 0) {
        while (!release_flag)
            pattern[0]++;
        return 4;
    }
    if (argc > 1 && strcmp(argv[1], "undef") == 0) {
#ifdef __thumb__
        __asm__ volatile(".short 0xde00"); /* UDF #0 (Thumb) */
#else
        __asm__ volatile(".word 0xe7f000f0"); /* UDF #0 (ARM) */
#endif
    }
    for (int i = 0; i < 3; i++)
        bump();
    return counter == 3 ? 3 : 1;
}
