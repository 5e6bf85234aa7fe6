import { randomBytes } from 'node:crypto';
import { DEFAULT_TEST_NATS_URL } from './endpoints.js';

/** The NATS server the tests use. */
export const testNatsUrl = (): string => process.env.PIPE_TEST_NATS_URL ?? DEFAULT_TEST_NATS_URL;

/**
 * A namespace of the test's own: streams become `<NS>_PIPE_EVENTS`… and subjects
 * `<ns>.pipe.events…`, so a test never touches a running stack's streams.
 */
export const testNamespace = (): string => `t${randomBytes(5).toString('hex')}`;
