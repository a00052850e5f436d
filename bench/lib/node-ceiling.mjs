// The reference for "Node's own ceiling" (GUIDE section 7): the least a Node 20 process can
// do per DNS query over one dgram socket. It copies the query, sets QR/AA, and appends one
// fixed A record whose owner points at the question (0xc00c). No parsing, no lookup: what
// labnet's hot path costs above this is labnet's; what this costs is Node's.
import dgram from 'node:dgram';

const port = Number(process.argv[2]);
const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
// owner ptr, type A, class IN, TTL 3600, rdlength 4, 192.0.2.1
const RR = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1]);
socket.on('message', (msg, rinfo) => {
  if (msg.length < 12) return;
  const reply = Buffer.allocUnsafe(msg.length + RR.length);
  msg.copy(reply);
  reply[2] = (msg[2] & 0x01) | 0x84; // QR, AA, RD echoed
  reply[3] = 0;
  reply.writeUInt16BE(1, 6); // ANCOUNT
  reply.writeUInt32BE(0, 8); // NSCOUNT, ARCOUNT (any OPT is dropped with the rest)
  RR.copy(reply, msg.length);
  socket.send(reply, rinfo.port, rinfo.address);
});
socket.bind(port, '127.0.0.1');
