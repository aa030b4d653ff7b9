/*
 * mmu: the ARMv6 MMU seen from a program.
 *  - builds a first-level table (identity sections over the first 256 MiB,
 *    where code, data and stacks live) and a coarse second-level table with
 *    small pages, an XN page and a 64 KiB large page, installs its own
 *    vectors and turns the MMU on (ARMv6 format, SCTLR.XP = 1)
 *  - aliasing: a section and small/large pages onto the program's own data,
 *    written through one address and read through the other
 *  - aborts taken and recovered, with DFSR (status, domain, WnR) and FAR:
 *    section and page translation faults, the reserved first-level type,
 *    domain fault (no access), manager domain without checks, permission
 *    faults (APX read-only, privileged-only with LDRT/STRT and from real
 *    User mode), alignment fault (SCTLR.A); the same loads and stores from
 *    ARM and Thumb code
 *  - prefetch aborts on an XN page (IFSR, IFAR) in ARM and Thumb state, and
 *    the same code executed through an executable alias
 *  - ASIDs: two tables with nG mappings of one address, switched with
 *    CONTEXTIDR + TTBR0 without TLB maintenance; TLB invalidate by MVA after
 *    a table change
 *  - the backwards-compatible format (XP = 0): 1 KiB subpage permissions
 *  - VA->PA operation (c7 c8 0) and the PA register
 * Not covered here (tests/mmu unit tests do): external aborts on the walk
 * (versatilepb has no reliably unmapped physical address), stale TLB
 * entries (architecturally they may be evicted at any time), FCSE.
 */
#include <stdio.h>
#include <string.h>
#include "test.h"

struct mmu_log_s { uint32_t count, type, fsr, far, lr, spsr; };
volatile struct mmu_log_s mmu_log;
volatile uint32_t mmu_pabt_resume;
void mmu_vec_install(void);

static uint32_t l1a[4096] __attribute__((aligned(16384)));
static uint32_t l1b[4096] __attribute__((aligned(16384)));
static uint32_t l2a[256] __attribute__((aligned(1024)));
static uint32_t l2b[256] __attribute__((aligned(1024)));
static uint32_t l2c[256] __attribute__((aligned(1024)));
static uint32_t l2d[256] __attribute__((aligned(1024)));
static uint32_t pages[3][1024] __attribute__((aligned(4096)));
static uint32_t big[16384] __attribute__((aligned(65536)));
static volatile uint32_t var[4];

#define EXC_PABT_T 3
#define EXC_DABT_T 4
#define XP (1u << 23)

/* ---- descriptors (ARMv6 format unless noted); ap = APX:AP[1:0] ---- */
static uint32_t sect(uint32_t pa, unsigned ap, unsigned dom)
{
    return (pa & 0xFFF00000u) | ((ap >> 2) << 15) | ((ap & 3) << 10) | (dom << 5) | 0xC | 2;
}
static uint32_t coarse(const uint32_t *l2, unsigned dom)
{
    return ((uint32_t)l2 & ~0x3FFu) | (dom << 5) | 1;
}
static uint32_t small_pg(const void *pa, unsigned ap)
{
    return ((uint32_t)pa & ~0xFFFu) | ((ap >> 2) << 9) | ((ap & 3) << 4) | 0xC | 2;
}
static uint32_t large_pg(const void *pa, unsigned ap)
{
    return ((uint32_t)pa & ~0xFFFFu) | ((ap >> 2) << 9) | ((ap & 3) << 4) | 0xC | 1;
}

