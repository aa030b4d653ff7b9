/*
 * The program test/gdb_test.sh debugs (built for ARM and for Thumb).
 *   (no argument)  calls bump() three times, which increments counter, then
 *                  exits with status 3: breakpoints, stepping, watchpoints.
 *   spin           loops until release_flag becomes non-zero (the debugger
 *                  writes it), then exits with status 4: Ctrl-C, attaching
 *                  to a running program.
 *   undef          executes an undefined instruction with no vector
 *                  installed: the stub must report SIGILL, not exit.
 *   vfp            (ARM build only) enables VFP, puts 1.5 in d0 and 3.0 in
 *                  d2 and sets FPSCR to round-towards-zero, then calls
 *                  vfp_done(): the VFP registers seen through the stub.
 */
#include <string.h>

volatile unsigned counter;
volatile unsigned release_flag;
unsigned pattern[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};

__attribute__((noinline)) void bump(void)
{
    counter = counter + 1;
}

#ifndef __thumb__
__attribute__((noinline)) void vfp_done(void)
{
    __asm__ volatile("" ::: "memory");
}

static void vfp_setup(void)
{
    __asm__ volatile(".fpu vfp\n"
                     "mrc  p15, 0, r0, c1, c0, 2\n"
                     "orr  r0, r0, #0x00f00000\n"      /* CPACR: cp10 and cp11 full access */
                     "mcr  p15, 0, r0, c1, c0, 2\n"
                     "mov  r0, #0\n"
                     "mcr  p15, 0, r0, c7, c5, 4\n"    /* flush the prefetch buffer */
                     "mov  r0, #0x40000000\n"
                     "fmxr fpexc, r0\n"                /* FPEXC.EN */
                     "mov  r0, #0\n"
                     "mov  r1, #0x3f000000\n"
                     "orr  r1, r1, #0x00f80000\n"
                     "fmdrr d0, r0, r1\n"              /* d0 = 1.5 */
                     "faddd d2, d0, d0\n"              /* d2 = 3.0 */
                     "mov  r0, #0x00c00000\n"
                     "fmxr fpscr, r0\n"                /* RMode = round towards zero */
                     ::: "r0", "r1", "memory");
}
#endif

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
#ifndef __thumb__
    if (argc > 1 && strcmp(argv[1], "vfp") == 0) {
        vfp_setup();
        vfp_done();
        return 5;
    }
#endif
    for (int i = 0; i < 3; i++)
        bump();
    return counter == 3 ? 3 : 1;
}
