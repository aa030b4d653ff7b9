/* The ARMv6 MMU (mmu/): every descriptor kind in both formats, every fault
 * with its FSR/FAR/IFSR/IFAR values, the permission table for privileged and
 * User (LDRT/STRT and real User mode) accesses, TLB maintenance semantics
 * (stale entries until invalidated; by MVA, by ASID, all, lockdown), ASIDs
 * with nG and global entries, TTBCR.N, FCSE, prefetch aborts taken only
 * where execution really arrives, the VA->PA operations, cache maintenance
 * aborts, debugger access and the text dumps.
 *
 * Memory layout of every test (4 MiB of flat RAM):
 *   0x00000000  vectors (never executed: the tests look at the state after entry)
 *   0x00001000  code (tc_exec_arm), identity-mapped by section 0
 *   0x00004000  first-level table (TTBR0)
 *   0x00008000  second-level tables
 *   0x00100000- data pages
 */
#include <stdlib.h>
#include <string.h>

#include "cpu/core.h"
#include "mmu/mmu.h"
#include "test/harness.h"

#define RAM (4u << 20)
#define L1 0x4000u
#define L2A 0x8000u
#define L2B 0x8400u

enum { LDR = 0xE5910000, STR = 0xE5810000, LDRT = 0xE4B10000, STRT = 0xE4A10000 };

static void pw(TestCpu *tc, uint32_t pa, uint32_t v) { memcpy(tc->ram + pa, &v, 4); }
static uint32_t pr(TestCpu *tc, uint32_t pa) { return tc_get32(tc, pa); }

/* Descriptors.  ap3 = APX:AP[1:0]. */
static uint32_t sect(uint32_t pa, unsigned ap3, unsigned dom)
{
    return (pa & 0xFFF00000u) | ((ap3 >> 2) << 15) | ((ap3 & 3) << 10) | (dom << 5) | 2;
}
static uint32_t coarse(uint32_t l2, unsigned dom) { return (l2 & ~0x3FFu) | (dom << 5) | 1; }
static uint32_t small(uint32_t pa, unsigned ap3)
{
    return (pa & ~0xFFFu) | ((ap3 >> 2) << 9) | ((ap3 & 3) << 4) | 2;
}
static uint32_t large(uint32_t pa, unsigned ap3)
{
    return (pa & ~0xFFFFu) | ((ap3 >> 2) << 9) | ((ap3 & 3) << 4) | 1;
}

static void set_l1(TestCpu *tc, uint32_t va, uint32_t desc) { pw(tc, L1 + (va >> 20) * 4, desc); }
static void set_l2(TestCpu *tc, uint32_t l2, uint32_t va, uint32_t desc)
{
    pw(tc, l2 + ((va >> 12) & 255) * 4, desc);
}

static void mcr(TestCpu *tc, unsigned crn, unsigned crm, unsigned opc2, uint32_t v)
{
    Arm11 *c = tc->cpu;
    ck_assert(c->cp[15].mcr(c, c->cp[15].opaque, 0, crn, crm, opc2, v));
}
static uint32_t mrc(TestCpu *tc, unsigned crn, unsigned crm, unsigned opc2)
{
    Arm11 *c = tc->cpu;
    uint32_t v = 0;
    ck_assert(c->cp[15].mrc(c, c->cp[15].opaque, 0, crn, crm, opc2, &v));
    return v;
}

/* MMU on with section 0 identity-mapped (full access, domain 0), domain 0
 * client, ARMv6 (xp) or backwards-compatible format. */
static TestCpu *mk(bool xp)
{
    TestCpu *tc = tc_create(RAM);
    set_l1(tc, 0, sect(0, 3, 0) | (xp ? 0 : 0x10));
    mcr(tc, 2, 0, 0, L1);
    mcr(tc, 3, 0, 0, 0x1);
    uint32_t sctlr = mrc(tc, 1, 0, 0) | SCTLR_M;
    mcr(tc, 1, 0, 0, xp ? sctlr | SCTLR_XP : sctlr & ~SCTLR_XP);
    return tc;
}

static void to_mode(TestCpu *tc, unsigned mode)
{
    arm_switch_mode(tc->cpu, mode);
    tc->cpu->cpsr = (tc->cpu->cpsr & ~(PSR_T | PSR_MODE_MASK)) | mode;
}

/* Run one ARM instruction at 0x1000 with r1 = va (r0 = value for stores) in
 * the given mode; true if it completed (no exception). */
static bool access(TestCpu *tc, unsigned mode, uint32_t insn, uint32_t va, uint32_t *val)
{
    to_mode(tc, mode);
    tc->cpu->r[1] = va;
    tc->cpu->r[0] = val ? *val : 0;
    uint32_t pc = tc_exec_arm(tc, insn);
    if (val) *val = tc->cpu->r[0];
    return pc == 0x1004;
}
static bool rd(TestCpu *tc, uint32_t va, uint32_t *v) { return access(tc, MODE_SVC, LDR, va, v); }
static bool wr(TestCpu *tc, uint32_t va, uint32_t v) { return access(tc, MODE_SVC, STR, va, &v); }
static uint32_t rdv(TestCpu *tc, uint32_t va)
{
    uint32_t v = 0xDEADBEEF;
    ck_assert_msg(rd(tc, va, &v), "read of 0x%08x aborted (DFSR 0x%x)", va, tc->cpu->cp15.dfsr);
    return v;
}

/* The state after a data abort from the instruction at 0x1000. */
static void expect_dabt(TestCpu *tc, uint32_t dfsr, uint32_t far)
{
    Arm11 *c = tc->cpu;
    ck_assert_uint_eq(c->r[15], 0x10);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_ABT);
    ck_assert_uint_eq(c->r[14], 0x1008);
    ck_assert_msg(c->cp15.dfsr == dfsr, "DFSR 0x%x, expected 0x%x", c->cp15.dfsr, dfsr);
    ck_assert_uint_eq(c->cp15.far, far);
    ck_assert_uint_eq(c->fault, 0);
}