/* ---- CP15 (ARM only: Thumb-1 has no MCR/MRC) ---- */
ARMFN static uint32_t get_sctlr(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
    return v;
}
ARMFN static void set_sctlr(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n"
                     "mcr p15, 0, %1, c7, c5, 4" :: "r"(v), "r"(0) : "memory");
}
ARMFN static void set_ttbr0(const void *t)
{
    __asm__ volatile("mcr p15, 0, %0, c2, c0, 0" :: "r"(t) : "memory");
}
ARMFN static void set_ttbcr(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c2, c0, 2" :: "r"(v) : "memory");
}
ARMFN static void set_dacr(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c3, c0, 0" :: "r"(v) : "memory");
}
ARMFN static void set_asid(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 1\n"
                     "mcr p15, 0, %1, c7, c5, 4" :: "r"(v), "r"(0) : "memory");
}
/* Make table writes visible to the walker, drop every TLB entry, resync. */
ARMFN static void sync_all(void)
{
    __asm__ volatile("mcr p15, 0, %0, c7, c10, 0\n"   /* clean D-cache */
                     "mcr p15, 0, %0, c7, c10, 4\n"   /* DSB */
                     "mcr p15, 0, %0, c8, c7, 0\n"    /* invalidate unified TLB */
                     "mcr p15, 0, %0, c7, c5, 0\n"    /* invalidate I-cache */
                     "mcr p15, 0, %0, c7, c5, 4\n"    /* flush prefetch buffer */
                     :: "r"(0) : "memory");
}
ARMFN static void tlb_inv_mva(uint32_t mva)
{
    __asm__ volatile("mcr p15, 0, %1, c7, c10, 0\n"
                     "mcr p15, 0, %1, c7, c10, 4\n"
                     "mcr p15, 0, %0, c8, c7, 1\n"
                     "mcr p15, 0, %1, c7, c5, 4\n" :: "r"(mva), "r"(0) : "memory");
}
ARMFN static uint32_t va_to_pa(uint32_t va)
{
    uint32_t v;
    __asm__ volatile("mcr p15, 0, %1, c7, c8, 0\n"
                     "mrc p15, 0, %0, c7, c4, 0" : "=r"(v) : "r"(va) : "memory");
    return v;
}

/* ---- accesses; a faulting one leaves the 0xBAD0BAD0 preset in place ---- */
#define BAD 0xBAD0BAD0u
ARMFN static uint32_t arm_ldr(uint32_t a)
{
    uint32_t v = BAD;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(a) : "memory");
    return v;
}
ARMFN static void arm_str(uint32_t a, uint32_t v)
{
    __asm__ volatile("str %0, [%1]" :: "r"(v), "r"(a) : "memory");
}
ARMFN static uint32_t arm_ldrt(uint32_t a)
{
    uint32_t v = BAD;
    __asm__ volatile("ldrt %0, [%1]" : "+r"(v), "+r"(a) :: "memory");
    return v;
}
ARMFN static void arm_strt(uint32_t a, uint32_t v)
{
    __asm__ volatile("strt %1, [%0]" : "+r"(a) : "r"(v) : "memory");
}
THUMBFN static uint32_t thumb_ldr(uint32_t a)
{
    uint32_t v = BAD;
    __asm__ volatile("ldr %0, [%1]" : "+l"(v) : "l"(a) : "memory");
    return v;
}
THUMBFN static void thumb_str(uint32_t a, uint32_t v)
{
    __asm__ volatile("str %0, [%1]" :: "l"(v), "l"(a) : "memory");
}

/* LDR from real User mode, back to SVC through the test's SVC handler. */
ARMFN static uint32_t user_ldr(uint32_t a, uint32_t *mode_after)
{
    uint32_t v = BAD, m;
    __asm__ volatile("cps #0x10\n"
                     "ldr %0, [%2]\n"
                     "svc #0x10\n"
                     "mrs %1, cpsr\n"
                     : "+r"(v), "=r"(m) : "r"(a) : "lr", "memory");
    *mode_after = m & PSR_MODE;
    return v;
}

/* Call code at target (ARM); 0xFF if it took a prefetch abort. */
ARMFN static uint32_t arm_call(uint32_t target)
{
    uint32_t r;
    __asm__ volatile("adr   r1, 1f\n"
                     "ldr   r2, =mmu_pabt_resume\n"
                     "str   r1, [r2]\n"
                     "mov   r0, #0\n"
                     "blx   %1\n"
                     "b     2f\n"
                     "1:    mov r0, #0xFF\n"
                     "2:    mov %0, r0\n"
                     : "=r"(r) : "r"(target) : "r0", "r1", "r2", "r3", "r12", "lr", "memory", "cc");
    return r;
}

