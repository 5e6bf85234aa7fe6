import { describe, expect, it } from 'vitest';
import { streamConfigs } from './provision.js';
import { streamNames } from './stream-names.js';

describe('streamConfigs', () => {
  it('replicates every stream as configured (PIPE_STREAM_REPLICAS), one replica by default', () => {
    expect(streamConfigs(streamNames('t')).map((c) => c.num_replicas)).toEqual([1, 1, 1, 1]);
    expect(streamConfigs(streamNames('t'), undefined, { replicas: 3 }).map((c) => c.num_replicas)).toEqual([3, 3, 3, 3]);
  });
});