static void expect_pabt(TestCpu *tc, uint32_t ifsr, uint32_t ifar)
{
    Arm11 *c = tc->cpu;
    ck_assert_uint_eq(c->r[15], 0x0C);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_ABT);
    ck_assert_uint_eq(c->r[14], ifar + 4);
    ck_assert_msg(c->cp15.ifsr == ifsr, "IFSR 0x%x, expected 0x%x", c->cp15.ifsr, ifsr);
    ck_assert_uint_eq(c->cp15.ifar, ifar);
}

/* ---- descriptor kinds ------------------------------------------------------------ */

START_TEST(test_mmu_section)
{
    TestCpu *tc = mk(true);
    pw(tc, 0x200010, 0x11223344);
    set_l1(tc, 0x80000000, sect(0x200000, 3, 0));
    ck_assert_uint_eq(rdv(tc, 0x80000010), 0x11223344);
    ck_assert(wr(tc, 0x800FFFFC, 0xCAFE));
    ck_assert_uint_eq(pr(tc, 0x2FFFFC), 0xCAFE);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_supersection)
{
    TestCpu *tc = mk(true);
    /* 16 copies; PA base 0, so VA 0x81000000 + x -> x; domain field ignored (always 0) */
    for (unsigned i = 0; i < 16; i++) set_l1(tc, 0x81000000 + (i << 20), sect(0, 3, 7) | (1u << 18));
    pw(tc, 0x234568, 0x5150);
    ck_assert_uint_eq(rdv(tc, 0x81234568), 0x5150);
    /* domain 7 no access would fault a section; the supersection is in domain 0 */
    char why[200];
    uint32_t pa;
    ck_assert(mmu_lookup(tc->cpu, 0x81234568, false, false, &pa, why, sizeof why));
    ck_assert_uint_eq(pa, 0x234568);
    ck_assert_msg(strstr(why, "supersection") && strstr(why, "domain 0"), "%s", why);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_pages_v6)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0x90000000, coarse(L2A, 0));
    set_l2(tc, L2A, 0x90000000, small(0x300000, 3));             /* small */
    set_l2(tc, L2A, 0x90001000, small(0x301000, 3) | 1);         /* small with XN (bit 0) */
    for (unsigned i = 16; i < 32; i++)                           /* large: 16 copies */
        set_l2(tc, L2A, 0x90000000 + (i << 12), large(0x320000, 3));
    pw(tc, 0x300ABC, 1);
    pw(tc, 0x301004, 2);
    pw(tc, 0x32F008, 3);
    ck_assert_uint_eq(rdv(tc, 0x90000ABC), 1);
    ck_assert_uint_eq(rdv(tc, 0x90001004), 2);
    ck_assert_uint_eq(rdv(tc, 0x9001F008), 3);
    /* translation fault on an empty second-level entry: page status, domain valid */
    set_l1(tc, 0x90100000, coarse(L2B, 5));
    mcr(tc, 3, 0, 0, 0x1 | (1u << 10));
    ck_assert(!rd(tc, 0x90100000, NULL));
    expect_dabt(tc, 0x07 | (5 << 4), 0x90100000);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_pages_backwards_compatible)
{
    TestCpu *tc = mk(false);
    set_l1(tc, 0x90000000, coarse(L2A, 0) | 0x10);
    /* small page, subpages: AP0 = 11, AP1 = 10 (user RO), AP2 = 01, AP3 = 00 */
    set_l2(tc, L2A, 0x90000000, 0x300000 | (0u << 10) | (1u << 8) | (2u << 6) | (3u << 4) | 2);
    /* extended small page (type 11): one AP (10) */
    set_l2(tc, L2A, 0x90001000, 0x301000 | (2u << 4) | 3);
    /* large page with 16 KiB subpages: AP0 = 11, AP1 = 01, AP2 = 11, AP3 = 11 */
    for (unsigned i = 16; i < 32; i++)
        set_l2(tc, L2A, 0x90000000 + (i << 12),
               0x320000 | (3u << 10) | (3u << 8) | (1u << 6) | (3u << 4) | 1);
    pw(tc, 0x300404, 7);
    ck_assert_uint_eq(rdv(tc, 0x90000404), 7);
    uint32_t v = 1;
    /* User (STRT): subpage 0 writable, subpage 1 read-only, 2 none, 3 none */
    ck_assert(access(tc, MODE_SVC, STRT, 0x90000000, &v));
    ck_assert(!access(tc, MODE_SVC, STRT, 0x90000400, &v));
    expect_dabt(tc, 0x0F | (1u << 11), 0x90000400);
    ck_assert(access(tc, MODE_SVC, LDRT, 0x90000400, &v));
    ck_assert(!access(tc, MODE_SVC, LDRT, 0x90000800, &v));
    expect_dabt(tc, 0x0F, 0x90000800);
    ck_assert(!rd(tc, 0x90000C00, NULL)); /* AP = 00, S = R = 0: privileged no access either */
    expect_dabt(tc, 0x0F, 0x90000C00);
    /* a fast-path hit in subpage 0 must not open subpage 1 for User writes */
    to_mode(tc, MODE_USR);
    ck_assert(access(tc, MODE_USR, STR, 0x90000000, &v));
    ck_assert(!access(tc, MODE_USR, STR, 0x90000404, &v));
    expect_dabt(tc, 0x0F | (1u << 11), 0x90000404);
    /* extended small page */
    ck_assert(access(tc, MODE_SVC, LDRT, 0x90001000, &v));
    ck_assert(!access(tc, MODE_SVC, STRT, 0x90001000, &v));
    expect_dabt(tc, 0x0F | (1u << 11), 0x90001000);
    /* large page subpage 1 (0x90014000-0x90017FFF) is privileged-only */
    ck_assert(access(tc, MODE_SVC, LDRT, 0x90010000, &v));
    ck_assert(!access(tc, MODE_SVC, LDRT, 0x90014000, &v));
    expect_dabt(tc, 0x0F, 0x90014000);
    ck_assert(access(tc, MODE_SVC, LDRT, 0x90018000, &v));
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_xp0_ignores_xn_and_ng)
{
    TestCpu *tc = mk(false);
    /* bit 4 (XN in the v6 format) and bit 17 (nG) have no meaning with XP = 0 */
    set_l1(tc, 0x00100000, sect(0x100000, 3, 0) | 0x10 | (1u << 17));
    tc_put32(tc, 0x100000, (const uint32_t[]){0xE3A00042}, 1); /* MOV r0, #0x42 */
    ck_assert_uint_eq(tc_run(tc, 0x100000, 1), 0x100004);
    ck_assert_uint_eq(tc->cpu->r[0], 0x42);
    /* the same descriptor with XP = 1: execute-never */
    uint32_t s = mrc(tc, 1, 0, 0);
    mcr(tc, 1, 0, 0, s | SCTLR_XP);
    mcr(tc, 8, 7, 0, 0);
    tc_run(tc, 0x100000, 1);
    expect_pabt(tc, 0x0D, 0x100000);
    tc_destroy(tc);
}
END_TEST

