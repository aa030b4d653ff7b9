/*
 * ipodsim "ibot" stand-in: the third stage of our secure boot chain
 * (docs/secure-boot.md).  NOT iBoot: it only proves that LLB verified,
 * decrypted and started it.  Runs at DRAM 0x0FF00000 (ibot-stub.ld), prints
 * "iboot-stub: reached" and powers the machine off through the PMU.
 */
#include "soc.h"

int main(void)
{
    uart_init();
    kprintf("iboot-stub: reached (stand-in for iBoot, running at 0x%08x)\n", 0x0FF00000u);
    uart_flush();
    pmu_poweroff();
}
