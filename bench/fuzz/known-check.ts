/**
 * The liveness check of the campaigns: the lab's vcenter.lab.local A over UDP, up to 3 tries
 * of 3 s (a loaded machine may drop a datagram; this checks that the server answers and
 * answers right, not how fast), NOERROR with 192.168.244.135 in it. Its queries carry IDs
 * from 0x4000 up (the campaigns' own stay below) and a new ID per try, so a late reply to an
 * earlier check is not taken for the current one.
 */
import type dgram from 'node:dgram';
import { buildQuery } from '../../src/dns/client.js';

/** RDLENGTH 4 and RDATA 192.168.244.135: the lab's A record of vcenter.lab.local. */
const VCENTER = Buffer.from([0, 4, 192, 168, 244, 135]);

export interface KnownCheck {
  /** Feed every datagram the socket receives; true when it was a check's reply (consumed). */
  onMessage(m: Buffer): boolean;
  check(): Promise<boolean>;
}

export function knownCheck(sock: dgram.Socket, port: number): KnownCheck {
  let id = 0x4000;
  let waiting: ((m: Buffer) => void) | undefined;
  return {
    onMessage(m) {
      if (m.length < 2 || m.readUInt16BE(0) < 0x4000) return false;
      if (m.readUInt16BE(0) === id) waiting?.(m);
      return true;
    },
    async check() {
      for (let i = 0; i < 3; i++) {
        id = id === 0xffff ? 0x4000 : id + 1;
        const reply = await new Promise<Buffer | undefined>((resolve) => {
          const t = setTimeout(() => resolve(undefined), 3000);
          waiting = (m) => (clearTimeout(t), resolve(m));
          sock.send(buildQuery(id, 'vcenter.lab.local', 1), port, '127.0.0.1');
        });
        waiting = undefined;
        if (reply) return reply.length >= 12 && (reply[3] & 0x0f) === 0 && reply.includes(VCENTER);
      }
      return false;
    },
  };
}