/* ---- faults --------------------------------------------------------------------------- */

START_TEST(test_mmu_translation_faults)
{
    TestCpu *tc = mk(true);
    ck_assert(!rd(tc, 0xA0000004, NULL));
    expect_dabt(tc, 0x05, 0xA0000004);            /* section: no domain */
    set_l1(tc, 0xA0000000, 3);                     /* reserved type 11: no fine tables in v6 */
    ck_assert(!wr(tc, 0xA0000008, 0));
    expect_dabt(tc, 0x05 | (1u << 11), 0xA0000008);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_domain_faults)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0xB0000000, sect(0x200000, 3, 3));
    set_l1(tc, 0xB0100000, coarse(L2A, 4));
    set_l2(tc, L2A, 0xB0100000, small(0x300000, 3));
    mcr(tc, 3, 0, 0, 0x1);                                  /* domains 3 and 4: no access */
    ck_assert(!rd(tc, 0xB0000000, NULL));
    expect_dabt(tc, 0x09 | (3 << 4), 0xB0000000);
    ck_assert(!wr(tc, 0xB0100010, 1));
    expect_dabt(tc, 0x0B | (4 << 4) | (1u << 11), 0xB0100010);
    mcr(tc, 3, 0, 0, 0x1 | (2u << 6) | (2u << 8));          /* reserved 10: no access too */
    ck_assert(!rd(tc, 0xB0000000, NULL));
    expect_dabt(tc, 0x09 | (3 << 4), 0xB0000000);
    /* DACR changes need no TLB maintenance: client now works, no new walk */
    mcr(tc, 3, 0, 0, 0x1 | (1u << 6) | (1u << 8));
    ck_assert(rd(tc, 0xB0000000, NULL));
    ck_assert(rd(tc, 0xB0100010, NULL));
    /* and revoking it works although the software TLB holds the pages now */
    mcr(tc, 3, 0, 0, 0x1 | (1u << 8));
    ck_assert(!rd(tc, 0xB0000000, NULL));
    expect_dabt(tc, 0x09 | (3 << 4), 0xB0000000);
    ck_assert(rd(tc, 0xB0100010, NULL));
    tc_destroy(tc);
}
END_TEST

/* Expected rights for ap3 = 0..7 with S = R = 0: privileged read/write, User read/write. */
static const bool perm_table[8][4] = {
    {0, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1},
    {0, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 1, 0}, {1, 0, 1, 0},
};

static void check_perms(TestCpu *tc, uint32_t va, unsigned ap3, unsigned status, unsigned dom)
{
    static const uint32_t insns[4] = {LDR, STR, LDRT, STRT};
    for (unsigned k = 0; k < 4; k++) {
        uint32_t v = 5;
        bool ok = access(tc, MODE_SVC, insns[k], va, &v);
        ck_assert_msg(ok == perm_table[ap3][k], "ap %u access %u: got %d", ap3, k, ok);
        if (!ok) expect_dabt(tc, status | (dom << 4) | ((k & 1) << 11), va);
        /* the same from real User mode for the User columns */
        if (k >= 2) {
            v = 5;
            ok = access(tc, MODE_USR, k == 2 ? LDR : STR, va, &v);
            ck_assert_msg(ok == perm_table[ap3][k], "ap %u User access %u: got %d", ap3, k, ok);
            if (!ok) expect_dabt(tc, status | (dom << 4) | ((k & 1) << 11), va);
        }
    }
}

