/**
 * Runs the simulator on its own: `node --import tsx simulator/cli.ts [--port 8931] [--fault JSON] [--log]`.
 * Prints one JSON line { url, platformPublicKey } and serves the three demo mini programs (one in cert mode); the
 * single-use auth code `demo-auth-code` is valid once for the first. `--log` prints a line per request.
 */
import { demoApps, demoSimulatorApps, platformPrivateKeyPem } from '../test/support/demo-config';
import { startSimulator } from './server';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const port = Number(arg('--port') || 0);
const fault = arg('--fault');

startSimulator({
  apps: demoSimulatorApps(),
  platformPrivateKey: platformPrivateKeyPem,
  port,
  authCodes: { 'demo-auth-code': { appid: demoApps()[0].appid, userId: '2088102150477652' } },
}).then((sim) => {
  if (fault) sim.setFault(JSON.parse(fault));
  if (process.argv.includes('--log')) {
    const push = sim.requests.push.bind(sim.requests);
    sim.requests.push = (...items) => {
      for (const item of items) process.stdout.write(JSON.stringify({ request: item.method }) + '\n');
      return push(...items);
    };
  }
  process.stdout.write(JSON.stringify({ url: sim.url, endpoint: sim.endpoint, platformPublicKey: sim.platformPublicKey }) + "\n");
  process.on('SIGTERM', () => sim.close().then(() => process.exit(0)));
});