/* The same from Thumb state to Thumb code (target | 1). */
THUMBFN static uint32_t thumb_call(uint32_t target)
{
    uint32_t r;
    __asm__ volatile("adr   r1, 1f\n"
                     "ldr   r2, =mmu_pabt_resume\n"
                     "str   r1, [r2]\n"
                     "movs  r0, #0\n"
                     "blx   %1\n"
                     "b     2f\n"
                     ".balign 4\n"
                     "1:    movs r0, #0xFF\n"
                     "2:    mov %0, r0\n"
                     : "=l"(r) : "l"(target) : "r0", "r1", "r2", "r3", "lr", "memory", "cc");
    return r;
}

static uint32_t log_before;

static void arm_expect(const char *what, uint32_t type, uint32_t fsr, uint32_t far)
{
    t_eqf(mmu_log.count - log_before, 1, "%s: one abort", what);
    t_eqf(mmu_log.type, type, "%s: exception", what);
    t_eqf(mmu_log.fsr & (type == EXC_DABT_T ? 0xCFFu : 0x40Fu), fsr, "%s: FSR", what);
    t_eqf(mmu_log.far, far, "%s: fault address", what);
    log_before = mmu_log.count;
}

static void expect_none(const char *what)
{
    t_eqf(mmu_log.count - log_before, 0, "%s: no abort", what);
    log_before = mmu_log.count;
}

/* Both load/store paths (ARM and Thumb code) on one address. */
static void load_faults(const char *what, uint32_t va, uint32_t fsr)
{
    char n[80];
    snprintf(n, sizeof n, "%s (ARM LDR)", what);
    t_eqf(arm_ldr(va), BAD, "%s: register unchanged", n);
    arm_expect(n, EXC_DABT_T, fsr, va);
    snprintf(n, sizeof n, "%s (Thumb LDR)", what);
    t_eqf(thumb_ldr(va), BAD, "%s: register unchanged", n);
    arm_expect(n, EXC_DABT_T, fsr, va);
}

static void store_faults(const char *what, uint32_t va, uint32_t fsr)
{
    char n[80];
    snprintf(n, sizeof n, "%s (ARM STR)", what);
    arm_str(va, 1);
    arm_expect(n, EXC_DABT_T, fsr | 0x800, va);
    snprintf(n, sizeof n, "%s (Thumb STR)", what);
    thumb_str(va, 1);
    arm_expect(n, EXC_DABT_T, fsr | 0x800, va);
}

#define VA_ALIAS   0x40000000u  /* section onto var's MiB */
#define VA_PAGES   0x40100000u  /* coarse table l2a, domain 0 */
#define VA_NOACC   0x40200000u  /* domain 1: no access */
#define VA_RO      0x40300000u  /* APX = 1, AP = 01: privileged read-only, domain 3 */
#define VA_PRIV    0x40400000u  /* AP = 01: privileged only, domain 3 */
#define VA_MGR     0x40500000u  /* AP = 000 in domain 2 (manager) */
#define VA_ASID    0x40600000u  /* nG small page, differs between l1a and l1b */
#define VA_RSVD    0x40700000u  /* first-level type 11 (reserved in ARMv6) */
#define VA_V5      0x40800000u  /* backwards-compatible coarse table (XP = 0 test) */
#define VA_NONE    0x50000000u  /* unmapped */

