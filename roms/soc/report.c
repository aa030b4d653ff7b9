/* Result lines ("ok - what" / "FAIL - what", "# note"), the final summary
 * "<name>: N passed, M failed" and power-off through the PMU. */
#include <stdarg.h>

#include "soc.h"

void kvprintf(const char *fmt, va_list ap);

static const char *report_name = "soc";
static uint32_t passed, failed;

void soc_init(const char *name)
{
    ccnt_start();
    clocks_init();
    uart_init();
    vic_init();
    i2c0_init();
    report_begin(name);
    uart_irq_mode();
    irq_enable();
}

void report_begin(const char *name)
{
    report_name = name;
    passed = failed = 0;
}

void report_add(uint32_t p, uint32_t f)
{
    passed += p;
    failed += f;
}

void report_counts(uint32_t *p, uint32_t *f)
{
    *p = passed;
    *f = failed;
}

bool check(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    uart_puts(ok ? "ok - " : "FAIL - ");
    kvprintf(fmt, ap);
    uart_putc('\n');
    va_end(ap);
    if (ok) passed++;
    else failed++;
    return ok;
}

void info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    uart_puts("# ");
    kvprintf(fmt, ap);
    uart_putc('\n');
    va_end(ap);
}

void report_end(void)
{
    kprintf("%s: %u passed, %u failed\n", report_name, passed, failed);
    uart_flush();
    pmu_poweroff();
}
