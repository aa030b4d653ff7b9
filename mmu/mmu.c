/* ARMv6 VMSA translation for the ARM1176JZF-S (ARM DDI 0100I part B4,
 * ARM1176JZF-S TRM DDI 0301H chapter 6).
 *
 * Modelled:
 *  - FCSE: with the MMU on, a VA below 32 MiB becomes VA | FCSE PID.
 *  - TTBR0/TTBR1 selected by TTBCR.N, walks disabled by TTBCR.PD0/PD1.
 *  - First level: fault (00 and the reserved 11: ARMv6 has no fine tables),
 *    coarse table (01), section and supersection (10, bit 18); second level:
 *    large 64 KiB, small and extended small 4 KiB pages.  Both descriptor
 *    formats: SCTLR.XP = 1 (APX, XN, nG, S, TEX) and XP = 0 (subpage AP0-AP3
 *    of large and small pages, every mapping global and executable).
 *    Supersections are always in domain 0 (TRM 6.2.5).
 *  - Domains (DACR: no access / client / manager; reserved 10 = no access),
 *    AP/APX for privileged and User accesses, SCTLR.S/R for AP = 00, XN on
 *    instruction fetches, the access bit fault of SCTLR.FA (XP = 1 only).
 *  - Descriptors are read big-endian when SCTLR.EE is set.
 *  - Faults with the ARM1176 status codes and domain validity (TRM table
 *    6-11); a bus error while reading a descriptor is an external abort on
 *    translation (first or second level).
 * Not modelled: TrustZone (NS bits ignored, one world), TEX remap (PRRR/NMRR
 * are recorded only: memory types have no effect in an emulator without
 * caches), the ECC P bit, 40-bit supersection addresses.
 */
#include <string.h>

#include "mmu/mmu_int.h"

uint32_t mmu_mva(const Arm11 *cpu, uint32_t va)
{
    /* FCSE (TRM "c13, FCSE PID Register"): addresses in the bottom 32 MiB are relocated by the PID. */
    return va < 0x02000000u ? va | cpu->cp15.fcse_pid : va;
}

/* One descriptor read by the table walker.  False = bus error. */
static bool read_desc(Arm11 *cpu, uint32_t pa, uint32_t *v)
{
    bool writable;
    uint8_t *page = cpu->bus.host_page(cpu->bus.opaque, pa & ~0xFFFu, &writable);
    if (page) memcpy(v, page + (pa & 0xFFF), 4);
    else if (!cpu->bus.read(cpu->bus.opaque, pa, 4, v)) return false;
    if (cpu->cp15.sctlr & SCTLR_EE) *v = __builtin_bswap32(*v);
    return true;
}

#define DOM(d) ((uint32_t)(d) << FAULT_DOMAIN_SHIFT)

/* First-level descriptor address for mva; *fault = section translation
 * fault when walks through that TTBR are disabled (TTBCR.PD0/PD1). */
static uint32_t l1_address(const Arm11 *cpu, uint32_t mva, uint32_t *fault)
{
    const Cp15 *c = &cpu->cp15;
    unsigned n = c->ttbcr & 7;
    *fault = 0;
    if (n && (mva >> (32 - n)) != 0) {
        if (c->ttbcr & (1u << 5)) *fault = FAULT_TRANS_SECTION; /* PD1 */
        return (c->ttbr1 & 0xFFFFC000u) | ((mva >> 18) & 0x3FFCu);
    }
    if (c->ttbcr & (1u << 4)) *fault = FAULT_TRANS_SECTION; /* PD0 */
    /* TTBR0 table: 16 KiB >> N, base TTBR0[31:14-N], index mva[31-N:20]. */
    return (c->ttbr0 & (0xFFFFFFFFu << (14 - n))) | ((mva >> 18) & ((0x3FFCu >> n) & ~3u));
}

