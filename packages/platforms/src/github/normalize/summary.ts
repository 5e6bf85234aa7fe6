/**
 * The one-line human summary of an activity: `octocat opened issue octo/demo#7: Title`.
 * GitHub's multi-word actions (`ready_for_review`) read as words (`ready for review`).
 */
export function activitySummary(actor: string, verb: string, subject: string, title?: string): string {
  const text = `${actor} ${verb.replaceAll('_', ' ')} ${subject}`;
  return title ? `${text}: ${title}` : text;
}
