import { UUID_PATTERN as UUID, type RequestContext } from '../../src';
import { Desk } from './entities/desk.entity';
import type { AgencyRecord, CentreRecord, DeskRecord } from './directory-records';

/** Where a desk is: the desk, its one-stop centre and the centre's agency. */
export interface DeskPlace {
  desk: DeskRecord;
  centre: CentreRecord;
  agency: AgencyRecord;
}

/**
 * A desk's place, by desk id: a per-request DataLoader reading the desk with its centre and agency in
 * one statement (a join). Why: a receipt, a device and a satisfaction label name the desk with its
 * centre and agency, and intake at the counter is a hot path where three loaders in a row
 * (desk → centre → agency) would be three round trips. A malformed or unknown id finds nothing.
 */
export function deskPlaceLoader(ctx: RequestContext) {
  return ctx.loader<string, DeskPlace | null>('staff.directory.desk-place', async (ids) => {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const desks = valid.length
      ? await ctx.em.find(Desk, { id: { $in: valid } }, { populate: ['centre.agency'] })
      : [];
    const places = new Map<string, DeskPlace>();
    for (const desk of desks) {
      const centre = desk.centre.getEntity();
      places.set(desk.id, { desk, centre, agency: centre.agency.getEntity() });
    }
    return ids.map((id) => places.get(id) ?? null);
  });
}
