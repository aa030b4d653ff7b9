/* Internals shared by mmu/mmu.c, mmu/tlb.c and mmu/dump.c. */
#ifndef IPODSIM_MMU_MMU_INT_H
#define IPODSIM_MMU_MMU_INT_H

#include "mmu/mmu.h"

enum MmuKind { MMU_SECTION, MMU_SUPERSECTION, MMU_LARGE, MMU_SMALL };

/* One translation as the TLB holds it: the walk's result before any
 * permission check (domains, AP and XN are checked on every use against the
 * current DACR/SCTLR/mode, as the hardware does). */
typedef struct MmuEntry {
    uint32_t vbase;     /* MVA of the first byte covered */
    uint32_t vmask;     /* ~(size - 1) */
    uint32_t pbase;     /* physical base */
    uint32_t desc;      /* the descriptor that produced it (second level for pages) */
    uint8_t valid, global, asid, kind;
    uint8_t domain, xn;
    uint8_t subshift;   /* 0: ap[0] covers everything; 10/14: subpage n = mva bits [s+1:s] */
    uint8_t ap[4];      /* APX << 2 | AP[1:0], per subpage */
    uint8_t tex, cb, shared;
} MmuEntry;

#define MMU_LOCKED 8
#define MMU_WAYS 2

/* One 2-way table per page size, set = (mva >> page shift) % sets.  Two
 * ways keep the nG entries of two address spaces that use the same virtual
 * addresses. */
enum {
    MMU_SETS_SECTION = 128, MMU_SETS_SUPER = 8, MMU_SETS_LARGE = 32, MMU_SETS_SMALL = 256,
    MMU_SETS_TOTAL = MMU_SETS_SECTION + MMU_SETS_SUPER + MMU_SETS_LARGE + MMU_SETS_SMALL,
};
struct Mmu {
    MmuEntry ent[MMU_SETS_TOTAL][MMU_WAYS]; /* sections, supersections, large, small pages */
    MmuEntry lock[MMU_LOCKED];      /* lockdown region (c10 c0 0 with P set) */
    unsigned nlocked;               /* valid entries in lock[] */
    unsigned rr;                    /* way to replace next when a set is full */
    unsigned kinds;                 /* bit k: table of MmuKind k may hold valid entries */
    MmuEntry *last;                 /* entry of the last hit: tried first (always re-checked) */
    MmuStats stats;
};

static inline bool entry_is_page(const MmuEntry *e) { return e->kind >= MMU_LARGE; }
static inline uint32_t entry_size(const MmuEntry *e) { return ~e->vmask + 1; }

/* tlb.c */
MmuEntry *tlb_find(Mmu *m, uint32_t mva, unsigned asid);
MmuEntry *tlb_insert(Arm11 *cpu, const MmuEntry *e);
/* Calls fn for every valid entry (dump). */
void tlb_foreach(Mmu *m, void (*fn)(const MmuEntry *e, bool locked, void *arg), void *arg);

/* mmu.c */
uint32_t mmu_mva(const Arm11 *cpu, uint32_t va);
/* Walk the tables for mva into *e (valid = 1).  Returns 0 or a fault
 * (status | domain << FAULT_DOMAIN_SHIFT).  l1/l2 receive the descriptor
 * addresses and values read (0 when not read). */
typedef struct MmuWalkTrace {
    uint32_t l1_addr, l1_desc, l2_addr, l2_desc;
    bool l2;
} MmuWalkTrace;
uint32_t mmu_walk(Arm11 *cpu, uint32_t mva, MmuEntry *e, MmuWalkTrace *tr);
/* Domain/permission check of a translation; 0 or a fault. */
uint32_t mmu_check(const Arm11 *cpu, const MmuEntry *e, uint32_t mva, bool user, unsigned kind);
const char *mmu_fault_name(uint32_t status);
const char *mmu_ap_name(unsigned ap, bool user_view);

#endif
