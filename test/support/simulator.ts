/** Starts the offline gateway simulator with the two demo mini programs. */
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { demoApps, platformPrivateKeyPem } from './demo-config';

export const TEMPLATE_ID = 'da4ce1b528614c7fae371bcad1914ebe';

export function startDemoSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({
    apps: demoApps().map((app) => ({ appid: app.appid, publicKey: app.publicKeyPem, encryptKey: app.encryptKey, templates: { [TEMPLATE_ID]: 3 } })),
    platformPrivateKey: platformPrivateKeyPem,
    ...options,
  });
}
