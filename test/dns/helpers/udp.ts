/** One UDP exchange on loopback for the tests. */
import dgram from 'node:dgram';

/** One message from `source` (a loopback address) to `to` over UDP, and its reply. */
export function udpFrom(source: string, to: { address: string; port: number }, msg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    const t = setTimeout(() => (s.close(), reject(new Error('no reply'))), 3000);
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.bind(0, source, () => s.send(msg, to.port, to.address));
  });
}