static void build_tables(void)
{
    memset(l1a, 0, sizeof l1a);
    memset(l2a, 0, sizeof l2a);
    memset(l2b, 0, sizeof l2b);
    memset(l2c, 0, sizeof l2c);
    memset(l2d, 0, sizeof l2d);
    for (uint32_t i = 0; i < 256; i++) l1a[i] = sect(i << 20, 3, 0);
    l1a[VA_ALIAS >> 20] = sect((uint32_t)var, 3, 0);
    l1a[VA_PAGES >> 20] = coarse(l2a, 0);
    l2a[0] = small_pg(pages[0], 3);                 /* 0x40100000 -> pages[0] */
    /* l2a[1] empty: page translation fault */
    l2a[2] = small_pg(pages[1], 3) | 1;             /* 0x40102000 -> pages[1], XN */
    l2a[3] = small_pg(pages[1], 3);                 /* 0x40103000 -> pages[1], executable */
    l2a[4] = small_pg(pages[2], 5);                 /* 0x40104000 -> pages[2], privileged RO */
    l2a[8] = small_pg(pages[0], 3);                 /* 0x40108000: remapped by the TLB test */
    for (unsigned i = 16; i < 32; i++)              /* 0x40110000: large page onto big[] */
        l2a[i] = large_pg(big, 3);
    l1a[VA_NOACC >> 20] = sect((uint32_t)var, 3, 1);
    l1a[VA_RO >> 20] = sect((uint32_t)var, 5, 3);
    l1a[VA_PRIV >> 20] = sect((uint32_t)var, 1, 3);
    l1a[VA_MGR >> 20] = sect((uint32_t)var, 0, 2);
    l1a[VA_RSVD >> 20] = 3;
    memcpy(l1b, l1a, sizeof l1a);
    l1a[VA_ASID >> 20] = coarse(l2b, 0);
    l1b[VA_ASID >> 20] = coarse(l2c, 0);
    l2b[0] = small_pg(pages[0], 3) | (1u << 11);   /* nG: pages[0] for ASID 1 */
    l2c[0] = small_pg(pages[2], 3) | (1u << 11);   /* nG: pages[2] for ASID 2 */
}

static void test_alias(void)
{
    uint32_t off = (uint32_t)var & 0xFFFFF;
    var[0] = 0x11111111;
    t_eq("alias: section read", arm_ldr(VA_ALIAS + off), 0x11111111);
    arm_str(VA_ALIAS + off + 4, 0x22222222);
    t_eq("alias: section write", var[1], 0x22222222);
    thumb_str(VA_ALIAS + off + 8, 0x33333333);
    t_eq("alias: section write (Thumb)", var[2], 0x33333333);
    pages[0][5] = 0x55667788;
    t_eq("alias: small page", thumb_ldr(VA_PAGES + 20), 0x55667788);
    arm_str(VA_PAGES + 0xFFC, 0xABCDEF01);
    t_eq("alias: small page write", pages[0][1023], 0xABCDEF01);
    big[0x3FFF] = 0x600DF00D;
    big[0x1234] = 0x12341234;
    t_eq("alias: large page end", arm_ldr(VA_PAGES + 0x1FFFC), 0x600DF00D);
    t_eq("alias: large page", thumb_ldr(VA_PAGES + 0x10000 + 0x1234 * 4), 0x12341234);
    /* PA[11:10] are left out: QEMU reports PAR with 4 KiB granularity */
    t_eq("VA->PA: small page", va_to_pa(VA_PAGES + 0x123) & ~0xFFFu, (uint32_t)pages[0]);
    t_eq("VA->PA: section", va_to_pa(VA_ALIAS + off) & ~0xFFFu, ((uint32_t)var & ~0xFFFu));
    t_eq("VA->PA: fault", va_to_pa(VA_NONE) & 0x7F, (0x5 << 1) | 1);
    expect_none("aliases");
}

