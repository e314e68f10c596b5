/** Paths of the local-unicloud fixtures, and deployments cleaned up after each test file. */
import { after } from 'node:test';
import { join } from 'node:path';
import { deployCloudObject, type DeployOptions, type DeployedObject } from '../../local-unicloud';

export const fixturesDir = join(__dirname, 'fixtures');
export const functionsDir = join(fixturesDir, 'cloudfunctions');
export const fixtureObjectDir = join(functionsDir, 'fixture-co');
export const plainObjectDir = join(functionsDir, 'fixture-plain');
export const fixtureCommonDir = join(functionsDir, 'common/fixture-common');
export const configCenterDir = join(fixturesDir, 'config-center');
export const multiConfigCenterDir = join(fixturesDir, 'config-center-multi');
export const standInsDir = join(__dirname, '../../local-unicloud/stand-ins');

/** The fixture's uni-id tokenSecret (config-center/uni-id/config.json). */
export const TOKEN_SECRET = 'fixture-token-secret';

const deployments: Array<{ dispose(): void }> = [];
after(() => {
  for (const d of deployments.splice(0)) d.dispose();
});

/** Deploys the fixture cloud object (or another) with the single-app config; disposed after the file. */
export function deployFixture(options: Partial<DeployOptions> = {}): DeployedObject {
  const deployed = deployCloudObject({ functionDir: fixtureObjectDir, configCenter: configCenterDir, ...options });
  deployments.push(deployed);
  return deployed;
}

export function track<T extends { dispose(): void }>(deployment: T): T {
  deployments.push(deployment);
  return deployment;
}
