/* Decoded-instruction cache, keyed by physical page and instruction set.
 *
 * A DecodedPage holds one ArmOp per instruction slot of a 4 KiB physical page
 * plus a sentinel slot that ends sequential execution at the page boundary.
 * Slots start as exec_decode_lazy and are decoded on first execution.  A
 * store into a page that has decoded code resets only the slots it
 * overlapped (the memory slow path calls icache_invalidate_range), so code
 * and data sharing a page stay cheap.  Pages are never freed while the
 * machine runs: the run loop may hold a pointer into a page while a store
 * invalidates its slots, so slots are reset in place, never released.
 */
#include <stdlib.h>

#include "cpu/core.h"

#define HASH_BITS 12
#define HASH_SIZE (1u << HASH_BITS)

struct ICache {
    DecodedPage *hash[HASH_SIZE];
    uint8_t code_bits[1u << 17];   /* 1 bit per 4 KiB physical page: has decoded code */
    size_t pages;
};

static unsigned hash_of(uint32_t pa_page, bool thumb)
{
    uint32_t k = (pa_page >> 12) * 2u + (thumb ? 1u : 0u);
    return (k * 2654435761u) >> (32 - HASH_BITS);
}

ICache *icache_create(void) { return calloc(1, sizeof(ICache)); }

void icache_destroy(ICache *ic)
{
    if (!ic) return;
    for (unsigned i = 0; i < HASH_SIZE; i++) {
        DecodedPage *p = ic->hash[i];
        while (p) {
            DecodedPage *n = p->hash_next;
            free(p);
            p = n;
        }
    }
    free(ic);
}

static unsigned slots(bool thumb) { return thumb ? THUMB_OPS_PER_PAGE : ARM_OPS_PER_PAGE; }

static void reset_slot(ArmOp *op)
{
    op->fn = exec_decode_lazy;
    op->cmask = 0xFFFF;
}

DecodedPage *icache_get(ICache *ic, uint32_t pa_page, bool thumb, const uint8_t *host, bool *created)
{
    pa_page &= ~0xFFFu;
    unsigned h = hash_of(pa_page, thumb);
    for (DecodedPage *p = ic->hash[h]; p; p = p->hash_next) {
        if (p->pa_page == pa_page && p->thumb == thumb) {
            p->host = host;
            *created = false;
            return p;
        }
    }
    unsigned n = slots(thumb);
    DecodedPage *p = calloc(1, sizeof(DecodedPage) + (n + 1) * sizeof(ArmOp));
    if (!p) return NULL;
    p->pa_page = pa_page;
    p->thumb = thumb;
    p->host = host;
    unsigned step = thumb ? 2 : 4;
    for (unsigned i = 0; i < n; i++) {
        p->ops[i].pcoff = (uint16_t)(i * step);
        reset_slot(&p->ops[i]);
    }
    p->ops[n].pcoff = 4096;
    p->ops[n].fn = exec_page_end;
    p->ops[n].cmask = 0xFFFF;
    p->hash_next = ic->hash[h];
    ic->hash[h] = p;
    ic->code_bits[pa_page >> 15] |= (uint8_t)(1u << ((pa_page >> 12) & 7));
    ic->pages++;
    *created = true;
    return p;
}

bool icache_is_code_page(const ICache *ic, uint32_t pa)
{
    return (ic->code_bits[pa >> 15] >> ((pa >> 12) & 7)) & 1;
}

static DecodedPage *find(ICache *ic, uint32_t pa_page, bool thumb)
{
    for (DecodedPage *p = ic->hash[hash_of(pa_page, thumb)]; p; p = p->hash_next)
        if (p->pa_page == pa_page && p->thumb == thumb) return p;
    return NULL;
}

void icache_invalidate_range(ICache *ic, uint32_t pa, uint32_t len)
{
    if (!len) return;
    uint64_t end = (uint64_t)pa + len; /* exclusive */
    for (uint64_t page = pa & ~0xFFFu; page < end; page += 0x1000) {
        if (!icache_is_code_page(ic, (uint32_t)page)) continue;
        uint64_t lo = page > pa ? page : pa;
        uint64_t hi = page + 0x1000 < end ? page + 0x1000 : end;
        for (int t = 0; t < 2; t++) {
            DecodedPage *p = find(ic, (uint32_t)page, t);
            if (!p) continue;
            unsigned shift = t ? 1 : 2;
            unsigned first = (unsigned)((lo - page) >> shift);
            unsigned last = (unsigned)((hi - 1 - page) >> shift);
            for (unsigned i = first; i <= last; i++) reset_slot(&p->ops[i]);
        }
    }
}

void icache_invalidate_all(ICache *ic)
{
    for (unsigned i = 0; i < HASH_SIZE; i++)
        for (DecodedPage *p = ic->hash[i]; p; p = p->hash_next) {
            unsigned n = slots(p->thumb);
            for (unsigned k = 0; k < n; k++) reset_slot(&p->ops[k]);
        }
}
