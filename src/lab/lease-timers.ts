/**
 * A simulated client that keeps its lease the way RFC 2131 4.4.5 says, on the lab's clock:
 * BOUND until T1 (option 58, default half the lease), then RENEWING (a unicast REQUEST to
 * its server), at T2 (option 59, default 0.875 of the lease) REBINDING, and at the lease's
 * end INIT, the address given up. A DHCPACK in RENEWING or REBINDING returns it to BOUND
 * with new timers; a DHCPNAK sends it to INIT at once. On a virtual clock the timers fall
 * due as the test advances it (`advanceAsync` waits for each exchange), no sleeping.
 */
import { timerOf, type Clock } from '../util/clock.js';
import type { DhcpClient, ExchangeResult } from './dhcp-client.js';

export type ClientState = 'INIT' | 'BOUND' | 'RENEWING' | 'REBINDING';

export interface FollowingClient extends DhcpClient {
  /** Where the client is in RFC 2131 figure 5. */
  readonly state: ClientState;
}

export function followLease(client: DhcpClient, clock: Clock): FollowingClient {
  const setTimer = timerOf(clock);
  let state: ClientState = 'INIT';
  let cancels: (() => void)[] = [];
  const stop = () => {
    for (const c of cancels) c();
    cancels = [];
  };

  /** BOUND with the lease just ACKed: timers for T1, T2 and the end. */
  function bound(): void {
    stop();
    const lease = client.lease;
    if (!lease?.leaseTime) {
      state = 'INIT';
      return;
    }
    state = 'BOUND';
    const raw = lease.leaseTime * 1000;
    const t1 = (lastT1 ?? lease.leaseTime * 0.5) * 1000;
    const t2 = (lastT2 ?? lease.leaseTime * 0.875) * 1000;
    const at = (ms: number) => lease.obtainedAt + ms - clock.now();
    cancels.push(setTimer(at(t1), () => attempt('RENEWING', () => client.renew())));
    cancels.push(setTimer(at(t2), () => attempt('REBINDING', () => client.rebind())));
    cancels.push(
      setTimer(at(raw), () => {
        stop();
        state = 'INIT';
      }),
    );
  }

  let lastT1: number | undefined;
  let lastT2: number | undefined;
  function learn(r: ExchangeResult | { options: { renewalTime?: number; rebindingTime?: number } }): void {
    lastT1 = r.options.renewalTime;
    lastT2 = r.options.rebindingTime;
  }

  async function attempt(next: ClientState, exchange: () => Promise<ExchangeResult>): Promise<void> {
    state = next;
    let r: ExchangeResult;
    try {
      r = await exchange();
    } catch {
      return; // silence: stay, the next timer decides (RFC 2131 4.4.5)
    }
    if (r.type === 'NAK') {
      stop();
      state = 'INIT';
      return;
    }
    learn(r);
    bound();
  }

  const wrap = async (exchange: () => Promise<ExchangeResult>): Promise<ExchangeResult> => {
    const r = await exchange();
    if (r.type === 'ACK') {
      learn(r);
      bound();
    } else {
      stop();
      state = 'INIT';
    }
    return r;
  };

  return {
    ...client,
    get mac() {
      return client.mac;
    },
    get lease() {
      return client.lease;
    },
    get state() {
      return state;
    },
    async boot() {
      const r = await client.boot();
      learn(r);
      bound();
      return r;
    },
    renew: () => wrap(() => client.renew()),
    rebind: () => wrap(() => client.rebind()),
    reboot: (ip) => wrap(() => client.reboot(ip)),
    async release() {
      stop();
      state = 'INIT';
      await client.release();
    },
    async decline() {
      stop();
      state = 'INIT';
      await client.decline();
    },
    async close() {
      stop();
      await client.close();
    },
  };
}