uint32_t mmu_walk(Arm11 *cpu, uint32_t mva, MmuEntry *e, MmuWalkTrace *tr)
{
    const bool xp = (cpu->cp15.sctlr & SCTLR_XP) != 0;
    const bool afe = xp && (cpu->cp15.sctlr & SCTLR_FA);
    MmuWalkTrace dummy;
    if (!tr) tr = &dummy;
    memset(tr, 0, sizeof *tr);
    memset(e, 0, sizeof *e);
    cpu->mmu->stats.walks++;

    uint32_t fault;
    uint32_t l1a = l1_address(cpu, mva, &fault);
    if (fault) return fault;
    uint32_t d1;
    tr->l1_addr = l1a;
    if (!read_desc(cpu, l1a, &d1)) return FAULT_WALK_L1;
    tr->l1_desc = d1;

    e->valid = 1;
    e->asid = cpu->cp15.context_id & 0xFF;
    switch (d1 & 3) {
    case 2: { /* section or supersection */
        bool super = (d1 >> 18) & 1;
        e->kind = super ? MMU_SUPERSECTION : MMU_SECTION;
        e->vmask = super ? 0xFF000000u : 0xFFF00000u;
        e->pbase = d1 & e->vmask;
        e->domain = super ? 0 : (d1 >> 5) & 0xF;
        e->tex = (d1 >> 12) & 7;
        e->cb = (d1 >> 2) & 3;
        e->desc = d1;
        unsigned ap = (d1 >> 10) & 3;
        if (xp) {
            ap |= ((d1 >> 15) & 1) << 2;
            e->xn = (d1 >> 4) & 1;
            e->global = !((d1 >> 17) & 1);
            e->shared = (d1 >> 16) & 1;
        } else {
            e->global = 1;
        }
        e->ap[0] = e->ap[1] = e->ap[2] = e->ap[3] = (uint8_t)ap;
        if (afe && !(ap & 1)) return FAULT_ACCESS_SECTION | DOM(e->domain);
        break;
    }
    case 1: { /* coarse page table */
        unsigned dom = (d1 >> 5) & 0xF;
        uint32_t l2a = (d1 & 0xFFFFFC00u) | ((mva >> 10) & 0x3FCu);
        uint32_t d2;
        tr->l2 = true;
        tr->l2_addr = l2a;
        if (!read_desc(cpu, l2a, &d2)) return FAULT_WALK_L2 | DOM(dom);
        tr->l2_desc = d2;
        if ((d2 & 3) == 0) return FAULT_TRANS_PAGE | DOM(dom);
        e->domain = (uint8_t)dom;
        e->cb = (d2 >> 2) & 3;
        e->desc = d2;
        e->global = 1;
        bool large = (d2 & 3) == 1;
        e->kind = large ? MMU_LARGE : MMU_SMALL;
        e->vmask = large ? 0xFFFF0000u : 0xFFFFF000u;
        e->pbase = d2 & e->vmask;
        if (xp) {
            unsigned ap = ((d2 >> 4) & 3) | (((d2 >> 9) & 1) << 2);
            e->ap[0] = e->ap[1] = e->ap[2] = e->ap[3] = (uint8_t)ap;
            e->xn = large ? (d2 >> 15) & 1 : d2 & 1;
            e->tex = large ? (d2 >> 12) & 7 : (d2 >> 6) & 7;
            e->global = !((d2 >> 11) & 1);
            e->shared = (d2 >> 10) & 1;
            if (afe && !(ap & 1)) return FAULT_ACCESS_PAGE | DOM(dom);
        } else if ((d2 & 3) == 3) { /* extended small page: one AP, TEX[8:6] */
            unsigned ap = (d2 >> 4) & 3;
            e->ap[0] = e->ap[1] = e->ap[2] = e->ap[3] = (uint8_t)ap;
            e->tex = (d2 >> 6) & 7;
        } else { /* large or small page with four subpage APs */
            for (int i = 0; i < 4; i++) e->ap[i] = (d2 >> (4 + 2 * i)) & 3;
            e->tex = large ? (d2 >> 12) & 7 : 0;
            bool same = e->ap[0] == e->ap[1] && e->ap[0] == e->ap[2] && e->ap[0] == e->ap[3];
            e->subshift = same ? 0 : large ? 14 : 10;
        }
        break;
    }
    default: /* 00 fault, 11 reserved (no fine tables in VMSAv6): section translation fault */
        e->valid = 0;
        return FAULT_TRANS_SECTION;
    }
    e->vbase = mva & e->vmask;
    return 0;
}

