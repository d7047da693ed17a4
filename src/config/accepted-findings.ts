// A profile's accepted findings as the run and the gate show them: "accepted — reason, until DATE", or expired.
import type { Profile } from '../../profiles/define.ts';

export type AcceptedId = NonNullable<Profile['acceptedFindings']>[number]['id'];

export interface Acceptance {
  id: AcceptedId;
  reason: string;
  /** YYYY-MM-DD, the last day the acceptance holds. */
  until: string;
  /** Past its `until`: it no longer excuses the finding, and the gate is red until it is renewed or fixed. */
  expired: boolean;
  /** "accepted — reason, until DATE" (or "acceptance expired on DATE — reason"). */
  line: string;
}

/** Today as YYYY-MM-DD (UTC), the day an `until` is compared with. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function acceptances(profile: Pick<Profile, 'acceptedFindings'>, day = today()): Acceptance[] {
  return (profile.acceptedFindings ?? []).map((a) => {
    const expired = day > a.until;
    return {
      ...a,
      expired,
      line: expired
        ? `acceptance expired on ${a.until} — ${a.reason}`
        : `accepted — ${a.reason}, until ${a.until}`,
    };
  });
}

export function acceptanceOf(
  profile: Pick<Profile, 'acceptedFindings'>,
  id: AcceptedId,
  day = today(),
): Acceptance | undefined {
  return acceptances(profile, day).find((a) => a.id === id);
}

/** The test annotation that shows an acceptance in the report next to the check it excuses (none without one). */
export function acceptanceAnnotations(a: Acceptance | undefined): { type: string; description: string }[] {
  return a ? [{ type: 'accepted finding', description: `${a.id}: ${a.line}` }] : [];
}
