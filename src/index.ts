/** labnet's embedding API (GUIDE section 3). */
export { startLab, type Lab, type LabDns, type LabDhcp, type LabClient, type LabOptions, LAB_FIXTURES_DIR } from './lab/lab.js';
export { type DhcpFault, type DhcpFaultSpec } from './dhcp/faults.js';
export { type DhcpTap, type DhcpTapAction } from './dhcp/tap.js';
export { type ClientState } from './lab/lease-timers.js';
export { type ZoneEditor } from './lab/zone-editor.js';
export { RCODES, type DnsFault, type DnsFaultSpec, type RcodeName } from './dns/faults.js';
export { type LoggedQuery, type QueryFilter } from './dns/query-log.js';
export { type InjectOptions, type QueryTap } from './dns/tap.js';
export { buildQuery } from './dns/server.js';
export { LabEvents, type LabEventMap, type LeaseEvent, type LeaseEventKind, type ZoneChangeEvent } from './lab/events.js';
export { applyZoneChanges, type ZoneChange, type ZoneUpdate } from './zones/update.js';
export { startServices, loadZones, type Services, type ServiceOptions } from './lab/services.js';
export { startDnsServer, type DnsServer } from './dns/server.js';
export { startDhcpServer, type DhcpServer } from './dhcp/server.js';
export { createDhcpClient } from './lab/dhcp-client.js';
export { loadZoneFile } from './zones/load.js';
export { loadNamedConf } from './zones/named-conf.js';
export { parseZone, parseZoneFile } from './zones/parser.js';
export { buildZone } from './zones/zone.js';
export { createZoneSet } from './zones/zoneset.js';
export { dumpZone } from './zones/dump.js';
export { parseDhcpdConf, loadDhcpdConf } from './dhcp/conf/parser.js';
export { virtualClock, systemClock, seededRandom, parseDuration, type Clock, type VirtualClock } from './util/clock.js';
export { LocatedError } from './util/located-error.js';
export type { Zone, ZoneSet, RRset, ZoneNode } from './zones/zone-types.js';
export type { DhcpConfig, Lease, DhcpPacket } from './dhcp/types.js';
/** Alias used by the guide's sketch. */
export { loadZoneFile as loadZone } from './zones/load.js';
