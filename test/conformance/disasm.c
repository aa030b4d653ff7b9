/* Disassembly for failure reports: the project's own disassembler
 * (cpu/disasm.c, driven by the pattern tables) when the tree has it, and
 * Capstone as an independent second opinion. */
#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#include "test/conformance/conf.h"

#if defined(__has_include) && !defined(CONF_NO_OWN_DISASM)
#if __has_include("cpu/disasm.h")
#include "cpu/disasm.h"
#define HAVE_OWN_DISASM 1
#endif
#endif

static csh h_arm, h_thumb;
static bool cs_ok;

void disasm_init(void)
{
    if (cs_open(CS_ARCH_ARM, CS_MODE_ARM, &h_arm) != CS_ERR_OK) return;
    if (cs_open(CS_ARCH_ARM, CS_MODE_THUMB, &h_thumb) != CS_ERR_OK) return;
    cs_ok = true;
}

static void capstone_text(uint32_t insn, bool thumb, uint32_t addr, char *buf, size_t n)
{
    snprintf(buf, n, "?");
    if (!cs_ok) return;
    uint8_t bytes[4];
    memcpy(bytes, &insn, 4);
    cs_insn *out = NULL;
    size_t count = cs_disasm(thumb ? h_thumb : h_arm, bytes, thumb ? 2 : 4, addr, 1, &out);
    if (count == 1) snprintf(buf, n, "%s %s", out[0].mnemonic, out[0].op_str);
    if (count) cs_free(out, count);
}

void disasm(uint32_t insn, bool thumb, uint32_t addr, char *buf, size_t n)
{
    char cs[200];
    capstone_text(insn, thumb, addr, cs, sizeof cs);
#ifdef HAVE_OWN_DISASM
    char own[200];
    arm_disasm(thumb ? insn & 0xFFFFu : insn, addr, thumb, own, sizeof own);
    if (strcmp(own, cs) != 0) snprintf(buf, n, "%s  (capstone: %s)", own, cs);
    else snprintf(buf, n, "%s", own);
#else
    snprintf(buf, n, "%s", cs);
#endif
}