START_TEST(test_mmu_permission_table)
{
    TestCpu *tc = mk(true);
    mcr(tc, 3, 0, 0, 0x5 | (1u << 12));        /* domains 0, 1, 6 client */
    for (unsigned ap = 0; ap < 8; ap++) {
        uint32_t sva = 0xC0000000 + (ap << 20), pva = 0xD0000000 + (ap << 12);
        set_l1(tc, sva, sect(0x200000, ap, 6));
        set_l1(tc, 0xD0000000, coarse(L2A, 1));
        set_l2(tc, L2A, pva, small(0x300000, ap));
        check_perms(tc, sva, ap, 0x0D, 6);
        check_perms(tc, pva, ap, 0x0F, 1);
    }
    /* manager: no permission checks at all */
    mcr(tc, 3, 0, 0, 0x1 | (3u << 12));
    for (unsigned k = 0; k < 4; k++) {
        uint32_t v = 0;
        static const uint32_t insns[4] = {LDR, STR, LDRT, STRT};
        ck_assert(access(tc, MODE_SVC, insns[k], 0xC0000000, &v)); /* ap 000 */
    }
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_s_r_bits)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0xC0000000, sect(0x200000, 0, 0));
    uint32_t s = mrc(tc, 1, 0, 0), v = 0;
    mcr(tc, 1, 0, 0, s | SCTLR_S);               /* S: privileged read-only */
    ck_assert(rd(tc, 0xC0000000, NULL));
    ck_assert(!wr(tc, 0xC0000000, 0));
    expect_dabt(tc, 0x0D | (1u << 11), 0xC0000000);
    ck_assert(!access(tc, MODE_SVC, LDRT, 0xC0000000, &v));
    mcr(tc, 1, 0, 0, s | SCTLR_R);               /* R: read-only for everyone */
    ck_assert(access(tc, MODE_SVC, LDRT, 0xC0000000, &v));
    ck_assert(!access(tc, MODE_SVC, STRT, 0xC0000000, &v));
    mcr(tc, 1, 0, 0, s | SCTLR_S | SCTLR_R);     /* reserved: no access */
    ck_assert(!rd(tc, 0xC0000000, NULL));
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_ldrt_from_privileged_checks_user)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0xC0000000, sect(0x200000, 1, 0)); /* privileged RW, User none */
    uint32_t v = 0;
    ck_assert(rd(tc, 0xC0000000, NULL));           /* fills the software TLB (privileged) */
    ck_assert(!access(tc, MODE_SVC, LDRT, 0xC0000000, &v));
    expect_dabt(tc, 0x0D, 0xC0000000);
    ck_assert(!access(tc, MODE_SVC, STRT, 0xC0000000, &v));
    expect_dabt(tc, 0x0D | (1u << 11), 0xC0000000);
    /* and the privileged fast path still works afterwards */
    ck_assert(wr(tc, 0xC0000004, 9));
    ck_assert_uint_eq(pr(tc, 0x200004), 9);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_soft_tlb_privilege)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0xC0000000, sect(0x200000, 1, 0));
    uint32_t v = 0;
    /* read and write as privileged: both software TLBs now hold the page */
    ck_assert(rd(tc, 0xC0000000, NULL));
    ck_assert(wr(tc, 0xC0000000, 1));
    ck_assert(!access(tc, MODE_USR, LDR, 0xC0000000, &v));
    expect_dabt(tc, 0x0D, 0xC0000000);
    ck_assert(!access(tc, MODE_USR, STR, 0xC0000000, &v));
    expect_dabt(tc, 0x0D | (1u << 11), 0xC0000000);
    ck_assert(rd(tc, 0xC0000000, NULL));
    /* instruction fetch: privileged-only code page */
    set_l1(tc, 0x00200000, sect(0x200000, 1, 0));
    tc_put32(tc, 0x200000, (const uint32_t[]){0xE1A00000}, 1);
    ck_assert_uint_eq(tc_run(tc, 0x200000, 1), 0x200004);
    to_mode(tc, MODE_USR);
    tc_run(tc, 0x200000, 1);
    expect_pabt(tc, 0x0D, 0x200000);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_xn_prefetch_abort)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0x00100000, coarse(L2A, 2));
    mcr(tc, 3, 0, 0, 0x1 | (1u << 4));
    set_l2(tc, L2A, 0x00100000, small(0x100000, 3) | 1); /* XN small page */
    set_l2(tc, L2A, 0x00101000, small(0x101000, 3));     /* executable */
    tc_put32(tc, 0x101000, (const uint32_t[]){0xE3A00001}, 1);
    ck_assert_uint_eq(tc_run(tc, 0x101000, 1), 0x101004);
    /* BX into the XN page: the abort is at the branch target, IFSR has no domain */
    tc->cpu->r[2] = 0x100008;
    uint32_t pc = tc_exec_arm(tc, 0xE12FFF12); /* BX r2 */
    ck_assert_uint_eq(pc, 0x100008);
    arm_step(tc->cpu);
    expect_pabt(tc, 0x0F, 0x100008);
    /* XN on a section; Thumb state */
    set_l1(tc, 0x00300000, sect(0x300000, 3, 0) | 0x10);
    to_mode(tc, MODE_SVC);
    tc_run(tc, 0x300001, 1);
    expect_pabt(tc, 0x0D, 0x300000);
    /* manager domain ignores XN */
    mcr(tc, 3, 0, 0, 0x3);
    tc_put32(tc, 0x300000, (const uint32_t[]){0xE3A00007}, 1);
    to_mode(tc, MODE_SVC);
    ck_assert_uint_eq(tc_run(tc, 0x300000, 1), 0x300004);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_walk_external_aborts)
{
    TestCpu *tc = mk(true);
    /* second-level table outside RAM: external abort on the L2 walk, domain valid */
    set_l1(tc, 0xE0000000, coarse(0x7FF00000, 9));
    ck_assert(!rd(tc, 0xE0000000, NULL));
    expect_dabt(tc, 0x0E | (9 << 4), 0xE0000000);
    /* TTBR1 outside RAM: external abort on the L1 walk */
    mcr(tc, 2, 0, 1, 0x7FF00000);
    mcr(tc, 2, 0, 2, 1);                         /* N = 1: upper half through TTBR1 */
    ck_assert(!wr(tc, 0x80000000, 0));
    expect_dabt(tc, 0x0C | (1u << 11), 0x80000000);
    /* instruction side */
    to_mode(tc, MODE_SVC);
    tc_run(tc, 0x80000000, 1);
    expect_pabt(tc, 0x0C, 0x80000000);
    /* a section onto unmapped physical space: precise external abort, domain valid */
    mcr(tc, 2, 0, 2, 0);
    set_l1(tc, 0xE0100000, sect(0x7FF00000, 3, 0));
    mcr(tc, 8, 7, 0, 0);
    ck_assert(!rd(tc, 0xE0100000, NULL));
    expect_dabt(tc, 0x08, 0xE0100000);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_access_bit_fault)
{
    TestCpu *tc = mk(true);
    uint32_t s = mrc(tc, 1, 0, 0);
    mcr(tc, 1, 0, 0, s | SCTLR_FA);
    set_l1(tc, 0xC0000000, sect(0x200000, 2, 3));      /* AP[0] = 0: access bit clear */
    set_l1(tc, 0xC0100000, coarse(L2A, 4));
    set_l2(tc, L2A, 0xC0100000, small(0x300000, 6));    /* APX = 1, AP = 10 */
    set_l2(tc, L2A, 0xC0101000, small(0x301000, 7));    /* access bit set, read-only */
    mcr(tc, 3, 0, 0, 0x1 | (1u << 8));                  /* domain 4 client, 3 no access */
    ck_assert(!rd(tc, 0xC0000000, NULL));
    expect_dabt(tc, 0x03 | (3 << 4), 0xC0000000);
    ck_assert(!rd(tc, 0xC0100000, NULL));
    expect_dabt(tc, 0x06 | (4 << 4), 0xC0100000);
    ck_assert(rd(tc, 0xC0101000, NULL));
    /* the faulting descriptors were not loaded: setting AP[0] needs no invalidation */
    set_l1(tc, 0xC0000000, sect(0x200000, 3, 3));
    mcr(tc, 3, 0, 0, 0x1 | (1u << 6) | (1u << 8));
    ck_assert(rd(tc, 0xC0000000, NULL));
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_alignment_before_translation)
{
    TestCpu *tc = mk(true);
    uint32_t s = mrc(tc, 1, 0, 0);
    mcr(tc, 1, 0, 0, s | SCTLR_A);
    ck_assert(!rd(tc, 0xA0000002, NULL)); /* unmapped and misaligned: alignment wins */
    expect_dabt(tc, 0x01, 0xA0000002);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_pd0_and_ttbcr_split)
{
    TestCpu *tc = mk(true);
    /* N = 2: VA < 1 GiB through TTBR0 (a 4 KiB table), the rest through TTBR1 */
    uint32_t t0 = 0x10000, t1 = 0x14000;
    pw(tc, t0 + 0, sect(0, 3, 0));
    pw(tc, t0 + (0x3FF00000 >> 20) * 4, sect(0x200000, 3, 0));
    pw(tc, t1 + (0x3FF00000 >> 20) * 4, sect(0x300000, 3, 0)); /* must not be used */
    pw(tc, t1 + (0x80000000 >> 20) * 4, sect(0x300000, 3, 0));
    pw(tc, 0x200000, 0xAAAA);
    pw(tc, 0x300000, 0xBBBB);
    mcr(tc, 2, 0, 1, t1);
    mcr(tc, 2, 0, 0, t0);
    mcr(tc, 2, 0, 2, 2);
    ck_assert_uint_eq(rdv(tc, 0x3FF00000), 0xAAAA);
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xBBBB);
    ck_assert_uint_eq(mrc(tc, 2, 0, 2), 2);
    /* PD1: TTBR1 walks disabled -> section translation fault (after invalidation) */
    mcr(tc, 2, 0, 2, 2 | (1u << 5));
    mcr(tc, 8, 7, 0, 0);
    ck_assert(!rd(tc, 0x80000000, NULL));
    expect_dabt(tc, 0x05, 0x80000000);
    ck_assert_uint_eq(rdv(tc, 0x3FF00000), 0xAAAA);
    ck_assert_uint_eq(mrc(tc, 2, 0, 2), 0x22);
    tc_destroy(tc);
}
END_TEST

