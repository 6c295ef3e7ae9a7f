import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Client } from 'pg';
import { repoRoot, silentLogger } from './paths';
import { findFreePort, isPortFree } from './preflight';
import { databaseNameFor, provisionDatabases } from './provision';
import { startRegistry } from './registry';

const adminUrl = (): string => {
  const value = process.env.SURGE_POSTGRES_ADMIN_URL;
  if (!value) throw new Error("SURGE_POSTGRES_ADMIN_URL is not set: run through jest's global setup");
  return value;
};

const v1 = { type: 'record', name: 'Probe', namespace: 'dev.surge.stack', fields: [{ name: 'id', type: 'string' }] };
const v2Compatible = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
const v2Breaking = { ...v1, fields: [...v1.fields, { name: 'required', type: 'string' }] };

describe('the schema registry stored in PostgreSQL', () => {
  const service = `registry-${randomBytes(3).toString('hex')}`;

  afterAll(async () => {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    const name = admin.escapeIdentifier(databaseNameFor(service));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${name}`);
    await admin.end();
  });

  it('keeps its schemas, ids and compatibility rule across a stop and a start', async () => {
    const { [service]: postgresUrl } = await provisionDatabases(adminUrl(), [service]);
    const [port, managementPort] = [await findFreePort(), await findFreePort()];
    const registry = await startRegistry({
      port,
      managementPort,
      dataDir: path.join(repoRoot(), '.surge', 'test', service),
      storage: { postgresUrl },
      log: silentLogger,
    });
    try {
      const client = new SchemaRegistry({ host: registry.url });
      const subject = `dev.surge.stack.probe-${service}-value`;
      const { id } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });

      await registry.stop();
      expect(await isPortFree(port)).toBe(true);
      expect(await isPortFree(managementPort)).toBe(true);
      await registry.start();

      const after = new SchemaRegistry({ host: registry.url });
      expect(await after.getLatestSchemaId(subject)).toBe(id);
      const config = await fetch(`${registry.url}/config`).then(
        (r) => r.json() as Promise<{ compatibilityLevel: string }>,
      );
      expect(config.compatibilityLevel).toBe('BACKWARD');
      // The rule still bites after the restart: an optional field passes, a required one does not.
      const compatible = await after.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(v2Compatible) },
        { subject },
      );
      expect(compatible.id).not.toBe(id);
      await expect(
        after.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2Breaking) }, { subject }),
      ).rejects.toThrow();
    } finally {
      await registry.stop();
    }
  }, 180_000);
});
