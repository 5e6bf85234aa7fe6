import { describe, expect, it } from 'vitest';
import { discordDeliveryId } from './delivery-id.js';
import { discordFixture } from './testing/discord-fixture.js';

describe('the Discord dedup key', () => {
  it('names the message and its time, so a resend shares it and an edit does not', () => {
    const created = discordFixture('message-create');
    expect(discordDeliveryId(created)).toBe(
      'MESSAGE_CREATE:278325129692446720/290926798999357250/334385199974967042@2017-07-11T17:27:07.299000+00:00',
    );
    // The relay's sequence number restarts per connection: it must not change the key.
    expect(discordDeliveryId({ ...created, s: 9001 })).toBe(discordDeliveryId(created));
    const updated = discordFixture('message-update');
    expect(discordDeliveryId(updated)).toBe(
      'MESSAGE_UPDATE:278325129692446720/290926798999357250/334385199974967042@2017-07-11T17:35:12.004000+00:00',
    );
    updated.d.edited_timestamp = '2017-07-11T17:36:00.000000+00:00';
    expect(discordDeliveryId(updated)).toContain('@2017-07-11T17:36:00');
    expect(discordDeliveryId(discordFixture('message-delete'))).toBe(
      'MESSAGE_DELETE:278325129692446720/290926798999357250/334385199974967042',
    );
  });

  it('uses the interaction id, and a content hash for everything else', () => {
    expect(discordDeliveryId(discordFixture('interaction-ping'))).toBe('interaction:1232465218965454920');
    const reaction = discordFixture('message-reaction-add');
    expect(discordDeliveryId(reaction)).toMatch(/^MESSAGE_REACTION_ADD:[0-9a-f]{32}$/);
    expect(discordDeliveryId({ ...reaction, s: 1 })).toBe(discordDeliveryId(reaction));
    reaction.d.emoji.name = '👍';
    expect(discordDeliveryId(reaction)).not.toBe(discordDeliveryId(discordFixture('message-reaction-add')));
    expect(discordDeliveryId(discordFixture('application-authorized'))).toMatch(
      /^APPLICATION_AUTHORIZED:2024-10-18T14:42:53.064834:[0-9a-f]{32}$/,
    );
  });
});