/* ARMv6 access permissions (ARM1176 TRM table 6-1), ap = APX:AP[1:0], as
 * rights bits: 1 privileged read, 2 privileged write, 4 User read, 8 User
 * write.  AP = 000 depends on SCTLR.S/R (deprecated encodings; S = R = 1 is
 * reserved: no access); APX = 1, AP = 00 is reserved: no access. */
static unsigned ap_rights(unsigned ap, uint32_t sctlr)
{
    static const uint8_t rights[8] = {0, 0x3, 0x7, 0xF, 0, 0x1, 0x5, 0x5};
    if (ap) return rights[ap];
    switch (sctlr & (SCTLR_S | SCTLR_R)) {
    case SCTLR_S: return 0x1; /* privileged read-only */
    case SCTLR_R: return 0x5; /* read-only for everyone */
    default: return 0;
    }
}

static inline uint32_t check(const Arm11 *cpu, const MmuEntry *e, uint32_t mva, bool user, unsigned kind)
{
    unsigned d = (cpu->cp15.dacr >> (2 * e->domain)) & 3;
    if (d == 3) return 0; /* manager: no permission checks, XN ignored too */
    bool page = entry_is_page(e);
    if (d != 1) return (page ? FAULT_DOMAIN_PAGE : FAULT_DOMAIN_SECTION) | DOM(e->domain);
    unsigned ap = e->ap[e->subshift ? (mva >> e->subshift) & 3 : 0];
    unsigned bit = (user ? 2u : 0u) + (kind == ACC_WRITE);
    bool ok = (ap_rights(ap, cpu->cp15.sctlr) >> bit) & 1;
    if (kind == ACC_FETCH && e->xn) ok = false;
    return ok ? 0 : (page ? FAULT_PERM_PAGE : FAULT_PERM_SECTION) | DOM(e->domain);
}

uint32_t mmu_check(const Arm11 *cpu, const MmuEntry *e, uint32_t mva, bool user, unsigned kind)
{
    return check(cpu, e, mva, user, kind);
}

static MmuEntry *lookup_or_walk(Arm11 *cpu, uint32_t mva, uint32_t *fault)
{
    MmuEntry *e = tlb_find(cpu->mmu, mva, cpu->cp15.context_id & 0xFF);
    if (e) return e;
    MmuEntry n;
    *fault = mmu_walk(cpu, mva, &n, NULL);
    if (*fault) return NULL;
    return tlb_insert(cpu, &n);
}

uint32_t mmu_translate(Arm11 *cpu, uint32_t va, unsigned acc, unsigned *flags)
{
    uint32_t mva = mmu_mva(cpu, va);
    uint32_t fault = 0;
    unsigned kind = acc & 3;
    bool user = (acc & ACC_USER) || (cpu->cpsr & PSR_MODE_MASK) == MODE_USR;
    Mmu *m = cpu->mmu;
    MmuEntry *e = m->last; /* the common case: same section/page as the previous miss */
    if (!e || m->nlocked || !e->valid || (mva & e->vmask) != e->vbase ||
        (!e->global && e->asid != (cpu->cp15.context_id & 0xFF)))
        e = lookup_or_walk(cpu, mva, &fault);
    else
        m->stats.lookups++;
    if (e) fault = check(cpu, e, mva, user, kind);
    if (fault) {
        cpu->mmu->stats.faults++;
        cpu->fault = fault;
        cpu->fault_addr = va;
        *flags = 0;
        return 0;
    }
    /* The software TLB maps whole 4 KiB pages: only when 1 KiB subpages
     * differ does the page not have uniform rights. */
    unsigned f = DOM(e->domain);
    if (e->subshift != 10) {
        f |= MMU_FILL_OK;
    } else {
        bool all = true;
        for (unsigned i = 0; i < 4 && all; i++)
            all = check(cpu, e, (mva & ~0xC00u) | (i << 10), user, kind) == 0;
        if (all) f |= MMU_FILL_OK;
    }
    *flags = f;
    return e->pbase | (mva & ~e->vmask);
}

