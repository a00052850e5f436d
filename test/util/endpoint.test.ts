import { describe, expect, it } from 'vitest';
import { parseEndpoint, UsageError } from '../../src/util/endpoint.js';

describe('HOST:PORT flags (GUIDE section 2)', () => {
  it.each([
    ['127.0.0.1:5300', { address: '127.0.0.1', port: 5300 }],
    ['0.0.0.0:0', { address: '0.0.0.0', port: 0 }],
    ['[::1]:53', { address: '::1', port: 53 }],
  ])('parses %s', (text, want) => expect(parseEndpoint(text, '--dns')).toEqual(want));

  it.each(['5300', ':53', 'host:', 'host:70000', 'host:x'])('rejects %s', (text) => {
    expect(() => parseEndpoint(text, '--dns')).toThrow(UsageError);
  });
});