static void test_data_aborts(void)
{
    load_faults("section translation fault", VA_NONE + 0x40, 0x005);
    store_faults("section translation fault", VA_NONE, 0x005);
    load_faults("page translation fault", VA_PAGES + 0x1008, 0x007);
    load_faults("reserved first-level type", VA_RSVD, 0x005);
    load_faults("domain fault (no access)", VA_NOACC + 0x10, 0x019);
    store_faults("domain fault (no access)", VA_NOACC + 0x10, 0x019);
    /* read-only: reads work, writes fault */
    uint32_t off = (uint32_t)var & 0xFFFFF;
    var[3] = 0x0BADCAFE;
    t_eq("APX read-only: read", thumb_ldr(VA_RO + off + 12), 0x0BADCAFE);
    expect_none("APX read-only: read");
    store_faults("APX read-only: write", VA_RO + off, 0x03D);
    store_faults("small page read-only: write", VA_PAGES + 0x4000, 0x00F);
    /* privileged-only: LDR/STR fine, LDRT/STRT checked as User */
    t_eq("privileged-only: LDR", arm_ldr(VA_PRIV + off + 12), 0x0BADCAFE);
    arm_str(VA_PRIV + off + 12, 0x0BADCAFE);
    expect_none("privileged-only: LDR/STR");
    t_eq("privileged-only: LDRT", arm_ldrt(VA_PRIV + off), BAD);
    arm_expect("privileged-only: LDRT", EXC_DABT_T, 0x03D, VA_PRIV + off);
    arm_strt(VA_PRIV + off, 5);
    arm_expect("privileged-only: STRT", EXC_DABT_T, 0x83D, VA_PRIV + off);
    t_eq("full access: LDRT", arm_ldrt(VA_ALIAS + off + 12), 0x0BADCAFE);
    expect_none("full access: LDRT");
    /* real User mode, right after a privileged access filled the TLBs */
    uint32_t mode;
    t_eq("privileged-only: LDR again", arm_ldr(VA_PRIV + off + 12), 0x0BADCAFE);
    t_eq("User mode: LDR of privileged-only", user_ldr(VA_PRIV + off + 12, &mode), BAD);
    arm_expect("User mode: LDR of privileged-only", EXC_DABT_T, 0x03D, VA_PRIV + off + 12);
    t_eq("User mode: abort taken from User", mmu_log.spsr & PSR_MODE, MODE_USR);
    t_eq("User mode: back in SVC", mode, MODE_SVC);
    t_eq("User mode: LDR of full access", user_ldr(VA_ALIAS + off + 12, &mode), 0x0BADCAFE);
    expect_none("User mode: LDR of full access");
    /* manager domain: AP = 000 is not checked */
    t_eq("manager: read", thumb_ldr(VA_MGR + off + 12), 0x0BADCAFE);
    arm_strt(VA_MGR + off + 12, 0x0BADCAFE);
    expect_none("manager domain");
    /* alignment fault, before translation */
    uint32_t s = get_sctlr();
    set_sctlr(s | 2);
    load_faults("alignment fault", VA_PAGES + 2, 0x001);
    load_faults("alignment before translation", VA_NONE + 1, 0x001);
    set_sctlr(s);
}

static void test_prefetch_aborts(void)
{
    pages[1][0] = 0xE3A0002A;                    /* mov r0, #42 */
    pages[1][1] = 0xE12FFF1E;                    /* bx lr */
    pages[1][64] = 0x4770202B;                   /* movs r0, #43 ; bx lr */
    sync_all();
    t_eq("executable alias (ARM)", arm_call(VA_PAGES + 0x3000), 42);
    t_eq("executable alias (Thumb)", thumb_call(VA_PAGES + 0x3100 + 1), 43);
    expect_none("executable alias");
    t_eq("XN page (ARM)", arm_call(VA_PAGES + 0x2000), 0xFF);
    arm_expect("XN page (ARM)", EXC_PABT_T, 0x00F, VA_PAGES + 0x2000);
    t_eq("XN page (ARM): LR", mmu_log.lr, VA_PAGES + 0x2004);
    t_eq("XN page (Thumb)", thumb_call(VA_PAGES + 0x2100 + 1), 0xFF);
    arm_expect("XN page (Thumb)", EXC_PABT_T, 0x00F, VA_PAGES + 0x2100);
    t_eq("XN page (Thumb): SPSR.T", mmu_log.spsr & PSR_T, PSR_T);
    t_eq("unmapped code", arm_call(VA_NONE), 0xFF);
    arm_expect("unmapped code", EXC_PABT_T, 0x005, VA_NONE);
}

