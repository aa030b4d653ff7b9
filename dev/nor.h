/* Atmel AT25DF081A SPI NOR flash of the iPod Touch 2G: 1 MiB, 256-byte
 * pages, 4/32/64 KiB block erase and chip erase, sixteen 64 KiB protection
 * sectors.  Not on the memory bus: an SPI target (dev/spi.h) reachable from
 * SPI0 (chip select GPIO 0x000) and SPI1 (chip select GPIO 0x406), both the
 * same flash.  Sources: shared sheet s5l8720-core.md section 10; Atmel
 * AT25DF081A datasheet (8715B/8715C: features page, sections 9 and 11).
 * Details and persistence scheme: docs/devices/nor.md.
 *
 * Modelled: commands 9F (ID 1F 45 02 00, then all ones), 05 (status byte 1
 * and byte 2, repeating), 01 (SPRL + global protect/unprotect), 06, 04, 03,
 * 0B (one dummy byte), 02 (AND semantics, address wraps in the page, the
 * last 256 bytes sent win), 20/52/D8 (block aligned down), 60/C7.  A command
 * is framed by chip select low..high; program, erase and write-status need
 * WEL and act at chip-select high.  Program and erase set BUSY for the
 * datasheet's typical time (EV_NOR); while busy every command but 05 is
 * ignored; the data change and WEL clear happen when the time is up.
 * Program/erase touching a protected sector is refused (WEL cleared).  All
 * sectors are protected at power-up (datasheet default).  Words of 16/32
 * bits are exchanged as 2/4 bytes, most significant first.
 *
 * Not modelled: the WP and HOLD pins (WP reads deasserted), protect/unprotect
 * sector (36/39), sector lockdown, OTP, dual I/O, suspend/resume, deep
 * power-down, EPE (never set), status byte 2 fields other than BUSY.
 *
 * Persistence (file-backed flash): every completed program/erase appends a
 * CRC-checked record to "<image>.journal" and fdatasyncs it; open replays the
 * valid prefix of the journal; nor_flush/nor_destroy rewrite the image through
 * "<image>.tmp" + fsync + rename and remove the journal.  Host I/O errors are
 * logged and reported by nor_flush / nor_io_error, never fatal. */
#ifndef IPODSIM_DEV_NOR_H
#define IPODSIM_DEV_NOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/spi.h"
#include "soc/device.h"

#define NOR_SIZE (1u << 20)
#define NOR_PAGE_SIZE 256u
#define NOR_SECTOR_SIZE (64u * 1024u) /* protection sector */
#define NOR_SECTORS (NOR_SIZE / NOR_SECTOR_SIZE)
#define NOR_PORTS 2

/* Opcodes (datasheet command table). */
enum NorCmd {
    NOR_CMD_WRSR = 0x01,
    NOR_CMD_PROGRAM = 0x02,
    NOR_CMD_READ = 0x03,
    NOR_CMD_WRDI = 0x04,
    NOR_CMD_RDSR = 0x05,
    NOR_CMD_WREN = 0x06,
    NOR_CMD_FAST_READ = 0x0B,
    NOR_CMD_ERASE_4K = 0x20,
    NOR_CMD_ERASE_32K = 0x52,
    NOR_CMD_ERASE_64K = 0xD8,
    NOR_CMD_CHIP_ERASE = 0x60,
    NOR_CMD_CHIP_ERASE2 = 0xC7,
    NOR_CMD_JEDEC_ID = 0x9F,
};

/* Status register byte 1. */
#define NOR_SR_BUSY (1u << 0)
#define NOR_SR_WEL (1u << 1)
#define NOR_SR_SWP_SHIFT 2 /* [3:2]: 00 none, 01 some, 11 all sectors protected */
#define NOR_SR_SWP_MASK (3u << NOR_SR_SWP_SHIFT)
#define NOR_SR_WPP (1u << 4) /* 1 = WP pin deasserted */
#define NOR_SR_EPE (1u << 5)
#define NOR_SR_SPRL (1u << 7)

/* Typical times of the datasheet's feature list (8715B page 1). */
#define NOR_PROGRAM_US 1000u
#define NOR_ERASE_4K_US 50000u
#define NOR_ERASE_32K_US 250000u
#define NOR_ERASE_64K_US 400000u
#define NOR_CHIP_ERASE_US (NOR_SECTORS * NOR_ERASE_64K_US) /* assumed, see nor.md */

typedef struct NorDev NorDev;

/* path NULL: volatile flash, erased (all 0xFF).  An existing path must be an
 * image of exactly NOR_SIZE bytes; a missing one is created erased when
 * create_if_missing.  NULL + a one-line reason in err on failure. */
NorDev *nor_create(const DevEnv *env, const char *path, bool create_if_missing, char *err, size_t errlen);
void nor_destroy(NorDev *n);
/* port 0 = via SPI0, 1 = via SPI1; each answers only while its CS is low. */
const SpiTarget *nor_spi_target(NorDev *n, unsigned port);
/* IrqLine sink for the chip-select GPIO lines (n = port; level false = selected). */
void nor_chip_select(void *nor, unsigned port, bool level);
void nor_state(NorDev *n, struct StateIO *io);
const uint8_t *nor_contents(const NorDev *n);
/* Write the whole image atomically and drop the journal (no-op when volatile). */
bool nor_flush(NorDev *n, char *err, size_t errlen);
/* First host I/O error since the last successful flush, or NULL. */
const char *nor_io_error(const NorDev *n);

#endif
