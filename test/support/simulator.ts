/** Starts the offline gateway simulator with the demo mini programs. */
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { DEMO_TEMPLATE_ID, demoSimulatorApps, platformPrivateKeyPem } from './demo-config';

export const TEMPLATE_ID = DEMO_TEMPLATE_ID;

export function startDemoSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({ apps: demoSimulatorApps(), platformPrivateKey: platformPrivateKeyPem, ...options });
}
