import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { ORDER_PLACED_V1, OrderPlacedV1Schema } from '@surge/contracts';
import { anOrderPlaced, testInfra, unique } from '@surge/testing';
import { AvroCodec } from './avro-codec';

const v1 = {
  type: 'record',
  name: 'Probe',
  namespace: 'surge.test',
  fields: [{ name: 'id', type: 'string' }],
};

describe('the schema registry', () => {
  const codec = AvroCodec.connect(testInfra.registryUrl());
  const register = (schema: object, subject: string) =>
    codec.registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject });

  it('refuses a change that would break existing readers (409)', async () => {
    const subject = unique('probe') + '-value';
    await register(v1, subject);
    const breaking = { ...v1, fields: [...v1.fields, { name: 'amount', type: 'long' }] };

    await expect(register(breaking, subject)).rejects.toMatchObject({ status: 409 });
  });

  it('accepts a backward-compatible change as a new version', async () => {
    const subject = unique('probe') + '-value';
    const first = await register(v1, subject);
    const compatible = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };

    const second = await register(compatible, subject);

    expect(second.id).not.toBe(first.id);
  });

  it('round-trips an event in the Confluent wire format under the topic subject', async () => {
    const event = anOrderPlaced();

    const bytes = await codec.encode(ORDER_PLACED_V1, event);

    expect(bytes.readUInt8(0)).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(
      await codec.registry.getRegistryIdBySchema(`${ORDER_PLACED_V1}-value`, {
        type: SchemaType.AVRO,
        schema: JSON.stringify(OrderPlacedV1Schema),
      }),
    );
    expect(await codec.decode(ORDER_PLACED_V1, bytes)).toEqual(event);
  });
});