/* ---- TLB maintenance -------------------------------------------------------------------------- */

START_TEST(test_mmu_stale_entry_until_invalidated)
{
    TestCpu *tc = mk(true);
    pw(tc, 0x200000, 0xA);
    pw(tc, 0x300000, 0xB);
    set_l1(tc, 0x80000000, sect(0x200000, 3, 0));
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    set_l1(tc, 0x80000000, sect(0x300000, 3, 0));
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);       /* stale, as on hardware */
    arm_flush_tlb(tc->cpu);                              /* software TLBs are only caches */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    mcr(tc, 8, 7, 1, 0x80100000);                        /* another section: no effect */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    mcr(tc, 8, 6, 1, 0x800FF000);                        /* same section, D-TLB form */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xB);
    set_l1(tc, 0x80000000, sect(0x200000, 3, 0));
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xB);
    mcr(tc, 8, 5, 0, 0);                                 /* invalidate all (I form: unified TLB) */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    /* a stale translation also stays for instruction fetches */
    pw(tc, 0x200000, 0xE3A00011); /* MOV r0, #0x11 */
    pw(tc, 0x300000, 0xE3A00022); /* MOV r0, #0x22 */
    tc_run(tc, 0x80000000, 1);
    ck_assert_uint_eq(tc->cpu->r[0], 0x11);
    set_l1(tc, 0x80000000, sect(0x300000, 3, 0));
    tc_run(tc, 0x80000000, 1);
    ck_assert_uint_eq(tc->cpu->r[0], 0x11);
    mcr(tc, 8, 5, 1, 0x80000000);
    tc_run(tc, 0x80000000, 1);
    ck_assert_uint_eq(tc->cpu->r[0], 0x22);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_asid_ng_and_global)
{
    TestCpu *tc = mk(true);
    pw(tc, 0x200000, 0xA);
    pw(tc, 0x300000, 0xB);
    pw(tc, 0x210000, 0x6A);
    pw(tc, 0x310000, 0x6B);
    mcr(tc, 13, 0, 1, 1);                                   /* ASID 1 */
    set_l1(tc, 0x80000000, sect(0x200000, 3, 0) | (1u << 17)); /* nG */
    set_l1(tc, 0x80100000, sect(0x210000 & ~0xFFFFFu, 3, 0));  /* global (PA 0x200000) */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    ck_assert_uint_eq(rdv(tc, 0x80110000), 0x6A);
    /* the tables now map differently; ASID 2 walks and sees that for nG, but the
     * global entry is shared by every ASID */
    set_l1(tc, 0x80000000, sect(0x300000, 3, 0) | (1u << 17));
    set_l1(tc, 0x80100000, sect(0x300000, 3, 0));
    mcr(tc, 13, 0, 1, 2);
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xB);
    ck_assert_uint_eq(rdv(tc, 0x80110000), 0x6A);
    /* back to ASID 1: its own (stale) nG entry is still there */
    mcr(tc, 13, 0, 1, 0x1234501);                           /* PROCID bits do not matter */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    /* invalidate by ASID: another ASID leaves it, ASID 1 removes it, globals stay */
    mcr(tc, 8, 7, 2, 3);
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);
    mcr(tc, 8, 7, 2, 1);
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xB);
    ck_assert_uint_eq(rdv(tc, 0x80110000), 0x6A);
    /* invalidate by MVA with a non-matching ASID still removes a global entry */
    mcr(tc, 8, 7, 1, 0x80100000 | 77);
    ck_assert_uint_eq(rdv(tc, 0x80110000), 0x6B);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_lockdown)
{
    TestCpu *tc = mk(true);
    pw(tc, 0x200000, 0xA);
    pw(tc, 0x300000, 0xB);
    mcr(tc, 10, 0, 0, 0xFFFFFFFF);
    ck_assert_uint_eq(mrc(tc, 10, 0, 0), 0x1C000001);
    rdv(tc, 0x2000);                                   /* code's section 0 already loaded */
    mcr(tc, 10, 0, 0, (2u << 26) | 1);                 /* P = 1, victim 2 */
    set_l1(tc, 0x80000000, sect(0x200000, 3, 0));
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);         /* walk allocates into lockdown entry 2 */
    ck_assert_uint_eq(mrc(tc, 10, 0, 0), (3u << 26) | 1); /* victim counted up */
    mcr(tc, 10, 0, 0, 0);
    set_l1(tc, 0x80000000, sect(0x300000, 3, 0));
    mcr(tc, 8, 7, 0, 0);                                 /* invalidate unlocked entries */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xA);         /* locked entry survives */
    mcr(tc, 8, 7, 1, 0x80000000);                        /* by MVA reaches locked entries */
    ck_assert_uint_eq(rdv(tc, 0x80000000), 0xB);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_fcse)
{
    TestCpu *tc = mk(true);
    /* MVA 0x02000000 (PID 1, VA 0) -> PA 0, VA/MVA 0 -> PA 0x200000 */
    set_l1(tc, 0x02000000, sect(0, 3, 0));
    set_l1(tc, 0, sect(0x200000, 3, 0));
    memcpy(tc->ram + 0x201000, tc->ram + 0x1000, 16);
    pw(tc, 0x100, 0x1111);
    pw(tc, 0x200100, 0x2222);
    mcr(tc, 8, 7, 0, 0);
    mcr(tc, 13, 0, 0, 0x02000000 | 0x1FFFFFF);          /* low bits are ignored */
    ck_assert_uint_eq(mrc(tc, 13, 0, 0), 0x02000000);
    ck_assert_uint_eq(rdv(tc, 0x100), 0x1111);
    /* addresses at or above 32 MiB are not relocated */
    ck_assert_uint_eq(rdv(tc, 0x02000100), 0x1111);
    mcr(tc, 13, 0, 0, 0);
    ck_assert_uint_eq(rdv(tc, 0x100), 0x2222);
    /* the fault address is the VA, not the MVA */
    mcr(tc, 13, 0, 0, 0x04000000);
    set_l1(tc, 0x04000000, sect(0, 3, 0));
    set_l1(tc, 0x04100000, 0);
    ck_assert(!rd(tc, 0x100000, NULL));
    expect_dabt(tc, 0x05, 0x100000);
    tc_destroy(tc);
}
END_TEST