bool mmu_debug_translate(Arm11 *cpu, uint32_t va, uint32_t *pa)
{
    if (!(cpu->cp15.sctlr & SCTLR_M)) {
        *pa = va;
        return true;
    }
    uint32_t mva = mmu_mva(cpu, va);
    MmuStats saved = cpu->mmu->stats;
    MmuEntry tmp, *e = tlb_find(cpu->mmu, mva, cpu->cp15.context_id & 0xFF);
    if (!e && mmu_walk(cpu, mva, &tmp, NULL) == 0) e = &tmp;
    cpu->mmu->stats = saved;
    if (!e || !e->valid) return false;
    *pa = e->pbase | (mva & ~e->vmask);
    return true;
}

const char *mmu_fault_name(uint32_t status)
{
    switch (FAULT_STATUS(status)) {
    case FAULT_ALIGNMENT: return "alignment fault";
    case FAULT_ACCESS_SECTION: return "access bit fault (section)";
    case FAULT_ICACHE_MAINT: return "I-cache maintenance fault";
    case FAULT_TRANS_SECTION: return "translation fault (section)";
    case FAULT_ACCESS_PAGE: return "access bit fault (page)";
    case FAULT_TRANS_PAGE: return "translation fault (page)";
    case FAULT_EXTERNAL: return "precise external abort";
    case FAULT_DOMAIN_SECTION: return "domain fault (section)";
    case FAULT_DOMAIN_PAGE: return "domain fault (page)";
    case FAULT_WALK_L1: return "external abort on first-level walk";
    case FAULT_PERM_SECTION: return "permission fault (section)";
    case FAULT_WALK_L2: return "external abort on second-level walk";
    case FAULT_PERM_PAGE: return "permission fault (page)";
    default: return "fault";
    }
}

const char *mmu_ap_name(unsigned ap, bool user_view)
{
    static const char *const priv[8] = {"--", "RW", "RW", "RW", "--", "RO", "RO", "RO"};
    static const char *const usr[8] = {"--", "--", "RO", "RW", "--", "--", "RO", "RO"};
    return (user_view ? usr : priv)[ap & 7];
}

static const char *kind_name(unsigned k)
{
    static const char *const n[] = {"section", "supersection", "large page", "small page"};
    return n[k & 3];
}

bool mmu_lookup(Arm11 *cpu, uint32_t va, bool user, bool write, uint32_t *pa, char *why, size_t why_len)
{
    char scratch[8];
    if (!why) {
        why = scratch;
        why_len = sizeof scratch;
    }
    why[0] = 0;
    if (!(cpu->cp15.sctlr & SCTLR_M)) {
        *pa = va;
        snprintf(why, why_len, "MMU off: flat mapping");
        return true;
    }
    uint32_t mva = mmu_mva(cpu, va);
    MmuStats saved = cpu->mmu->stats;
    MmuEntry tmp, *e = tlb_find(cpu->mmu, mva, cpu->cp15.context_id & 0xFF);
    MmuWalkTrace tr;
    uint32_t fault = 0;
    bool from_tlb = e != NULL;
    if (!e) {
        fault = mmu_walk(cpu, mva, &tmp, &tr);
        e = &tmp;
    }
    cpu->mmu->stats = saved;
    char where[96] = "";
    if (mva != va) snprintf(where, sizeof where, "mva 0x%08x ", mva);
    if (fault) {
        if (tr.l2)
            snprintf(why, why_len, "%s%s: L1[0x%08x]=0x%08x L2[0x%08x]=0x%08x", where, mmu_fault_name(fault),
                     tr.l1_addr, tr.l1_desc, tr.l2_addr, tr.l2_desc);
        else
            snprintf(why, why_len, "%s%s: L1[0x%08x]=0x%08x", where, mmu_fault_name(fault), tr.l1_addr,
                     tr.l1_desc);
        return false;
    }
    fault = mmu_check(cpu, e, mva, user, write ? ACC_WRITE : ACC_READ);
    unsigned ap = e->ap[e->subshift ? (mva >> e->subshift) & 3 : 0];
    unsigned d = (cpu->cp15.dacr >> (2 * e->domain)) & 3;
    static const char *const dn[4] = {"no access", "client", "reserved", "manager"};
    *pa = e->pbase | (mva & ~e->vmask);
    snprintf(why, why_len, "%s%s%s %s 0x%08x->0x%08x domain %u (%s) AP priv %s user %s%s%s%s",
             where, fault ? mmu_fault_name(fault) : "ok", fault ? " in" : ":", kind_name(e->kind), e->vbase,
             e->pbase, e->domain, dn[d], mmu_ap_name(ap, false), mmu_ap_name(ap, true),
             e->xn ? " XN" : "", e->global ? "" : " nG", from_tlb ? " [TLB]" : " [walk]");
    return fault == 0;
}

