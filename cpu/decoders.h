/* Declarations of every decoder named in the pattern tables. */
#ifndef IPODSIM_CPU_DECODERS_H
#define IPODSIM_CPU_DECODERS_H
#include "cpu/core.h"
#define INSN(n, p, d, f) unsigned d(ArmOp *op, uint32_t insn);
#include "cpu/insn_arm.def"
#include "cpu/insn_arm_media.def"
#include "cpu/insn_thumb.def"
#undef INSN
#endif