/* ---- prefetch aborts only where execution arrives ------------------------------------------------ */

START_TEST(test_mmu_skipped_branch_does_not_fault)
{
    TestCpu *tc = mk(true);
    /* MOVS r0, #0 (Z set); BXNE r2 (not taken, r2 -> unmapped); MOV r3, #5; SVC */
    static const uint32_t prog[4] = {0xE3B00000, 0x112FFF12, 0xE3A03005, 0xEF000000};
    tc_put32(tc, 0x2000, prog, 4);
    tc->cpu->r[2] = 0xA0000000;
    ck_assert(tc_run_to_svc(tc, 0x2000, 100));
    ck_assert_uint_eq(tc->cpu->r[3], 5);
    ck_assert_uint_eq(tc->cpu->cpsr & PSR_MODE_MASK, MODE_SVC);
    ck_assert_uint_eq(tc->cpu->cp15.ifsr, 0);
    /* the same branch taken faults at its target */
    tc->cpu->cpsr &= ~PSR_Z;
    tc->cpu->r[15] = 0x2004;
    arm_step(tc->cpu);
    ck_assert_uint_eq(tc->cpu->r[15], 0xA0000000);
    arm_step(tc->cpu);
    expect_pabt(tc, 0x05, 0xA0000000);
    tc_destroy(tc);
}
END_TEST

/* Sequential execution off the end of a page into an unmapped page faults at
 * the first instruction of that page, in the fast loop and in single steps,
 * ARM and Thumb. */
START_TEST(test_mmu_sequential_into_faulting_page)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0x00100000, coarse(L2A, 0));
    set_l2(tc, L2A, 0x00100000, small(0x100000, 3));
    /* 0x00101000: no entry */
    static const uint32_t nops[2] = {0xE1A00000, 0xE2811001}; /* MOV r0, r0; ADD r1, r1, #1 */
    tc_put32(tc, 0x100FF8, nops, 2);
    tc_put32(tc, 0x0C, (const uint32_t[]){0xEF000000}, 1);    /* SVC at the prefetch abort vector */
    tc->cpu->r[1] = 0;
    ck_assert(tc_run_to_svc(tc, 0x100FF8, 100));
    ck_assert_uint_eq(tc->cpu->r[1], 1);
    ck_assert_uint_eq(tc->cpu->cp15.ifsr, 0x07);
    ck_assert_uint_eq(tc->cpu->cp15.ifar, 0x101000);
    ck_assert_uint_eq(tc->cpu->r[14], 0x101004);
    ck_assert_uint_eq(tc->cpu->cpsr & PSR_MODE_MASK, MODE_ABT);
    /* single steps: nothing faults before the boundary is crossed */
    to_mode(tc, MODE_SVC);
    tc->cpu->cp15.ifsr = 0;
    tc_run(tc, 0x100FF8, 2);
    ck_assert_uint_eq(tc->cpu->r[15], 0x101000);
    ck_assert_uint_eq(tc->cpu->cp15.ifsr, 0);
    arm_step(tc->cpu);
    expect_pabt(tc, 0x07, 0x101000);
    /* Thumb */
    to_mode(tc, MODE_SVC);
    tc_put16(tc, 0x100FFC, (const uint16_t[]){0x3101, 0x3101}, 2); /* ADDS r1, #1 x2 */
    tc->cpu->r[1] = 0;
    tc_run(tc, 0x100FFD, 3);
    ck_assert_uint_eq(tc->cpu->r[1], 2);
    expect_pabt(tc, 0x07, 0x101000);
    ck_assert_uint_eq(tc->cpu->spsr & PSR_T, PSR_T);
    tc_destroy(tc);
}
END_TEST