/* PA register attributes (TRM table 3-77) from TEX/C/B without remap. */
static uint32_t par_attrs(const MmuEntry *e)
{
    unsigned inner, outer, sh = e->shared;
    unsigned t = e->tex, cb = e->cb;
    if (t & 4) {
        static const unsigned in_enc[4] = {0, 7, 6, 7};
        inner = in_enc[cb];
        outer = t & 3;
    } else if (t == 0 && cb == 0) {
        inner = 1, outer = 0, sh = 1; /* strongly ordered */
    } else if ((t == 0 && cb == 1) || (t == 2 && cb == 0)) {
        inner = 3, outer = 0, sh = t == 0; /* device */
    } else if (t == 0) {
        inner = cb == 2 ? 6 : 7;
        outer = cb == 2 ? 2 : 3;
    } else if (t == 1 && cb == 3) {
        inner = 7, outer = 1;
    } else {
        inner = 0, outer = 0;
    }
    return (sh << 7) | (inner << 4) | (outer << 2);
}

uint32_t mmu_va_to_pa(Arm11 *cpu, uint32_t va, bool user, bool write)
{
    if (!(cpu->cp15.sctlr & SCTLR_M)) return va & ~0x3FFu; /* flat, strongly ordered-like attrs: 0 */
    uint32_t mva = mmu_mva(cpu, va);
    uint32_t fault = 0;
    MmuEntry *e = lookup_or_walk(cpu, mva, &fault);
    if (e) fault = mmu_check(cpu, e, mva, user, write ? ACC_WRITE : ACC_READ);
    if (fault) {
        /* PAR[6:1] = FSR[12,10,3:0]; only an external abort on the walk also aborts. */
        uint32_t st = FAULT_STATUS(fault);
        if (st == FAULT_WALK_L1 || st == FAULT_WALK_L2) {
            cpu->fault = fault;
            cpu->fault_addr = va;
        }
        return ((st & 0xF) << 1) | ((st >> 4) << 5) | 1;
    }
    uint32_t pa = e->pbase | (mva & ~e->vmask);
    return (pa & ~0x3FFu) | par_attrs(e);
}

bool mmu_cache_op_check(Arm11 *cpu, uint32_t va, bool icache)
{
    if (!(cpu->cp15.sctlr & SCTLR_M)) return false;
    uint32_t mva = mmu_mva(cpu, va);
    uint32_t fault = 0;
    if (lookup_or_walk(cpu, mva, &fault)) return false;
    /* Only translation-type faults abort a maintenance operation (notes of TRM table 6-11);
     * an access bit fault just means the entry was not loaded. */
    uint32_t st = FAULT_STATUS(fault);
    if (st != FAULT_TRANS_SECTION && st != FAULT_TRANS_PAGE && st != FAULT_WALK_L1 && st != FAULT_WALK_L2)
        return false;
    if (icache) {
        cpu->cp15.ifsr = st & 0xF;
        fault = FAULT_ICACHE_MAINT;
    }
    cpu->fault = fault;
    cpu->fault_addr = va;
    return true;
}

MmuStats mmu_stats(const Arm11 *cpu) { return cpu->mmu->stats; }
