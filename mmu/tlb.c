/* Emulated main TLB of the ARM1176JZF-S MMU.
 *
 * The hardware has a unified main TLB (64 entries, 2-way, plus 8 lockdown
 * entries; ARM1176 TRM 6.2) fed by micro TLBs.  Its size and replacement are
 * not modelled: we keep one 2-way table per page size (large, so that walks
 * are rare) and the 8-entry lockdown region.  What is modelled exactly is
 * what software can rely on (TRM 3.2.23, 3.2.31):
 *  - an entry stays until it is replaced or invalidated, so a change to a
 *    translation table in memory is not seen while the old entry lives;
 *  - nG entries match only the ASID they were loaded with, global ones all;
 *  - "invalidate unlocked entries" spares the lockdown region, "by MVA" and
 *    "on ASID match" reach it too; "by ASID" never removes global entries;
 *  - with TLB Lockdown P = 1 walks allocate into lock[victim] and the victim
 *    field counts up.
 * Every invalidation also drops the core's software TLBs, which are caches
 * of this one (see docs/mmu.md).
 */
#include <stdlib.h>
#include <string.h>

#include "mmu/mmu_int.h"

Mmu *mmu_create(void) { return calloc(1, sizeof(Mmu)); }

void mmu_destroy(Mmu *mmu) { free(mmu); }

void mmu_reset(Mmu *mmu)
{
    if (!mmu) return;
    memset(mmu, 0, sizeof *mmu);
}

static bool matches(const MmuEntry *e, uint32_t mva, unsigned asid)
{
    return e->valid && (mva & e->vmask) == e->vbase && (e->global || e->asid == asid);
}

/* The set (MMU_WAYS entries) that holds translations of kind for mva. */
static MmuEntry *set_for(Mmu *m, unsigned kind, uint32_t mva)
{
    static const struct { uint16_t first, sets; uint8_t shift, bits; } t[4] = {
        [MMU_SECTION] = {0, MMU_SETS_SECTION, 20, 7},
        [MMU_SUPERSECTION] = {MMU_SETS_SECTION, MMU_SETS_SUPER, 24, 3},
        [MMU_LARGE] = {MMU_SETS_SECTION + MMU_SETS_SUPER, MMU_SETS_LARGE, 16, 5},
        [MMU_SMALL] = {MMU_SETS_SECTION + MMU_SETS_SUPER + MMU_SETS_LARGE, MMU_SETS_SMALL, 12, 8},
    };
    /* fold the next bits in, so that e.g. VA 0 and 0x80000000 get different sets */
    uint32_t x = mva >> t[kind].shift;
    return m->ent[t[kind].first + ((x ^ (x >> t[kind].bits)) & (t[kind].sets - 1u))];
}

/* Lockdown entries first, then the last hit, then pages before sections.
 * When a guest left overlapping entries behind (UNPREDICTABLE, a "TLB
 * conflict") any one of them may be used. */
MmuEntry *tlb_find(Mmu *m, uint32_t mva, unsigned asid)
{
    m->stats.lookups++;
    /* Software-TLB misses come in runs on one section or page: try the last
     * hit first.  It points into the tables, so matches() sees whatever
     * the slot holds now. */
    if (m->last && !m->nlocked && matches(m->last, mva, asid)) return m->last;
    if (m->nlocked)
        for (unsigned i = 0; i < MMU_LOCKED; i++)
            if (matches(&m->lock[i], mva, asid)) return m->last = &m->lock[i];
    for (unsigned k = MMU_SMALL + 1; k-- > 0;) {
        if (!(m->kinds & (1u << k))) continue;
        MmuEntry *set = set_for(m, k, mva);
        for (unsigned w = 0; w < MMU_WAYS; w++)
            if (matches(&set[w], mva, asid)) return m->last = &set[w];
    }
    return NULL;
}

MmuEntry *tlb_insert(Arm11 *cpu, const MmuEntry *e)
{
    Mmu *m = cpu->mmu;
    uint32_t lk = cpu->cp15.tlb_lock;
    if (lk & 1) {
        /* TLB Lockdown register: P set, victim in bits [28:26]. */
        unsigned v = (lk >> 26) & 7;
        if (!m->lock[v].valid) m->nlocked++;
        m->lock[v] = *e;
        cpu->cp15.tlb_lock = (lk & ~(7u << 26)) | (((v + 1) & 7) << 26);
        return &m->lock[v];
    }
    /* A replaced entry may have fed the software TLBs; they only have to be
     * dropped on invalidation, which flushes them all. */
    m->kinds |= 1u << e->kind;
    MmuEntry *set = set_for(m, e->kind, e->vbase);
    unsigned w = 0;
    while (w < MMU_WAYS && set[w].valid) w++;
    if (w == MMU_WAYS) w = m->rr++ % MMU_WAYS;
    set[w] = *e;
    return &set[w];
}

static void drop_locked(Mmu *m, MmuEntry *e)
{
    if (e->valid) {
        e->valid = 0;
        m->nlocked--;
    }
}

/* Every entry of the set-associative part, as one array. */
static MmuEntry *all_entries(Mmu *m, size_t *n)
{
    *n = (size_t)MMU_SETS_TOTAL * MMU_WAYS;
    return &m->ent[0][0];
}

void mmu_tlb_invalidate_all(Arm11 *cpu)
{
    size_t n;
    MmuEntry *e = all_entries(cpu->mmu, &n);
    for (size_t i = 0; i < n; i++) e[i].valid = 0;
    cpu->mmu->kinds = 0;
    arm_flush_tlb(cpu);
}

void mmu_tlb_invalidate_mva(Arm11 *cpu, uint32_t mva_asid)
{
    Mmu *m = cpu->mmu;
    uint32_t mva = mva_asid & ~0xFFFu;
    unsigned asid = mva_asid & 0xFF;
    for (unsigned i = 0; i < MMU_LOCKED; i++)
        if (matches(&m->lock[i], mva, asid)) drop_locked(m, &m->lock[i]);
    for (unsigned k = 0; k <= MMU_SMALL; k++) {
        MmuEntry *set = set_for(m, k, mva);
        for (unsigned w = 0; w < MMU_WAYS; w++)
            if (matches(&set[w], mva, asid)) set[w].valid = 0;
    }
    arm_flush_tlb(cpu);
}

void mmu_tlb_invalidate_asid(Arm11 *cpu, uint32_t asid)
{
    Mmu *m = cpu->mmu;
    asid &= 0xFF;
    size_t n;
    MmuEntry *e = all_entries(m, &n);
    for (size_t i = 0; i < n; i++)
        if (!e[i].global && e[i].asid == asid) e[i].valid = 0;
    for (unsigned i = 0; i < MMU_LOCKED; i++)
        if (!m->lock[i].global && m->lock[i].asid == asid) drop_locked(m, &m->lock[i]);
    arm_flush_tlb(cpu);
}

void tlb_foreach(Mmu *m, void (*fn)(const MmuEntry *e, bool locked, void *arg), void *arg)
{
    for (unsigned i = 0; i < MMU_LOCKED; i++)
        if (m->lock[i].valid) fn(&m->lock[i], true, arg);
    size_t n;
    MmuEntry *e = all_entries(m, &n);
    for (size_t i = n; i-- > 0;)
        if (e[i].valid) fn(&e[i], false, arg);
}