/* Enabling the MMU with an MCR in the middle of a page re-translates the next
 * instruction (here the page is remapped by the enable). */
START_TEST(test_mmu_enable_takes_effect_next_instruction)
{
    TestCpu *tc = tc_create(RAM);
    set_l1(tc, 0, sect(0x200000, 3, 0));          /* VA 0-1M -> PA 0x200000-... */
    set_l1(tc, 0x00200000, sect(0x200000, 3, 0));
    /* PA 0x3000: MCR p15,0,r0,c1,c0,0 ; MOV r3, #1 (never runs) ; SVC
     * PA 0x203004: MOV r3, #2 ; SVC */
    static const uint32_t before[3] = {0xEE010F10, 0xE3A03001, 0xEF000000};
    static const uint32_t after[2] = {0xE3A03002, 0xEF000000};
    tc_put32(tc, 0x3000, before, 3);
    tc_put32(tc, 0x203004, after, 2);
    Arm11 *c = tc->cpu;
    c->cp15.ttbr0 = L1;
    c->cp15.dacr = 1;
    c->r[0] = c->cp15.sctlr | SCTLR_M | SCTLR_XP;
    ck_assert(tc_run_to_svc(tc, 0x3000, 100));
    ck_assert_uint_eq(c->r[3], 2);
    tc_destroy(tc);
}
END_TEST

/* ---- CP15 operations -------------------------------------------------------------------------- */

START_TEST(test_mmu_va_to_pa)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0x80000000, sect(0x200000, 1, 0) | (1u << 16) | (1u << 3) | (1u << 2)); /* S, WB */
    mcr(tc, 7, 8, 0, 0x80012345);
    ck_assert_uint_eq(mrc(tc, 7, 4, 0), (0x212345 & ~0x3FFu) | (1u << 7) | (7u << 4) | (3u << 2));
    mcr(tc, 7, 8, 2, 0x80012345);                 /* User read: permission fault section */
    ck_assert_uint_eq(mrc(tc, 7, 4, 0), (0x0D << 1) | 1);
    mcr(tc, 7, 8, 1, 0x90000000);                 /* unmapped: translation fault, no abort */
    ck_assert_uint_eq(mrc(tc, 7, 4, 0), (0x05 << 1) | 1);
    ck_assert_uint_eq(tc->cpu->fault, 0);
    /* through the MCR instruction; an external abort on the walk aborts it */
    set_l1(tc, 0xE0000000, coarse(0x7FF00000, 2));
    tc->cpu->r[0] = 0xE0000000;
    tc_exec_arm(tc, 0xEE070F18); /* MCR p15, 0, r0, c7, c8, 0 */
    expect_dabt(tc, 0x0E | (2 << 4) | (1u << 11), 0xE0000000);
    ck_assert_uint_eq(mrc(tc, 7, 4, 0), (0x0E << 1) | 1);
    /* User mode: undefined */
    to_mode(tc, MODE_USR);
    tc_exec_arm(tc, 0xEE070F18);
    ck_assert_uint_eq(tc->cpu->r[15], 0x04);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_cache_ops_by_mva_abort)
{
    TestCpu *tc = mk(true);
    tc->cpu->r[0] = 0xA0000040;
    tc_exec_arm(tc, 0xEE070F3E); /* MCR p15,0,r0,c7,c14,1: clean+invalidate D line */
    expect_dabt(tc, 0x05 | (1u << 11), 0xA0000040);
    to_mode(tc, MODE_SVC);
    tc->cpu->r[0] = 0xA0000080;
    tc_exec_arm(tc, 0xEE070F35); /* MCR p15,0,r0,c7,c5,1: invalidate I line */
    expect_dabt(tc, 0x04 | (1u << 11), 0xA0000080);
    ck_assert_uint_eq(tc->cpu->cp15.ifsr, 0x05);
    /* mapped addresses and whole-cache operations never abort */
    to_mode(tc, MODE_SVC);
    tc->cpu->r[0] = 0x1000;
    ck_assert_uint_eq(tc_exec_arm(tc, 0xEE070F3E), 0x1004);
    ck_assert_uint_eq(tc_exec_arm(tc, 0xEE070F15), 0x1004); /* c7 c5 0 */
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_cp15_registers)
{
    TestCpu *tc = tc_create(RAM);
    ck_assert_uint_eq(mrc(tc, 2, 0, 2), 0);
    ck_assert_uint_eq(mrc(tc, 3, 0, 0), 0);
    ck_assert_uint_eq(mrc(tc, 10, 2, 0), 0x00098AA4);
    ck_assert_uint_eq(mrc(tc, 10, 2, 1), 0x44E048E0);
    mcr(tc, 2, 0, 2, 0xFFFFFFFF);
    ck_assert_uint_eq(mrc(tc, 2, 0, 2), 0x37);
    mcr(tc, 2, 0, 1, 0xFFFFFFFF);
    ck_assert_uint_eq(mrc(tc, 2, 0, 1), 0xFFFFC01F);
    mcr(tc, 5, 0, 0, 0xFFFFFFFF);
    ck_assert_uint_eq(mrc(tc, 5, 0, 0), 0x1CFF);
    mcr(tc, 5, 0, 1, 0xFFFFFFFF);
    ck_assert_uint_eq(mrc(tc, 5, 0, 1), 0x100F);
    mcr(tc, 9, 1, 0, 0x12345FFF);
    ck_assert_uint_eq(mrc(tc, 9, 1, 0), 0x12345015);
    ck_assert_uint_eq(mrc(tc, 9, 1, 1), 0x14);
    mcr(tc, 13, 0, 1, 0xABCDEF12);
    ck_assert_uint_eq(mrc(tc, 13, 0, 1), 0xABCDEF12);
    /* User mode: the MMU registers are privileged (undefined instruction) */
    to_mode(tc, MODE_USR);
    Arm11 *c = tc->cpu;
    uint32_t v;
    ck_assert(!c->cp[15].mrc(c, c->cp[15].opaque, 0, 2, 0, 0, &v));
    ck_assert(!c->cp[15].mcr(c, c->cp[15].opaque, 0, 3, 0, 0, 0));
    ck_assert(!c->cp[15].mcr(c, c->cp[15].opaque, 0, 8, 7, 0, 0));
    tc_destroy(tc);
}
END_TEST

