import { z } from 'zod';

// Only the fields the normaliser reads are declared; objects are loose because GitHub adds
// fields freely and an unknown field must never turn a delivery into a 400.

/** A date-time as GitHub writes it (`2019-05-15T15:20:18Z`, commit times with an offset). */
export const GithubTimestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'expected an ISO 8601 date-time',
});

/** A GitHub account: a user, a bot or an organisation acting as the sender. */
export const GithubUser = z.looseObject({
  id: z.number().int(),
  login: z.string().min(1),
  html_url: z.string().optional(),
  // Most payloads leave these out; some (the push sender, GHES) carry them.
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type GithubUser = z.infer<typeof GithubUser>;

/** The repository a delivery is about; `full_name` is `owner/repo`. */
export const GithubRepository = z.looseObject({
  full_name: z.string().min(1),
});

/** The webhook `action`, which becomes an activity verb and so cannot be empty. */
export const GithubAction = z.string().min(1);
