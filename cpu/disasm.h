/* ARM/Thumb disassembler for trace output and the debugger, driven by the
 * same pattern tables as the decoder (cpu/insn_*.def, fourth column).
 * Output is UAL as GNU objdump and Capstone print it, lower case:
 *     add r0, r1, r2, lsl #2      ldr r1, [pc, #0x10] ; 0x00008024
 *     push {r4-r6, lr}            bl 0x00008124        mrc p15, 0, r0, c1, c0, 0
 * docs/debugging.md describes the conventions. */
#ifndef IPODSIM_CPU_DISASM_H
#define IPODSIM_CPU_DISASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Disassemble the instruction at address pc into buf (always NUL-terminated
 * when len > 0; truncated if too small).  ARM: insn is the 32-bit word.
 * Thumb: bits 15:0 are the halfword at pc; bits 31:16 may hold the
 * halfword after it, so that a BL/BLX prefix followed by its suffix prints
 * as one "bl 0x...".  Returns the number of bytes disassembled: 4 in ARM
 * state, 2 or 4 (a joined BL/BLX pair) in Thumb state.  Encodings the core
 * treats as UNDEFINED print as "udf #n" (the permanently undefined space)
 * or ".word 0x..." / ".short 0x....". */
int arm_disasm(uint32_t insn, uint32_t pc, bool thumb, char *buf, size_t len);

/* Render one template of the pattern-table language for insn matched by
 * the pattern bits (32 or 16 characters).  For tests and tools. */
void arm_disasm_template(const char *format, const char *bits, uint32_t insn, uint32_t pc, bool thumb,
                         char *buf, size_t len);

#endif