/* ---- debugger view ---------------------------------------------------------------------------- */

START_TEST(test_mmu_debug_access_has_no_side_effects)
{
    TestCpu *tc = mk(true);
    pw(tc, 0x200000, 0xA);
    pw(tc, 0x300000, 0xB);
    set_l1(tc, 0x80000000, sect(0x200000, 1, 0)); /* privileged only: debugger ignores rights */
    uint32_t v = 0;
    ck_assert(arm_debug_read(tc->cpu, 0x80000000, &v, 4));
    ck_assert_uint_eq(v, 0xA);
    /* no TLB entry was allocated: a table change is seen at once */
    set_l1(tc, 0x80000000, sect(0x300000, 1, 0));
    ck_assert(arm_debug_read(tc->cpu, 0x80000000, &v, 4));
    ck_assert_uint_eq(v, 0xB);
    /* unmapped: fails quietly */
    uint32_t dfsr = tc->cpu->cp15.dfsr;
    ck_assert(!arm_debug_read(tc->cpu, 0xA0000000, &v, 4));
    ck_assert(!arm_debug_write(tc->cpu, 0xA0000000, &v, 4));
    ck_assert_uint_eq(tc->cpu->fault, 0);
    ck_assert_uint_eq(tc->cpu->cp15.dfsr, dfsr);
    /* an access running into an unmapped page fails */
    ck_assert(!arm_debug_read(tc->cpu, 0x800FFFFE, &v, 4));
    /* lookups */
    char why[200];
    uint32_t pa = 0;
    ck_assert(mmu_lookup(tc->cpu, 0x80000010, false, true, &pa, why, sizeof why));
    ck_assert_uint_eq(pa, 0x300010);
    ck_assert(!mmu_lookup(tc->cpu, 0x80000010, true, false, &pa, why, sizeof why));
    ck_assert_msg(strstr(why, "permission fault (section)"), "%s", why);
    ck_assert(!mmu_lookup(tc->cpu, 0xA0000000, false, false, &pa, why, sizeof why));
    ck_assert_msg(strstr(why, "translation fault (section)"), "%s", why);
    ck_assert(mmu_lookup(tc->cpu, 0x80000010, false, false, &pa, NULL, 0));
    tc_destroy(tc);
}
END_TEST

START_TEST(test_mmu_dumps)
{
    TestCpu *tc = mk(true);
    set_l1(tc, 0x00100000, sect(0x100000, 3, 0));          /* joins section 0: one run */
    set_l1(tc, 0x80000000, sect(0x200000, 1, 2) | 0x10);
    set_l1(tc, 0x90000000, coarse(L2A, 0));
    for (unsigned i = 0; i < 4; i++)
        set_l2(tc, L2A, 0x90000000 + i * 0x1000, small(0x300000 + i * 0x1000, 3));
    ck_assert_uint_eq(rdv(tc, 0x90000000), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mmu_dump_tables(tc->cpu, f);
    mmu_dump_tlb(tc->cpu, f);
    fclose(f);
    ck_assert_msg(strstr(buf, "0x00000000-0x001fffff -> 0x00000000  section"), "%s", buf);
    ck_assert_msg(strstr(buf, "0x80000000-0x800fffff -> 0x00200000  section      dom  2 priv RW user -- XN"),
                  "%s", buf);
    ck_assert_msg(strstr(buf, "0x90000000-0x90003fff -> 0x00300000  small"), "%s", buf);
    ck_assert_msg(strstr(buf, "0x90000000 4K  -> 0x00300000"), "%s", buf);
    free(buf);
    tc_destroy(tc);
}
END_TEST

Suite *mmu_suite(void)
{
    Suite *s = suite_create("mmu");
    TCase *t = tcase_create("walk");
    tcase_add_test(t, test_mmu_section);
    tcase_add_test(t, test_mmu_supersection);
    tcase_add_test(t, test_mmu_pages_v6);
    tcase_add_test(t, test_mmu_pages_backwards_compatible);
    tcase_add_test(t, test_mmu_xp0_ignores_xn_and_ng);
    tcase_add_test(t, test_mmu_pd0_and_ttbcr_split);
    tcase_add_test(t, test_mmu_fcse);
    suite_add_tcase(s, t);
    t = tcase_create("faults");
    tcase_add_test(t, test_mmu_translation_faults);
    tcase_add_test(t, test_mmu_domain_faults);
    tcase_add_test(t, test_mmu_permission_table);
    tcase_add_test(t, test_mmu_s_r_bits);
    tcase_add_test(t, test_mmu_ldrt_from_privileged_checks_user);
    tcase_add_test(t, test_mmu_soft_tlb_privilege);
    tcase_add_test(t, test_mmu_xn_prefetch_abort);
    tcase_add_test(t, test_mmu_walk_external_aborts);
    tcase_add_test(t, test_mmu_access_bit_fault);
    tcase_add_test(t, test_mmu_alignment_before_translation);
    tcase_add_test(t, test_mmu_skipped_branch_does_not_fault);
    tcase_add_test(t, test_mmu_sequential_into_faulting_page);
    tcase_add_test(t, test_mmu_enable_takes_effect_next_instruction);
    suite_add_tcase(s, t);
    t = tcase_create("tlb");
    tcase_add_test(t, test_mmu_stale_entry_until_invalidated);
    tcase_add_test(t, test_mmu_asid_ng_and_global);
    tcase_add_test(t, test_mmu_lockdown);
    suite_add_tcase(s, t);
    t = tcase_create("cp15");
    tcase_add_test(t, test_mmu_va_to_pa);
    tcase_add_test(t, test_mmu_cache_ops_by_mva_abort);
    tcase_add_test(t, test_mmu_cp15_registers);
    tcase_add_test(t, test_mmu_debug_access_has_no_side_effects);
    tcase_add_test(t, test_mmu_dumps);
    suite_add_tcase(s, t);
    return s;
}