static void test_asid_and_tlb(void)
{
    pages[0][0] = 0xA5A50000;
    pages[2][0] = 0x5A5A2222;
    set_asid(1);
    set_ttbr0(l1a);
    t_eq("ASID 1 mapping", arm_ldr(VA_ASID), 0xA5A50000);
    set_asid(2);
    set_ttbr0(l1b);
    t_eq("ASID 2 mapping", arm_ldr(VA_ASID), 0x5A5A2222);
    t_eq("ASID 2 mapping (Thumb)", thumb_ldr(VA_ASID), 0x5A5A2222);
    set_asid(1);
    set_ttbr0(l1a);
    t_eq("ASID 1 mapping again", thumb_ldr(VA_ASID), 0xA5A50000);
    /* remap a page, invalidate it by MVA: the new mapping is used */
    t_eq("before remap", arm_ldr(VA_PAGES + 0x8000), 0xA5A50000);
    l2a[8] = small_pg(pages[2], 3);
    tlb_inv_mva(VA_PAGES + 0x8000);
    t_eq("after remap + invalidate by MVA", arm_ldr(VA_PAGES + 0x8000), 0x5A5A2222);
    expect_none("ASID and TLB tests");
}

/* Backwards-compatible format: one small page whose four 1 KiB subpages
 * have AP 11 (full), 10 (User read-only), 01 (privileged), 11. */
static void test_subpages(void)
{
    uint32_t *l2 = l2d;
    l1a[VA_V5 >> 20] = coarse(l2, 0) | 0x10;
    l2[0] = ((uint32_t)pages[2] & ~0xFFFu) | (3u << 10) | (1u << 8) | (2u << 6) | (3u << 4) | 0xC | 2;
    pages[2][1] = 0x77;
    pages[2][257] = 0x88;
    pages[2][513] = 0x99;
    uint32_t s = get_sctlr();
    set_sctlr(s & ~XP);
    sync_all();
    t_eq("subpage 0: User read", arm_ldrt(VA_V5 + 4), 0x77);
    arm_strt(VA_V5 + 4, 0x77);
    t_eq("subpage 1: User read", arm_ldrt(VA_V5 + 0x404), 0x88);
    expect_none("subpages 0-1");
    arm_strt(VA_V5 + 0x404, 0x88);
    arm_expect("subpage 1: User write", EXC_DABT_T, 0x80F, VA_V5 + 0x404);
    t_eq("subpage 2: User read", arm_ldrt(VA_V5 + 0x804), BAD);
    arm_expect("subpage 2: User read", EXC_DABT_T, 0x00F, VA_V5 + 0x804);
    t_eq("subpage 2: privileged read", thumb_ldr(VA_V5 + 0x804), 0x99);
    expect_none("subpage 2: privileged read");
    set_sctlr(s);
    sync_all();
}

int main(void)
{
    t_begin("mmu");
    mmu_vec_install();
    build_tables();
    set_ttbcr(0);
    set_ttbr0(l1a);
    set_dacr(1u | (0u << 2) | (3u << 4) | (1u << 6)); /* 0 client, 1 none, 2 manager, 3 client */
    set_asid(1);
    sync_all();
    uint32_t s0 = get_sctlr();
    set_sctlr(s0 | XP | (1u << 12) | (1u << 2) | 1u); /* XP, I, C, M */
    t_eq("MMU on", get_sctlr() & 1, 1);
    log_before = mmu_log.count;

    test_alias();
    test_data_aborts();
    test_prefetch_aborts();
    test_asid_and_tlb();
    test_subpages();

    set_sctlr(s0);
    sync_all();
    return t_done();
}
