/** How the PostgreSQL store groups one event-loop turn's records into statements (leases-pg/store.ts). */
import { describe, expect, it } from 'vitest';
import { batches } from '../../src/dhcp/leases-pg/store.js';

describe('lease4 commit batches', () => {
  it('rows in address order (two servers lock rows in the same order), at most 256 per statement', () => {
    const q = Array.from({ length: 600 }, (_, i) => ({ row: { address: (i * 7919) % 600 } }));
    const b = batches(q);
    expect(b.map((x) => x.length)).toEqual([256, 256, 88]);
    const flat = b.flat().map((x) => x.row.address);
    expect(flat).toEqual([...flat].sort((x, y) => x - y));
    expect(new Set(flat).size).toBe(600);
    expect(batches([])).toEqual([]);
  });
});
