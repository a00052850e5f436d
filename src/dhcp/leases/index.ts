/** The dhcpd.leases format (dhcpd.leases(5)): writing (format.ts) and reading (reader.ts). */
export { formatLease, formatLeaseTime, formatLeasesHeader, quotifyBytes } from './format.js';
export {
  LeasesReader, parseLeasesBuffer, parseLeasesFile, parseLeasesFileDetailed,
  type LeasesParseOptions, type LeasesParseResult,
} from './reader.js';
