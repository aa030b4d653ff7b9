/* ipodsim guest test harness: checking and reporting. */
#include <stdarg.h>
#include <stdio.h>
#include "test.h"

unsigned t_checks, t_failures;
static const char *t_prog = "test";

void t_begin(const char *progname)
{
    t_prog = progname;
    t_checks = 0;
    t_failures = 0;
}

void t_eq(const char *name, uint32_t got, uint32_t expected)
{
    t_checks++;
    if (got != expected) {
        t_failures++;
        printf("FAIL %s: expected 0x%08lx got 0x%08lx\n", name,
               (unsigned long)expected, (unsigned long)got);
    }
}

void t_eq64(const char *name, uint64_t got, uint64_t expected)
{
    t_checks++;
    if (got != expected) {
        t_failures++;
        printf("FAIL %s: expected 0x%08lx%08lx got 0x%08lx%08lx\n", name,
               (unsigned long)(expected >> 32), (unsigned long)expected,
               (unsigned long)(got >> 32), (unsigned long)got);
    }
}

void t_eqf(uint32_t got, uint32_t expected, const char *fmt, ...)
{
    t_checks++;
    if (got != expected) {
        va_list ap;
        t_failures++;
        fputs("FAIL ", stdout);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf(": expected 0x%08lx got 0x%08lx\n", (unsigned long)expected,
               (unsigned long)got);
    }
}

void t_fail(const char *fmt, ...)
{
    va_list ap;
    t_checks++;
    t_failures++;
    fputs("FAIL ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

#define SYS_EXIT                     0x18
#define SYS_EXIT_EXTENDED            0x20
#define ADP_Stopped_ApplicationExit  0x20026
#define ADP_Stopped_RunTimeErrorUnknown 0x20023

int t_done(void)
{
    static const uint32_t exit_block[2] = { ADP_Stopped_ApplicationExit, 1 };
    int failed = t_failures || !t_checks;

    printf("%s: %u checks, %u failed -> %s\n", t_prog, t_checks, t_failures,
           failed ? "FAIL" : "PASS");
    fflush(stdout);
    fflush(stderr);
    if (failed) {
        semihost(SYS_EXIT_EXTENDED, exit_block);
        semihost(SYS_EXIT, (const void *)ADP_Stopped_RunTimeErrorUnknown);
    }
    return failed;
}

static unsigned t_printed;

void t_run_table(const char *table, const struct tstub *stubs,
                 const struct tcase *cases, unsigned ncases,
                 uint32_t psr_mask)
{
    unsigned i, k, before = t_failures;
    for (i = 0; i < ncases; i++) {
        const struct tcase *c = &cases[i];
        uint32_t out[5];
        int bad = 0;
        call_stub(stubs[c->stub].fn, c->in, c->psr, out);
        for (k = 0; k < 4; k++)
            if (out[k] != c->exp[k])
                bad = 1;
        if ((out[4] & psr_mask) != (c->exp_psr & psr_mask))
            bad = 1;
        t_checks++;
        if (!bad)
            continue;
        t_failures++;
        if (++t_printed > 200)
            continue;
        printf("FAIL %s #%u \"%s\": in r0-r3=%08lx %08lx %08lx %08lx "
               "psr=%08lx\n", table, i, stubs[c->stub].text,
               (unsigned long)c->in[0], (unsigned long)c->in[1],
               (unsigned long)c->in[2], (unsigned long)c->in[3],
               (unsigned long)c->psr);
        printf("     expected r0-r3=%08lx %08lx %08lx %08lx psr=%08lx\n",
               (unsigned long)c->exp[0], (unsigned long)c->exp[1],
               (unsigned long)c->exp[2], (unsigned long)c->exp[3],
               (unsigned long)(c->exp_psr & psr_mask));
        printf("          got r0-r3=%08lx %08lx %08lx %08lx psr=%08lx\n",
               (unsigned long)out[0], (unsigned long)out[1],
               (unsigned long)out[2], (unsigned long)out[3],
               (unsigned long)(out[4] & psr_mask));
    }
    if (t_printed > 200 && before != t_failures)
        printf("(%u failure reports not shown)\n", t_printed - 200);
    printf("%s: %u cases, %u failed\n", table, ncases, t_failures - before);
}
