import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * A card's uuid: a UUIDv7 (RFC 9562 §5.7: the time in milliseconds first, then 74 random bits), so the governance
 * ledger's primary key (`storage/`) grows at its end instead of at random places; random (v4) uuids made each ledger
 * batch rewrite hundreds of index pages (issue 10's profile).
 *
 * uuid's own random source asks WebCrypto for 16 bytes per uuid, which cost as much as the index pages saved; the
 * bytes come from Node's CSPRNG 4 KiB at a time instead, as Node's `randomUUID` buffers its own.
 */

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

export function cardUuid(): string {
  if (next + 16 > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const random = pool.subarray(next, next + 16);
  next += 16;
  return v7({ random });
}
