import { describe, expect, it } from 'vitest';
import { deliveryContent, deliveryKey, deliveryMsgIdBase, eventMsgId, rawMsgId } from './message-ids.js';

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('the message ids of a delivery', () => {
  it('are per team and per content: readable, with the delivery id as the platform sent it', () => {
    const base = deliveryMsgIdBase('acme', 'github', '72d3162e-cc78-11e3-81ab-4c9367dc0958', body({ action: 'opened' }));
    expect(base).toMatch(/^acme:github:72d3162e-cc78-11e3-81ab-4c9367dc0958:[0-9a-f]{16}$/);
    expect(rawMsgId(base)).toBe(`raw:${base}`);
    expect(eventMsgId(base, 0)).toBe(`${base}:0`);
    expect(eventMsgId(base, 'skipped')).toBe(`${base}:skipped`);
    expect(deliveryMsgIdBase('globex', 'github', '72d3162e-cc78-11e3-81ab-4c9367dc0958', body({ action: 'opened' }))).not.toBe(base);
    expect(deliveryMsgIdBase('acme', 'github', '72d3162e-cc78-11e3-81ab-4c9367dc0958', body({ action: 'edited' }))).not.toBe(base);
    expect(deliveryMsgIdBase('acme', 'github', '72d3162e-cc78-11e3-81ab-4c9367dc0958', body({ action: 'opened' }))).toBe(base);
  });

  it('hash a delivery id a NATS header cannot carry, or one too long to read', () => {
    expect(deliveryKey('MESSAGE_CREATE:1/2/3@2017-07-11T17:27:07.299000+00:00')).toBe(
      'MESSAGE_CREATE:1/2/3@2017-07-11T17:27:07.299000+00:00',
    );
    for (const unsafe of ['Ev1\r\nNats-Expected-Stream: x', 'a b', 'x'.repeat(201), 'é', '']) {
      expect(deliveryKey(unsafe)).toMatch(/^#[0-9a-f]{32}$/);
    }
    expect(deliveryKey('a b')).not.toBe(deliveryKey('a  b'));
  });

  it('leave the fields a platform changes per attempt out of the content, and nothing else', () => {
    const first = { id: 'e1', attempt_number: 1, entity: { id: 'p1' } };
    const retry = { ...first, attempt_number: 2 };
    const fields = ['attempt_number'];
    expect(deliveryContent(body(retry), fields, retry)).toEqual(deliveryContent(body(first), fields, first));
    expect(deliveryContent(body(retry), fields)).toEqual(deliveryContent(body(first), fields));
    const changed = { ...first, entity: { id: 'p2' } };
    expect(deliveryContent(body(changed), fields, changed)).not.toEqual(deliveryContent(body(first), fields, first));
    // Without retry fields the content is the kept body itself, byte for byte.
    const bytes = body(first);
    expect(deliveryContent(bytes, undefined, first)).toBe(bytes);
  });
});
