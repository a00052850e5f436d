import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs Node alone (real sockets on loopback included);
// `interop` drives real peers (BIND, dig, named-checkzone, udhcpc, dhclient, perfdhcp)
// installed by scripts/install-peers.sh.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/interop/**', 'node_modules/**'],
          testTimeout: 20000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          testTimeout: 120000,
          hookTimeout: 120000,
          fileParallelism: false,
        },
      },
    ],
  },
});
