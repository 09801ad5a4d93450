/* global process, console */
// Builds the native recvmmsg UDP receiver (native/udp_batch.c) with node-gyp, which npm puts on
// PATH for install scripts. Optional by design: without a C toolchain or Node headers, or off
// Linux, HEP over UDP falls back to Node's dgram socket (slower) and the install still succeeds.
import { spawnSync } from 'node:child_process';

if (process.platform !== 'linux') {
  console.log('homer-ts: native UDP receiver skipped (Linux only); UDP uses Node dgram');
  process.exit(0);
}
const result = spawnSync('node-gyp', ['rebuild'], { stdio: 'inherit', shell: true });
if (result.status !== 0) {
  console.warn(
    'homer-ts: the native UDP receiver was not built (needs python3, make, a C compiler and Node headers); ' +
      'HEP over UDP will use Node dgram, about 2x the CPU per datagram. HOMER_UDP_RECEIVE=recvmmsg makes that an error.',
  );
}
