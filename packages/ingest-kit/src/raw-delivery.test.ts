import { describe, expect, it } from 'vitest';
import { rawMsgId } from '@pipe/platforms';
import { RawRecordError, rawRecordHeaders, readRawDelivery } from './raw-delivery.js';

/** NATS headers as a message read back from a stream exposes them. */
const asNatsHeaders = (record: Record<string, string>) => ({ keys: () => Object.keys(record), get: (key: string) => record[key] ?? '' });

describe('the PIPE_RAW record', () => {
  it('reads back exactly the delivery it recorded', () => {
    const raw = {
      team: 'acme',
      platform: 'github' as const,
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      receivedAt: '2024-06-01T12:00:00.000Z',
      headers: { 'x-github-event': 'issues', 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
    };
    const body = new TextEncoder().encode('{"action":"opened"}');
    const headers = { ...rawRecordHeaders(raw), 'Nats-Msg-Id': rawMsgId(`acme:github:${raw.deliveryId}:0123456789abcdef`) };
    expect(readRawDelivery(body, asNatsHeaders(headers))).toEqual({ ...raw, body });
  });

  it('refuses a record without its Pipe headers', () => {
    expect(() => readRawDelivery(new Uint8Array(), asNatsHeaders({ 'x-github-event': 'issues' }))).toThrow(RawRecordError);
  });
});
