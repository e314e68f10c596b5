/**
 * The usual test setup: the demo simulator for the file, deployments cleaned up after, and a
 * client of the first demo app with response verification on.
 */
import { after, before } from 'node:test';
import type { DeployedObject } from '../../local-unicloud';
import type { Simulator, SimulatorOptions } from '../../simulator';
import { demoApps, demoCertApp } from './demo-config';
import { loadCommon, type CommonModule } from './plugin';
import { deploySpace, type SpaceOptions } from './space';
import { startDemoSimulator } from './simulator';

type Client = ReturnType<CommonModule['createClient']>;

export interface Fixture {
  readonly sim: Simulator;
  /** createClient for demo app 1, aimed at the simulator, verifying responses. */
  readonly client: Client;
  /** The same with other options. */
  clientWith(overrides: Record<string, unknown>): Client;
  /** createClient for the demo cert-mode app, certificates by path, aimed at the simulator (v2 and v3). */
  certClientWith(overrides?: Record<string, unknown>): Client;
  /** A fresh deployment of the built cloud object; disposed after the file. */
  space(options?: SpaceOptions): DeployedObject & { common: CommonModule };
  /** Runs `run` while the simulator misbehaves as `fault` says, then lets it behave again. */
  withFault<T>(fault: Parameters<Simulator['setFault']>[0], run: () => Promise<T>): Promise<T>;
}

export function useSimulator(options: Partial<SimulatorOptions> = {}): Fixture {
  let sim: Simulator | undefined;
  let client: Client | undefined;
  const spaces: DeployedObject[] = [];
  before(async () => {
    sim = await startDemoSimulator(options);
    client = fixture.clientWith({});
  });
  after(async () => {
    for (const space of spaces) space.dispose();
    if (sim) await sim.close();
  });
  const fixture: Fixture = {
    get sim() {
      if (!sim) throw new Error('the simulator starts in before()');
      return sim;
    },
    get client() {
      if (!client) throw new Error('the simulator starts in before()');
      return client;
    },
    clientWith(overrides) {
      const [app] = demoApps();
      return loadCommon().createClient({ appid: app.appid, privateKey: app.configuredKey, alipayPublicKey: fixture.sim.platformPublicKey, gateway: fixture.sim.url, ...overrides });
    },
    async withFault(fault, run) {
      fixture.sim.setFault(fault);
      try {
        return await run();
      } finally {
        fixture.sim.setFault(null);
      }
    },
    certClientWith(overrides = {}) {
      const certApp = demoCertApp();
      return loadCommon().createClient({
        appid: certApp.appid,
        privateKey: certApp.privateKey,
        appCertPath: certApp.appCertPath,
        alipayPublicCertPath: certApp.alipayPublicCertPath,
        alipayRootCertPath: certApp.alipayRootCertPath,
        gateway: fixture.sim.url,
        endpoint: fixture.sim.endpoint,
        ...overrides,
      });
    },
    space(spaceOptions) {
      const space = deploySpace(fixture.sim, spaceOptions);
      spaces.push(space);
      return space;
    },
  };
  return fixture;
}
