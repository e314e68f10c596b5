/**
 * Runs the simulator on its own: `node --import tsx simulator/cli.ts [--port 8931]`.
 * Prints one JSON line { url, platformPublicKey } and serves the two demo mini programs.
 */
import { demoApps, platformPrivateKeyPem } from '../test/support/demo-config';
import { startSimulator } from './server';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

startSimulator({
  apps: demoApps().map((app) => ({ appid: app.appid, publicKey: app.publicKeyPem, templates: { da4ce1b528614c7fae371bcad1914ebe: 3 } })),
  platformPrivateKey: platformPrivateKeyPem,
  port,
}).then((sim) => {
  process.stdout.write(JSON.stringify({ url: sim.url, platformPublicKey: sim.platformPublicKey }) + '\n');
  process.on('SIGTERM', () => sim.close().then(() => process.exit(0)));
});
