/* Readable dumps of the translation tables and of the emulated TLB, for
 * the debugger front ends.  Nothing here changes MMU state (walk counters
 * are restored). */
#include <inttypes.h>
#include <string.h>

#include "mmu/mmu_int.h"

static const char *size_name(uint32_t size)
{
    switch (size) {
    case 0x1000: return "4K";
    case 0x10000: return "64K";
    case 0x100000: return "1M";
    default: return "16M";
    }
}

static void attr_text(const MmuEntry *e, char *buf, size_t len)
{
    static const char *const kinds[] = {"section", "supersection", "large", "small"};
    char ap[40];
    if (e->subshift) {
        snprintf(ap, sizeof ap, "subpages %s/%s %s/%s %s/%s %s/%s", mmu_ap_name(e->ap[0], false),
                 mmu_ap_name(e->ap[0], true), mmu_ap_name(e->ap[1], false), mmu_ap_name(e->ap[1], true),
                 mmu_ap_name(e->ap[2], false), mmu_ap_name(e->ap[2], true), mmu_ap_name(e->ap[3], false),
                 mmu_ap_name(e->ap[3], true));
    } else {
        snprintf(ap, sizeof ap, "priv %s user %s", mmu_ap_name(e->ap[0], false), mmu_ap_name(e->ap[0], true));
    }
    snprintf(buf, len, "%-12s dom %2u %s%s%s TEX%u%s%s%s", kinds[e->kind & 3], e->domain, ap,
             e->xn ? " XN" : "", e->global ? "" : " nG", e->tex, (e->cb & 2) ? " C" : "",
             (e->cb & 1) ? " B" : "",
             e->shared ? " S" : "");
}

/* A run of virtually and physically contiguous mappings with equal attributes. */
typedef struct Run {
    bool open;
    uint32_t va, pa;
    uint64_t len;
    MmuEntry attr;
    unsigned count;
} Run;

static bool same_attr(const MmuEntry *a, const MmuEntry *b)
{
    return a->kind == b->kind && a->domain == b->domain && a->xn == b->xn && a->global == b->global &&
           a->tex == b->tex && a->cb == b->cb && a->shared == b->shared && a->subshift == b->subshift &&
           !memcmp(a->ap, b->ap, sizeof a->ap);
}

static void run_flush(Run *r, FILE *out)
{
    if (!r->open) return;
    char attr[160];
    attr_text(&r->attr, attr, sizeof attr);
    fprintf(out, "  0x%08" PRIx32 "-0x%08" PRIx32 " -> 0x%08" PRIx32 "  %s x%u\n", r->va,
            (uint32_t)(r->va + r->len - 1), r->pa, attr, r->count);
    r->open = false;
}

static void run_add(Run *r, FILE *out, uint32_t va, uint32_t size, const MmuEntry *e)
{
    uint32_t pa = e->pbase | (va & ~e->vmask);
    if (r->open && (uint64_t)r->va + r->len == va && (uint64_t)r->pa + r->len == pa &&
        same_attr(&r->attr, e)) {
        r->len += size;
        r->count++;
        return;
    }
    run_flush(r, out);
    *r = (Run){.open = true, .va = va, .pa = pa, .len = size, .attr = *e, .count = 1};
}

void mmu_dump_tables(Arm11 *cpu, FILE *out)
{
    const Cp15 *c = &cpu->cp15;
    MmuStats saved = cpu->mmu->stats;
    fprintf(out, "MMU %s  TTBR0 0x%08" PRIx32 " TTBR1 0x%08" PRIx32 " TTBCR 0x%" PRIx32 " DACR 0x%08" PRIx32
                 " ASID %" PRIu32 " FCSE 0x%08" PRIx32 " %s format\n",
            (c->sctlr & SCTLR_M) ? "on" : "off", c->ttbr0, c->ttbr1, c->ttbcr, c->dacr, c->context_id & 0xFF,
            c->fcse_pid, (c->sctlr & SCTLR_XP) ? "ARMv6" : "backwards-compatible");
    fprintf(out, "  modified virtual address range  -> physical  attributes (runs of equal mappings)\n");
    Run run = {0};
    uint64_t mva = 0;
    while (mva < 0x100000000ull) {
        MmuEntry e;
        MmuWalkTrace tr;
        uint32_t f = mmu_walk(cpu, (uint32_t)mva, &e, &tr);
        if (!tr.l2) {
            /* First-level answer: the whole MiB (or 16 MiB) has it. */
            uint32_t step = 0x100000u;
            if (!f && e.kind == MMU_SUPERSECTION) step = 0x1000000u - ((uint32_t)mva & 0xFFFFFF);
            if (f && FAULT_STATUS(f) != FAULT_ACCESS_SECTION) run_flush(&run, out);
            else if (!f) run_add(&run, out, (uint32_t)mva, step, &e);
            mva += step;
            continue;
        }
        for (unsigned i = 0; i < 256; i++, mva += 0x1000) {
            f = mmu_walk(cpu, (uint32_t)mva, &e, NULL);
            if (f) run_flush(&run, out);
            else run_add(&run, out, (uint32_t)mva, 0x1000, &e);
        }
    }
    run_flush(&run, out);
    cpu->mmu->stats = saved;
}

static void dump_entry(const MmuEntry *e, bool locked, void *arg)
{
    FILE *out = arg;
    char attr[160];
    attr_text(e, attr, sizeof attr);
    fprintf(out, "  %s 0x%08" PRIx32 " %-3s -> 0x%08" PRIx32 " asid %3u %s\n", locked ? "L" : " ", e->vbase,
            size_name(entry_size(e)), e->pbase, e->asid, attr);
}

void mmu_dump_tlb(Arm11 *cpu, FILE *out)
{
    MmuStats st = cpu->mmu->stats;
    fprintf(out,
            "TLB (current ASID %" PRIu32 "; %" PRIu64 " lookups, %" PRIu64 " walks, %" PRIu64 " faults)\n",
            cpu->cp15.context_id & 0xFF, st.lookups, st.walks, st.faults);
    tlb_foreach(cpu->mmu, dump_entry, out);
}
