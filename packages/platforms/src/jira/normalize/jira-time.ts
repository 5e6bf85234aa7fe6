import { toIsoOffset } from './jira-schemas.js';

/** A Jira date-time in the form Pipe stores (UTC, milliseconds). */
export const isoTime = (jiraTime: string): string => new Date(toIsoOffset(jiraTime)).toISOString();

/** Epoch milliseconds of a Jira date-time: the snapshot version Pipe orders by. */
export const epochMs = (jiraTime: string): number => Math.max(0, Date.parse(toIsoOffset(jiraTime)));
