/**
 * DNS message types shared by the resolver (resolve.ts), the encoder (encode.ts), the
 * responder (respond.ts) and the server (query-parse.ts mirrors ParsedQuery).
 * RFC 1035 4.1 (header, question), RFC 6891 6.1 (OPT), RFC 8914 (extended errors).
 */

/** One question (RFC 1035 4.1.2). `name` is canonical presentation text in the client's case. */
export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface EdnsOption {
  code: number;
  data: Buffer;
}

/** The OPT pseudo-RR of a query (RFC 6891 6.1.2-6.1.3). */
export interface QueryEdns {
  version: number;
  udpSize: number;
  do: boolean;
  options: EdnsOption[];
}

export interface ParsedQuery {
  id: number;
  opcode: number;
  rd: boolean;
  cd: boolean;
  ad: boolean;
  question: Question;
  edns?: QueryEdns;
  transport: 'udp' | 'tcp';
  /**
   * The COOKIE option data the response carries (RFC 7873 5.2: the client cookie and a
   * fresh server cookie), set by the query handler, which knows the client and the secret.
   */
  replyCookie?: Buffer;
  /** The client sent a server cookie that verifies (BIND's HAVECOOKIE: exempt from rate-limit). */
  cookieValid?: boolean;
  /** The handler's verdict under require-server-cookie: answer BADCOOKIE (RFC 7873 5.2.3). */
  badCookie?: boolean;
  /** An IXFR's client serial: the SOA of its authority section (RFC 1995 3). */
  ixfrSerial?: number;
  /** Octets each message of the response leaves free, for a TSIG record added after (handler.ts). */
  reserve?: number;
}

/** Response codes (RFC 1035 4.1.1; BADVERS is extended, RFC 6891 6.1.3). */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  /** RFC 2136 2.2: YXRRSET 7, NXRRSET 8, NOTAUTH 9, NOTZONE 10. */
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
  /** RFC 7873 8: extended RCODE 23. */
  BADCOOKIE: 23,
} as const;

export const Opcode = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;

export const DnsClass = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 } as const;

/** EDNS option codes used here (IANA DNS EDNS0 option codes). */
export const EdnsOptionCode = { NSID: 3, ECS: 8, EXPIRE: 9, COOKIE: 10, TCP_KEEPALIVE: 11, PADDING: 12, EDE: 15 } as const;

/** Extended DNS Error info codes (RFC 8914 4) that BIND 9.18 sends in the cases labnet copies. */
export const EdeCode = { OTHER: 0, PROHIBITED: 18 } as const;

/** An Extended DNS Error (RFC 8914 2): INFO-CODE and optional EXTRA-TEXT. */
export interface ExtendedError {
  code: number;
  text?: string;
}

/** Header flags of a response (RFC 1035 4.1.1, RFC 4035 3.2 for AD/CD). */
export interface MessageFlags {
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
  /** The low 4 bits of the RCODE; the high 8 go in the OPT (RFC 6891 6.1.3). */
  rcode: number;
}

/** The OPT RR of a response. */
export interface ResponseOpt {
  udpSize: number;
  /** Upper 8 bits of the 12-bit extended RCODE. */
  extRcode: number;
  version: number;
  do: boolean;
  options: EdnsOption[];
}

/** The EDNS UDP payload size labnet advertises and honours, as BIND 9.18 (edns-udp-size 1232). */
export const OUR_UDP_SIZE = 1232;
/** RFC 1035 4.2.1: UDP messages without EDNS are limited to 512 octets. */
export const CLASSIC_UDP_SIZE = 512;
/** RFC 1035 4.2.2: a TCP message has a 16-bit length prefix. */
export const TCP_MAX_SIZE = 65535;
